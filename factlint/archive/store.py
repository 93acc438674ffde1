"""The archive index opened for reading: the lookups the archive rules make at check time
(by index, never by scanning every article). The schema is written up in
:mod:`factlint.archive`; its format and connections are :mod:`~factlint.archive.connection`,
its rows :mod:`~factlint.archive.rows`, and writing it :mod:`~factlint.archive.writer`
(all named here too, as before the split).

Problems with the file (missing, corrupt, foreign, an older schema, locked) are an
:class:`ArchiveError`: one line naming the file.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from factlint.archive.connection import (
    SCHEMA_VERSION,
    ArchiveError,
    check_meta,
    connect,
    problem,
    read_meta,
)
from factlint.archive.rows import (
    ArticleRecord,
    AuthorRow,
    PersonRow,
    QuoteRow,
    QuoteSeen,
    Seen,
    Stats,
    TitleSeen,
    head_and_tail,
    stored_path,
)
from factlint.archive.writer import ArchiveWriter, table_rows

__all__ = [
    "SCHEMA_VERSION",
    "Archive",
    "ArchiveError",
    "ArchiveWriter",
    "ArticleRecord",
    "AuthorRow",
    "PersonRow",
    "QuoteRow",
    "QuoteSeen",
    "Seen",
    "Stats",
    "TitleSeen",
    "head_and_tail",
    "open_archive",
    "stored_path",
    "table_rows",
]


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
                    self._connection = connect(self.path, read_only=True)
                return self._connection.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise problem(self.path, exc) from None

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
        connection = connect(path, read_only=True)
        check_meta(path, read_meta(connection))
    except sqlite3.Error as exc:
        raise problem(path, exc) from None
    return Archive(path, connection)
