"""The grammar engine over an article: its matches (cached per paragraph), the words it
rejects read alone, and the words that are never misspellings here. Which matches the GR
and SP rules report is :mod:`grammar_findings`'s; names from misspellings,
:mod:`spelling_judge`'s."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

import regex

from factlint.analyses.people import NameIndex
from factlint.article.document import STORY_KINDS, Document, Paragraph, ParagraphKind
from factlint.backends import Backend, GrammarMatch, GrammarSettings, get_backend
from factlint.backends.cache import GrammarCache
from factlint.core.entities import Decoded, decode_entities

CHECKED_KINDS: frozenset[ParagraphKind] = STORY_KINDS | {"bio"}
MATCHES_FORMAT = "decoded-entities+names"  # cached matches of paragraphs read this way


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
    prefix = f"{backend.name}|{backend.version}|{settings.key()}|{MATCHES_FORMAT}"
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
        texts = list(dict.fromkeys(p.text for p in missing))  # one check of a text repeated
        decoded = [decode_entities(text) for text in texts]
        checked = backend.check([d.text for d in decoded])
        by_text: dict[str, list[GrammarMatch]] = {}
        for text, written, found in zip(texts, decoded, checked, strict=True):
            by_text[text] = [_as_written(match, written) for match in found]
            store.put(GrammarCache.key(prefix, text), by_text[text])
        for paragraph in missing:
            results[paragraph.index] = by_text[paragraph.text]
    return [Located(p, m) for p in paragraphs for m in results[p.index]]


PROBE = "We saw {} there."  # a word read alone, mid-sentence, as the engine reads it in prose
Probe = Callable[[list[str]], dict[str, GrammarMatch]]


def probe_words(words: list[str], settings: list[GrammarSettings]) -> dict[str, GrammarMatch]:
    """The engine's spelling match on each of ``words`` read alone in a short sentence,
    for the words it rejects in every one of ``settings`` (an article of undecided
    dialect: American and British); cached as paragraphs are. The engine leaves some
    words of a long paragraph unchecked: this asks it about them."""
    found: dict[str, GrammarMatch] | None = None
    at = PROBE.index("{}")
    for each in settings:
        backend = get_backend(each)
        if backend is None:
            return {}
        store = _cache(each.cache, each.cache_dir)
        prefix = f"{backend.name}|{backend.version}|{each.key()}|{MATCHES_FORMAT}"
        results: dict[str, list[GrammarMatch]] = {}
        missing = []
        for word in words:
            cached = store.get(GrammarCache.key(prefix, PROBE.format(word)))
            if cached is None:
                missing.append(word)
            else:
                results[word] = cached
        if missing:
            checked = backend.check([PROBE.format(word) for word in missing])
            for word, matches in zip(missing, checked, strict=True):
                store.put(GrammarCache.key(prefix, PROBE.format(word)), matches)
                results[word] = matches
        spelt = {
            word: match
            for word, matches in results.items()
            for match in matches
            if match.spelling and match.offset == at and match.length == len(word)
        }
        found = spelt if found is None else {w: m for w, m in found.items() if w in spelt}
    return found or {}


def _as_written(match: GrammarMatch, text: Decoded) -> GrammarMatch:
    """A match on a paragraph read with its character references decoded ("risqu&#233;"
    is the word "risqué"), placed in the paragraph as written."""
    if not text.starts:
        return match
    offset, length = text.written(match.offset, match.length)
    return replace(match, offset=offset, length=length)


def in_both(first: list[Located], second: list[Located]) -> list[Located]:
    """The matches of ``first`` that ``second`` makes too (same place, same engine rule):
    what two checks of one article in two dialects agree on."""
    also = {(item.offset, item.match.length, item.match.rule) for item in second}
    return [item for item in first if (item.offset, item.match.length, item.match.rule) in also]


def accepted_words(doc: Document, names: NameIndex, settings: GrammarSettings) -> frozenset[str]:
    """Words that are never misspellings here: the authors' names (BY001's business) and
    the words of the user's dictionary (the fact register's names among them).
    Hyphenated names count part by part ("Pryce-Jones")."""
    words = {w for byline in doc.bylines for name in byline.names for w in name.text.split()}
    if doc.bio is not None:
        words.update(doc.bio.name.text.split())
    parts = {part for word in words for part in regex.split(r"[-‐'’]", word) if part}
    return frozenset(words | parts) | settings.words
