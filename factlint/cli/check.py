"""``factlint check``: check the articles named, report them, and say how it went."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from factlint.article import loader
from factlint.cli.files import targets
from factlint.core.diagnostics import Severity
from factlint.core.errors import InputError
from factlint.core.results import FileResult
from factlint.engine.config import ConfigError, Resolver, parse_selectors
from factlint.engine.run import Options, check_file, check_text
from factlint.output.atomic import open_atomic
from factlint.output.reporters import GithubReporter, JsonReporter, Layout, Reporter

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def check_command(args: argparse.Namespace) -> int:
    """Check what ``args`` name; the exit status."""
    resolver = Resolver(args.config)
    try:  # --select may name the rules of the packs configured here
        pack_codes = [rule.code for rule in resolver.for_file(None).pack_rules]
    except ConfigError:
        pack_codes = []
    options = Options(
        select=parse_selectors(args.select, "--select", pack_codes) if args.select else None,
        ignore=parse_selectors(args.ignore, "--ignore", pack_codes) if args.ignore else None,
        grammar=_grammar_options(args),
    )
    reporter = _reporter(args)
    checked = failed = 0
    fail_on = Severity.parse(args.fail_on) if args.fail_on else None
    for result in _results(args, resolver, options):
        if fail_on is not None:
            result.fail_on = fail_on
        reporter.file(result)
        result.text = None  # a long run keeps no article text
        checked += result.error is None
        failed += result.failed
    reporter.finish()
    if checked == 0:
        return EXIT_ERROR
    if reporter.summary.file_errors:
        return EXIT_FINDINGS
    return EXIT_FINDINGS if failed and not args.exit_zero else EXIT_OK


def _grammar_options(args: argparse.Namespace) -> dict:
    options: dict = {}
    if args.languagetool_url:
        options.update(backend="languagetool", url=args.languagetool_url)
    if args.grammar:
        options["backend"] = args.grammar
    if args.no_cache:
        options["cache"] = False
    return options


def _reporter(args: argparse.Namespace) -> Reporter:
    output = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if output == "json" and args.statistics:
        raise ConfigError("--statistics is for text and github output, not --format json")
    out, commit = _destination(args.output_file)
    if output == "json":
        return JsonReporter(out, sys.stderr, on_finish=commit)
    layout = _layout(args, terminal=out.isatty())
    if output == "github":
        return GithubReporter(out, sys.stderr, layout, commit)
    from factlint.output.text import TextReporter  # rich: loaded for the text report only

    return TextReporter(out, sys.stderr, layout, commit)


def _layout(args: argparse.Namespace, terminal: bool) -> Layout:
    """What the report shows: context and fixes on a terminal unless --quiet, or as asked."""
    shown = terminal and not args.quiet
    return Layout(
        summary=not args.quiet,
        statistics=args.statistics,
        context=shown if args.context is None else args.context,
        fixes=shown if args.show_fixes is None else args.show_fixes,
        color=args.color,
        crop=terminal,
    )


def _destination(path: Path | None) -> tuple[TextIO, Callable[[], None] | None]:
    """Standard output, or the --output-file: written aside and moved into place at the end."""
    if path is None:
        return sys.stdout, None
    try:
        file = open_atomic(path)
    except OSError as exc:
        raise _unwritable(path, exc) from None

    def commit() -> None:
        try:
            file.commit()
        except OSError as exc:
            raise _unwritable(path, exc) from None

    return file, commit


def _unwritable(path: Path, exc: OSError) -> ConfigError:
    return ConfigError(f"--output-file {path}: cannot write it ({exc.strerror or exc})")


def _results(
    args: argparse.Namespace, resolver: Resolver, options: Options
) -> Iterator[FileResult]:
    for display, path, error in targets(args.paths):
        if error is not None:
            yield FileResult(display, error=error)
        elif path is None:
            yield _check_stdin(args, resolver, options)
        else:
            yield check_file(path, resolver, options)


def _check_stdin(args: argparse.Namespace, resolver: Resolver, options: Options) -> FileResult:
    name = args.stdin_filename or "-"
    try:
        config = resolver.for_file(Path(name) if args.stdin_filename else None)
        config = config.with_overrides(options.select, options.ignore, options.grammar)
        text = loader.read_text(None, sys.stdin.buffer)
    except InputError as exc:
        return FileResult(name, error=str(exc))
    return check_text(name, text, config)
