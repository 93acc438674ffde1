"""Grammar results cached per paragraph: in memory for a run (the latest
:data:`MEMORY_ENTRIES`), on disk across runs.

The key is a hash of the backend's name and version, the settings that change its answer,
and the paragraph's text, so an unchanged paragraph is never checked twice and a new
engine version or setting never reuses an old answer. The disk cache is one SQLite file in
``$FACTLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/factlint``, else ``~/.cache/factlint``
(``--cache-dir`` names another); a cache that cannot be opened or written is skipped,
never an error.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

from factlint.backends.base import GrammarMatch
from factlint.core.cachefile import cache_dir

__all__ = ["GrammarCache", "cache_dir"]

MEMORY_ENTRIES = 20_000  # paragraphs kept in memory: a language server runs for days
SCHEMA = "create table if not exists grammar (key text primary key, matches text not null)"


class GrammarCache:
    def __init__(self, persistent: bool, directory: str | None = None) -> None:
        self._memory: dict[str, list[GrammarMatch]] = {}
        self._db = self._open(directory) if persistent else None

    @staticmethod
    def key(prefix: str, text: str) -> str:
        return hashlib.sha256(f"{prefix}\x00{text}".encode()).hexdigest()

    def get(self, key: str) -> list[GrammarMatch] | None:
        if key in self._memory:
            return self._memory[key]
        if self._db is None:
            return None
        try:
            row = self._db.execute("select matches from grammar where key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        matches = _matches(row[0])
        if matches is None:  # not what put() wrote: a cache folder others can write
            return None
        self._remember(key, matches)
        return matches

    def put(self, key: str, matches: list[GrammarMatch]) -> None:
        self._remember(key, matches)
        if self._db is None:
            return
        payload = json.dumps([m.to_json() for m in matches])
        try:
            with self._db:
                self._db.execute("insert or replace into grammar values (?, ?)", (key, payload))
        except sqlite3.Error:
            self._db = None  # read-only disk, full disk, locked: go on without it

    def _remember(self, key: str, matches: list[GrammarMatch]) -> None:
        """Keep ``matches`` in memory, forgetting the oldest entry past the limit."""
        if len(self._memory) >= MEMORY_ENTRIES:
            del self._memory[next(iter(self._memory))]
        self._memory[key] = matches

    @staticmethod
    def _open(directory: str | None) -> sqlite3.Connection | None:
        try:
            folder = cache_dir(directory)
            folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(folder / "grammar.sqlite3", timeout=5)
            db.execute(SCHEMA)
            return db
        except (OSError, sqlite3.Error):
            return None


def _matches(stored: object) -> list[GrammarMatch] | None:
    """The matches :meth:`GrammarCache.put` stored as ``stored``; None for anything else
    (other JSON, other types, not JSON at all), never an error."""
    try:
        raw = json.loads(stored)  # type: ignore[arg-type]
        matches = [GrammarMatch.from_json(m) for m in raw]
        if [m.to_json() for m in matches] != raw or not all(map(_plain, matches)):
            return None
    except Exception:
        return None
    return matches


def _plain(match: GrammarMatch) -> bool:
    words = (match.rule, match.category, match.message, *match.replacements, *match.names)
    return (
        all(type(n) is int and n >= 0 for n in (match.offset, match.length))
        and all(isinstance(word, str) for word in words)
        and type(match.spelling) is bool
    )
