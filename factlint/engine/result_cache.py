"""Whole-file results cached on disk, as ruff caches them: a file whose bytes, configuration
and factlint are unchanged is not checked again.

- **Key**: a SHA-256 of factlint's version and installation (:func:`installation`), the
  file's bytes and :func:`fingerprint`, everything of the configuration in force for the
  file that can change its result. The path the file is shown under is not in it: a hit
  is labelled with the current path.
- **Value**: the result less the article's text, as JSON (:func:`result_value`); on a hit
  the text is decoded again from the bytes already read, for the reporters' context
  lines. A result with an error (unreadable, a rule's internal error, a pack's timeout)
  or a skipped (empty) article is never stored.
- **Storage**: ``diskcache`` (SQLite, safe for several processes at once) in
  ``<cache dir>/results``, bounded (:data:`SIZE_LIMIT`), the least recently stored
  entries evicted first. Opened lazily once per process, never across a fork.
- **Failures**: a cache that cannot be opened, read or written is rebuilt when it is
  corrupt, else left alone for the rest of the process; the run goes on uncached. A cache
  problem is never an error of the run.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import sqlite3
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
SIZE_LIMIT = 200 * 1024 * 1024  # bytes on disk, SQLite and value files together
TIMEOUT = 5.0  # seconds to wait for another process's write before going on without
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
    value is not one that :func:`result_value` wrote."""
    try:
        if value["format"] != VALUE_FORMAT:
            return None
        diagnostics = [Diagnostic.from_json(d) for d in value["diagnostics"]]
        words = int(value["words"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return FileResult(display, diagnostics, fail_on=config.fail_on, words=words, text=text)


# --- the storage ---------------------------------------------------------------------


class ResultCache:
    """The results stored in ``directory``. Picklable; the store is opened on first use
    in each process (a store inherited over a fork is left alone, never used), and any
    problem with it makes :meth:`get` miss and :meth:`put` do nothing."""

    def __init__(self, directory: Path, size_limit: int = SIZE_LIMIT) -> None:
        self.directory = directory
        self.size_limit = size_limit
        self._store: Any = None
        self._pid = 0
        self._rebuilt = False
        self._off = False  # a problem that rebuilding did not, or cannot, cure

    @classmethod
    def in_folder(cls, folder: str | Path | None = None) -> ResultCache:
        """The cache under factlint's cache folder: ``folder`` (``--cache-dir``), else
        the environment's (``$FACTLINT_CACHE_DIR`` ...); absolute, for any process."""
        return cls(cache_dir(folder).absolute() / RESULTS_FOLDER)

    def __getstate__(self) -> dict[str, Any]:
        return {"directory": self.directory, "size_limit": self.size_limit}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["directory"], state["size_limit"])  # type: ignore[misc]

    def get(self, key: str) -> dict[str, Any] | None:
        store = self._open()
        if store is None:
            return None
        try:
            raw = store.get(key)
        except Exception as exc:
            self._failed(exc)
            return None
        return _loads(raw)

    def put(self, key: str, value: dict[str, Any]) -> None:
        store = self._open()
        if store is None:
            return
        try:
            store.set(key, json.dumps(value, separators=(",", ":")))
        except Exception as exc:
            self._failed(exc)

    def close(self) -> None:
        if self._store is not None and self._pid == os.getpid():
            self._store.close()
        self._store = None

    def _open(self) -> Any:
        if self._off:
            return None
        if self._store is not None and self._pid == os.getpid():
            return self._store
        if self._store is not None:  # inherited over a fork: the parent's connection
            _INHERITED.append(self._store)  # never used, nor closed, here
        self._store, self._pid = None, os.getpid()
        for _ in range(2):  # a corrupt store is deleted and made anew, once
            try:
                self._store = self._connect()
                return self._store
            except Exception as exc:
                if not self._rebuild(exc):
                    break
        self._off = True
        return None

    def _connect(self) -> Any:
        import diskcache  # only when a cache is used: it costs start-up time

        return diskcache.Cache(
            str(self.directory),
            timeout=TIMEOUT,
            size_limit=self.size_limit,
            eviction_policy="least-recently-stored",  # a read writes nothing
        )

    def _failed(self, exc: Exception) -> None:
        """After an error of the open store: a busy one is left alone this once; a corrupt
        one is deleted (once), to be made anew on next use; any other problem (no space,
        no permission) turns the cache off for this process."""
        if _busy(exc):
            return
        self._drop()
        if not self._rebuild(exc):
            self._off = True

    def _rebuild(self, exc: Exception) -> bool:
        """Delete the store if ``exc`` says it is corrupt and it was not rebuilt before."""
        if self._rebuilt or not _corrupt(exc):
            return False
        self._rebuilt = True
        shutil.rmtree(self.directory, ignore_errors=True)
        return True

    def _drop(self) -> None:
        try:
            self.close()
        except Exception:
            self._store = None


_INHERITED: list[Any] = []


def _busy(exc: Exception) -> bool:
    """Another process is writing (diskcache's Timeout, SQLite's "database is locked")."""
    if isinstance(exc, sqlite3.OperationalError):
        return "locked" in str(exc) or "busy" in str(exc)
    return type(exc).__name__ == "Timeout"


def _corrupt(exc: Exception) -> bool:
    """An error that says the store's files are damaged (not busy, full or forbidden)."""
    if isinstance(exc, sqlite3.DatabaseError):
        return not isinstance(exc, sqlite3.OperationalError)
    return isinstance(exc, (ValueError, KeyError, EOFError, UnicodeDecodeError))


def _loads(raw: Any) -> dict[str, Any] | None:
    if not isinstance(raw, str):
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
