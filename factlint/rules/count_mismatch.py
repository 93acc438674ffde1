"""One count, two numbers: the same count of the same thing given differently.

"339 people were arrested" in one paragraph and "all 345 people arrested" in another, or
"76 individuals" and then "67 individuals": one of them is a typo, and a reader cannot
tell which. Only counts of things are compared, not measures such as years or euros. Two
counts of one noun are one count when the same event follows the noun in two paragraphs
("people were arrested", "people arrested"), unless a word such as "another", "about" or
"more than" marks another group; or when they are a typing slip apart (two digits
swapped, or one digit changed in numbers of three digits or more that are not both
round). Other counts of one noun are usually different groups and are left alone.

Bad:  Japan has sanctioned 76 individuals. ... The 67 individuals include the president.
Good: Japan has sanctioned 76 individuals. ... The 76 individuals include the president.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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
    r"(?:\s+(?:(?:were|was|have\s+been|had\s+been|are|is|been)\s+)?(?P<verb>[a-z]{3,}(?:ed|en))\b)?"
)
# Words before a count that make it another group, not the same count again.
_OTHER_GROUP = regex.compile(
    r"\b(?:another|more|other|further|additional|extra|some|about|around|nearly|almost|over"
    r"|than|least|to|of|whom|including|first|last|latest|only|new)\s+$",
    regex.I,
)


@dataclass(frozen=True)
class _Count:
    number: str
    offset: int
    verb: str | None  # the event counted: "arrested" in "339 people were arrested"
    paragraph: int
    qualified: bool  # "another 12 people", "about 300 people": a different group


def check(doc: Any, options: Mapping[str, Any]) -> Iterable[Finding]:
    counts: dict[str, list[_Count]] = {}
    for paragraph in doc.paragraphs:
        if paragraph.kind not in ("headline", "body"):
            continue
        for match in _COUNT.finditer(paragraph.text):
            noun = match.group("noun")
            if noun in _measures() or doc.in_quote(paragraph.start + match.start()):
                continue
            before = paragraph.text[max(0, match.start() - 20) : match.start()]
            counts.setdefault(noun, []).append(
                _Count(
                    match.group("number"),
                    paragraph.start + match.start("number"),
                    (match.group("verb") or "")[:5] or None,
                    paragraph.index,
                    bool(_OTHER_GROUP.search(before)),
                )
            )
    for noun, mentions in counts.items():
        yield from _mismatches(noun, mentions)


def _mismatches(noun: str, mentions: list[_Count]) -> Iterable[Finding]:
    for i, count in enumerate(mentions):
        for other in mentions[:i]:
            if count.number != other.number and _same_count(count, other):
                yield Finding(
                    count.offset,
                    len(count.number),
                    f'"{count.number} {noun}" here, but "{other.number} {noun}" earlier: '
                    "one of the two is wrong",
                    fix=Fix(other.number, count.offset, len(count.number), safe=False),
                    related=(Related(other.offset, len(other.number), f'"{other.number} {noun}"'),),
                )
                break


def _same_count(a: _Count, b: _Count) -> bool:
    """A typing slip of one another, or the same event counted in another paragraph."""
    if typing_slip(a.number.replace(",", ""), b.number.replace(",", "")):
        return True
    return (
        a.verb is not None
        and a.verb == b.verb
        and a.paragraph != b.paragraph
        and not (a.qualified or b.qualified)
    )


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
