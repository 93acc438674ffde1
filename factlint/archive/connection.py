"""The archive index file's format and its connections: the schema, what tells an index
of this factlint from another SQLite file, and the one-line :class:`ArchiveError` a bad file
(missing, corrupt, foreign, an older schema, locked) becomes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from factlint.core.errors import InputError

FORMAT = "factlint-archive"
SCHEMA_VERSION = 2  # 2: quote.sure
BUSY_SECONDS = 5.0  # how long a reader or writer waits for a lock before it gives up

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE article (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    digest TEXT NOT NULL,
    date TEXT,
    byline TEXT
);
CREATE INDEX article_digest ON article(digest);
CREATE TABLE author (
    article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL
);
CREATE INDEX author_key ON author(name_key);
CREATE INDEX author_article ON author(article_id);
CREATE TABLE person (
    article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    form TEXT NOT NULL,
    form_key TEXT NOT NULL,
    first_key TEXT NOT NULL,
    last_key TEXT NOT NULL,
    words INTEGER NOT NULL,
    title TEXT,
    title_key TEXT,
    date TEXT
);
CREATE INDEX person_last ON person(last_key, words);
CREATE INDEX person_first ON person(first_key, words);
CREATE INDEX person_form ON person(form_key);
CREATE INDEX person_article ON person(article_id);
CREATE TABLE quote (
    article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    norm TEXT NOT NULL,
    head TEXT NOT NULL,
    tail TEXT NOT NULL,
    words INTEGER NOT NULL,
    speaker TEXT,
    speaker_key TEXT,
    how TEXT NOT NULL,
    date TEXT,
    sure INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX quote_norm ON quote(norm);
CREATE INDEX quote_head ON quote(head);
CREATE INDEX quote_tail ON quote(tail);
CREATE INDEX quote_article ON quote(article_id);
"""
TABLES = ("meta", "article", "author", "person", "quote")


class ArchiveError(InputError):
    """An archive index that cannot be used; the message names the file."""


def connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        uri = path.resolve().as_uri() + "?mode=ro"
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, check_same_thread=False)
    else:
        connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    connection.execute("PRAGMA trusted_schema=OFF")  # a file's views and triggers run nothing
    return connection


def problem(path: Path, exc: sqlite3.Error) -> ArchiveError:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "locked" in text or "busy" in text:
        why = f"the database is locked ({text}); try again when the writer is done"
    elif "not a database" in text or "malformed" in text or "corrupt" in text:
        why = f"not a readable SQLite database ({text}); rebuild it with `factlint index build`"
    else:
        why = f"cannot be read ({text})"
    return ArchiveError(f"archive {path}: {why}")


def read_meta(connection: sqlite3.Connection) -> dict[str, str]:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if "meta" not in tables:
        return {}
    return dict(connection.execute("SELECT key, value FROM meta").fetchall())


def check_meta(path: Path, meta: dict[str, str]) -> None:
    if meta.get("format") != FORMAT:
        raise ArchiveError(
            f"archive {path}: not a factlint archive index (another SQLite database); "
            "name another file under `archive:`, or remove it and run `factlint index build`"
        )
    version = meta.get("schema", "")
    if version != str(SCHEMA_VERSION):
        raise ArchiveError(
            f"archive {path}: written with index schema {version or '?'}, this factlint reads "
            f"schema {SCHEMA_VERSION}; rebuild it with `factlint index build`"
        )
