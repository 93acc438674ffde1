"""The rows one article gives the archive index, and what its lookups give back: plain
data, picklable (a build's workers send :class:`ArticleRecord` to the one process that
writes)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# --- what one article gives the index ------------------------------------------------


@dataclass(frozen=True)
class AuthorRow:
    name: str
    key: str


@dataclass(frozen=True)
class PersonRow:
    form: str
    key: str  # the form's parts, case-folded and accent-free, joined by spaces
    title: str | None = None
    title_key: str | None = None

    @property
    def parts(self) -> list[str]:
        return self.key.split()


@dataclass(frozen=True)
class QuoteRow:
    text: str
    norm: str  # normalised: case-folded words, one space apart
    speaker: str | None
    speaker_key: str | None  # the speaker's surname, case-folded; None: not a name
    how: str
    sure: bool = False  # the speaker named next to the quote, no other person between

    @property
    def words(self) -> list[str]:
        return self.norm.split()


HEAD_WORDS = 4  # the words of a quote's head and tail keys


def head_and_tail(norm: str) -> tuple[str, str]:
    words = norm.split()
    return " ".join(words[:HEAD_WORDS]), " ".join(words[-HEAD_WORDS:])


@dataclass(frozen=True)
class ArticleRecord:
    """Every row one article gives the index (what a build worker sends back)."""

    path: str  # as stored: relative to the index's root when inside it
    digest: str
    date: str | None = None
    byline: str | None = None
    authors: tuple[AuthorRow, ...] = ()
    people: tuple[PersonRow, ...] = ()
    quotes: tuple[QuoteRow, ...] = ()


# --- what the lookups give -------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    """A name form and the articles that write it (its own article left out)."""

    form: str
    key: str
    articles: int
    first_date: str | None
    last_date: str | None
    first_path: str


@dataclass(frozen=True)
class TitleSeen:
    title: str
    title_key: str
    date: str | None
    path: str


@dataclass(frozen=True)
class QuoteSeen:
    text: str
    norm: str
    speaker: str | None
    speaker_key: str | None
    how: str
    date: str | None
    path: str
    sure: bool = False


@dataclass(frozen=True)
class Stats:
    path: Path
    articles: int
    authors: int
    people: int
    forms: int
    quotes: int
    size: int
    updated: str | None
    schema: int
    sources: list[str] = field(default_factory=list)


def stored_path(path: str, root: Path) -> str:
    """``path`` as the index stores it: relative to ``root`` (POSIX) when inside it (both
    made absolute, symbolic links as written: a check and a build name files alike)."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return Path(path).as_posix()
