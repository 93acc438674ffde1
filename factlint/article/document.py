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
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import regex

from factlint.article import blocks as blockmod
from factlint.article import limits
from factlint.article import quotes as quotemod
from factlint.article.sentences import split_sentences
from factlint.article.suppression import Suppressions, find_directives
from factlint.core.diagnostics import Position
from factlint.core.errors import InputError
from factlint.core.lines import LineIndex
from factlint.core.resources import load as load_data
from factlint.core.yamlfile import LinedDict, YamlProblem, as_date, safe_load

MAX_HEADLINE_CHARS = 250

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


@dataclass(frozen=True)
class NameRef:
    """A name as written in the article (or its front matter), with its place."""

    text: str
    offset: int
    length: int


@dataclass
class Byline:
    paragraph: Paragraph | None  # None for a front-matter author
    names: list[NameRef]
    agency: bool = False  # the byline names only news agencies
    affiliation: str | None = None


@dataclass
class Bio:
    paragraph: Paragraph
    name: NameRef


@dataclass
class Dateline:
    offset: int
    length: int
    place: str


@dataclass
class FrontMatter:
    data: dict[str, Any]
    start: int
    end: int
    key_offsets: dict[str, int]


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
    body_start = _parse_front_matter(doc)
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
    _classify(doc, headings)
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


# --- front matter -------------------------------------------------------------------

_FRONT_MATTER_END = regex.compile(r"^(?:---|\.\.\.)[ \t]*$", regex.M)
_TOP_KEY = regex.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", regex.M)


def _parse_front_matter(doc: Document) -> int:
    text = doc.text
    if not regex.match(r"---[ \t]*\n", text):
        return 0
    first_newline = text.index("\n")
    closing = _FRONT_MATTER_END.search(text, first_newline + 1)
    if closing is None:
        raise InputError("malformed front matter: the opening '---' line is never closed")
    yaml_text = text[first_newline + 1 : closing.start()]
    data = _front_matter_data(yaml_text)
    end = closing.end()
    body_start = min(len(text), end + 1)
    key_offsets = {
        match.group(1): first_newline + 1 + match.start() for match in _TOP_KEY.finditer(yaml_text)
    }
    doc.front_matter = FrontMatter(data, 0, end, key_offsets)
    doc.prose = _blank(doc.prose, 0, end)
    return body_start


def front_matter_end(text: str) -> int:
    """Where the front matter of normalised ``text`` ends (its closing line's end), 0
    when it has none. Suppression comments are read only after it."""
    if not regex.match(r"---[ \t]*\n", text):
        return 0
    closing = _FRONT_MATTER_END.search(text, text.index("\n") + 1)
    return closing.end() if closing else 0


_DATE_KEYS = ("date", "published", "pubdate")


def _front_matter_data(yaml_text: str) -> dict[str, Any]:
    """The front matter's mapping, its dates checked (kept as dates, as YAML wrote them);
    hostile or malformed YAML is an :class:`InputError` naming the line."""
    try:
        data = safe_load(yaml_text) if yaml_text.strip() else {}
    except YamlProblem as exc:
        last_line = yaml_text.count("\n") + 1  # the front matter's last line in the file
        where = f"line {min(exc.line + 1, last_line)}: " if exc.line is not None else ""
        raise InputError(f"malformed front matter: {where}{exc.problem}") from None
    if not isinstance(data, dict):
        raise InputError("malformed front matter: expected 'key: value' lines (a mapping)")
    for key in _DATE_KEYS:
        try:
            written = as_date(data.get(key))
        except ValueError as exc:
            line = data.line_of(key) + 1 if isinstance(data, LinedDict) else None
            where = f"line {line}: " if line else ""
            problem = f"{where}{key}: no such date ({exc})"
            raise InputError(f"malformed front matter: {problem}") from None
        if written is not None:
            data[key] = written
    return data


def _blank(text: str, start: int, end: int) -> str:
    segment = "".join("\n" if c == "\n" else " " for c in text[start:end])
    return text[:start] + segment + text[end:]


# --- the parts of a story -----------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    agencies: frozenset[str]
    credit: list[regex.Pattern]
    byline_prefix: regex.Pattern
    particles: frozenset[str]
    affiliation_words: frozenset[str]
    not_name_starts: frozenset[str]
    bio: regex.Pattern
    professions: regex.Pattern


@cache
def _lexicon() -> _Lexicon:
    data = load_data("lexicon")
    prefixes = sorted(data["byline_prefixes"], key=len, reverse=True)
    name = r"(?P<name>(?:[\p{Lu}][\p{L}'’.-]*\s+){1,4}[\p{Lu}][\p{L}'’-]+)"
    cues = "|".join(data["bio_cues"])
    return _Lexicon(
        agencies=frozenset(a.casefold() for a in data["agencies"]),
        credit=[regex.compile(p, regex.I) for p in data["credit_patterns"]],
        byline_prefix=regex.compile(
            r"^(?:" + "|".join(regex.escape(p) for p in prefixes) + r")[:\s]\s*", regex.I
        ),
        particles=frozenset(data["name_particles"]),
        affiliation_words=frozenset(data["affiliation_words"]),
        not_name_starts=frozenset(data["not_name_starts"]),
        bio=regex.compile(name + r",?\s+(?:" + cues + r")"),
        professions=regex.compile(r"\b(?:" + "|".join(data["bio_professions"]) + r")\b", regex.I),
    )


_DATELINE = regex.compile(
    r"^(?P<place>\p{Lu}[\p{Lu}.'’ -]{1,40}?(?:,\s*\p{Lu}[\p{L}.'’ -]{1,30}?)?)"
    r"(?:,\s*\p{Lu}\p{Ll}{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\([\p{L} .&]{1,30}\))?\s*(?:—|–|--|-)\s+"
)
_NAME_TOKEN = regex.compile(
    r"^(?:\p{Lu}[\p{L}'’-]*\.?|\p{Lu}\.(?:\p{Lu}\.)*|\p{Lu}{2,}[\p{L}'’-]*)$"
)
_AUTHOR_SEPARATOR = regex.compile(r"\s*(?:,\s*and\s+|\s+and\s+|\s*&\s*|\s*;\s*)\s*", regex.I)
_AFFILIATION_SEPARATOR = regex.compile(r"\s*(?:,|\||\s[—–-]\s|/)\s*")


def _classify(doc: Document, headings: set[int]) -> None:
    paragraphs = doc.paragraphs
    if not paragraphs:
        return
    lex = _lexicon()
    first = paragraphs[0]
    if _is_headline(doc, first, 0 in headings):
        first.kind = "headline"
        doc.headline = first
    for index in headings:
        if paragraphs[index].kind == "body":
            paragraphs[index].kind = "heading"
    for paragraph in paragraphs:
        if paragraph.kind == "body" and _is_credit(paragraph.text, lex):
            paragraph.kind = "credit"
            doc.credits.append(paragraph)
    _find_front_matter_authors(doc)
    _find_top_byline(doc, lex)
    _find_closing_byline_and_bio(doc, lex)
    _find_dateline(doc)


def _is_headline(doc: Document, first: Paragraph, is_heading: bool) -> bool:
    if is_heading:
        return True
    if doc.format == "markdown":
        return False
    return "\n" not in first.text and len(first.text) <= MAX_HEADLINE_CHARS


def _is_credit(text: str, lex: _Lexicon) -> bool:
    return len(text.split()) <= 40 and any(p.search(text) for p in lex.credit)


def _find_front_matter_authors(doc: Document) -> None:
    if doc.front_matter is None:
        return
    data = doc.front_matter.data
    for key in ("author", "authors"):
        value = data.get(key)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        names = [_front_matter_name(v) for v in values]
        key_offset = doc.front_matter.key_offsets.get(key, 0)
        refs = [_front_matter_ref(doc, n, key_offset, key) for n in names if n]
        if refs:
            doc.bylines.append(Byline(None, refs, agency=all(_is_agency(r.text) for r in refs)))


def _front_matter_ref(doc: Document, name: str, key_offset: int, key: str) -> NameRef:
    """Point at the name as written in the front matter, or at its key."""
    found = doc.text.find(name, key_offset, doc.front_matter.end if doc.front_matter else None)
    return NameRef(name, found, len(name)) if found != -1 else NameRef(name, key_offset, len(key))


def _front_matter_name(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _is_agency(name: str) -> bool:
    return name.casefold() in _lexicon().agencies


def _find_top_byline(doc: Document, lex: _Lexicon) -> None:
    candidates = [p for p in doc.paragraphs[:4] if p.kind in ("body", "heading")][:2]
    for paragraph in candidates:
        byline = _parse_byline(paragraph, lex, standalone=False)
        if byline is not None:
            paragraph.kind = "byline"
            doc.bylines.append(byline)
            return
        if paragraph.kind == "body":
            return


def _find_closing_byline_and_bio(doc: Document, lex: _Lexicon) -> None:
    tail = [p for p in doc.paragraphs if p.kind in ("body", "byline")]
    if not tail:
        return
    last = tail[-1]
    if last.kind == "body" and last is not _first_body(doc):
        match = lex.bio.match(last.text)
        if match and _is_name(match.group("name"), lex) and lex.professions.search(last.text):
            last.kind = "bio"
            name = match.group("name")
            doc.bio = Bio(last, NameRef(name, last.start + match.start("name"), len(name)))
            tail = tail[:-1]
    if doc.bio is not None and tail and tail[-1].kind == "body" and len(tail) > 1:
        byline = _parse_byline(tail[-1], lex, standalone=True)
        if byline is not None:
            tail[-1].kind = "byline"
            doc.bylines.append(byline)


def _first_body(doc: Document) -> Paragraph | None:
    return next((p for p in doc.paragraphs if p.kind == "body"), None)


def _parse_byline(paragraph: Paragraph, lex: _Lexicon, standalone: bool) -> Byline | None:
    """A byline paragraph: "By" and names, or (``standalone``, above a bio) names alone.

    Without "By", a line is a byline only when it is short, holds nothing but names (and
    an affiliation such as "Staff Writer"), and does not end like a sentence.
    """
    text = paragraph.text
    if "\n" in text.strip() or len(text) > 120:
        return None
    prefix = lex.byline_prefix.match(text)
    rest_start = prefix.end() if prefix else 0
    rest = text[rest_start:].rstrip(" .")
    if not rest:
        return None
    names_part, affiliation = _split_affiliation(rest, lex, strict=prefix is None)
    names = _byline_names(paragraph, names_part, rest_start)
    if not names:
        return None
    agency = all(_is_agency(n.text) for n in names)
    if not agency and not all(_is_name(n.text, lex) for n in names):
        return None
    if prefix is None and not agency:
        if not (standalone or affiliation) or len(text.split()) > 10:
            return None
        if text.rstrip().endswith(".") and not regex.search(r"\b\p{Lu}\.$", text.rstrip()):
            return None
    return Byline(paragraph, names, agency=agency, affiliation=affiliation)


def _byline_names(paragraph: Paragraph, names_part: str, cursor: int) -> list[NameRef]:
    names = []
    for raw in _AUTHOR_SEPARATOR.split(names_part.replace(",", " and ")):
        raw = raw.strip(" ,")
        if raw:
            at = paragraph.text.find(raw, cursor)
            cursor = at + len(raw)
            names.append(NameRef(raw, paragraph.start + at, len(raw)))
    return names


def _split_affiliation(rest: str, lex: _Lexicon, strict: bool) -> tuple[str, str | None]:
    """ "Jane Doe, USA TODAY" has an affiliation; "Jane Doe, John Roe and Ann Lee" does not.

    ``strict`` (no "By"): the affiliation must name a newsroom or a newsroom job.
    """
    for separator in _AFFILIATION_SEPARATOR.finditer(rest):
        tail = rest[separator.end() :].strip()
        if not tail:
            continue
        words = {w.casefold() for w in regex.findall(r"\p{L}+", tail)}
        newsroom = bool(words & lex.affiliation_words) or _is_agency(tail)
        if newsroom or (not strict and not _is_name_list(tail, lex)):
            return rest[: separator.start()], tail
    return rest, None


def _is_name_list(text: str, lex: _Lexicon) -> bool:
    parts = [p.strip(" ,") for p in _AUTHOR_SEPARATOR.split(text.replace(",", " and "))]
    return all(_is_name(p, lex) for p in parts if p)


def _is_name(text: str, lex: _Lexicon) -> bool:
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or tokens[0] in lex.not_name_starts:
        return False
    capitals = 0
    for token in tokens:
        if token.lower() in lex.particles:
            continue
        if not _NAME_TOKEN.match(token):
            return False
        capitals += 1
    return capitals >= 2


def _find_dateline(doc: Document) -> None:
    if doc.front_matter is not None:
        place = doc.front_matter.data.get("dateline")
        if isinstance(place, str) and place.strip():
            offset = doc.front_matter.key_offsets.get("dateline", 0)
            doc.dateline = Dateline(offset, len("dateline"), place.strip())
            return
    first = _first_body(doc)
    if first is None:
        return
    match = _DATELINE.match(first.text)
    if match is None:
        return
    place = match.group("place").strip()
    if sum(c.isupper() for c in place) < 3 or any(c.islower() for c in place.split(",")[0]):
        return
    doc.dateline = Dateline(first.start, match.end(), place)


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
