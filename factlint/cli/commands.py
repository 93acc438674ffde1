"""Each command's options, parsed once into a frozen dataclass (:func:`command_of`): what
``argparse`` read becomes typed values here, and no ``Namespace`` goes further. The names
are the options' (``--fail-on`` is ``fail_on``); a list the parser gives is a tuple."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

from factlint.output.reporters import ColorMode


@dataclass(frozen=True)
class RulesCommand:
    """``factlint rules``: every rule, as text or JSON."""

    format: str = "text"
    config: Path | None = None


@dataclass(frozen=True)
class ExplainCommand:
    """``factlint explain CODE``: a rule's documentation."""

    code: str = ""
    config: Path | None = None


@dataclass(frozen=True)
class PacksCommand:
    """``factlint packs``: the packs, on or off; ``--test`` them; or which check FILEs."""

    test: tuple[str, ...] | None = None
    config: Path | None = None
    files: tuple[str, ...] = ()
    dialect: str | None = None


@dataclass(frozen=True)
class SheetCommand:
    """``factlint quotes`` (``sheet`` "quotes") and ``factlint sheet`` ("sheet")."""

    sheet: str = "sheet"
    paths: tuple[str, ...] = ()
    format: str = "text"
    stdin_filename: str | None = None
    config: Path | None = None  # `sheet` only


@dataclass(frozen=True)
class LspCommand:
    """``factlint lsp``: the language server."""

    config: Path | None = None
    grammar: str | None = None
    timeout: float | None = None
    debounce: int = 250  # milliseconds


@dataclass(frozen=True)
class RuleChoice:
    """What ``check`` and ``audit`` put on top of configs: the rules (``--select``,
    ``--ignore``), the grammar engine and its cache, and the time a file may take."""

    config: Path | None = None
    select: str | None = None
    ignore: str | None = None
    grammar: str | None = None
    dialect: str | None = None
    languagetool_url: str | None = None
    no_cache: bool = False
    cache_dir: Path | None = None
    timeout: float | None = None


@dataclass(frozen=True)
class CheckCommand(RuleChoice):
    """``factlint check``."""

    paths: tuple[str, ...] = ()
    format: str | None = None
    changed_since: str | None = None
    baseline: Path | None = None
    write_baseline: Path | None = None
    no_baseline: bool = False
    fail_on: str | None = None
    jobs: int | None = None
    no_progress: bool = False
    exit_zero: bool = False
    stdin_filename: str | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    force_exclude: bool = False
    no_respect_gitignore: bool = False
    color: ColorMode = "auto"
    context: bool | None = None  # None: on a terminal
    show_fixes: bool | None = None  # None: on a terminal
    statistics: bool = False
    quiet: bool = False
    output_file: Path | None = None


@dataclass(frozen=True)
class AuditCommand(RuleChoice):
    """``factlint audit``: an archive on a Dask cluster (``dialect`` and
    ``languagetool_url`` are not its options: always None)."""

    paths: tuple[str, ...] = ()
    output: Path = Path()
    scheduler: str = "local"
    workers: int | None = None
    batch_size: int = 32
    resume: bool = False
    fail_on: str | None = None
    exit_zero: bool = False
    no_respect_gitignore: bool = False
    archive_output: Path | None = None
    no_archive_checks: bool = False
    name_min_majority: int | None = None
    name_max_odd: int | None = None
    name_max_share: float | None = None


@dataclass(frozen=True)
class IndexCommand:
    """``factlint index ACTION``: build, update, stats or show NAME."""

    action: str = "stats"
    paths: tuple[str, ...] = ()
    name: str = ""
    index: Path | None = None
    config: Path | None = None
    format: str = "text"
    jobs: int | None = None
    scheduler: str | None = None
    workers: int | None = None
    no_respect_gitignore: bool = False


Command = (
    CheckCommand
    | RulesCommand
    | ExplainCommand
    | PacksCommand
    | SheetCommand
    | LspCommand
    | AuditCommand
    | IndexCommand
)
COMMANDS: dict[str, type[Any]] = {
    "check": CheckCommand,
    "rules": RulesCommand,
    "explain": ExplainCommand,
    "packs": PacksCommand,
    "quotes": SheetCommand,
    "sheet": SheetCommand,
    "lsp": LspCommand,
    "audit": AuditCommand,
    "index": IndexCommand,
}

T = TypeVar("T")


def command_of(parsed: argparse.Namespace) -> Command:
    """The command ``parsed`` (the parser's reading of the command line) names, typed."""
    if COMMANDS[parsed.command] is SheetCommand:
        return SheetCommand(**{**_values(SheetCommand, parsed), "sheet": parsed.command})
    command: Command = typed(COMMANDS[parsed.command], parsed)
    return command


def typed(cls: type[T], parsed: argparse.Namespace) -> T:
    """``cls`` with the values ``parsed`` has for its fields (the others: defaults)."""
    return cls(**_values(cls, parsed))


def _values(cls: type[Any], parsed: argparse.Namespace) -> dict[str, Any]:
    values = {}
    for field in fields(cls):
        if hasattr(parsed, field.name):
            value = getattr(parsed, field.name)
            values[field.name] = tuple(value) if isinstance(value, list) else value
    return values
