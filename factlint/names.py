"""Comparing personal names the way a copy desk does: part by part.

``compare_names`` tells whether two written names are the same person ("same"), one
person spelled two ways ("variant"), or two people ("different"). Case, initials,
courtesy titles and punctuation do not matter; a first name that shortens the other
("Chris", "Christopher") is the same person. Each part of a variant must be a near miss
of its counterpart (rapidfuzz ratio), so people who share only a surname (Bill and
Hillary Clinton) are different people, not a misspelling.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

import regex
from rapidfuzz import fuzz

NEAR_MISS_RATIO = 70.0
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "rev"})
_TOKEN = regex.compile(r"[\p{L}'’-]+")

Comparison = Literal["same", "variant", "different"]


def name_parts(name: str) -> list[str]:
    """Case-folded, accent-free name parts without initials and courtesy titles."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    parts = [t.replace("’", "'") for t in _TOKEN.findall(plain)]
    return [p for p in parts if len(p) > 1 and p not in _TITLES]


def compare_names(a: str, b: str) -> Comparison:
    left, right = name_parts(a), name_parts(b)
    if not left or not right:
        return "different"
    if left == right:
        return "same"
    if len(left) == len(right):
        pairs = list(zip(left, right, strict=True))
    elif min(len(left), len(right)) == 1:
        pairs = [(left[-1], right[-1])]  # a surname alone against a full name
    else:
        pairs = [(left[0], right[0]), (left[-1], right[-1])]  # a middle name on one side
    if all(_same_part(x, y) for x, y in pairs):
        return "same"
    if all(x == y or fuzz.ratio(x, y) >= NEAR_MISS_RATIO for x, y in pairs):
        return "variant"
    return "different"


def _same_part(x: str, y: str) -> bool:
    shorter, longer = sorted((x, y), key=len)
    return x == y or (len(shorter) >= 3 and longer.startswith(shorter))
