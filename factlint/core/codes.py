"""The code vocabulary: rule-code families, the syntax of codes, names and selectors.

A rule code is two capital letters (its family, or a desk pack's own prefix) and three
digits: ``QT001``. A selector, as ``select``, ``ignore``, ``severity`` and suppression
comments take them, is ``ALL``, a family (``QT``) or a code prefix (``QT0``, ``QT001``).
A rule's name is kebab-case and says what is wrong (``unbalanced-quotes``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FAMILIES = {
    "BY": "bylines and authorship",
    "NM": "person and organisation names",
    "QT": "quotes and attribution",
    "GR": "grammar",
    "SP": "spelling",
    "DT": "dates and times",
    "NU": "numbers",
    "HL": "headline",
    "FC": "fact register",
    "AR": "the desk's archive index",
    "ST": "style packs",
    "FL": "factlint's own directives (suppression comments)",
}
# Families a desk's own pack may not take as its prefix (ST is the shipped packs' own).
RESERVED_PREFIXES = frozenset(FAMILIES) - {"ST"}
ALL = "ALL"

CODE = re.compile(r"^[A-Z]{2}\d{3}$")
PREFIX = re.compile(r"^[A-Z]{2}$")
SELECTOR = re.compile(r"^[A-Z]{2}\d{0,3}$")
NAME = re.compile(r"^[a-z]+(?:-[a-z0-9]+)*$")


def is_selector(text: str) -> bool:
    """``ALL``, a family or a code prefix, as written (case-sensitive): the syntax alone,
    whether or not a rule has it."""
    return text == ALL or bool(SELECTOR.match(text))


def specificity(selector: str) -> int:
    """How specific a selector is: ``ALL`` least, a whole code most."""
    return 0 if selector == ALL else len(selector)


def most_specific(code: str, selectors: Iterable[str]) -> str | None:
    """The most specific of ``selectors`` that matches ``code`` (None when none does)."""
    matching = [s for s in selectors if s == ALL or code.startswith(s)]
    return max(matching, key=specificity, default=None)


def selects(selector: str, codes: Iterable[str]) -> bool:
    """Whether ``selector`` names at least one of ``codes`` (``ALL`` names them all)."""
    return selector == ALL or any(code.startswith(selector) for code in codes)
