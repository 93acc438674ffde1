"""The result cache's storage (see :mod:`factlint.engine.result_cache`): one SQLite file of
JSON text, bounded, safe for several processes at once; a damaged file is moved aside,
never deleted, and any other problem turns the cache off for the process."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import sys
import time
from pathlib import Path
from typing import Any

from factlint.backends.cache import cache_dir

RESULTS_FOLDER = "results"
SIZE_LIMIT = 200 * 1024 * 1024  # bytes of keys and values stored
TIMEOUT = 5.0  # seconds to wait for another process's write before going on without
MAX_VALUE = 64 * 1024 * 1024  # characters of one stored value: a larger one is not read
DATABASE = "cache.db"  # in the results folder; factlint creates it and owns only it
_TABLE = "factlint_results"
_SCHEMA = (
    f"create table if not exists {_TABLE} (key text primary key, value text not null,"
    " size integer not null, stored integer not null)",
    f"create index if not exists {_TABLE}_stored on {_TABLE} (stored)",
    f"create table if not exists {_TABLE}_total (id integer primary key, bytes integer not null)",
    f"insert or ignore into {_TABLE}_total values (0, 0)",
    f"create trigger if not exists {_TABLE}_added after insert on {_TABLE} begin"
    f" update {_TABLE}_total set bytes = bytes + new.size; end",
    f"create trigger if not exists {_TABLE}_removed after delete on {_TABLE} begin"
    f" update {_TABLE}_total set bytes = bytes - old.size; end",
    f"create trigger if not exists {_TABLE}_replaced after update on {_TABLE} begin"
    f" update {_TABLE}_total set bytes = bytes + new.size - old.size; end",
)
_PUT = (
    f"insert into {_TABLE} (key, value, size, stored) values (?, ?, ?, ?) on conflict (key)"
    " do update set value = excluded.value, size = excluded.size, stored = excluded.stored"
)
EVICT_TO = 0.9  # past the size limit, the oldest entries go until this share is left


class ResultCache:
    """The results stored in ``directory``/:data:`DATABASE`, a plain SQLite file of JSON
    text (never a pickle: nothing read from it can run code). Picklable; the store is
    opened on first use in each process (a store inherited over a fork is left alone,
    never used), and any problem with it makes :meth:`get` miss and :meth:`put` do
    nothing. A damaged database is moved aside (and said so on stderr), never deleted;
    nothing else in ``directory`` is touched."""

    def __init__(self, directory: Path, size_limit: int = SIZE_LIMIT) -> None:
        self.directory = directory
        self.size_limit = size_limit
        self._store: sqlite3.Connection | None = None
        self._pid = 0
        self._rebuilt = False
        self._opened: int | None = None  # the inode of the database file opened
        self._off = False  # a problem that rebuilding did not, or cannot, cure

    @classmethod
    def in_folder(cls, folder: str | Path | None = None) -> ResultCache:
        """The cache under factlint's cache folder: ``folder`` (``--cache-dir``), else
        the environment's (``$FACTLINT_CACHE_DIR`` ...); absolute, for any process."""
        return cls(cache_dir(folder).absolute() / RESULTS_FOLDER)

    @property
    def path(self) -> Path:
        return self.directory / DATABASE

    def __getstate__(self) -> dict[str, Any]:
        return {"directory": self.directory, "size_limit": self.size_limit}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["directory"], state["size_limit"])  # type: ignore[misc]

    def get(self, key: str) -> dict[str, Any] | None:
        store = self._open()
        if store is None:
            return None
        try:
            row = store.execute(
                f"select value from {_TABLE} where key = ? and length(value) <= ?",
                (key, MAX_VALUE),
            ).fetchone()
        except Exception as exc:
            self._failed(exc)
            return None
        return None if row is None else _loads(row[0])

    def put(self, key: str, value: dict[str, Any]) -> None:
        store = self._open()
        if store is None:
            return
        text = json.dumps(value, separators=(",", ":"))
        size = len(key) + len(text.encode())
        try:
            store.execute("begin immediate")
            try:
                store.execute(_PUT, (key, text, size, time.time_ns()))
                self._evict(store)
            except BaseException:
                store.execute("rollback")
                raise
            store.execute("commit")
        except Exception as exc:
            self._failed(exc)

    def close(self) -> None:
        if self._store is not None and self._pid == os.getpid():
            self._store.close()
        self._store = None

    def _evict(self, store: sqlite3.Connection) -> None:
        """Past the size limit, delete the least recently stored entries."""
        (total,) = store.execute(f"select bytes from {_TABLE}_total").fetchone()
        if total <= self.size_limit:
            return
        excess, doomed = total - int(self.size_limit * EVICT_TO), []
        for key, size in store.execute(f"select key, size from {_TABLE} order by stored, key"):
            if excess <= 0:
                break
            doomed.append((key,))
            excess -= size
        store.executemany(f"delete from {_TABLE} where key = ?", doomed)

    def _open(self) -> sqlite3.Connection | None:
        if self._off:
            return None
        if self._store is not None and self._pid == os.getpid():
            return self._store
        if self._store is not None:  # inherited over a fork: the parent's connection
            _INHERITED.append(self._store)  # never used, nor closed, here
        self._store, self._pid = None, os.getpid()
        for _ in range(2):  # a damaged store is moved aside and made anew, once
            try:
                self._store = self._connect()
                return self._store
            except Exception as exc:
                self._drop()
                if not self._rebuild(exc):
                    break
        self._off = True
        return None

    def _connect(self) -> sqlite3.Connection:
        self.directory.mkdir(parents=True, exist_ok=True)
        kind = _not_regular(self.path)
        if kind is not None:
            _note(self.path, f"{kind}, not a result cache; running without the result cache")
            raise _Unusable(kind)
        self._opened = _inode(self.path)
        store = sqlite3.connect(self.path, timeout=TIMEOUT, isolation_level=None)
        try:
            for pragma in ("trusted_schema = off", "cell_size_check = on"):
                store.execute(f"pragma {pragma}")  # a hostile file's schema runs nothing
            store.execute("pragma journal_mode = wal")  # readers never wait for a writer
            for statement in _SCHEMA:
                store.execute(statement)
        except BaseException:
            store.close()
            raise
        return store

    def _failed(self, exc: Exception) -> None:
        """After an error of the open store: a busy one is left alone this once; a damaged
        one is moved aside (once), to be made anew on next use; any other problem (no
        space, no permission) turns the cache off for this process."""
        if _busy(exc):
            return
        self._drop()
        if not self._rebuild(exc):
            self._off = True

    def _rebuild(self, exc: Exception) -> bool:
        """Move the database aside if ``exc`` says it is damaged and it was not moved
        before; True when it was."""
        if self._rebuilt or not _corrupt(exc):
            return False
        self._rebuilt = True
        if self._opened is not None and _inode(self.path) != self._opened:
            return True  # another process moved it aside already: open the new one
        return _set_aside(self.path)

    def _drop(self) -> None:
        try:
            self.close()
        except Exception:
            self._store = None


_INHERITED: list[Any] = []


class _Unusable(Exception):
    """The database's path is taken by something that is not a regular file."""


def _not_regular(path: Path) -> str | None:
    """What ``path`` is when it is there but not a regular file (a link, a folder ...)."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return None if stat.S_ISREG(mode) else "not a regular file"


def _inode(path: Path) -> int | None:
    try:
        return path.lstat().st_ino
    except OSError:
        return None


def _set_aside(path: Path) -> bool:
    """Rename a damaged database (with SQLite's journal files of it) to a name no file
    has, and say so on stderr; nothing is deleted. True when it was moved."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for number in range(100):
        aside = path.with_name(f"{path.name}.damaged-{stamp}" + (f"-{number}" if number else ""))
        try:  # claim the name first: an existing file is never replaced
            os.close(os.open(aside, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            continue
        except OSError:
            break
        try:
            if _not_regular(path) is not None:
                raise OSError("not a regular file")
            os.replace(path, aside)
        except OSError:
            os.unlink(aside)
            break
        for journal in ("-wal", "-shm"):  # they belong to the damaged file, not the next
            moved = Path(f"{aside}{journal}")
            with contextlib.suppress(OSError):
                if not moved.exists() and not _not_regular(Path(f"{path}{journal}")):
                    os.replace(f"{path}{journal}", moved)
        _note(path, f"not a usable result cache; moved aside to {aside.name}, starting anew")
        return True
    _note(path, "not a usable result cache; running without the result cache")
    return False


def _note(path: Path, message: str) -> None:
    print(f"{path}: note: {message}", file=sys.stderr)


def _busy(exc: Exception) -> bool:
    """Another process is writing (SQLite's "database is locked")."""
    if isinstance(exc, sqlite3.OperationalError):
        return "locked" in str(exc) or "busy" in str(exc)
    return False


def _corrupt(exc: Exception) -> bool:
    """An error that says the database file is damaged (not busy, full or forbidden)."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


def _loads(raw: Any) -> dict[str, Any] | None:
    """The JSON object in a stored value; None for anything else (never an error)."""
    if not isinstance(raw, str):
        return None
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None
