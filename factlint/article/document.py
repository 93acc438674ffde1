"""The article model: an article parsed once, read by every rule.

A :class:`Document` holds the decoded text and the parts a copy desk sees in it: front
matter, headline, byline(s), credit lines, the author's bio, the dateline, paragraphs
with their sentences and quote spans, and suppression comments. ``doc.prose`` is the text
with everything that is not prose (front matter, Markdown markup, suppression comments)
blanked out, so that offsets into it are offsets into ``doc.text``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from factlint.article import blocks as blockmod
from factlint.article import limits
from factlint.article import quotes as quotemod
from factlint.article.front_matter import FrontMatter, read_front_matter
from factlint.article.paragraphs import HEADLINE_AND_BODY as HEADLINE_AND_BODY  # re-exported
from factlint.article.paragraphs import STORY_KINDS as STORY_KINDS  # re-exported
from factlint.article.paragraphs import Paragraph, Span
from factlint.article.paragraphs import ParagraphKind as ParagraphKind  # re-exported
from factlint.article.sentences import split_sentences
from factlint.article.story_parts import Bio, Byline, Dateline, classify
from factlint.article.suppression import Suppressions, find_directives
from factlint.core.diagnostics import Position
from factlint.core.lines import LineIndex


class Document:
    """One article, parsed. Build it with :func:`parse`."""

    def __init__(self, path: str, text: str, markdown: bool) -> None:
        self.path = path
        self.text = text
        self.format = "markdown" if markdown else "text"
        self.prose = text
        self.front_matter: FrontMatter | None = None
        self.paragraphs: list[Paragraph] = []
        self.headline: Paragraph | None = None
        self.bylines: list[Byline] = []
        self.credits: list[Paragraph] = []
        self.bio: Bio | None = None
        self.dateline: Dateline | None = None
        self.quote_problems: list[quotemod.QuoteProblem] = []
        self.skipped: list[limits.Skipped] = []  # spans left out of the prose: over a limit
        self.suppressions = Suppressions()
        self._lines = LineIndex(text)
        self._quoted: tuple[list[int], list[int]] | None = None

    @property
    def title(self) -> str | None:
        """The headline: front-matter ``title`` or the headline paragraph."""
        if self.front_matter and isinstance(self.front_matter.data.get("title"), str):
            return self.front_matter.data["title"]
        return self.headline.text.strip() if self.headline else None

    @property
    def body(self) -> list[Paragraph]:
        """The story's paragraphs: not headline, byline, credit, bio or heading."""
        return [p for p in self.paragraphs if p.kind == "body"]

    @property
    def line_starts(self) -> list[int]:
        return self._lines.starts

    def position(self, offset: int) -> Position:
        """1-based line and column (in code points) of a character offset."""
        return self._lines.position(offset)

    def quotes(self) -> list[quotemod.Quote]:
        return [q for p in self.paragraphs for q in p.quotes]

    def in_quote(self, offset: int) -> bool:
        """Whether ``offset`` lies inside a direct quotation (its marks included)."""
        if self._quoted is None:
            self._quoted = _merged_spans((q.start, q.end) for q in self.quotes())
        starts, ends = self._quoted
        index = bisect.bisect_right(starts, offset) - 1
        return index >= 0 and offset < ends[index]


def _merged_spans(spans: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(spans):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def parse(path: str, text: str, markdown: bool) -> Document:
    """Build the article model of ``text`` (already decoded and newline-normalised)."""
    doc = Document(path, text, markdown)
    doc.front_matter, body_start = read_front_matter(text)
    if doc.front_matter is not None:
        doc.prose = _blank(doc.prose, 0, doc.front_matter.end)
    doc.suppressions = Suppressions(*find_directives(text, body_start))
    for start, end in doc.suppressions.spans():
        doc.prose = _blank(doc.prose, start, end)
    if markdown:
        first_line = doc.position(body_start).line - 1
        raw_blocks = blockmod.markdown_blocks(doc.prose, body_start, doc.line_starts, first_line)
    else:
        raw_blocks = blockmod.plain_blocks(doc.prose, body_start, len(text))
    masked: list[tuple[int, int, str]] = []
    headings: set[int] = set()
    for block in raw_blocks:
        segment = doc.prose[block.start : block.end]
        if markdown:
            segment = blockmod.mask_markdown(segment)
        segment = _leave_out_oversized(doc, segment, block.start)
        masked.append((block.start, block.end, segment))
        start, end = _strip_span(segment, block.start)
        if start == end:
            continue
        if block.kind == "heading":
            headings.add(len(doc.paragraphs))
        paragraph_text = segment[start - block.start : end - block.start]
        doc.paragraphs.append(
            Paragraph(len(doc.paragraphs), start, end, paragraph_text, container=block.container)
        )
    if masked:
        doc.prose = _splice(doc.prose, masked)
    classify(doc, headings)
    for paragraph in doc.paragraphs:
        paragraph.sentences = [
            Span(paragraph.start + s, paragraph.start + e)
            for s, e in split_sentences(paragraph.text)
        ]
    _find_quotes(doc)
    doc.suppressions.resolve(doc.prose, ((p.start, p.end) for p in doc.paragraphs))
    return doc


def _leave_out_oversized(doc: Document, segment: str, base: int) -> str:
    """``segment`` (at ``base``) with its spans over a limit blanked, and noted in ``doc``."""
    spans = limits.oversized(segment)
    doc.skipped.extend(limits.Skipped(base + s.start, base + s.end, s.what) for s in spans)
    return limits.blank(segment, spans)


def _splice(text: str, replacements: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end, same-length replacement)`` put in its place."""
    pieces: list[str] = []
    cursor = 0
    for start, end, replacement in replacements:
        pieces.extend((text[cursor:start], replacement))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _strip_span(segment: str, base: int) -> tuple[int, int]:
    left = len(segment) - len(segment.lstrip())
    right = len(segment.rstrip())
    return (base + left, base + right) if right > left else (base, base)


def _blank(text: str, start: int, end: int) -> str:
    segment = "".join("\n" if c == "\n" else " " for c in text[start:end])
    return text[:start] + segment + text[end:]


# --- quotes -------------------------------------------------------------------------


def _find_quotes(doc: Document) -> None:
    paragraphs = doc.paragraphs
    continuing = False
    for i, paragraph in enumerate(paragraphs):
        nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        next_opens = (
            nxt is not None
            and paragraph.kind == nxt.kind == "body"
            and paragraph.container == nxt.container != "list"
            and quotemod.opens_with_quote(nxt.text)
        )
        quotes, problems, continuing = quotemod.scan_paragraph(
            paragraph.text, paragraph.start, continuing and paragraph.kind == "body", next_opens
        )
        paragraph.quotes = quotes
        doc.quote_problems.extend(problems)
