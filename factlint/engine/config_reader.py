"""Reading a config's settings (:func:`read_settings`): each key checked, with the one
form of error that names the file, the line and the key (:mod:`factlint.core.settings_schema`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from factlint.archive.store import Archive, ArchiveError, open_archive
from factlint.backends import BACKENDS, GrammarSettings
from factlint.core.diagnostics import Severity
from factlint.core.settings_schema import NUMBER, TYPE_OF_DEFAULT, Schema, bounded
from factlint.core.settings_schema import Place as _Place
from factlint.core.settings_schema import which as _which
from factlint.core.yamlfile import read_text
from factlint.engine.config_schema import (
    DIALECTS,
    FALLBACK_DIALECTS,
    GRAMMAR_KEYS,
    KEYS,
    OFF,
    OUTSIDE,
    ConfigError,
)
from factlint.engine.exclude import PatternError, Patterns
from factlint.engine.registry import check_deferrals, find_rule, is_known_selector
from factlint.packs.schema import Pack, PackError, select_packs
from factlint.register.facts import FactsError, Register, load_register
from factlint.rules import Rule

_CONFIG = Schema(KEYS, {})
_SECONDS = bounded(NUMBER, above=0, below=1e6)
_GRAMMAR = Schema(GRAMMAR_KEYS, {})


class Settings(Protocol):
    """What the reader fills in: :class:`factlint.engine.config.Config`'s settings."""

    root: Path
    select: list[str]
    ignore: list[str]
    severity: dict[str, str]
    per_file_ignores: dict[str, list[str]]
    options: dict[str, dict[str, Any]]
    fail_on: Severity
    timeout: float
    grammar: GrammarSettings
    packs: tuple[Pack, ...] | None
    named_packs: frozenset[str]
    facts: Register | None
    archive_path: Path | None
    archive: Archive | None
    archive_problem: str | None
    dictionary: Path | None
    baseline: Path | None
    exclude: tuple[str, ...]
    extend_exclude: tuple[str, ...]

    @property
    def pack_rules(self) -> tuple[Rule, ...]: ...


def read_settings(config: Settings, table: Mapping[str, Any], source: Path | None) -> None:
    """Read the settings of ``table`` (the config file ``source``'s) into ``config``;
    each is checked, and the first that cannot be used is a :class:`ConfigError`."""
    top = _Place(f"config {source}" if source else "config")
    if not isinstance(table, Mapping):
        raise ConfigError(f"{top}: expected a mapping of settings")
    _CONFIG.refuse_unknown(table, top, ConfigError)
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
    config: Settings, key: str, value: Any, place: _Place, extra: tuple[Rule, ...], local: _Local
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
    if not _SECONDS.valid(value):
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
    return local.path(value, f"{where}: archive", exists=False)  # `index build` makes it


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
        _GRAMMAR.refuse_key(value, key, place, ConfigError)
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
        of = f" of {_type_name(default[0], 'values')}" if default else ""
        raise ConfigError(f"{where}: must be a list{of}")
    if not isinstance(default, list) and not _same_type(value, default):
        raise ConfigError(f"{where}: must be {_type_name(default, type(default).__name__)}")


def _type_name(default: Any, otherwise: str) -> str:
    """The name of the type an option's default has (``a whole number``)."""
    kind = TYPE_OF_DEFAULT.get(type(default))
    return otherwise if kind is None else kind.name


def _same_type(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return default is None or isinstance(value, type(default))
