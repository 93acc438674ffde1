"""The options of ``factlint check`` (the command is :mod:`factlint.cli.check`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from factlint.backends import BACKENDS
from factlint.cli.arguments import EXIT_EPILOG, positive_jobs, seconds
from factlint.core.diagnostics import Severity
from factlint.engine.config import DIALECTS
from factlint.output.formats import FORMATS


def add_parser(commands: Any) -> None:
    check = commands.add_parser(
        "check",
        help="check articles and report what a copy desk would flag",
        epilog=EXIT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="files, folders, or - for stdin (default: .)"
    )
    _add_report_options(check)
    _add_rule_options(check)
    _add_engine_options(check)
    _add_run_options(check)
    _add_fix_options(check)
    _add_file_options(check)
    _add_layout_options(check)
    check.add_argument(
        "--timeout",
        type=seconds,
        metavar="SECONDS",
        help="the time reading and checking one file may take; past it the file is reported as not "
        "fully checked, naming the rules that ran out (default: config timeout, or 30)",
    )


def _add_report_options(check: argparse.ArgumentParser) -> None:
    """Which report: the format, and which findings it leaves out (--changed-since, the
    baselines)."""
    check.add_argument(
        "--format",
        choices=tuple(FORMATS),
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


def _add_rule_options(check: argparse.ArgumentParser) -> None:
    """Which rules run, with which config, and what fails the run."""
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


def _add_engine_options(check: argparse.ArgumentParser) -> None:
    """The grammar engine, the dialect and the caches."""
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


def _add_run_options(check: argparse.ArgumentParser) -> None:
    """How the run goes: processes, progress, exit status, standard input."""
    check.add_argument(
        "-j",
        "--jobs",
        type=positive_jobs,
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


def _add_fix_options(check: argparse.ArgumentParser) -> None:
    """Fixing the articles, or showing the fixes as a diff."""
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


def _add_file_options(check: argparse.ArgumentParser) -> None:
    """Which files of those named and of the folders searched are checked."""
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


def _add_layout_options(check: argparse.ArgumentParser) -> None:
    """What the report shows, and where it goes."""
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
