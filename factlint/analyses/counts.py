"""Counts of things in an article's prose: "339 people were arrested", "seven Russian banks".

A count is a whole number, in digits or words, then up to two modifiers, then a plural
noun; the event that follows the noun ("were arrested") is kept, to tell one count told
twice from two groups of the same noun. Measures (years, euros, points) are not counts,
nor are rates ("per 100 people", "one in ten users"), ranks ("top 10 albums") or dates
("Sept. 11 attacks", "the 2011 attacks"). Counts inside quotations are left out: a quote
is verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from factlint.analyses.numbers import WORD_NUMBER, integer_value
from factlint.article.document import HEADLINE_AND_BODY, Document, Paragraph
from factlint.core.resources import load as load_data

_NOT_A_MODIFIER = (
    r"(?:of|and|or|to|in|on|at|by|for|from|with|per|a|an|the|than|were|was|is|are|be|been"
    r"|have|has|had|who|that|which|will|would|said|says|out)"
)
_COUNT = regex.compile(
    r"(?<![\p{L}\d.,£$€%/#-])(?P<number>\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?![\d.,]\d)|"
    + WORD_NUMBER
    + r")(?![\p{L}\d-])"
    rf"(?P<modifiers>(?:\s+(?!{_NOT_A_MODIFIER}\b)[A-Za-z]+(?:-[a-z]+)?){{0,2}}?)"
    r"\s+(?P<noun>[a-z]{3,}s|people|men|women|children|police)\b(?![-%'’])"
    r"(?:\s+(?:(?:were|was|have\s+been|had\s+been|are|is|been|being)\s+)?"
    r"(?P<verb>[a-z]{3,}(?:ed|en))\b)?"
)
_NOT_A_COUNT_BEFORE = regex.compile(
    r"(?:\b(?:per|top|no\.|aged|page|pages|(?:one|1)\s+in|(?:jan|feb|mar|apr|jun|jul|aug|sept?"
    r"|oct|nov|dec)[a-z]*\.?)|\bMay)\s+$",
    regex.I,
)
# Words before a count, or among its modifiers, that make it another group.
_OTHER_GROUP = regex.compile(
    r"\b(?:another|more|other|further|additional|extra|some|about|around|nearly|almost|over"
    r"|than|least|to|of|whom|including|first|last|latest|only|new)\s+$",
    regex.I,
)
# Words that make a count a range: "more than 200,000" is not contradicted by "206,000".
_AT_LEAST = regex.compile(r"\b(?:over|more\s+than|at\s+least|upwards\s+of)\s+$", regex.I)
_AT_MOST = regex.compile(r"\b(?:under|less\s+than|fewer\s+than|up\s+to)\s+$", regex.I)
_NEARLY = regex.compile(r"\b(?:nearly|almost|close\s+to|just\s+under)\s+$", regex.I)
_ABOUT = regex.compile(
    r"\b(?:about|around|some|roughly|approximately|estimated|an\s+estimated)\s+$", regex.I
)
_YEAR = regex.compile(r"(?:1[89]|20)\d\d")  # "the 2011 attacks" is a year, not a count
_OTHER_GROUP_MODIFIERS = frozenset({"more", "other", "new", "further", "additional", "extra"})


@dataclass(frozen=True)
class Count:
    offset: int  # of the number
    number: str  # as written
    value: int
    noun: str
    verb: str | None  # the event counted: "arrested" in "339 people were arrested"
    paragraph: int
    qualified: bool  # "another 12 people", "about 300 people", "12 more people"
    low: float  # the range an approximate count allows: 200,000 up for "more than 200,000"
    high: float

    @property
    def in_digits(self) -> bool:
        return self.number[0].isdigit()

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def allows(self, other: Count) -> bool:
        """Whether one count is exact and the other's range holds it: "about 300" and
        "310". Two ranges ("up to 250", "up to 520") must give the same number."""
        if self.exact == other.exact:
            return False
        return self.low <= other.value <= self.high or other.low <= self.value <= other.high


def counts(doc: Document) -> list[Count]:
    """Counts in the headline and body, outside quotations, in reading order."""
    found = []
    for paragraph in doc.paragraphs:
        if paragraph.kind not in HEADLINE_AND_BODY:
            continue
        for match in _COUNT.finditer(paragraph.text):
            count = _count(doc, paragraph, match)
            if count is not None:
                found.append(count)
    return found


def _count(doc: Document, paragraph: Paragraph, match: regex.Match) -> Count | None:
    noun = match.group("noun")
    before = paragraph.text[max(0, match.start() - 20) : match.start()]
    value = integer_value(match.group("number"))
    if (
        value is None
        or _YEAR.fullmatch(match.group("number"))
        or noun in measures()
        or _NOT_A_COUNT_BEFORE.search(before)
        or doc.in_quote(paragraph.start + match.start())
    ):
        return None
    modifiers = match.group("modifiers").lower().split()
    return Count(
        paragraph.start + match.start("number"),
        match.group("number"),
        value,
        noun,
        (match.group("verb") or "")[:5] or None,
        paragraph.index,
        bool(_OTHER_GROUP.search(before) or _OTHER_GROUP_MODIFIERS.intersection(modifiers)),
        *_range(value, before),
    )


def _range(value: int, before: str) -> tuple[float, float]:
    if _AT_LEAST.search(before):
        return value, value * 1.5  # "more than 2,400" is not 4,200
    if _NEARLY.search(before):
        return value * 0.85, value
    if _AT_MOST.search(before):
        return 0, value
    if _ABOUT.search(before):
        return value * 0.9, value * 1.1
    return value, value


@cache
def measures() -> frozenset[str]:
    """Nouns that measure (time, money, distance) rather than count things."""
    return frozenset(load_data("numbers")["measures"])
