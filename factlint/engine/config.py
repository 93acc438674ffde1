"""Configuration: ``.factlint.yaml`` or ``[tool.factlint]`` in ``pyproject.toml``.

The file is found by walking up from each checked file's folder; the nearest one wins
(``.factlint.yaml`` before ``pyproject.toml`` in the same folder; a ``pyproject.toml``
without ``[tool.factlint]`` is passed over). Command-line options win over the file:
``--select`` replaces ``select``, ``--ignore`` adds to ``ignore``.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from factlint.archive.store import Archive, ArchiveError, open_archive
from factlint.backends import BACKENDS, GrammarSettings
from factlint.core.codes import ALL, most_specific, specificity
from factlint.core.diagnostics import Severity
from factlint.core.errors import InputError
from factlint.core.safefile import is_special
from factlint.core.yamlfile import (
    MAX_DEPTH,
    LinedDict,
    parse,
    read_text,
    too_deep,
    unquoted,
)
from factlint.engine.exclude import DEFAULT_EXCLUDE, PatternError, Patterns
from factlint.engine.registry import (
    check_deferrals,
    find_rule,
    is_known_selector,
    pack_rules,
    shipped_pack_rules,
)
from factlint.packs.schema import Pack, PackError, select_packs, shipped_folder
from factlint.register.facts import FactsError, Register, load_register
from factlint.rules import Rule, all_rules

CONFIG_NAMES = (".factlint.yaml", ".factlint.yml")
KEYS = (
    "select",
    "ignore",
    "severity",
    "per-file-ignores",
    "options",
    "fail-on",
    "grammar",
    "dialect",
    "dictionary",
    "packs",
    "pack-paths",
    "facts",
    "archive",
    "baseline",
    "exclude",
    "extend-exclude",
    "timeout",
    "allow-outside-paths",
)
DEFAULT_TIMEOUT = 30.0  # seconds the rules may take on one article
OUTSIDE = "allow-outside-paths"  # facts, dictionary, pack-paths, baseline may leave the folder
GRAMMAR_KEYS = (
    "backend",
    "dialect",
    "fallback-dialect",
    "language",
    "url",
    "cache",
    "disabled-rules",
    "timeout",
)
DIALECTS = ("auto", "american", "british", "australian", "canadian", "indian")
FALLBACK_DIALECTS = (*DIALECTS[1:], "none")
OFF = "off"


class ConfigError(InputError):
    """A configuration file that cannot be used; the message names the file."""


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


def from_mapping(table: Mapping[str, Any], source: Path | None) -> Config:
    top = _Place(f"config {source}" if source else "config")
    if not isinstance(table, Mapping):
        raise ConfigError(f"{top}: expected a mapping of settings")
    config = Config(source=source, root=source.parent if source else Path.cwd())
    unknown = [key for key in table if key not in KEYS]
    if unknown:
        raise ConfigError(
            f"{top.line_of(table, unknown[0])}: unknown key{_which(table, unknown[0])} "
            f"(known keys: {', '.join(KEYS)})"
        )
    grammar = table.get("grammar")
    if "dialect" in table and isinstance(grammar, Mapping) and "dialect" in grammar:
        raise ConfigError(f"{top.at(table, 'dialect')}: give the dialect once: here or in grammar")
    local = _Local(config.root, _allow_outside(table, top) or source is None)
    if "packs" in table or "pack-paths" in table:  # first: other keys may name pack rules
        at = top.line_of(table, "pack-paths" if "pack-paths" in table else "packs")
        config.packs = _packs(table.get("packs"), table.get("pack-paths"), local, str(at))
        config.named_packs = frozenset(table.get("packs") or ())
    extra = config.pack_rules
    for key, value in table.items():
        if key not in ("packs", "pack-paths", "facts", "archive", OUTSIDE):
            _apply(config, key, value, top.at(table, key), extra, local)
    if "archive" in table:
        where = str(top.line_of(table, "archive"))
        config.archive_path = _archive_path(table["archive"], local, where)
        config.archive, config.archive_problem = _open_archive(config.archive_path)
    if "facts" in table:  # last: its names join the dictionary
        config.facts = _facts(table["facts"], local, str(top.line_of(table, "facts")))
        words = config.grammar.words | config.facts.name_words
        config.grammar = replace(config.grammar, words=words)
    return config


@dataclass(frozen=True)
class _Place:
    """Where a setting is, for messages: the file, the line of the setting's key (YAML
    gives lines, TOML does not) and the known keys above it (``severity: QT001``)."""

    file: str
    line: int | None = None
    keys: tuple[str, ...] = ()

    def line_of(self, table: Mapping[Any, Any], key: Any) -> _Place:
        """This place, at the line of ``key`` in ``table`` when the parser kept it."""
        line = table.line_of(key) if isinstance(table, LinedDict) else self.line
        return replace(self, line=line)

    def at(self, table: Mapping[Any, Any], key: Any, label: str | None = None) -> _Place:
        """The place of ``key`` in ``table``, named ``label`` (a key factlint knows)."""
        inner = self.line_of(table, key)
        return replace(inner, keys=(*self.keys, str(key) if label is None else label))

    def __str__(self) -> str:
        return ": ".join((f"{self.file}:{self.line}" if self.line else self.file, *self.keys))


def _which(table: Mapping[Any, Any], key: Any) -> str:
    """Which key of ``table`` is meant, when the parser kept no lines (TOML): " (key 3)".
    The key itself is never quoted: a file may hold anything (a secret read by mistake)."""
    if isinstance(table, LinedDict):
        return ""
    return f" (key {list(table).index(key) + 1})"


def _allow_outside(table: Mapping[str, Any], top: _Place) -> bool:
    value = table.get(OUTSIDE, False)
    if not isinstance(value, bool):
        raise ConfigError(f"{top.at(table, OUTSIDE)}: must be true or false")
    return value


@dataclass(frozen=True)
class _Local:
    """Where the files a config names may be: inside its folder (symbolic links resolved),
    unless ``allow-outside-paths: true``."""

    root: Path
    anywhere: bool

    def path(self, value: str, where: str, exists: bool = True) -> Path:
        """The path ``value`` names; ``exists``: a file or folder must be there. A path
        that leads nowhere is said at the config's line, never quoted (it may be anything:
        a token pasted in the wrong place); one that leads to a file names that file."""
        if "\0" in value:
            raise ConfigError(f"{where}: the path holds a NUL character")
        try:
            path = self.root / Path(value).expanduser()
        except RuntimeError:  # ~user of no such user, or no home folder
            raise ConfigError(f"{where}: the path's ~ names no home folder") from None
        if not self.anywhere:
            try:
                path.resolve().relative_to(self.root.resolve())
            except (ValueError, OSError, RuntimeError):
                raise ConfigError(
                    f"{where}: the path is outside the config's folder {self.root} "
                    f"(set `{OUTSIDE}: true` to allow files outside it)"
                ) from None
        if exists and not os.path.lexists(path):  # lexists: False for a name too long
            raise ConfigError(f"{where}: the path names no file or folder")
        return path


def _apply(
    config: Config, key: str, value: Any, place: _Place, extra: tuple[Rule, ...], local: _Local
) -> None:
    where = str(place)
    if key in ("select", "ignore"):
        setattr(config, key, _selectors(value, where, extra))
    elif key == "severity":
        config.severity = _severities(value, place, extra)
    elif key == "per-file-ignores":
        config.per_file_ignores = _per_file_ignores(value, place, extra)
    elif key == "options":
        config.options = _options(value, place, config.pack_rules)
    elif key == "grammar":
        config.grammar = _grammar(value, config.grammar, place)
    elif key == "dialect":  # the house dialect, in one line: grammar.dialect
        if not isinstance(value, str) or value not in DIALECTS:
            raise ConfigError(f"{where}: must be one of {', '.join(DIALECTS)}")
        config.grammar = replace(config.grammar, dialect=value)
    elif key == "dictionary":
        config.grammar = replace(config.grammar, words=_dictionary(value, local, where))
        config.dictionary = local.path(value, where)
    elif key == "baseline":
        config.baseline = _baseline(value, local, where)
    elif key in ("exclude", "extend-exclude"):
        setattr(config, key.replace("-", "_"), _patterns(value, where))
    elif key == "fail-on":
        try:
            config.fail_on = Severity.parse(value if isinstance(value, str) else "")
        except ValueError:
            raise ConfigError(f"{where}: expected error, warning or info") from None
    elif key == "timeout":
        config.timeout = _seconds(value, where)


def _seconds(value: Any, where: str) -> float:
    """A positive number of seconds."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1e6:
        raise ConfigError(f"{where}: expected a number of seconds above 0")
    return float(value)


def parse_selectors(
    value: str | Iterable[str], where: str, extra: Iterable[Rule] = (), allow_empty: bool = True
) -> list[str]:
    """Rule codes, prefixes or names (``unbalanced-quotes``, as ``factlint explain`` takes
    them) from a list or a comma-separated string, each checked; names become codes.
    ``extra`` are rules the registry does not hold (a desk pack's). For the command line:
    an unknown one is quoted (what the user typed), as no file's is."""
    return _selectors(value, where, tuple(extra), allow_empty, quote=True)


def _selectors(
    value: Any,
    where: str,
    extra: tuple[Rule, ...] = (),
    allow_empty: bool = True,
    quote: bool = False,
) -> list[str]:
    if isinstance(value, str):
        items = [v for v in value.replace(" ", ",").split(",") if v.strip()]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = [v for v in value if v.strip()]
    else:
        raise ConfigError(f"{where}: expected a list of rule codes")
    if not items and not allow_empty:
        raise ConfigError(f"{where}: no rule codes given (to run every rule, name ALL)")
    return [
        _selector(item.strip(), where, extra, number, quote) for number, item in enumerate(items, 1)
    ]


def _selector(
    item: str, where: str, extra: tuple[Rule, ...], number: int = 1, quote: bool = False
) -> str:
    """A selector as the registry writes it: a code or prefix, or the code of a rule name.
    An unknown one is said by its place (``item 2``), or ``quote``d (the command line's)."""
    if is_known_selector(item.upper(), (rule.code for rule in extra)):
        return item.upper()
    rule = find_rule(item, extra)
    if rule is None:
        what = "rule name" if "-" in item else "rule code"
        shown = f" {(item if '-' in item else item.upper())!r}" if quote else f" (item {number})"
        raise ConfigError(f"{where}: unknown {what}{shown} (see `factlint rules`)")
    return rule.code


def _severities(value: Any, place: _Place, extra: tuple[Rule, ...]) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{place}: expected a mapping of rule code to severity")
    levels: dict[str, str] = {}
    for code, level in value.items():
        selector = _selectors([str(code)], str(place.line_of(value, code)), extra)[0]
        text = level.strip().lower() if isinstance(level, str) else OFF if level is False else ""
        if text not in ("error", "warning", "info", OFF):
            raise ConfigError(
                f"{place.at(value, code, selector)}: unknown severity (error, warning, info, off)"
            )
        levels[selector] = text
    return levels


def _per_file_ignores(value: Any, place: _Place, extra: tuple[Rule, ...]) -> dict[str, list[str]]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{place}: expected a mapping of file pattern to rule codes")
    return {
        str(pattern): _selectors(codes, str(place.line_of(value, pattern)), extra)
        for pattern, codes in value.items()
    }


def _patterns(value: Any, where: str) -> tuple[str, ...]:
    """A list of gitignore-style patterns (one pattern may be given as a string)."""
    patterns = [value] if isinstance(value, str) else value
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ConfigError(f"{where}: expected a list of file patterns")
    for number, pattern in enumerate(patterns, 1):
        if "\0" in pattern:
            raise ConfigError(f"{where}: pattern {number} holds a NUL character")
        try:
            Patterns.parse([pattern], Path.cwd())
        except PatternError:  # never quoted: the line and its place say which
            raise ConfigError(f"{where}: pattern {number} is not a gitignore pattern") from None
    try:
        Patterns.parse(patterns, Path.cwd())  # together: what one pattern alone may not be
    except PatternError as exc:  # its message quotes no pattern
        raise ConfigError(f"{where}: {exc}") from None
    return tuple(patterns)


def _facts(value: Any, local: _Local, where: str) -> Register:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: facts: expected the path of the fact register")
    try:
        return load_register(local.path(value, f"{where}: facts"))
    except FactsError as exc:
        raise ConfigError(str(exc)) from None


def _archive_path(value: Any, local: _Local, where: str) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: archive: expected the path of the archive index")
    return local.path(value, f"{where}: archive")


def _open_archive(path: Path) -> tuple[Archive | None, str | None]:
    """The index, or why it cannot be used: a problem with the index is no reason not to
    run the checks that do not need it (the command line says it, once)."""
    try:
        return open_archive(path), None
    except ArchiveError as exc:
        return None, f"{exc}; the archive checks (AR) did not run"


def _baseline(value: Any, local: _Local, where: str) -> Path:
    """The baseline file's path (read by ``factlint check``, not here: ``--write-baseline``
    may be about to make it)."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: expected the path of a baseline file")
    return local.path(value, where, exists=False)  # --write-baseline may make it


def _packs(names: Any, paths: Any, local: _Local, where: str) -> tuple[Pack, ...]:
    """The packs named under ``packs:`` (all defaults when absent), with ``pack-paths:``
    (folders or files of the desk's own packs, relative to the config file)."""
    if names is not None and not (
        isinstance(names, list) and all(isinstance(n, str) for n in names)
    ):
        raise ConfigError(f"{where}: packs: expected a list of pack names")
    paths = [paths] if isinstance(paths, str) else paths or []
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise ConfigError(f"{where}: pack-paths: expected a list of folders or files")
    try:
        folders = [local.path(p, f"{where}: pack-paths") for p in paths]
        packs = select_packs(names, folders, where)
        check_deferrals(packs, where)
        return packs
    except PackError as exc:
        raise ConfigError(str(exc)) from None


def _options(value: Any, place: _Place, extra: tuple[Rule, ...]) -> dict[str, dict[str, Any]]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{place}: expected a mapping of rule code to its options")
    options: dict[str, dict[str, Any]] = {}
    for code, settings in value.items():
        rule = find_rule(str(code), extra)
        if rule is None:
            raise ConfigError(
                f"{place.line_of(value, code)}: unknown rule code{_which(value, code)} "
                "(see `factlint rules`)"
            )
        at = place.at(value, code, rule.code)
        if not isinstance(settings, Mapping):
            raise ConfigError(f"{at}: expected a mapping of option names to values")
        for name, setting in settings.items():
            if name not in rule.options:
                known = ", ".join(rule.options) or "none"
                raise ConfigError(
                    f"{at.line_of(settings, name)}: unknown option{_which(settings, name)} "
                    f"(known: {known})"
                )
            _check_option(rule, name, setting, str(at.at(settings, name)))
        options[rule.code] = dict(settings)
    return options


def _grammar(value: Any, current: GrammarSettings, place: _Place) -> GrammarSettings:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{place}: expected a mapping (backend, dialect, language, url, cache)")
    settings: dict[str, Any] = {}
    for key, item in value.items():
        if key not in GRAMMAR_KEYS:
            raise ConfigError(
                f"{place.line_of(value, key)}: unknown key{_which(value, key)} "
                f"(known keys: {', '.join(GRAMMAR_KEYS)})"
            )
        where = str(place.at(value, key))
        if key == "backend" and item not in BACKENDS:
            raise ConfigError(f"{where}: must be one of {', '.join(BACKENDS)}")
        if key == "cache" and not isinstance(item, bool):
            raise ConfigError(f"{where}: must be true or false")
        if key == "disabled-rules":
            if not isinstance(item, list) or not all(isinstance(r, str) for r in item):
                raise ConfigError(f"{where}: must be a list of engine rule names")
            settings["disabled_rules"] = frozenset(item)
            continue
        if key == "timeout":  # seconds to connect to, and to wait for, a LanguageTool server
            settings["timeout"] = _seconds(item, where)
            continue
        if key != "cache" and not isinstance(item, str):
            raise ConfigError(f"{where}: must be text")
        allowed = {"dialect": DIALECTS, "fallback-dialect": FALLBACK_DIALECTS}.get(key)
        if allowed is not None and item not in allowed:
            raise ConfigError(f"{where}: must be one of {', '.join(allowed)}")
        settings[key.replace("-", "_")] = item
    if "url" in settings and "backend" not in settings:
        settings["backend"] = "languagetool"
    return replace(current, **settings)


def _dictionary(value: Any, local: _Local, where: str) -> frozenset[str]:
    """The words of a dictionary file (one a line; # starts a comment)."""
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected the path of a word list")
    path = local.path(value, where)
    lines = read_text(path, f"{where}: word list", ConfigError, "word lists").splitlines()
    return frozenset(w for line in lines if (w := line.split("#", 1)[0].strip()))


def _check_option(rule: Any, name: str, value: Any, where: str) -> None:
    """``where`` already names the rule and the option (``options: NM003: courtesy-titles``)."""
    allowed = rule.choices.get(name)
    if allowed is not None and value not in allowed:
        raise ConfigError(f"{where}: must be one of {', '.join(map(str, allowed))}")
    default = rule.options[name]
    if isinstance(default, list) and not (
        isinstance(value, list) and all(isinstance(v, type(d)) for d in default[:1] for v in value)
    ):
        of = f" of {_TYPE_NAMES.get(type(default[0]), 'values')}" if default else ""
        raise ConfigError(f"{where}: must be a list{of}")
    if not isinstance(default, list) and not _same_type(value, default):
        what = _TYPE_NAMES.get(type(default), type(default).__name__)
        raise ConfigError(f"{where}: must be {what}")


_TYPE_NAMES = {str: "text", bool: "true or false", int: "a whole number", float: "a number"}


def _same_type(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return default is None or isinstance(value, type(default))


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
