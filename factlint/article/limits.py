"""Limits on what the checks are given of an article, so that no input makes them pay
more than a bounded cost.

Two shapes of text cost the grammar engine, and factlint's own per-word checks, far more
than their length: a very long word (Harper's memory grows by about 150 KB per letter of
one word, and aborts the process at 100,000 letters; a typing-slip search is quadratic in
a word's length) and a long run of punctuation with no word in it (Harper's time is
quadratic in it: 60,000 dashes take 70 s). No real article comes near either: the BBC
corpus and PolNeAR's train and dev splits (3,149 articles) have no word over 31 letters
and no run of punctuation over 12 characters (nor a number, digit groups and separators
together, over 18). Such a span is left out of the article's
prose (blanked with spaces, so every other offset stays right) and reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

# A word as the grammar engine reads one: letters, digits and apostrophes ("a1b'c" is one
# word to Harper; a hyphen or a full stop splits it). 64 letters keeps
# "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch" (58) and German compounds.
MAX_WORD_CHARS = 64
# A run of punctuation (spaces between its marks included) with no letter or digit:
# rules of "=" or "-" under a heading are under 100.
MAX_PUNCTUATION_RUN = 200

_LONG_WORD = regex.compile(rf"[\p{{L}}\p{{M}}\p{{N}}'’]{{{MAX_WORD_CHARS + 1},}}")
# A number with separators is one token to the grammar engine too ("970,755,096,..."):
# 78,000 characters of digit groups took Harper 7-11 s in pieces of 4,000.
_LONG_NUMBER = regex.compile(rf"\p{{N}}(?:[,.]?\p{{N}}){{{MAX_WORD_CHARS},}}")
_PUNCTUATION_RUN = regex.compile(r"[^\p{L}\p{N}\s](?:\s*[^\p{L}\p{N}\s])*")


@dataclass(frozen=True)
class Skipped:
    """A span of the article left out of its prose: ``what`` it is, in a few words."""

    start: int
    end: int
    what: str


def oversized(text: str) -> list[Skipped]:
    """The spans of ``text`` over a limit, in order of their start."""
    runs = [
        Skipped(m.start(), m.end(), f"a run of {m.end() - m.start()} punctuation characters")
        for m in _PUNCTUATION_RUN.finditer(text)
        if m.end() - m.start() > MAX_PUNCTUATION_RUN
    ]
    words = [
        Skipped(m.start(), m.end(), f"a word of {m.end() - m.start()} characters")
        for m in _LONG_WORD.finditer(text)
    ]
    words += [
        Skipped(m.start(), m.end(), f"a number of {m.end() - m.start()} characters")
        for m in _LONG_NUMBER.finditer(text)
    ]
    merged: list[Skipped] = []
    for span in sorted(runs + words, key=lambda s: s.start):  # a run first, at one place
        if merged and span.start < merged[-1].end:  # apostrophes are in both
            last = merged[-1]
            merged[-1] = Skipped(last.start, max(last.end, span.end), last.what)
        else:
            merged.append(span)
    return merged


def blank(text: str, spans: list[Skipped]) -> str:
    """``text`` with each span blanked (newlines kept): every offset stays right."""
    if not spans:
        return text
    pieces: list[str] = []
    cursor = 0
    for span in spans:
        pieces.append(text[cursor : span.start])
        pieces.append(regex.sub(r"[^\n]", " ", text[span.start : span.end]))
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def too_long(word: str) -> bool:
    """Whether ``word`` is longer than a per-word check (edit distances, typing slips)
    takes: such a word is no misspelling of a name or a word."""
    return len(word) > MAX_WORD_CHARS
