"""Configuration: ``.factlint.yaml`` or ``[tool.factlint]`` in ``pyproject.toml``.

The file is found by walking up from each checked file's folder; the nearest one wins
(``.factlint.yaml`` before ``pyproject.toml`` in the same folder; a ``pyproject.toml``
without ``[tool.factlint]`` is passed over). Command-line options win over the file:
``--select`` replaces ``select``, ``--ignore`` adds to ``ignore``.

What a config holds is :mod:`factlint.engine.config_model`; how its settings are read
and checked, :mod:`factlint.engine.config_reader`; this module finds and reads the files.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from factlint.core.safefile import is_special
from factlint.core.yamlfile import MAX_DEPTH, parse, read_text, too_deep, unquoted
from factlint.engine.config_model import (
    CONFIG_NAMES,
    DEFAULT_TIMEOUT,
    DIALECTS,
    FALLBACK_DIALECTS,
    GRAMMAR_KEYS,
    KEYS,
    OFF,
    OUTSIDE,
    Config,
    ConfigError,
)
from factlint.engine.config_reader import from_mapping, parse_selectors

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
