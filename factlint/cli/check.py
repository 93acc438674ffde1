"""``factlint check``: check the articles named, report them, and say how it went."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from factlint.article import loader
from factlint.cli.files import Selection, targets
from factlint.core.diagnostics import Severity
from factlint.core.errors import EmptyArticle, InputError
from factlint.core.results import FileResult
from factlint.engine.config import ConfigError, Resolver, parse_selectors
from factlint.engine.run import Options, check_file, check_text
from factlint.output.reporters import GithubReporter, JsonReporter, Reporter, TextReporter

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
    if checked == 0 and reporter.summary.file_errors:  # nothing at all to check is fine
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
    if output == "json":
        return JsonReporter(sys.stdout, sys.stderr)
    if output == "github":
        return GithubReporter(sys.stdout, sys.stderr)
    color = args.color == "always" or (
        args.color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    )
    return TextReporter(sys.stdout, sys.stderr, color=color)


def _results(
    args: argparse.Namespace, resolver: Resolver, options: Options
) -> Iterator[FileResult]:
    """The results of the files to check; a skipped file (an empty article) gets a note
    on stderr instead, and is neither reported nor counted."""
    selection = Selection(
        resolver, not args.no_respect_gitignore, args.force_exclude, args.stdin_filename
    )
    for display, path, error in targets(args.paths, selection):
        if error is not None:
            result = FileResult(display, error=error)
        elif path is None:
            result = _check_stdin(args, resolver, options)
        else:
            result = check_file(path, resolver, options)
        if result.skipped is None:
            yield result
        else:
            print(f"{result.path}: note: {result.skipped}, skipped", file=sys.stderr)


def _check_stdin(args: argparse.Namespace, resolver: Resolver, options: Options) -> FileResult:
    """Standard input, checked as the file ``--stdin-filename`` names would be (its
    config, its per-file ignores)."""
    name = args.stdin_filename or "-"
    path = Path(args.stdin_filename) if args.stdin_filename else None
    try:
        config = resolver.for_file(path)
        config = config.with_overrides(options.select, options.ignore, options.grammar)
        text = loader.read_text(None, sys.stdin.buffer)
    except EmptyArticle as exc:
        return FileResult(name, skipped=str(exc))
    except InputError as exc:
        return FileResult(name, error=str(exc))
    return check_text(name, text, config, path=path)
