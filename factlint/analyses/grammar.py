"""The grammar engine over an article: its matches (cached per paragraph), the words that are
never misspellings here, and which matches each of the GR and SP rules reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import regex

from factlint.analyses.people import NameIndex
from factlint.article.document import STORY_KINDS, Document, Paragraph, ParagraphKind
from factlint.backends import Backend, GrammarMatch, GrammarSettings, get_backend
from factlint.backends.cache import GrammarCache
from factlint.core.diagnostics import Finding, Fix
from factlint.core.resources import load as load_data

CHECKED_KINDS: frozenset[ParagraphKind] = STORY_KINDS | {"bio"}


@dataclass(frozen=True)
class Located:
    paragraph: Paragraph
    match: GrammarMatch

    @property
    def offset(self) -> int:
        return self.paragraph.start + self.match.offset

    @property
    def text(self) -> str:
        return self.paragraph.text[self.match.offset : self.match.offset + self.match.length]


@cache
def _cache(persistent: bool, directory: str | None) -> GrammarCache:
    return GrammarCache(persistent, directory)


def grammar_matches(doc: Document, settings: GrammarSettings) -> list[Located]:
    """Every match of the configured backend in the article's prose, cached per paragraph."""
    backend = get_backend(settings)
    return [] if backend is None else _run(doc, settings, backend)


def _run(doc: Document, settings: GrammarSettings, backend: Backend) -> list[Located]:
    store = _cache(settings.cache, settings.cache_dir)
    prefix = f"{backend.name}|{backend.version}|{settings.key()}"
    paragraphs = [p for p in doc.paragraphs if p.kind in CHECKED_KINDS]
    results: dict[int, list[GrammarMatch]] = {}
    missing = []
    for paragraph in paragraphs:
        cached = store.get(GrammarCache.key(prefix, paragraph.text))
        if cached is None:
            missing.append(paragraph)
        else:
            results[paragraph.index] = cached
    if missing:
        for paragraph, matches in zip(
            missing, backend.check([p.text for p in missing]), strict=True
        ):
            store.put(GrammarCache.key(prefix, paragraph.text), matches)
            results[paragraph.index] = matches
    return [Located(p, m) for p in paragraphs for m in results[p.index]]


def accepted_words(doc: Document, names: NameIndex, settings: GrammarSettings) -> frozenset[str]:
    """Words that are never misspellings here: the article's names (spelled one way, or
    two ways, which is NM001's business), the authors' names (BY001's), and the words of
    the user's dictionary. Hyphenated names count part by part ("Pryce-Jones")."""
    words = set(names.word_counts)
    words.update(w for byline in doc.bylines for name in byline.names for w in name.text.split())
    if doc.bio is not None:
        words.update(doc.bio.name.text.split())
    parts = {part for word in words for part in regex.split(r"[-‐'’]", word) if part}
    return frozenset(words | parts) | settings.words


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


def findings(
    doc: Document,
    matches: list[Located],
    accepted: frozenset[str],
    settings: GrammarSettings,
    *,
    spelling: bool,
    in_quotes: bool,
    elsewhere: frozenset[int] = frozenset(),
) -> Iterable[Finding]:
    """The matches one of the four grammar and spelling rules reports: grammar or spelling
    (``spelling``), inside direct quotations or outside (``in_quotes``); ``accepted``
    words are never misspellings, and spelling matches at the ``elsewhere`` offsets are
    another rule's (SP102's mixed dialect)."""
    disabled = _default_disabled() if settings.disabled_rules is None else settings.disabled_rules
    for item in matches:
        match = item.match
        if match.spelling != spelling or match.rule in COVERED_ELSEWHERE or match.rule in disabled:
            continue
        if doc.in_quote(item.offset) != in_quotes or _touches_markup(doc, item):
            continue
        if spelling and (item.offset in elsewhere or _accepted(item, accepted)):
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
