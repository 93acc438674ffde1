"""Running the grammar backend over an article once, for the GR and SP rules to share."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from factlint.document import Document, Paragraph
from factlint.grammar import Backend, GrammarMatch, GrammarSettings, get_backend
from factlint.grammar.cache import GrammarCache
from factlint.people import index

CHECKED_KINDS = ("headline", "body", "heading", "bio")


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
def _cache(persistent: bool) -> GrammarCache:
    return GrammarCache(persistent)


def grammar_matches(doc: Document) -> list[Located]:
    """Every match of the configured backend in the article's prose, cached per paragraph."""
    found = doc.cache.get("grammar")
    if found is not None:
        return found
    settings: GrammarSettings = doc.settings.get("grammar") or GrammarSettings()
    backend = get_backend(settings)
    found = [] if backend is None else _run(doc, settings, backend)
    doc.cache["grammar"] = found
    return found


def _run(doc: Document, settings: GrammarSettings, backend: Backend) -> list[Located]:
    store = _cache(settings.cache)
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


def accepted_words(doc: Document) -> frozenset[str]:
    """Words that are never misspellings here: the article's names (spelled one way, or
    two ways, which is NM001's business), the authors' names (BY001's), and the words of
    the user's dictionary. Hyphenated names count part by part ("Pryce-Jones")."""
    settings: GrammarSettings = doc.settings.get("grammar") or GrammarSettings()
    names = set(index(doc).word_counts)
    names.update(w for byline in doc.bylines for name in byline.names for w in name.text.split())
    if doc.bio is not None:
        names.update(doc.bio.name.text.split())
    parts = {part for name in names for part in regex.split(r"[-‐'’]", name) if part}
    return frozenset(names | parts) | settings.words
