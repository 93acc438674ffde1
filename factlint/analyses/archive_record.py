"""What an article gives the desk's archive index: its date, its bylined authors, each
full name it gives a person with the title written before it, and each direct quote with
its speaker as ``factlint quotes`` resolves it (``factlint index build`` runs it on every
article, in worker processes)."""

from __future__ import annotations

import datetime as dt

import regex

from factlint.analyses.archive_keys import (
    QUOTE_MIN_WORDS,
    name_key,
    quote_norm,
    speaker_key,
    text_digest,
    title_key,
)
from factlint.analyses.archive_sure import is_named, sure_speakers
from factlint.analyses.attribution import Attribution
from factlint.analyses.people import Mention, NameIndex
from factlint.archive.store import ArticleRecord, AuthorRow, PersonRow, QuoteRow
from factlint.article.document import Document

_NAME_WORD = regex.compile(r"^\p{Lu}")


def article_record(
    doc: Document,
    people: NameIndex,
    attributions: list[Attribution],
    day: dt.date | None,
    path: str,
) -> ArticleRecord:
    """The rows of one article, stored under ``path``."""
    authors = _authors(doc)
    return ArticleRecord(
        path=path,
        digest=text_digest(doc.text),
        date=day.isoformat() if day else None,
        byline=", ".join(a.name for a in authors) or None,
        authors=tuple(authors),
        people=tuple(_people_rows(people)),
        quotes=tuple(_quote_rows(doc, people, attributions)),
    )


def _authors(doc: Document) -> list[AuthorRow]:
    found: dict[str, AuthorRow] = {}
    for byline in doc.bylines:
        if byline.agency:
            continue
        for name in byline.names:
            key = name_key(name.text)
            if len(key.split()) >= 2:
                found.setdefault(key, AuthorRow(name.text, key))
    return list(found.values())


def person_forms(people: NameIndex) -> list[tuple[Mention, str]]:
    """The full-name mentions of people outside quotes, with each one's key."""
    keyed = ((m, _plain_name_key(m)) for p in people.people.values() for m in p.full_mentions)
    return [(mention, key) for mention, key in keyed if key is not None]


def name_runs(people: NameIndex) -> list[tuple[Mention, str]]:
    """Every run of two capitalised name words or more outside quotes, with its key: the
    people's full names, and runs the article gives no sign of being a person (a slipped
    given name is no known given name: "Mifhael Owen")."""
    keyed = ((m, _plain_name_key(m)) for m in people.mentions if m.full)
    return [(mention, key) for mention, key in keyed if key is not None]


def _plain_name_key(mention: Mention) -> str | None:
    """The key of a name of two words or more written in the article's own voice (not in
    a quote, a list or as an attributive, not in capitals), or None."""
    if mention.in_quote or mention.in_list or mention.attributive or mention.text.isupper():
        return None
    if not all(_NAME_WORD.match(w.text) for w in mention.words):
        return None
    key = name_key(mention.text)
    return key if len(key.split()) >= 2 else None


def written_title(mention: Mention) -> str | None:
    """The title written right before a mention (not a courtesy title)."""
    return mention.title if mention.title and not mention.courtesy else None


def _people_rows(people: NameIndex) -> list[PersonRow]:
    rows: dict[tuple[str, str | None], PersonRow] = {}
    for mention, key in person_forms(people):
        title = written_title(mention)
        rows.setdefault(
            (key, title and title_key(title)),
            PersonRow(mention.text, key, title, title and title_key(title)),
        )
    return list(rows.values())


def _quote_rows(
    doc: Document, people: NameIndex, attributions: list[Attribution]
) -> list[QuoteRow]:
    rows = []
    sure = sure_speakers(doc, people, attributions)
    for item in attributions:
        if item.quote.depth:
            continue
        text = doc.text[item.quote.content_start : item.quote.content_end].strip()
        norm = quote_norm(text)
        if len(norm.split()) < QUOTE_MIN_WORDS:
            continue
        speaker = item.speaker.name if item.speaker else None
        key = speaker_key(speaker) if is_named(item) else None  # "he": a guess, no evidence
        rows.append(QuoteRow(text, norm, speaker, key, item.how, id(item) in sure))
    return rows
