"""What a headline claims, to be checked against the body: its numbers and quoted words.

Numbers are compared by value ("2,000", "2000" and "two thousand" are one number; "£5m"
and "£5 million" too), and quoted words allowing inflection ("strong protest" is in a body
that says "strongly protested"): words match when they share a crude stem (a common
suffix off, then the first five letters).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from factlint.analyses.numbers import NUMBER_WORDS, SCALES
from factlint.article.document import Document

STEM = 5

_NUMBER = regex.compile(
    r"(?<![\p{L}\d.,])(?P<digits>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|tn|m|k|b)\b)?",
    regex.I,
)
_SCORE = regex.compile(r"\d+\s?[-–]\s?\d+")
_NUMBER_WORD = regex.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", regex.I)
_WORD = regex.compile(r"\p{L}[\p{L}'’-]*")
_NOUN_AFTER = regex.compile(r"\s+(\p{L}{2,}[sS])\b(?!['’])")  # a plural: "45 delegates"
_SMALL = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "and",
        "or",
        "for",
        "is",
        "it",
        "as",
        "at",
        "by",
        "be",
    }
)


@dataclass(frozen=True)
class Claim:
    offset: int
    length: int
    text: str
    noun: str | None = None  # the word a headline number counts: "delegates" in "45 delegates"


def numbers(text: str) -> set[float]:
    """The values of the numbers written in ``text``, in digits or in words."""
    values = {_value(match) for match in _NUMBER.finditer(text)}
    for match in _NUMBER_WORD.finditer(text):
        values.add(float(NUMBER_WORDS[match.group(1).lower()]))
    return values


def headline_numbers(doc: Document) -> list[tuple[Claim, float]]:
    headline = doc.headline
    if headline is None:
        return []
    found = []
    for match in _NUMBER.finditer(headline.text):
        if _SCORE.search(headline.text, max(0, match.start() - 4), match.end() + 4):
            continue  # "Italy 8-38 Wales": a result, often not repeated in the report
        noun = _NOUN_AFTER.match(headline.text, match.end())
        claim = Claim(
            headline.start + match.start(),
            match.end() - match.start(),
            match.group(),
            noun.group(1)
            if noun and not match.group("scale") and not _money(headline.text, match)
            else None,
        )
        found.append((claim, _value(match)))
    return found


def _money(text: str, match: regex.Match) -> bool:
    return text[max(0, match.start() - 1) : match.start()] in ("$", "£", "€", "¥")


def _value(match: regex.Match) -> float:
    """The value of a number match: "2,000" → 2000, "£5m" → 5e6."""
    value = float(match.group("digits").replace(",", ""))
    return value * SCALES.get((match.group("scale") or "").lower(), 1)


def headline_quotes(doc: Document) -> list[tuple[Claim, list[str]]]:
    """The headline's quoted words (the quote scanner tells quotes from apostrophes)."""
    headline = doc.headline
    if headline is None:
        return []
    found = []
    for quote in headline.quotes:
        if not quote.closed:
            continue
        inside = doc.text[quote.content_start : quote.content_end]
        words = [w for w in _WORD.findall(inside) if w.lower() not in _SMALL]
        if words:
            claim = Claim(quote.start, quote.end - quote.start, doc.text[quote.start : quote.end])
            found.append((claim, words))
    return found


def body_text(doc: Document) -> str:
    return "\n".join(p.text for p in doc.body)


def stems(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text)}


_SUFFIXES = ("ingly", "edly", "ing", "ies", "ied", "ly", "ed", "es", "er", "s", "y")


def _stem(word: str) -> str:
    """A crude stem: lower case, a common suffix off, then the first five letters."""
    word = word.lower().replace("’", "'")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:STEM]


def word_in(word: str, body_stems: set[str]) -> bool:
    return _stem(word) in body_stems
