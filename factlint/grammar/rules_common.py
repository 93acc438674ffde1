"""What the four grammar and spelling rules share: which matches each one reports."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import regex

from factlint.data import load as load_data
from factlint.diagnostics import Finding, Fix
from factlint.document import Document
from factlint.grammar import GrammarSettings
from factlint.grammar.run import Located, accepted_words, grammar_matches

# Engine rules that factlint's own rules already cover: GR001 (doubled words) and QT001
# (unbalanced quotation marks).
COVERED_ELSEWHERE = frozenset(
    {
        "RepeatedWords",
        "TheTheToThatThe",
        "ENGLISH_WORD_REPEAT_RULE",
        "UnclosedQuotes",
        "EN_UNPAIRED_QUOTES",
        "EN_UNPAIRED_BRACKETS",
    }
)


def findings(doc: Document, spelling: bool, in_quotes: bool) -> Iterable[Finding]:
    accepted = accepted_words(doc) if spelling else frozenset()
    settings: GrammarSettings = doc.settings.get("grammar") or GrammarSettings()
    disabled = _default_disabled() if settings.disabled_rules is None else settings.disabled_rules
    for item in grammar_matches(doc):
        match = item.match
        if match.spelling != spelling or match.rule in COVERED_ELSEWHERE or match.rule in disabled:
            continue
        if doc.in_quote(item.offset) != in_quotes or _touches_markup(doc, item):
            continue
        if spelling and _accepted(item, accepted):
            continue
        yield _finding(item)


def _touches_markup(doc: Document, item: Located) -> bool:
    """A match on Markdown markup that the model blanked (it sees "two spaces")."""
    end = item.offset + item.match.length
    return doc.text[item.offset : end] != doc.prose[item.offset : end]


def _accepted(item: Located, accepted: frozenset[str]) -> bool:
    word = regex.sub(r"['’]s?$", "", item.text.strip("'’ "))  # "Nadal's" is Nadal
    if len(word) < 3 or not word.isalpha() or word.isupper():
        return True  # initials, "PS2", "ITV1", acronyms: codes and names, not words
    return (
        word in accepted
        or word.lower() in accepted
        or word.capitalize() in accepted
        or word in _news_words()
    )


@cache
def _default_disabled() -> frozenset[str]:
    return frozenset(load_data("grammar")["disabled_rules"])


@cache
def _news_words() -> frozenset[str]:
    return frozenset(load_data("grammar")["news_words"])


def _finding(item: Located) -> Finding:
    match = item.match
    fix = None
    if match.replacements:
        fix = Fix(match.replacements[0], item.offset, match.length, safe=False)
    return Finding(item.offset, match.length, f"{match.message} [{match.rule}]", fix=fix)
