"""Configuration: ``.factlint.yaml`` or ``[tool.factlint]`` in ``pyproject.toml``.

The file is found by walking up from each checked file's folder; the nearest one wins
(``.factlint.yaml`` before ``pyproject.toml`` in the same folder; a ``pyproject.toml``
without ``[tool.factlint]`` is passed over). Command-line options win over the file:
``--select`` replaces ``select``, ``--ignore`` adds to ``ignore``.

This module holds what a config says (:class:`Config`) and finds and reads the files;
how each setting is read and checked is :mod:`factlint.engine.config_reader`, the keys
and the error :mod:`factlint.engine.config_schema`.
"""

from __future__ import annotations

import fnmatch
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from factlint.archive.store import Archive
from factlint.backends import GrammarSettings
from factlint.core.codes import ALL, most_specific, specificity
from factlint.core.diagnostics import Severity
from factlint.core.safefile import is_special
from factlint.core.yamlfile import MAX_DEPTH, parse, read_text, too_deep, unquoted
from factlint.engine.config_reader import parse_selectors, read_settings
from factlint.engine.config_schema import (
    CONFIG_NAMES,
    DEFAULT_TIMEOUT,
    DIALECTS,
    FALLBACK_DIALECTS,
    GRAMMAR_KEYS,
    KEYS,
    OFF,
    OUTSIDE,
    ConfigError,
)
from factlint.engine.exclude import DEFAULT_EXCLUDE, Patterns
from factlint.engine.registry import check_deferrals, pack_rules, shipped_pack_rules
from factlint.packs.schema import Pack, select_packs, shipped_folder
from factlint.register.facts import Register
from factlint.rules import Rule, all_rules

__all__ = [
    "CONFIG_NAMES",
    "DEFAULT_TIMEOUT",
    "DIALECTS",
    "FALLBACK_DIALECTS",
    "GRAMMAR_KEYS",
    "KEYS",
    "OFF",
    "OUTSIDE",
    "Config",
    "ConfigError",
    "Resolver",
    "from_mapping",
    "load_file",
    "parse_selectors",
]


@dataclass
class Config:
    source: Path | None = None  # the file the settings came from
    root: Path = field(default_factory=Path.cwd)  # per-file-ignores are relative to it
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # selector -> level or "off"
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING
    timeout: float = DEFAULT_TIMEOUT  # seconds the rules may take on one file
    grammar: GrammarSettings = field(default_factory=GrammarSettings)
    packs: tuple[Pack, ...] | None = None  # None: the default packs
    named_packs: frozenset[str] = frozenset()  # the packs `packs:` names: on for every article
    _pack_rules: tuple[Rule, ...] | None = field(default=None, repr=False)  # of `packs`
    _known_codes: frozenset[str] | None = field(default=None, repr=False)  # of the rules
    facts: Register | None = None  # the desk's fact register (`facts:`)
    archive_path: Path | None = None  # the desk's archive index (`archive:`)
    archive: Archive | None = None  # that index, opened; None when absent or unusable
    archive_problem: str | None = None  # why the index named cannot be used (one line)
    dictionary: Path | None = None  # the word list `dictionary:` names
    baseline: Path | None = None  # the findings to leave out of reports (`baseline:`); unread
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE  # gitignore patterns, relative to `root`
    extend_exclude: tuple[str, ...] = ()
    _excludes: Patterns | None = field(default=None, repr=False)  # of the two above

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The Python rules and the rules of the packs that are on."""
        return (*all_rules(), *self.pack_rules)

    @property
    def known_codes(self) -> frozenset[str]:
        """Every code a selector or a suppression comment may name: the rules that are
        on, and the shipped packs' rules, on or off. Built once: every article asks."""
        if self._known_codes is None:
            self._known_codes = frozenset(r.code for r in (*self.rules, *shipped_pack_rules()))
        return self._known_codes

    @property
    def off_by_default(self) -> frozenset[str]:
        """Rules that run only when a selector names them (``FL003``, ``FL``), not ``ALL``:
        Python rules and pack rules that say so."""
        if self.packs is None:
            return _off_by_default()
        return _off_by_default() | {r.code for r in self.pack_rules if not r.enabled_by_default}

    @property
    def files(self) -> frozenset[Path]:
        """The files these settings were read from: the config file, and the desk's
        packs, fact register and dictionary that it names (resolved)."""
        named = [self.source, self.dictionary, self.facts.path if self.facts else None]
        named.append(self.archive_path)
        named += [pack.path for pack in self.packs or () if not _is_shipped(pack.path)]
        return frozenset(path.resolve() for path in named if path is not None)

    @property
    def active_packs(self) -> tuple[Pack, ...]:
        """The packs that are on: those configured, or the default ones."""
        return _default_packs() if self.packs is None else self.packs

    @property
    def pack_rules(self) -> tuple[Rule, ...]:
        if self.packs is None:
            return _default_pack_rules()
        if self._pack_rules is None:  # built once: the engine asks for every article
            self._pack_rules = pack_rules(self.packs)
        return self._pack_rules

    def with_overrides(
        self,
        select: list[str] | None,
        ignore: list[str] | None,
        grammar: dict[str, Any] | None = None,
        timeout: float | None = None,
    ) -> Config:
        copy = Config(**{**self.__dict__})
        if timeout is not None:
            copy.timeout = timeout
        if select is not None:
            copy.select = select
        if ignore:
            copy.ignore = [*self.ignore, *ignore]
        if grammar:
            copy.grammar = replace(self.grammar, **grammar)
        return copy

    def excludes(self, path: Path, is_dir: bool = False) -> bool:
        """Whether ``exclude`` or ``extend-exclude`` leaves out the file (or folder)
        at ``path``, or a folder it is in."""
        if self._excludes is None:
            self._excludes = Patterns.parse((*self.exclude, *self.extend_exclude), self.root)
        return self._excludes.excludes(path, is_dir)

    def enabled_codes(self, codes: Iterable[str], path: Path | None) -> set[str]:
        """The codes that run on the file at ``path`` (None: no per-file ignores)."""
        ignores = list(self.ignore)
        if path is not None and self.per_file_ignores:
            ignores.extend(self._ignores_for(path))
        return {code for code in codes if self._enabled(code, ignores)}

    def enabled(self, code: str, path: Path | None) -> bool:
        return bool(self.enabled_codes([code], path))

    def _enabled(self, code: str, ignores: list[str]) -> bool:
        chosen = most_specific(code, self.select)
        if chosen is None or (chosen == ALL and code in self.off_by_default):
            return False
        ignored = most_specific(code, ignores)
        return ignored is None or specificity(ignored) < specificity(chosen)

    def severity_of(self, code: str, default: Severity) -> Severity | None:
        """The configured severity of a code, or None when it is turned off."""
        chosen = most_specific(code, list(self.severity))
        if chosen is None:
            return default
        level = self.severity[chosen]
        return None if level == OFF else Severity.parse(level)

    def rule_options(self, code: str, defaults: Mapping[str, Any]) -> dict[str, Any]:
        return {**defaults, **self.options.get(code, {})}

    def _ignores_for(self, path: Path) -> Iterable[str]:
        try:
            relative = PurePosixPath(path.resolve().relative_to(self.root.resolve()).as_posix())
        except ValueError:
            relative = PurePosixPath(path.as_posix())
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(str(relative), pattern) or fnmatch.fnmatch(relative.name, pattern):
                yield from codes


def _is_shipped(path: Path) -> bool:
    return path.parent == shipped_folder()


@cache
def _off_by_default() -> frozenset[str]:
    """Rules that run only when a selector names them (``FL003``, ``FL``), not ``ALL``."""
    rules = (*all_rules(), *_default_pack_rules())
    return frozenset(rule.code for rule in rules if not rule.enabled_by_default)


@cache
def _default_packs() -> tuple[Pack, ...]:
    packs = select_packs(None, [], "default packs")
    check_deferrals(packs, "default packs")
    return packs


@cache
def _default_pack_rules() -> tuple[Rule, ...]:
    return pack_rules(_default_packs())


# --- reading -----------------------------------------------------------------------


def from_mapping(table: Mapping[str, Any], source: Path | None) -> Config:
    """The config that ``table`` (a parsed config file, or None's settings) says."""
    config = Config(source=source, root=source.parent if source else Path.cwd())
    read_settings(config, table, source)
    return config


def load_file(path: Path) -> Config:
    """Read a config file named on the command line or found by discovery."""
    try:
        if not path.exists():
            raise ConfigError(f"config {path}: no such file")
        if path.name == "pyproject.toml":
            table = _pyproject_table(path)
            if table is None:
                raise ConfigError(f"config {path}: no [tool.factlint] table")
        else:
            table = _yaml_table(path)
        return from_mapping(table, path)
    except OSError as exc:  # the config, or a file or folder it names
        what = exc.strerror or type(exc).__name__
        raise ConfigError(f"config {path}: it or a file it names cannot be read ({what})") from None


def _yaml_table(path: Path) -> Any:
    data = parse(read_text(path, "config", ConfigError), path, "config", ConfigError)
    return {} if data is None else data


_TOML_PLACE = re.compile(r" \(at line (\d+), column \d+\)$| \(at end of document\)$")


def _pyproject_table(path: Path) -> Any:
    """``[tool.factlint]`` of the pyproject.toml at ``path``, None without one. Invalid
    TOML, a ``tool`` that is not a table, or nesting deeper than the YAML loader allows is
    a :class:`ConfigError` naming the file and (where TOML says) the line."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    text = read_text(path, "config", ConfigError)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        place = _TOML_PLACE.search(message)
        where = f"{path}:{place[1]}" if place and place[1] else str(path)
        problem = unquoted(message[: place.start()] if place else message)
        raise ConfigError(f"config {where}: invalid TOML: {problem}") from None
    except RecursionError:  # past Python's stack: far past MAX_DEPTH
        data = None
    if data is None or too_deep(data):  # anywhere: the same, whatever the stack allows
        raise ConfigError(f"config {path}: invalid TOML: nested more than {MAX_DEPTH} deep")
    tool = data.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise ConfigError(f"config {path}: `tool` must be a table ([tool.factlint])")
    return tool.get("factlint")


class Resolver:
    """Finds (and caches) the configuration that governs each checked file."""

    def __init__(self, explicit: Path | None = None) -> None:
        self._explicit = load_file(explicit) if explicit is not None else None
        self._by_folder: dict[Path, Config | ConfigError] = {}

    def for_file(self, path: Path | None) -> Config:
        if self._explicit is not None:
            return self._explicit
        folder = (path.parent if path is not None else Path.cwd()).resolve()
        found = self._lookup(folder)
        if isinstance(found, ConfigError):
            raise found
        return found

    def _lookup(self, folder: Path) -> Config | ConfigError:
        if folder in self._by_folder:
            return self._by_folder[folder]
        result: Config | ConfigError
        try:
            found = self._read_folder(folder)
            if found is not None:
                result = found
            else:
                parent = folder.parent
                result = Config() if parent == folder else self._lookup(parent)
        except ConfigError as exc:
            result = exc
        except OSError as exc:  # the folder cannot be searched for one
            what = exc.strerror or type(exc).__name__
            result = ConfigError(f"config in {folder}: cannot look for one ({what})")
        self._by_folder[folder] = result
        return result

    @staticmethod
    def _read_folder(folder: Path) -> Config | None:
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() or is_special(candidate):  # a FIFO: refused by name
                return load_file(candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() or is_special(pyproject):
            table = _pyproject_table(pyproject)
            if table is not None:
                return from_mapping(table, pyproject)
        return None
