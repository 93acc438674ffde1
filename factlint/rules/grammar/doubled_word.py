"""The same word twice in a row ("the the"), the commonest slip of fast typing.

Spell-checkers miss it because each word is spelled right. Pairs that English uses on
purpose ("had had", "that that") and names that double a word ("Bora Bora", "Duran
Duran": both capitalised) are not reported; neither are repetitions inside a direct
quotation, which is verbatim ("no, no" has a comma anyway).

A doubled particle before a date, a name or a determiner is how English joins a phrasal
verb to a preposition ("counting on on Nov. 8") and is left alone too.

The fix deletes the second word. It is safe (``factlint check --fix`` applies it) only for
a word English never doubles. Some words can be doubled in a correct sentence: "Add to
this this new rule", "What it is is money", "gave her her passport", "waited for for
years". Their doubling is still reported, but the fix is unsafe (only with
``--unsafe-fixes``, or an editor's quick fix): the list is ``factlint/data/doubled_words.yaml``.

Bad:  The ministry said the the talks were over.
Good: The ministry said the talks were over.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import regex

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.article.document import Paragraph
from factlint.core.diagnostics import Finding, Fix
from factlint.core.resources import load as load_data

CODE = "GR001"
NAME = "doubled-word"
SEVERITY = "warning"
OPTIONS = {"allowed": ["had", "that", "bye", "ha", "tut", "hush"]}
# "counting on on Nov. 8", "did Romney in in 2012": a particle, then a preposition.
_PARTICLES = frozenset({"in", "on", "up", "out", "off", "over", "down", "by", "to"})
_PARTICLE_CONTEXT = regex.compile(r"\s+(?:\p{Lu}|\p{N}|the\b|a\b|an\b|his\b|her\b|their\b)")

# The standard library's engine finds the rare candidates fastest; the checks below filter.
_DOUBLED = re.compile(r"(?<![\w'’-])(\w+)(\s+)(\1)(?![\w'’-])", re.IGNORECASE)


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    doc = ctx.article
    words = options.get("allowed", [])
    allowed = {str(word).casefold() for word in words} if isinstance(words, list) else set()
    for paragraph in doc.paragraphs:
        text = paragraph.text
        for match in _DOUBLED.finditer(text):
            if _doubled(text, match, allowed) and not doc.in_quote(paragraph.start + match.end(1)):
                yield _finding(paragraph, match)


def _doubled(text: str, match: re.Match[str], allowed: set[str]) -> bool:
    word, gap, again = match.group(1), match.group(2), match.group(3)
    if not word.isalpha() or "\n\n" in gap or word.casefold() in allowed:
        return False
    if again[0].isupper():
        return False  # a name ("Bora Bora", "law lord Lord Bingham"), or capitals
    return not (word.casefold() in _PARTICLES and _PARTICLE_CONTEXT.match(text, match.end()))


def _finding(paragraph: Paragraph, match: re.Match[str]) -> Finding:
    offset = paragraph.start + match.end(1)
    second = match.group(3)
    safe = second.casefold() not in legitimately_doubled()
    return Finding(
        offset=paragraph.start + match.start(3),
        length=len(second),
        message=f'"{second}" repeats the word before it',
        fix=Fix("", offset, match.end(3) - match.end(1), safe=safe),
    )


@cache
def legitimately_doubled() -> frozenset[str]:
    """Words a correct sentence can double (``factlint/data/doubled_words.yaml``): their
    doubling is reported with an unsafe fix."""
    return frozenset(str(w).casefold() for w in load_data("doubled_words")["legitimately-doubled"])
