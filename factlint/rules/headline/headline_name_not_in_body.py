"""A name in the headline that the body never mentions.

A headline names who the story is about; if the body never names them, the headline
was written for another story, or the name is misspelled in one of the two. Names are
the headline's capitalised words that are not common English words; as its first word,
or in a title-case headline ("Hillary Camp Declining To Debate Bernie"), only words no
English dictionary has, since "Bombshell" and "Stuns" are capitalised there too.
Acronyms are left alone, since the body may spell them out. Inflection and derived forms
are allowed: "Russia's" and "Russian" are in a body that says "Russia".

Bad:
    Kishida protests Russian move

    Chief Cabinet Secretary Hirokazu Matsuno said Japan had protested to Moscow.
Good:
    Kishida protests Russian move

    Prime Minister Fumio Kishida said Japan had protested to Moscow.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.headline import body_text
from factlint.core.diagnostics import Finding
from factlint.core.words import NAME_LIKE, word_frequency

CODE = "HL004"
NAME = "headline-name-not-in-body"
SEVERITY = "warning"
ENABLED_BY_DEFAULT = False  # mostly wrong on published copy (bench/judged)

PREFIX = 4  # "Iraqi" and "Iraq", "Chinese" and "China" share their first four letters
_NAME = regex.compile(r"(?<![\p{L}'’])\p{Lu}\p{Ll}[\p{L}-]*")
_WORD = regex.compile(r"\p{L}+")


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    doc = ctx.article
    headline = doc.headline
    if headline is None or not doc.body:
        return
    prefixes = {w.lower()[:PREFIX] for w in _WORD.findall(body_text(doc))}
    title_case = _title_case(headline.text)
    for match in _NAME.finditer(headline.text):
        name = match.group()
        parts = [p for p in name.split("-") if len(p) >= 3]
        frequency = max((word_frequency(p.lower()) for p in parts), default=NAME_LIKE)
        capitalised_anyway = title_case or not headline.text[: match.start()].strip()
        if not parts or frequency >= NAME_LIKE or (capitalised_anyway and frequency > 0):
            continue  # a capital the headline's style gives: only a word no dictionary has
        if all(p.lower()[:PREFIX] in prefixes for p in parts):
            continue
        yield Finding(
            headline.start + match.start(),
            len(name),
            f'the headline names "{name}", which the body never mentions',
        )


def _title_case(headline: str) -> bool:
    """Most of the headline's words of four letters or more are capitalised."""
    words = [w for w in _WORD.findall(headline) if len(w) >= 4]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) * 3 > len(words) * 2
