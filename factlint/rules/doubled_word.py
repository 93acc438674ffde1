"""The same word twice in a row ("the the"), the commonest slip of fast typing.

Spell-checkers miss it because each word is spelled right. Pairs that English uses on
purpose ("had had", "that that") and names that double a word ("Bora Bora", "Duran
Duran": both capitalised) are not reported; neither are repetitions inside a direct
quotation, which is verbatim ("no, no" has a comma anyway).

A doubled particle before a date, a name or a determiner is how English joins a phrasal
verb to a preposition ("counting on on Nov. 8") and is left alone too.

Bad:  The ministry said the the talks were over.
Good: The ministry said the talks were over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import regex

from factlint.diagnostics import Finding, Fix

CODE = "GR001"
NAME = "doubled-word"
SEVERITY = "warning"
OPTIONS = {"allowed": ["had", "that", "bye", "ha", "tut", "hush"]}
# "counting on on Nov. 8", "did Romney in in 2012": a particle, then a preposition.
_PARTICLES = frozenset({"in", "on", "up", "out", "off", "over", "down", "by", "to"})
_PARTICLE_CONTEXT = regex.compile(r"\s+(?:\p{Lu}|\p{N}|the\b|a\b|an\b|his\b|her\b|their\b)")

_DOUBLED = regex.compile(r"(?<![\p{L}\p{N}'’-])(\p{L}+)(\s+)(\1)(?![\p{L}\p{N}'’-])", regex.I)


def check(doc: Any, options: Mapping[str, Any]) -> Iterable[Finding]:
    allowed = {word.casefold() for word in options.get("allowed", ())}
    for paragraph in doc.paragraphs:
        quoted = [(q.start, q.end) for q in paragraph.quotes]
        for match in _DOUBLED.finditer(paragraph.text):
            first, second = match.group(1), match.group(3)
            if first.casefold() in allowed or "\n\n" in match.group(2):
                continue
            if second[0].isupper():
                continue  # a name ("Bora Bora", "law lord Lord Bingham"), or capitals
            if first.casefold() in _PARTICLES and _PARTICLE_CONTEXT.match(
                paragraph.text, match.end()
            ):
                continue
            offset = paragraph.start + match.start(2)
            if any(start <= offset < end for start, end in quoted):
                continue
            length = match.end(3) - match.start(2)
            yield Finding(
                offset=paragraph.start + match.start(3),
                length=len(second),
                message=f'"{second}" repeats the word before it',
                fix=Fix("", offset, length, safe=True),
            )
