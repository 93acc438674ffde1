"""One count, two numbers: the same count of the same thing given differently.

"339 people were arrested" in one paragraph and "all 349 people arrested" in another, or
"76 individuals" and then "67 individuals": one of them is a typo, and a reader cannot
tell which. Counts are compared when they count the same noun (not a measure such as years or
euros) and the two numbers are a typing slip apart (two digits swapped; or one digit
changed in numbers of three digits or more that are not both round); counts of one noun
that differ more than that are usually different groups and are left alone.

Bad:  Japan has sanctioned 76 individuals. ... The 67 individuals include the president.
Good: Japan has sanctioned 76 individuals. ... The 76 individuals include the president.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import regex

from factlint.data import load as load_data
from factlint.diagnostics import Finding, Fix, Related

CODE = "NU001"
NAME = "count-mismatch"
SEVERITY = "error"

_COUNT = regex.compile(
    r"(?<![\p{L}\d.,£$€%-])(?P<number>\d{1,3}(?:,\d{3})+|\d{2,})"
    r"(?:\s+(?:more|other|new|Russian|British|American|[a-z]+-[a-z]+))?"
    r"\s+(?P<noun>[a-z]{3,}s|people|men|women|children|police)\b(?![-%])"
)


def check(doc: Any, options: Mapping[str, Any]) -> Iterable[Finding]:
    counts: dict[str, list[tuple[str, int]]] = {}
    for paragraph in doc.paragraphs:
        if paragraph.kind not in ("headline", "body"):
            continue
        for match in _COUNT.finditer(paragraph.text):
            noun = match.group("noun")
            if noun in _measures():
                continue
            counts.setdefault(noun, []).append(
                (match.group("number"), paragraph.start + match.start("number"))
            )
    for noun, mentions in counts.items():
        yield from _slips(noun, mentions)


def _slips(noun: str, mentions: list[tuple[str, int]]) -> Iterable[Finding]:
    for i, (number, offset) in enumerate(mentions):
        for other, other_offset in mentions[:i]:
            if number != other and typing_slip(number.replace(",", ""), other.replace(",", "")):
                yield Finding(
                    offset,
                    len(number),
                    f'"{number} {noun}" here, but "{other} {noun}" earlier: '
                    "one of the two is wrong",
                    fix=Fix(other, offset, len(number), safe=False),
                    related=(Related(other_offset, len(other), f'"{other} {noun}"'),),
                )
                break


def typing_slip(a: str, b: str) -> bool:
    """Two adjacent digits swapped (76, 67), or, in numbers of three digits or more that are
    not both round, one digit changed (339, 349)."""
    if len(a) != len(b) or len(a) < 2:
        return False
    differences = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(differences) == 1:
        return len(a) >= 3 and not (a.endswith("0") and b.endswith("0"))
    i, j = differences if len(differences) == 2 else (0, 0)
    return len(differences) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]


@cache
def _measures() -> frozenset[str]:
    return frozenset(load_data("numbers")["measures"])
