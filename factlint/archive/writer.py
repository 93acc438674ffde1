"""Writing the archive index: made when missing, with the schema; every change one
transaction (WAL: a reader sees the index before or after it, never half of it)."""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from factlint.archive.connection import (
    FORMAT,
    SCHEMA,
    SCHEMA_VERSION,
    TABLES,
    ArchiveError,
    check_meta,
    connect,
    problem,
    read_meta,
)
from factlint.archive.rows import ArticleRecord, head_and_tail


class ArchiveWriter:
    """The index opened for writing: made when missing, with the schema; every change in
    :meth:`transaction` is one transaction."""

    def __init__(self, path: Path, *, fresh: bool = False) -> None:
        """``fresh``: a build, which may replace an index of an older schema (never a
        foreign database)."""
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = connect(path, read_only=False)
            self._prepare(fresh)  # first: a file that is not ours is left as it is
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as exc:
            raise problem(path, exc) from None
        except OSError as exc:
            raise ArchiveError(f"archive {path}: cannot write it ({exc.strerror or exc})") from None

    def _prepare(self, fresh: bool) -> None:
        meta = read_meta(self.connection)
        tables = {r[0] for r in self.connection.execute("SELECT name FROM sqlite_master")}
        if not tables:
            self.connection.executescript(
                "BEGIN;" + SCHEMA + "INSERT INTO meta VALUES ('format', '" + FORMAT + "'), "
                f"('schema', '{SCHEMA_VERSION}'); COMMIT;"
            )
            return
        if meta.get("format") != FORMAT:
            check_meta(self.path, meta)  # raises: a foreign database is never overwritten
        if meta.get("schema") != str(SCHEMA_VERSION):
            if not fresh:
                check_meta(self.path, meta)
            drops = "".join(f"DROP TABLE IF EXISTS {table};" for table in reversed(TABLES))
            self.connection.executescript(
                "BEGIN;"
                + drops
                + SCHEMA
                + "INSERT INTO meta VALUES ('format', '"
                + FORMAT
                + f"'), ('schema', '{SCHEMA_VERSION}'); COMMIT;"
            )

    def digests(self) -> dict[str, str]:
        """The stored paths and the digest of each."""
        return dict(self.connection.execute("SELECT path, digest FROM article").fetchall())

    def meta(self) -> dict[str, str]:
        return read_meta(self.connection)

    @contextmanager
    def transaction(self) -> Iterator[_Changes]:
        """One write: all of it or nothing (an exception rolls it back)."""
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise problem(self.path, exc) from None
        changes = _Changes(self.connection)
        try:
            yield changes
            changes.stamp()
            self.connection.execute("COMMIT")
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Close, folding the write-ahead log into the file when no reader holds it."""
        with suppress(sqlite3.Error):
            self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.connection.close()


class _Changes:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def clear(self) -> None:
        for table in ("quote", "person", "author", "article"):
            self.connection.execute(f"DELETE FROM {table}")

    def delete(self, paths: Iterable[str]) -> None:
        for path in paths:
            self.connection.execute("DELETE FROM article WHERE path = ?", (path,))

    def put(self, record: ArticleRecord) -> None:
        """Add an article's rows, in place of those of its path."""
        execute = self.connection.execute
        execute("DELETE FROM article WHERE path = ?", (record.path,))
        cursor = execute(
            "INSERT INTO article (path, digest, date, byline) VALUES (?, ?, ?, ?)",
            (record.path, record.digest, record.date, record.byline),
        )
        article = cursor.lastrowid
        authors = [(article, a.name, a.key) for a in record.authors]
        self.connection.executemany("INSERT INTO author VALUES (?, ?, ?)", authors)
        self.connection.executemany(
            "INSERT INTO person VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (article, p.form, p.key, p.parts[0], p.parts[-1], len(p.parts), p.title,
                 p.title_key, record.date)
                for p in record.people
                if p.parts
            ],
        )  # fmt: skip
        self.connection.executemany(
            "INSERT INTO quote VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (article, q.text, q.norm, *head_and_tail(q.norm), len(q.words), q.speaker,
                 q.speaker_key, q.how, record.date, int(q.sure))
                for q in record.quotes
            ],
        )  # fmt: skip

    def set_meta(self, key: str, value: str) -> None:
        self.connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def stamp(self) -> None:
        self.set_meta("generation", secrets.token_hex(8))
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        self.set_meta("updated", now.isoformat().replace("+00:00", "Z"))


def table_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table but ``meta``, sorted, ids replaced by article paths: two
    indexes hold the same when these are equal (the bench and the tests compare builds)."""
    connection = sqlite3.connect(path)
    try:
        paths = dict(connection.execute("SELECT id, path FROM article").fetchall())
        found: dict[str, list[tuple]] = {}
        for table in ("article", "author", "person", "quote"):
            rows = connection.execute(f"SELECT * FROM {table}").fetchall()
            if table == "article":
                plain = [tuple(row[1:]) for row in rows]
            else:
                plain = [(paths[row[0]], *row[1:]) for row in rows]
            found[table] = sorted(plain, key=_sortable)
        return found
    finally:
        connection.close()


def _sortable(row: tuple) -> tuple:
    return tuple((value is None, "" if value is None else str(value)) for value in row)
