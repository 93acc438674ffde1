"""The archive index file: its schema, the rows one article gives it, writing them in one
transaction, and the lookups the archive rules make at check time (by index, never by
scanning every article). The schema is written up in :mod:`factlint.archive`.

Problems with the file (missing, corrupt, foreign, an older schema, locked) are an
:class:`ArchiveError`: one line naming the file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


# --- reading ---------------------------------------------------------------------------


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        uri = path.resolve().as_uri() + "?mode=ro"
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, check_same_thread=False)
    else:
        connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    connection.execute("PRAGMA trusted_schema=OFF")  # a file's views and triggers run nothing
    return connection


def _problem(path: Path, exc: sqlite3.Error) -> ArchiveError:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "locked" in text or "busy" in text:
        why = f"the database is locked ({text}); try again when the writer is done"
    elif "not a database" in text or "malformed" in text or "corrupt" in text:
        why = f"not a readable SQLite database ({text}); rebuild it with `factlint index build`"
    else:
        why = f"cannot be read ({text})"
    return ArchiveError(f"archive {path}: {why}")


def _meta(connection: sqlite3.Connection) -> dict[str, str]:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if "meta" not in tables:
        return {}
    return dict(connection.execute("SELECT key, value FROM meta").fetchall())


def _check_meta(path: Path, meta: dict[str, str]) -> None:
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


class Archive:
    """An archive index opened for reading (check time). Thread-safe; picklable (the
    connection is opened again in the process it lands in)."""

    def __init__(self, path: Path, connection: sqlite3.Connection | None = None) -> None:
        self.path = path
        self._connection = connection
        self._lock = threading.Lock()
        self._authors: dict[int, list[Seen]] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"])  # type: ignore[misc]

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            try:
                if self._connection is None:
                    self._connection = _connect(self.path, read_only=True)
                return self._connection.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise _problem(self.path, exc) from None

    @property
    def generation(self) -> str:
        """A token that changes at every write (the result cache keys on it)."""
        rows = self._rows("SELECT value FROM meta WHERE key = 'generation'")
        return rows[0][0] if rows else ""

    @property
    def root(self) -> Path:
        rows = self._rows("SELECT value FROM meta WHERE key = 'root'")
        return Path(rows[0][0]) if rows else self.path.parent

    def own_articles(self, path: str, digest: str) -> frozenset[int]:
        """The ids of an article's own indexed versions: the same path or the same text."""
        stored = stored_path(path, self.root)
        sql = "SELECT id FROM article WHERE path = ? OR digest = ?"
        return frozenset(row[0] for row in self._rows(sql, (stored, digest)))

    def known_authors(self, min_articles: int) -> list[Seen]:
        """Bylined names with at least ``min_articles`` articles (read once a process)."""
        if min_articles not in self._authors:
            sql = (
                f"SELECT ({_USUAL_AUTHOR}), author.name_key, COUNT(DISTINCT article.id), "
                "MIN(article.date), MAX(article.date), MIN(article.path) "
                "FROM author JOIN article ON article.id = author.article_id "
                "GROUP BY author.name_key HAVING COUNT(DISTINCT article.id) >= ?"
            )
            self._authors[min_articles] = [Seen(*row) for row in self._rows(sql, (min_articles,))]
        return self._authors[min_articles]

    def author_articles(self, key: str, own: frozenset[int]) -> int:
        """How many articles (``own`` left out) are bylined with this name."""
        leave_out, ids = _leave_out("w", own)
        sql = f"SELECT COUNT(DISTINCT w.article_id) FROM author w WHERE w.name_key = ?{leave_out}"
        return int(self._rows(sql, (key, *ids))[0][0])

    def forms_like(self, first: str, last: str, words: int, own: frozenset[int]) -> list[Seen]:
        """Person forms of ``words`` words that share the first or the last word's key,
        with the articles that write each (``own`` left out)."""
        leave_out, ids = _leave_out("p", own)
        found: dict[str, Seen] = {}
        for column, value in (("last_key", last), ("first_key", first)):
            sql = (
                "SELECT p.form_key, COUNT(DISTINCT p.article_id), MIN(a.date), "
                "MAX(a.date), MIN(a.path) FROM person p JOIN article a ON a.id = p.article_id "
                f"WHERE p.words = ? AND p.{column} = ?{leave_out} GROUP BY p.form_key"
            )
            for key, *rest in self._rows(sql, (words, value, *ids)):
                if key not in found:
                    found[key] = Seen(self.usual_form(key, own), key, *rest)
        return list(found.values())

    def usual_form(self, key: str, own: frozenset[int]) -> str:
        """The exact spelling of a person form that most articles write (``own`` left out;
        the key is case-folded, so "HIllary Clinton" and "Hillary Clinton" share one)."""
        leave_out, ids = _leave_out("p", own)
        sql = (
            "SELECT p.form FROM person p "
            f"WHERE p.form_key = ?{leave_out} GROUP BY p.form "
            "ORDER BY COUNT(DISTINCT p.article_id) DESC, p.form LIMIT 1"
        )
        rows = self._rows(sql, (key, *ids))
        return str(rows[0][0]) if rows else key

    def form_articles(self, key: str, own: frozenset[int]) -> int:
        """How many articles (``own`` left out) write this person form."""
        leave_out, ids = _leave_out("p", own)
        sql = f"SELECT COUNT(DISTINCT p.article_id) FROM person p WHERE p.form_key = ?{leave_out}"
        return int(self._rows(sql, (key, *ids))[0][0])

    def titles(self, key: str, own: frozenset[int]) -> list[TitleSeen]:
        """The titles written before this person form, with each article's date and path."""
        leave_out, ids = _leave_out("p", own)
        sql = (
            "SELECT p.title, p.title_key, a.date, a.path FROM person p "
            "JOIN article a ON a.id = p.article_id "
            f"WHERE p.form_key = ? AND p.title IS NOT NULL{leave_out}"
        )
        return [TitleSeen(*row) for row in self._rows(sql, (key, *ids))]

    def mentions(self, key: str, own: frozenset[int]) -> list[tuple]:
        """Each article's rows for this person form: form, title, date, path."""
        leave_out, ids = _leave_out("p", own)
        sql = (
            "SELECT p.form, p.title, a.date, a.path FROM person p "
            f"JOIN article a ON a.id = p.article_id WHERE p.form_key = ?{leave_out} "
            "ORDER BY a.date, a.path"
        )
        return self._rows(sql, (key, *ids))

    def quotes_exact(self, norm: str, own: frozenset[int]) -> list[QuoteSeen]:
        return self._quotes("q.norm = ?", norm, own)

    def quotes_near(self, head: str, tail: str, own: frozenset[int]) -> list[QuoteSeen]:
        """Quotes that share the head or the tail (four words) with a quote."""
        found = self._quotes("q.head = ?", head, own) + self._quotes("q.tail = ?", tail, own)
        return list({(q.path, q.norm): q for q in found}.values())

    def _quotes(self, where: str, value: str, own: frozenset[int]) -> list[QuoteSeen]:
        leave_out, ids = _leave_out("q", own)
        sql = (
            "SELECT q.text, q.norm, q.speaker, q.speaker_key, q.how, a.date, a.path, q.sure "
            f"FROM quote q JOIN article a ON a.id = q.article_id WHERE {where}{leave_out}"
        )
        return [
            QuoteSeen(text, norm, speaker, key, how, date, path, bool(sure))
            for text, norm, speaker, key, how, date, path, sure in self._rows(sql, (value, *ids))
        ]

    def person(self, name_key: str) -> dict[str, Any]:
        """What the index holds on a person form (``factlint index show``)."""
        rows = self._rows(
            "SELECT p.form, p.title, a.date, a.path FROM person p "
            "JOIN article a ON a.id = p.article_id WHERE p.form_key = ? ORDER BY a.date, a.path",
            (name_key,),
        )
        quotes = self._rows(
            "SELECT q.text, a.date, a.path FROM quote q JOIN article a ON a.id = q.article_id "
            "WHERE q.speaker_key = ? ORDER BY a.date, a.path",
            (name_key,),
        )
        authored = self._rows(
            "SELECT a.date, a.path FROM author w JOIN article a ON a.id = w.article_id "
            "WHERE w.name_key = ? ORDER BY a.date, a.path",
            (name_key,),
        )
        return {"mentions": rows, "quotes": quotes, "bylines": authored}

    def stats(self) -> Stats:
        counts = [
            int(self._rows(f"SELECT COUNT(*) FROM {table}")[0][0])
            for table in ("article", "author", "person", "quote")
        ]
        forms = int(self._rows("SELECT COUNT(DISTINCT form_key) FROM person")[0][0])
        meta = dict(self._rows("SELECT key, value FROM meta"))
        size = sum(
            p.stat().st_size
            for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm"))
            if p.exists()
        )
        return Stats(
            self.path,
            counts[0],
            counts[1],
            counts[2],
            forms,
            counts[3],
            size,
            meta.get("updated"),
            int(meta.get("schema", "0")),
            json.loads(meta.get("sources", "[]")),
        )

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


# A byline's usual exact spelling: the one most articles print (the key is case-folded).
_USUAL_AUTHOR = (
    "SELECT u.name FROM author u WHERE u.name_key = author.name_key GROUP BY u.name "
    "ORDER BY COUNT(DISTINCT u.article_id) DESC, u.name LIMIT 1"
)


def _leave_out(alias: str, own: frozenset[int]) -> tuple[str, tuple[int, ...]]:
    """The end of a WHERE clause that leaves out the articles ``own``, and its values."""
    if not own:
        return "", ()
    return f" AND {alias}.article_id NOT IN ({', '.join('?' * len(own))})", tuple(sorted(own))


def open_archive(path: Path) -> Archive:
    """The index at ``path``, checked to be one this factlint reads. Raises
    :class:`ArchiveError`."""
    if not path.is_file():
        why = "a folder" if path.is_dir() else "no such file"
        raise ArchiveError(f"archive {path}: {why} (build it with `factlint index build`)")
    try:
        connection = _connect(path, read_only=True)
        _check_meta(path, _meta(connection))
    except sqlite3.Error as exc:
        raise _problem(path, exc) from None
    return Archive(path, connection)


# --- writing ---------------------------------------------------------------------------


class ArchiveWriter:
    """The index opened for writing: made when missing, with the schema; every change in
    :meth:`transaction` is one transaction."""

    def __init__(self, path: Path, *, fresh: bool = False) -> None:
        """``fresh``: a build, which may replace an index of an older schema (never a
        foreign database)."""
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = _connect(path, read_only=False)
            self._prepare(fresh)  # first: a file that is not ours is left as it is
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as exc:
            raise _problem(path, exc) from None
        except OSError as exc:
            raise ArchiveError(f"archive {path}: cannot write it ({exc.strerror or exc})") from None

    def _prepare(self, fresh: bool) -> None:
        meta = _meta(self.connection)
        tables = {r[0] for r in self.connection.execute("SELECT name FROM sqlite_master")}
        if not tables:
            self.connection.executescript(
                "BEGIN;" + SCHEMA + "INSERT INTO meta VALUES ('format', '" + FORMAT + "'), "
                f"('schema', '{SCHEMA_VERSION}'); COMMIT;"
            )
            return
        if meta.get("format") != FORMAT:
            _check_meta(self.path, meta)  # raises: a foreign database is never overwritten
        if meta.get("schema") != str(SCHEMA_VERSION):
            if not fresh:
                _check_meta(self.path, meta)
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
        return _meta(self.connection)

    @contextmanager
    def transaction(self) -> Iterator[_Changes]:
        """One write: all of it or nothing (an exception rolls it back)."""
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _problem(self.path, exc) from None
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
