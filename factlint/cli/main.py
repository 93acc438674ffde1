"""The ``factlint`` command line: ``check``, ``rules`` and ``explain``.

Exit status: 0 when nothing is at or above the failing severity (``fail-on``, warning by
default), 1 when something is (or when some files could not be checked), 2 for a usage or
configuration error, or when no file could be checked at all because of errors (nothing to
check, every file excluded or empty, is 0), 3 when factlint itself failed (an internal
error in parsing or a rule); 3 goes before 2, and 2 before 1. A reader that closes
``check``'s output early changes none of it.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO, cast

from factlint import __version__
from factlint.backends import BACKENDS, BackendUnavailable
from factlint.cli.check import EXIT_ERROR, EXIT_INTERNAL, EXIT_OK, check_command
from factlint.cli.jobs import PoolBroken
from factlint.core.codes import FAMILIES
from factlint.core.diagnostics import Severity
from factlint.core.errors import internal_error
from factlint.engine.config import DIALECTS, Config, ConfigError, Resolver
from factlint.engine.registry import find_rule, shipped_pack_rules
from factlint.packs.schema import PackError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, as argparse does
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"factlint: error: {message}\n")


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes, 1 or more: {value!r}")
    return jobs


EXIT_EPILOG = """exit status:
  0  nothing at or above --fail-on (or --exit-zero), or nothing to check
  1  findings at or above --fail-on, or some files could not be (fully) checked
  2  a usage or configuration error, the report file cannot be written, or no file
     could be checked at all
  3  factlint itself failed on some file (an internal error: please report it)
when several apply, 3 goes before 2, and 2 before 1"""


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < 1e6:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0: {value!r}")
    return seconds


def _milliseconds(value: str) -> int:
    try:
        milliseconds = int(value)
    except ValueError:
        milliseconds = -1
    if not 0 <= milliseconds <= 60_000:
        raise argparse.ArgumentTypeError(f"expected milliseconds, 0 to 60000: {value!r}")
    return milliseconds


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="factlint", description="Fact-check and style linter for news articles.")
    parser.add_argument("--version", action="version", version=f"factlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    check = commands.add_parser(
        "check",
        help="check articles and report what a copy desk would flag",
        epilog=EXIT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="files, folders, or - for stdin (default: .)"
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "github", "sarif", "rdjson", "gitlab", "html"),
        help="output format (default: text; github under GitHub Actions); sarif for code "
        "scanning, rdjson for reviewdog, gitlab for GitLab's Code Quality report, html for "
        "one page with each article and its findings (with --output-file)",
    )
    check.add_argument(
        "--changed-since",
        metavar="REF",
        help="report only what lies on lines changed since the git revision REF (the "
        "working tree against REF; a file new since REF counts whole); the rules still "
        "read the whole article",
    )
    check.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="leave out the findings that the baseline FILE records (written by "
        "--write-baseline): only new ones are reported, and fail; the summary says how many "
        "were left out, and a note on standard error how many of FILE's entries no longer "
        "match (default: the config's `baseline`)",
    )
    check.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="record every finding of the files checked in the baseline FILE (JSON: path, "
        "code and a fingerprint that survives edits elsewhere in the article) instead of "
        "reporting them, and exit 0; --fix first fixes what it can",
    )
    check.add_argument(
        "--no-baseline",
        action="store_true",
        help="report every finding, whatever the config's `baseline` says",
    )
    check.add_argument(
        "--select", help="only these rule codes or prefixes, comma-separated (BY,QT001)"
    )
    check.add_argument("--ignore", help="skip these rule codes or prefixes, comma-separated")
    check.add_argument(
        "--config", type=Path, help="use this config file instead of discovering one"
    )
    check.add_argument(
        "--fail-on",
        choices=tuple(s.label for s in sorted(Severity, reverse=True)),
        help="lowest severity that makes the exit status 1 (default: warning)",
    )
    check.add_argument(
        "--grammar",
        choices=BACKENDS,
        help="grammar and spelling engine (default: harper)",
    )
    check.add_argument(
        "--dialect",
        choices=DIALECTS,
        help="check every article in this dialect (default: auto, each article's own; an "
        "article whose spelling does not decide gets no check of one dialect's)",
    )
    check.add_argument(
        "--languagetool-url",
        metavar="URL",
        help="a LanguageTool server, e.g. http://localhost:8081 (implies --grammar languagetool)",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the on-disk caches (whole-file results and grammar)",
    )
    check.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="keep the caches in DIR (default: $FACTLINT_CACHE_DIR, else "
        "$XDG_CACHE_HOME/factlint, else ~/.cache/factlint)",
    )
    check.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="check files in N processes (default: one per CPU; 1: in this process); "
        "--fix, --diff and - are checked in this process",
    )
    check.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (shown on standard error when it is a terminal)",
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are findings"
    )
    check.add_argument(
        "--stdin-filename", help="the name to report (and find config for) when reading -"
    )
    check.add_argument(
        "--fix", action="store_true", help="apply the safe fixes to the files (- : to stdout)"
    )
    check.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff: the unsafe fixes too (they need an editor's eye)",
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print a diff of what --fix would change instead of writing; exit 1 if any",
    )
    check.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclude and extend-exclude to the files named too (pre-commit passes it)",
    )
    check.add_argument(
        "--no-respect-gitignore",
        action="store_true",
        help="search folders without leaving out what .gitignore files ignore",
    )
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in text output (default: auto: on a terminal, unless NO_COLOR is set; "
        "FORCE_COLOR forces it)",
    )
    check.add_argument(
        "--context",
        action=argparse.BooleanOptionalAction,
        help="text output: show each finding's line with a marker under it "
        "(default: on a terminal)",
    )
    check.add_argument(
        "--show-fixes",
        action=argparse.BooleanOptionalAction,
        help="text output: show each finding's fix and related places (default: on a terminal)",
    )
    check.add_argument(
        "--statistics",
        action="store_true",
        help="text and github output: after the findings, how many of each code, most first",
    )
    check.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="only the findings: no summary, and no context or fixes unless asked for",
    )
    check.add_argument(
        "-o",
        "--output-file",
        type=Path,
        metavar="FILE",
        help="write the report to FILE instead of standard output (whole, or not at all)",
    )

    check.add_argument(
        "--timeout",
        type=_seconds,
        metavar="SECONDS",
        help="the time reading and checking one file may take; past it the file is reported as not "
        "fully checked, naming the rules that ran out (default: config timeout, or 30)",
    )

    rules = commands.add_parser(
        "rules", help="list every rule, pack rules included: code, name, severity, summary"
    )
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--config", type=Path, help="the config whose packs to list")

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
        type=_seconds,
        metavar="SECONDS",
        help="the time a document's check may take; past it the check is stopped "
        "(default: config timeout, or 30)",
    )
    lsp.add_argument(
        "--debounce",
        type=_milliseconds,
        default=250,
        metavar="MS",
        help="wait so long after the last keystroke before checking (default: 250)",
    )

    from factlint.cli.audit_parser import add_parser as add_audit_parser

    add_audit_parser(commands, EXIT_EPILOG)
    from factlint.cli.index_parser import add_parser as add_index_parser

    add_index_parser(commands, _jobs)

    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("code", help="a rule code (QT001) or name (unbalanced-quotes)")
    explain.add_argument("--config", type=Path, help="the config whose packs to search")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "rules":
            return _rules(args.format, _cwd_config(args.config))
        if args.command == "explain":
            return _explain(args.code, _cwd_config(args.config))
        if args.command == "sheet":
            from factlint.cli.sheets import sheet_command

            return sheet_command(args.paths, args.format, args.stdin_filename, args.config)
        if args.command == "packs":
            from factlint.cli.packs import packs_command

            if args.files:
                from factlint.cli.packs import packs_for_files

                return packs_for_files(args, Resolver(args.config), sys.stdout, sys.stderr)
            return packs_command(args.test, _cwd_config(args.config), sys.stdout, sys.stderr)
        if args.command == "lsp":
            from factlint.cli.lsp import lsp_command

            return lsp_command(args)
        if args.command == "quotes":
            from factlint.cli.sheets import quotes_command

            return quotes_command(args.paths, args.format, args.stdin_filename)
        if args.command == "index":
            from factlint.cli.index import index_command

            return index_command(args)
        if args.command == "audit":
            from factlint.cli.audit import audit_command

            return audit_command(args)
        return _check(args)
    except (ConfigError, PackError, BackendUnavailable, PoolBroken) as exc:
        print(f"factlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `factlint rules | head` (check's report goes on to the end)
        sys.stderr.close()
        return EXIT_OK
    except (SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # the last resort: a bug, said in one line, exit 3
        print(f"factlint: error: {internal_error('in factlint', exc)}", file=sys.stderr)
        return EXIT_INTERNAL


def _check(args: argparse.Namespace) -> int:
    """``check``, with standard error kept for its reader like the report's standard
    output: a reader that closes it early (``2>&1 | head``) changes no exit status."""
    from factlint.cli.reporting import ReaderSafe

    stderr = sys.stderr
    sys.stderr = cast(TextIO, ReaderSafe(stderr))
    try:
        return check_command(args)
    finally:
        sys.stderr = stderr


def _cwd_config(explicit: Path | None) -> Config:
    """The config that governs the current folder (or the one named): its packs."""
    return Resolver(explicit).for_file(None)


def _rules(output: str, config: Config) -> int:
    rules = config.rules
    if output == "json":
        items = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.label,
                "family": FAMILIES.get(r.code[:2], "style packs"),
                "summary": r.summary,
                "options": dict(r.options),
                "pack": r.pack,
                "enabled_by_default": r.enabled_by_default,
            }
            for r in rules
        ]
        print(json.dumps({"version": 1, "rules": items}, indent=2))
        return EXIT_OK
    width = max(len(r.name) for r in rules)
    for r in rules:
        level = r.severity.label if r.enabled_by_default else "off"
        print(f"{r.code}  {r.name:<{width}}  {level:<7}  {r.summary}")
    return EXIT_OK


def _explain(code: str, config: Config) -> int:

    rule = find_rule(code, (*config.pack_rules, *shipped_pack_rules()))
    if rule is None and code in ARCHIVE_CHECKS:
        return _explain_archive_check()
    if rule is None:
        print(f"factlint: error: unknown rule {code!r} (see `factlint rules`)", file=sys.stderr)
        return EXIT_ERROR
    off = "" if rule.enabled_by_default else "; off by default: `select` it by code to run it"
    print(f"{rule.code} {rule.name} (default severity: {rule.severity.label}{off})\n")
    print(inspect.cleandoc(rule.doc))
    if rule.options:
        print("\nOptions (set them under `options:` in the config):")
        for name, value in rule.options.items():
            choices = rule.choices.get(name)
            among = f" (one of: {', '.join(choices)})" if choices else ""
            print(f"  {rule.code}.{name}: {json.dumps(value)}{among}")
    return EXIT_OK


ARCHIVE_CHECKS = ("NM100", "archive-name-variant")  # factlint audit's, across an archive


def _explain_archive_check() -> int:
    from factlint.analyses import archive_names

    print(f"{archive_names.CODE} {archive_names.NAME} (severity: {archive_names.SEVERITY})\n")
    print("Reported by `factlint audit` only, across an archive, not by `check`.\n")
    print(inspect.cleandoc(archive_names.__doc__ or ""))
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
