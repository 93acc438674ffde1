"""What the MQM scripts share: the word and markup patterns, short names of the error
categories, and the Wilson lower bound of a precision."""

from __future__ import annotations

import math

import regex

WORD = regex.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
MARKUP = regex.compile(r"<[^<>\n]{0,300}>")

CATEGORY_SHORT = {
    "Accuracy/Mistranslation": "Mistr",
    "Style/Unnatural or awkward": "Awkward",
    "Fluency/Punctuation": "Punct",
    "Fluency/Grammar": "Gramm",
    "Fluency/Spelling": "Spell",
    "Accuracy/Source language fragment": "SrcFrag",
    "Locale convention/Name format": "Name",
    "Locale convention/Date format": "Date",
    "Locale convention/Currency format": "Curr",
    "Terminology/Inappropriate for context": "Term",
    "Non-translation!": "NonTr",
}


def wilson_low(hits: int, n: int, z: float = 1.96) -> float:
    """The lower bound of the Wilson score interval (95%) of the precision ``hits / n``."""
    if not n:
        return 0.0
    p = hits / n
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - margin) / (1 + z * z / n))
