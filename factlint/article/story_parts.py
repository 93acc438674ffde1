"""The parts of a story a copy desk sees around its body: the headline, credit lines, the
byline(s) (at the top, in the front matter, or closing the story above a bio), the
author's bio and the dateline; each paragraph's ``kind`` says which it is."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

import regex

from factlint.article.front_matter import FrontMatter
from factlint.article.paragraphs import Paragraph
from factlint.core.resources import load as load_data

MAX_HEADLINE_CHARS = 250


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


class Article(Protocol):
    """What finding the story's parts reads of an article (a
    :class:`~factlint.article.document.Document`), and the parts it fills in."""

    text: str
    format: str
    front_matter: FrontMatter | None
    paragraphs: list[Paragraph]
    headline: Paragraph | None
    bylines: list[Byline]
    credits: list[Paragraph]
    bio: Bio | None
    dateline: Dateline | None


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


def classify(doc: Article, headings: set[int]) -> None:
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


def _is_headline(doc: Article, first: Paragraph, is_heading: bool) -> bool:
    if is_heading:
        return True
    if doc.format == "markdown":
        return False
    return "\n" not in first.text and len(first.text) <= MAX_HEADLINE_CHARS


def _is_credit(text: str, lex: _Lexicon) -> bool:
    return len(text.split()) <= 40 and any(p.search(text) for p in lex.credit)


def _find_front_matter_authors(doc: Article) -> None:
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


def _front_matter_ref(doc: Article, name: str, key_offset: int, key: str) -> NameRef:
    """Point at the name as written in the front matter, or at its key."""
    found = doc.text.find(name, key_offset, doc.front_matter.end if doc.front_matter else None)
    return NameRef(name, found, len(name)) if found != -1 else NameRef(name, key_offset, len(key))


def _front_matter_name(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _is_agency(name: str) -> bool:
    return name.casefold() in _lexicon().agencies


def _find_top_byline(doc: Article, lex: _Lexicon) -> None:
    candidates = [p for p in doc.paragraphs[:4] if p.kind in ("body", "heading")][:2]
    for paragraph in candidates:
        byline = _parse_byline(paragraph, lex, standalone=False)
        if byline is not None:
            paragraph.kind = "byline"
            doc.bylines.append(byline)
            return
        if paragraph.kind == "body":
            return


def _find_closing_byline_and_bio(doc: Article, lex: _Lexicon) -> None:
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


def _first_body(doc: Article) -> Paragraph | None:
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


def _find_dateline(doc: Article) -> None:
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
