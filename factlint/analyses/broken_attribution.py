"""Broken attributions (QT003): a quote that follows a name with no verb of saying in its
sentence ("Smith "It is ready..."), the name left standing where the cue should be."""

from __future__ import annotations

from typing import Protocol, TypeVar

import regex

from factlint.analyses.attribution_patterns import cue_before
from factlint.analyses.quote_spans import Sentences
from factlint.article.document import Document, Paragraph
from factlint.article.quotes import Quote


class _Attributed(Protocol):  # an Attribution (whose module imports this one)
    @property
    def quote(self) -> Quote: ...

    @property
    def paragraph(self) -> Paragraph: ...

    @property
    def how(self) -> str: ...


Item = TypeVar("Item", bound=_Attributed)

# A broken attribution: a quote of at least MIN_WORDS words opening with a subject, right
# after a name with no cue.
MIN_WORDS = 6

_NAME_BEFORE = regex.compile(r"(?<![\p{L}'’.-])(\p{Lu}[\p{L}-]*)(?<!['’]s)[ \t]*\Z")
_CLAUSE_OPENERS = frozenset(
    {"it", "i", "we", "you", "he", "she", "they", "there", "this", "these", "those"}
)


def broken_attributions(doc: Document, attributed: list[Item]) -> list[tuple[Item, str, int]]:
    """Quotes that follow a name with no cue in their sentence (QT003's broken attribution):
    the quote, the name, its offset. QT002 leaves these to QT003."""
    found = []
    sentences = Sentences()
    for item in attributed:
        if item.how not in ("none", "partial"):
            continue
        quote = item.quote
        words = doc.text[quote.content_start : quote.content_end].split()
        if len(words) < MIN_WORDS or words[0].casefold().strip("'’") not in _CLAUSE_OPENERS:
            continue
        start = sentences.start(item.paragraph, quote.start)
        before = doc.prose[start : quote.start]
        match = _NAME_BEFORE.search(before)
        if match is None or match.start() == 0 or cue_before(before) or before.isupper():
            continue
        if _LIST_ITEM.match(item.paragraph.text):
            continue  # "- Bolton boss Sam Allardyce "I am ..."": a list's label, a speaker
        found.append((item, match.group(1), start + match.start(1)))
    return found


_LIST_ITEM = regex.compile(r"\s*[-–—*•]\s")
