"""What an article gives the desk's archive index, and what the index says of an article.

Two directions, one vocabulary (name keys, normalised quotes: :mod:`.archive_keys`):

- :func:`~factlint.analyses.archive_record.article_record` (:mod:`.archive_record`): the
  rows one article gives the index: its date, its bylined authors, each full name it gives a
  person with the title written before it, and each direct quote with its speaker as
  ``factlint quotes`` resolves it, and whether that speaker is beyond doubt
  (:mod:`.archive_sure`). ``factlint index build`` runs it on every article, in workers.
- :func:`archive_findings`: the article set against the index (the ``AR`` rules read it):
  a byline that is a near miss of an author the archive knows well; a person's full name,
  written one way throughout, that is one slipped word from the form the archive uses in
  many articles; a title before a name that differs from the one the archive gives that
  person nearest in date; a quote the archive gives to another speaker, and one the archive
  has from the same speaker with a word or two changed.

An article never counts against itself: its own indexed versions (the same path, or the
same text) are left out of every lookup. A form the archive has from one article only is
never a reference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from factlint.analyses.archive_keys import (
    DIRECT,
    QUOTE_MIN_WORDS,
    name_key,
    quote_norm,
    speaker_key,
    text_digest,
    title_key,
)
from factlint.analyses.archive_record import (
    article_record,
    name_runs,
    person_forms,
    written_title,
)
from factlint.analyses.archive_sure import is_named, sure_speakers
from factlint.analyses.attribution import Attribution
from factlint.analyses.name_similarity import compare_names, near_miss
from factlint.analyses.people import Mention, NameIndex
from factlint.archive.store import Archive, QuoteSeen, Seen, TitleSeen, head_and_tail
from factlint.article.document import Document

__all__ = [
    "DIRECT",
    "ArchiveFindings",
    "archive_findings",
    "article_record",
    "name_key",
    "near_forms",
    "own_articles",
    "person_forms",
    "person_history",
    "quote_history",
    "quote_norm",
    "referenced",
    "speaker_key",
    "sure_speakers",
    "text_digest",
    "title_key",
]

MIN_REFERENCE_ARTICLES = 2  # a form seen in one article only is never a reference
VARIANT_MIN_WORDS = 8  # a quote one word off another: its head or its tail is the same
VARIANT_MAX_CHANGED = 2  # words changed in a near-verbatim variant
NEAREST_ARTICLES = 3  # the archive's titles for a person: those of the articles nearest in date


# --- the article against the index ----------------------------------------------------------


@dataclass(frozen=True)
class BylineMiss:
    offset: int
    length: int
    written: str
    known: Seen  # the author the archive knows (articles: the article's own left out)


@dataclass(frozen=True)
class FormMiss:
    mentions: tuple[Mention, ...]  # the full names
    written: str
    known: Seen
    surnames: tuple[Mention, ...] = ()  # the surname alone, when the slip is in it


@dataclass(frozen=True)
class TitleDiffers:
    mention: Mention
    title: str
    evidence: TitleSeen
    articles: int  # the archive's articles with this person's form


@dataclass(frozen=True)
class QuoteMatch:
    item: Attribution
    text: str
    seen: QuoteSeen
    changed: int  # words changed (0: the same words)


Miss = TypeVar("Miss", "BylineMiss", "FormMiss")


def referenced(misses: Iterable[Miss], min_articles: object) -> Iterator[tuple[Miss, str]]:
    """The misses whose known form the archive has in at least ``min_articles`` articles (a
    rule's option; never fewer than :data:`MIN_REFERENCE_ARTICLES`), each with the words
    that date the reference (" since DATE", or nothing when its articles have no date)."""
    least = max(MIN_REFERENCE_ARTICLES, int(str(min_articles)))
    for miss in misses:
        known = miss.known
        if known.articles >= least:
            yield miss, f" since {known.first_date}" if known.first_date else ""


@dataclass
class ArchiveFindings:
    bylines: list[BylineMiss] = field(default_factory=list)
    forms: list[FormMiss] = field(default_factory=list)
    titles: list[TitleDiffers] = field(default_factory=list)
    other_speaker: list[QuoteMatch] = field(default_factory=list)
    variants: list[QuoteMatch] = field(default_factory=list)


def archive_findings(
    doc: Document,
    people: NameIndex,
    attributions: list[Attribution],
    day: dt.date | None,
    archive: Archive | None,
    nm001_offsets: frozenset[int] = frozenset(),
) -> ArchiveFindings:
    """What the index says of the article (nothing without an index)."""
    found = ArchiveFindings()
    if archive is None:
        return found
    own = archive.own_articles(doc.path, text_digest(doc.text))
    found.bylines = _bylines(doc, archive, own)
    found.forms = _forms(people, archive, own, nm001_offsets)
    found.titles = _titles(people, archive, own, day)
    found.other_speaker, found.variants = _quotes(doc, people, attributions, archive, own)
    return found


def _bylines(doc: Document, archive: Archive, own: frozenset[int]) -> list[BylineMiss]:
    names = [n for b in doc.bylines if not b.agency for n in b.names]
    if doc.bio is not None:
        names.append(doc.bio.name)
    misses = []
    for name in names:
        key = name_key(name.text)
        if len(key.split()) < 2 or archive.author_articles(key, own):
            continue  # a name the archive has bylined is a known author
        best: Seen | None = None
        for known in archive.known_authors(MIN_REFERENCE_ARTICLES):
            if compare_names(name.text, known.form) != "variant":
                continue
            articles = archive.author_articles(known.key, own)
            if articles >= MIN_REFERENCE_ARTICLES and (best is None or articles > best.articles):
                best = Seen(known.form, known.key, articles, known.first_date, known.last_date,
                            known.first_path)  # fmt: skip
        if best is not None:
            misses.append(BylineMiss(name.offset, name.length, name.text, best))
    return misses


def one_word_slip(written: list[str], known: list[str]) -> bool:
    """All words the same but one, and that one a slip of the other (NM100's test)."""
    if len(written) != len(known):
        return False
    differing = [(a, b) for a, b in zip(written, known, strict=True) if a != b]
    return len(differing) == 1 and near_miss(*differing[0])


def _forms(
    people: NameIndex, archive: Archive, own: frozenset[int], nm001: frozenset[int]
) -> list[FormMiss]:
    by_form: dict[str, list[Mention]] = {}
    for mention, key in name_runs(people):
        by_form.setdefault(key, []).append(mention)
    misses = []
    for key, mentions in by_form.items():
        if any(w.offset in nm001 for m in mentions for w in m.words):
            continue  # written two ways in the article: NM001's business
        parts = key.split()
        if archive.form_articles(key, own):
            continue  # the archive writes it this way too
        candidates = [
            seen
            for seen in archive.forms_like(parts[0], parts[-1], len(parts), own)
            if seen.articles >= MIN_REFERENCE_ARTICLES and one_word_slip(parts, seen.key.split())
        ]
        if candidates:
            best = max(candidates, key=lambda seen: seen.articles)
            surnames: tuple[Mention, ...] = ()
            if parts[-1] != best.key.split()[-1]:
                person = people.people.get(mentions[0].surname.text.casefold())
                alone = person.mentions if person is not None else []
                surnames = tuple(m for m in alone if not m.full and not m.in_quote)
            misses.append(FormMiss(tuple(mentions), mentions[0].text, best, surnames))
    return misses


def _titles(
    people: NameIndex, archive: Archive, own: frozenset[int], day: dt.date | None
) -> list[TitleDiffers]:
    found = []
    checked: set[tuple[str, str]] = set()
    for mention, key in person_forms(people):
        title = written_title(mention)
        if title is None or (key, title_key(title)) in checked:
            continue
        checked.add((key, title_key(title)))
        articles = archive.form_articles(key, own)
        if articles < MIN_REFERENCE_ARTICLES:
            continue
        titles = archive.titles(key, own)
        if any(_same_title(title_key(title), title_key(seen.title)) for seen in titles):
            continue  # a title the archive gives the person: offices are held together
        evidence = _title_evidence(titles, day)
        if evidence:
            found.append(TitleDiffers(mention, title, evidence[0], articles))
    return found


def _title_evidence(titles: list[TitleSeen], day: dt.date | None) -> list[TitleSeen]:
    """The titles to compare with: those of the articles nearest in date when the article
    and the archive's articles have dates; else all of them. Empty when they disagree
    among themselves, or (undated) when no title is written in two articles."""
    dated = [(when, t) for t in titles if (when := _iso_date(t.date)) is not None]
    if day is not None and dated:
        dated.sort(key=lambda pair: (abs((pair[0] - day).days), pair[1].path))
        paths: list[str] = []
        nearest = []
        for _, seen in dated:
            if seen.path not in paths:
                if len(paths) == NEAREST_ARTICLES:
                    break
                paths.append(seen.path)
            nearest.append(seen)
        heads = {title_key(seen.title) for seen in nearest}
        return nearest if len(heads) == 1 and len(paths) >= MIN_REFERENCE_ARTICLES else []
    by_title: dict[str, set[str]] = {}
    for seen in titles:
        by_title.setdefault(title_key(seen.title), set()).add(seen.path)
    if len(by_title) != 1 or len(next(iter(by_title.values()))) < MIN_REFERENCE_ARTICLES:
        return []
    return titles


def _iso_date(text: str | None) -> dt.date | None:
    """A stored ISO date; None when there is none (or the index holds something else)."""
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _same_title(written: str, known: str) -> bool:
    """One title, the other a longer form of it ("president", "russian president")."""
    return written == known or written.endswith(" " + known) or known.endswith(" " + written)


def same_speaker(one: str, other: str) -> bool:
    """Two speaker keys that name one person (or may: a surname and a slip of it)."""
    return compare_names(one, other) != "different" or one.split()[-1] == other.split()[-1]


def _quotes(
    doc: Document,
    people: NameIndex,
    attributions: list[Attribution],
    archive: Archive,
    own: frozenset[int],
) -> tuple[list[QuoteMatch], list[QuoteMatch]]:
    other_speaker, variants = [], []
    sure_here = sure_speakers(doc, people, attributions)
    for item in attributions:
        if item.quote.depth or item.how not in DIRECT or item.speaker is None:
            continue
        speaker = speaker_key(item.speaker.name) if is_named(item) else None
        text = doc.text[item.quote.content_start : item.quote.content_end].strip()
        norm = quote_norm(text)
        words = norm.split()
        if speaker is None or len(words) < QUOTE_MIN_WORDS:
            continue
        exact = [s for s in archive.quotes_exact(norm, own) if _evidence(s)]
        if any(same_speaker(speaker, s.speaker_key or "") for s in exact):
            continue
        if exact:
            sure = [s for s in exact if s.sure]
            if sure and id(item) in sure_here:  # both attributions beyond doubt
                first = min(sure, key=lambda s: (s.date or "", s.path))
                other_speaker.append(QuoteMatch(item, text, first, 0))
            continue
        if len(words) < VARIANT_MIN_WORDS:
            continue
        near = [
            (changed, s)
            for s in archive.quotes_near(*head_and_tail(norm), own)
            if _evidence(s) and same_speaker(speaker, s.speaker_key or "")
            and 0 < (changed := _changed_words(words, s.norm.split())) <= VARIANT_MAX_CHANGED
        ]  # fmt: skip
        if near:
            changed, first = min(near, key=lambda pair: (pair[0], pair[1].date or "", pair[1].path))
            variants.append(QuoteMatch(item, text, first, changed))
    return other_speaker, variants


def _evidence(seen: QuoteSeen) -> bool:
    return seen.speaker_key is not None and seen.how in DIRECT


def _changed_words(words: list[str], other: list[str]) -> int:
    """How many words differ, place by place (-1 when the counts differ)."""
    if len(words) != len(other):
        return -1
    return sum(a != b for a, b in zip(words, other, strict=True))


# --- what the archive knows (the sheets) -------------------------------------------------


def near_forms(archive: Archive, name: str) -> list[Seen]:
    """The person forms of the archive one slipped word from ``name``, most written first."""
    parts = name_key(name).split()
    if len(parts) < 2:
        return []
    found = archive.forms_like(parts[0], parts[-1], len(parts), frozenset())
    near = [seen for seen in found if one_word_slip(parts, seen.key.split())]
    return sorted(near, key=lambda seen: -seen.articles)


def own_articles(doc: Document, archive: Archive) -> frozenset[int]:
    return archive.own_articles(doc.path, text_digest(doc.text))


def person_history(archive: Archive, name: str, own: frozenset[int]) -> dict | None:
    """What the archive knows of a person's full name: how many articles, first and last
    seen, the forms and the titles (latest first); None when it has no article with it."""
    rows = archive.mentions(name_key(name), own)
    if not rows:
        return None
    dates = sorted(date for _, _, date, _ in rows if date)
    titles: dict[str, dict] = {}
    for _, title, date, path in reversed(rows):
        if title and title not in titles:
            titles[title] = {"title": title, "date": date, "path": path}
    return {
        "articles": len({path for *_, path in rows}),
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
        "forms": sorted({form for form, *_ in rows}),
        "titles": list(titles.values()),
    }


def quote_history(archive: Archive, text: str, own: frozenset[int]) -> list[dict]:
    """The archive's quotes with these words, or with a word or two changed: speaker,
    article, date, and how many words differ."""
    norm = quote_norm(text)
    words = norm.split()
    if len(words) < QUOTE_MIN_WORDS:
        return []
    found = [(0, seen) for seen in archive.quotes_exact(norm, own)]
    if len(words) >= VARIANT_MIN_WORDS:
        for seen in archive.quotes_near(*head_and_tail(norm), own):
            changed = _changed_words(words, seen.norm.split())
            if 0 < changed <= VARIANT_MAX_CHANGED:
                found.append((changed, seen))
    found.sort(key=lambda pair: (pair[0], pair[1].date or "", pair[1].path))
    return [
        {"speaker": s.speaker, "date": s.date, "path": s.path, "words_changed": changed,
         "text": s.text.strip()}
        for changed, s in found
    ]  # fmt: skip
