"""The ``factlint`` command line's parser, a part a command (:func:`build_parser`): the
options of ``check`` are :mod:`factlint.cli.check_parser`'s, of ``audit`` and ``index``
their own parser modules'. What it reads becomes a typed command in
:mod:`factlint.cli.commands`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn

from factlint import __version__
from factlint.backends import BACKENDS
from factlint.cli.arguments import EXIT_EPILOG, EXIT_ERROR, milliseconds, positive_jobs, seconds
from factlint.engine.config import DIALECTS


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, as argparse does
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"factlint: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from factlint.cli.audit_parser import add_parser as add_audit
    from factlint.cli.check_parser import add_parser as add_check
    from factlint.cli.index_parser import add_parser as add_index

    parser = _Parser(prog="factlint", description="Fact-check and style linter for news articles.")
    parser.add_argument("--version", action="version", version=f"factlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    add_check(commands)
    _add_rules(commands)
    _add_packs(commands)
    _add_sheets(commands)
    _add_lsp(commands)
    add_audit(commands, EXIT_EPILOG)
    add_index(commands, positive_jobs)
    _add_explain(commands)
    return parser


def _add_rules(commands: Any) -> None:
    rules = commands.add_parser(
        "rules", help="list every rule, pack rules included: code, name, severity, summary"
    )
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--config", type=Path, help="the config whose packs to list")


def _add_packs(commands: Any) -> None:
    packs = commands.add_parser(
        "packs", help="list the rule packs (on or off), or test packs against their examples"
    )
    packs.add_argument(
        "--test",
        nargs="*",
        metavar="PATH",
        help="run every rule of the shipped packs, the configured ones and these pack files "
        "or folders against its own examples",
    )
    packs.add_argument("--config", type=Path, help="the config whose packs to list")
    packs.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="say for each of these articles which packs check it, and why",
    )
    packs.add_argument("--dialect", choices=DIALECTS, help="as for check")


def _add_sheets(commands: Any) -> None:
    quotes = commands.add_parser(
        "quotes", help="the quote sheet: every direct quote with its speaker, cue and line"
    )
    quotes.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, or - for stdin")
    quotes.add_argument("--format", choices=("text", "json", "html"), default="text")
    quotes.add_argument("--stdin-filename", help="the name to report when reading -")

    sheet = commands.add_parser(
        "sheet",
        help="the fact-check sheet: people (and what the fact register says), numbers, "
        "dates and quotes",
    )
    sheet.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, or - for stdin")
    sheet.add_argument("--format", choices=("text", "json", "html"), default="text")
    sheet.add_argument("--config", type=Path, help="use this config file (and its `facts:`)")
    sheet.add_argument("--stdin-filename", help="the name to report when reading -")


def _add_lsp(commands: Any) -> None:
    lsp = commands.add_parser(
        "lsp",
        help="a language server (LSP, over standard input and output) for editors: "
        "findings as you write (needs `pip install 'factlint[lsp]'`)",
    )
    lsp.add_argument(
        "--config",
        type=Path,
        help="use this config file for every document instead of discovering one",
    )
    lsp.add_argument("--grammar", choices=BACKENDS, help="grammar and spelling engine")
    lsp.add_argument(
        "--timeout",
        type=seconds,
        metavar="SECONDS",
        help="the time a document's check may take; past it the check is stopped "
        "(default: config timeout, or 30)",
    )
    lsp.add_argument(
        "--debounce",
        type=milliseconds,
        default=250,
        metavar="MS",
        help="wait so long after the last keystroke before checking (default: 250)",
    )


def _add_explain(commands: Any) -> None:
    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("code", help="a rule code (QT001) or name (unbalanced-quotes)")
    explain.add_argument("--config", type=Path, help="the config whose packs to search")
