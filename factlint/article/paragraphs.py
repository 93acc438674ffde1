"""A paragraph of an article: its place in the text, its prose, its kind (headline, byline,
credit, bio, heading or body), its sentences and its quotations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from factlint.article import blocks as blockmod
from factlint.article import quotes as quotemod

ParagraphKind = Literal["headline", "byline", "credit", "bio", "heading", "body"]
# The story's own text: the headline, the body and its subheadings (not the byline, credit
# lines or the author's bio).
STORY_KINDS: frozenset[ParagraphKind] = frozenset({"headline", "heading", "body"})
HEADLINE_AND_BODY: frozenset[ParagraphKind] = frozenset({"headline", "body"})


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Paragraph:
    """A block of the article: ``kind`` is headline, byline, credit, bio, heading or body."""

    index: int
    start: int
    end: int
    text: str  # the prose of doc.text[start:end]
    kind: ParagraphKind = "body"
    container: blockmod.Container = ""  # Markdown: "list" or "blockquote" when inside one
    sentences: list[Span] = field(default_factory=list)
    quotes: list[quotemod.Quote] = field(default_factory=list)
