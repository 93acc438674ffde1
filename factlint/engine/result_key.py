"""The key of a file's cached result (see :mod:`factlint.engine.result_cache`): a SHA-256
of factlint's version and installation, the file's bytes and the fingerprint of everything
in the configuration that can change its result."""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Any

import factlint
from factlint.article import loader
from factlint.backends import GrammarSettings
from factlint.core.errors import InputError
from factlint.engine.config import Config
from factlint.engine.run import RuleRun, rule_runs

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
