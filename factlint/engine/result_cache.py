"""Whole-file results cached on disk, as ruff caches them: a file whose bytes, configuration
and factlint are unchanged is not checked again.

- **Key**: a SHA-256 of factlint's version and installation (:func:`installation`), the
  file's bytes and :func:`fingerprint`, everything of the configuration in force for the
  file that can change its result. The path the file is shown under is not in it: a hit
  is labelled with the current path.
- **Value**: the result less the article's text, as JSON (:func:`result_value`); on a hit
  the text is decoded again from the bytes already read, for the reporters' context
  lines. A result with an error (unreadable, a rule's internal error, a pack's timeout)
  or a skipped (empty) article is never stored. A value is only ever read as JSON, and
  one that is not exactly what :func:`result_value` writes for the text is a miss: a
  cache that others can write (a shared ``--cache-dir``, a CI cache) can at worst give
  wrong findings for an unchanged file, never run code or stop the run.
- **Storage**: one SQLite file, ``<cache dir>/results/cache.db`` (safe for several
  processes at once), bounded (:data:`SIZE_LIMIT`), the least recently stored entries
  evicted first. Opened lazily once per process, never across a fork.
- **Failures**: a cache that cannot be opened, read or written is moved aside (renamed,
  never deleted, said on stderr) when it is damaged, else left alone for the rest of the
  process; the run goes on uncached. A cache problem is never an error of the run, and
  factlint deletes nothing in the cache folder but its own entries.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
import stat
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import factlint
from factlint.article import loader
from factlint.backends import GrammarSettings
from factlint.backends.cache import cache_dir
from factlint.core.diagnostics import Diagnostic
from factlint.core.errors import InputError
from factlint.core.results import FileResult
from factlint.engine.config import Config
from factlint.engine.run import RuleRun, check_text, read_article, rule_runs

RESULTS_FOLDER = "results"
SIZE_LIMIT = 200 * 1024 * 1024  # bytes of keys and values stored
TIMEOUT = 5.0  # seconds to wait for another process's write before going on without
MAX_VALUE = 64 * 1024 * 1024  # characters of one stored value: a larger one is not read
VALUE_FORMAT = 1  # of the stored JSON: a new format never reads an old value
# Packages whose answers factlint reports: a new version may change a result.
DEPENDENCIES = (
    "pyyaml",
    "regex",
    "rapidfuzz",
    "markdown-it-py",
    "sentencex",
    "faker",
    "pyspellchecker",
)
ENGINE_PACKAGES = {"harper": "harper-py", "languagetool": "language-tool-python"}


def check_file_cached(path: Path, config: Config, cache: ResultCache | None) -> FileResult:
    """Check the file at ``path`` with ``config``, or take its result from ``cache`` (None:
    no cache). The one per-file entry point of ``factlint check``; safe in any process."""
    article = read_article(path, config)
    if isinstance(article, FileResult):
        return article
    data, text = article
    if cache is None:
        return check_text(str(path), text, config, path=path)
    runs = rule_runs(config, path)
    key = cache_key(config, path, data, runs)
    stored = cache.get(key)
    hit = None if stored is None else result_from_value(stored, str(path), text, config)
    if hit is not None:
        return hit
    result = check_text(str(path), text, config, path=path, runs=runs)
    if result.error is None and result.skipped is None:
        cache.put(key, result_value(result))
    return result


# --- the key -------------------------------------------------------------------------


def cache_key(config: Config, path: Path, data: bytes, runs: list[RuleRun] | None = None) -> str:
    """The key of the file at ``path``, holding ``data``, checked with ``config``
    (``runs``: its :func:`rule_runs`, when the caller has them)."""
    settings = fingerprint(config, path, runs)
    digest = hashlib.sha256()
    for part in (f"factlint {factlint.__version__}", installation(), settings):
        digest.update(part.encode())
        digest.update(b"\x00")
    digest.update(data)
    return digest.hexdigest()


def fingerprint(config: Config, path: Path, runs: list[RuleRun] | None = None) -> str:
    """A stable digest of what in ``config`` can change the result for the file at
    ``path``: the rules that run on it (``select``, ``ignore`` and ``per-file-ignores``
    applied) with their severities and options, the grammar settings (the dictionary
    included), the content of every pack that is on and of the fact register, ``fail-on``,
    and whether the file is read as Markdown. Paths of the config, packs and register are
    not in it, only what they hold. ``runs``: :func:`rule_runs` for the file, if known."""
    if runs is None:
        runs = rule_runs(config, path)
    parts = {
        "rules": [[run.rule.code, run.severity.label, run.options] for run in runs],
        "markdown": loader.is_markdown(path.name),
        "grammar": _grammar_part(config.grammar),
        "packs": [[pack.name, file_digest(pack.path)] for pack in config.active_packs],
        "facts": None if config.facts is None else file_digest(config.facts.path),
        "fail-on": config.fail_on.label,
    }
    if config.archive is not None:  # the index's every write is a new generation
        parts["archive"] = _archive_generation(config)
    return _json_digest(parts)


def _archive_generation(config: Config) -> str:
    """The archive index's generation, "unreadable" when it cannot be read now (its rules
    will say nothing: a result to cache apart)."""
    assert config.archive is not None
    try:
        return config.archive.generation
    except InputError:
        return "unreadable"


@functools.lru_cache(maxsize=16)
def _grammar_part(settings: GrammarSettings) -> str:
    """The grammar settings that change results (not whether or where they are cached),
    with the engine's version; once per settings, as a dictionary may be long."""
    package = ENGINE_PACKAGES.get(settings.backend)
    return _json_digest(
        {
            "backend": settings.backend,
            "engine": None if package is None else _version(package),
            "dialect": settings.dialect,
            "fallback-dialect": settings.fallback_dialect,
            "language": settings.language,
            "url": settings.url,
            "disabled-rules": settings.disabled_rules,
            "words": settings.words,
        }
    )


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's content, read once per version of the file (its size and
    modification time); "missing" when it cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    return _file_digest(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _file_digest(path: Path, size: int, mtime_ns: int) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


@functools.cache
def installation() -> str:
    """factlint's installed files (their names, sizes and times: an edited source or data
    file of a development install counts as a new version) and the versions of the
    packages whose answers it reports; once per process."""
    root = Path(factlint.__file__).parent
    files = sorted(
        _stamp(path, root)
        for path in root.rglob("*")
        if "__pycache__" not in path.parts and path.is_file()
    )
    return _json_digest({"files": files, "packages": [_version(d) for d in DEPENDENCIES]})


def _stamp(path: Path, root: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return path.relative_to(root).as_posix(), stat.st_size, stat.st_mtime_ns


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _json_digest(value: Any) -> str:
    try:
        text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=_plain)
    except (TypeError, ValueError):  # keys JSON cannot sort (a number beside a string)
        text = repr(value)
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Any) -> Any:
    """JSON for what ``json`` cannot write: sets in order, anything else by its repr."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, tuple):
        return list(value)
    return repr(value)


# --- the value -----------------------------------------------------------------------


def result_value(result: FileResult) -> dict[str, Any]:
    """What the cache stores of a result: all but its path and text."""
    return {
        "format": VALUE_FORMAT,
        "diagnostics": [d.to_json(spans=True) for d in result.diagnostics],
        "words": result.words,
    }


def result_from_value(
    value: dict[str, Any], display: str, text: str, config: Config
) -> FileResult | None:
    """The result a stored value gives, shown as ``display`` with ``text``; None when the
    value is not exactly one that :func:`result_value` could have written for ``text``
    (another shape, format or type, a span outside the text): a cache shared by others
    may hold anything, and anything else is a miss, never an error."""
    try:
        if set(value) != _VALUE_KEYS or value["format"] != VALUE_FORMAT:
            return None
        words, stored = value["words"], value["diagnostics"]
        diagnostics = [Diagnostic.from_json(d) for d in stored]
        if not (_count(words) and [d.to_json(spans=True) for d in diagnostics] == stored):
            return None
        if not all(_fits(d, text) for d in diagnostics):
            return None
    except Exception:  # whatever a value factlint did not write makes the code above raise
        return None
    return FileResult(display, diagnostics, fail_on=config.fail_on, words=words, text=text)


_VALUE_KEYS = {"format", "diagnostics", "words"}


def _count(value: object) -> bool:
    return type(value) is int and value >= 0


def _fits(diagnostic: Diagnostic, text: str) -> bool:
    """Whether every field of ``diagnostic`` has its type and every span lies in ``text``."""
    lines = text.count("\n") + 1
    fix = diagnostic.fix
    spans = [(diagnostic.offset, diagnostic.length)]
    spans += [(related.offset, related.length) for _, related in diagnostic.related]
    positions = [diagnostic.start, diagnostic.end, *(where for where, _ in diagnostic.related)]
    words = [diagnostic.code, diagnostic.name, diagnostic.message]
    words += [related.message for _, related in diagnostic.related]
    if fix is not None:
        spans.append((fix.offset, fix.length))
        words.append(fix.replacement)
    optional = (diagnostic.engine_rule, diagnostic.fix_skipped)
    return (
        all(
            _count(start) and _count(length) and start + length <= len(text)
            for start, length in spans
        )
        and all(
            _count(p.line) and _count(p.column) and 1 <= p.line <= lines + 1 and p.column >= 1
            for p in positions
        )
        and all(isinstance(word, str) for word in words)
        and all(item is None or isinstance(item, str) for item in optional)
        and (fix is None or type(fix.safe) is bool)
    )


# --- the storage ---------------------------------------------------------------------

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
