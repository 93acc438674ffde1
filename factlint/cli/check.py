"""``factlint check``: check the articles named, report them, and say how it went."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from factlint.article import loader
from factlint.cli.files import targets
from factlint.core.diagnostics import Severity
from factlint.core.errors import InputError
from factlint.core.results import FileResult
from factlint.engine.config import Config, ConfigError, Resolver, parse_selectors
from factlint.engine.run import Options, check_file_with_config, check_text
from factlint.output.reporters import GithubReporter, JsonReporter, Reporter, TextReporter

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def check_command(args: argparse.Namespace) -> int:
    """Check what ``args`` name; the exit status."""
    resolver = Resolver(args.config)
    try:  # --select may name the rules of the packs configured here
        pack_rules = resolver.for_file(None).pack_rules
    except ConfigError:
        pack_rules = ()
    select, ignore = args.select, args.ignore
    options = Options(
        select=None if select is None else parse_selectors(select, "--select", pack_rules, False),
        ignore=None if ignore is None else parse_selectors(ignore, "--ignore", pack_rules),
        grammar=_grammar_options(args),
    )
    configs = _Configs(resolver, options)
    reporter = _reporter(args)
    checked = failed = 0
    fail_on = Severity.parse(args.fail_on) if args.fail_on else None
    for result in _results(args, configs):
        if fail_on is not None:
            result.fail_on = fail_on
        reporter.file(result)
        result.text = None  # a long run keeps no article text
        checked += result.error is None
        failed += result.failed
    reporter.finish()
    if checked == 0 or configs.failed:
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


class _Configs:
    """The config of each file, with the command line's options; a config that cannot be
    used is said once, on stderr, its files are not checked, and the run exits 2."""

    def __init__(self, resolver: Resolver, options: Options) -> None:
        self.resolver, self.options = resolver, options
        self.failed: set[str] = set()

    def for_file(self, path: Path | None) -> Config | None:
        options = self.options
        try:
            config = self.resolver.for_file(path)
            return config.with_overrides(options.select, options.ignore, options.grammar)
        except ConfigError as exc:
            if str(exc) not in self.failed:
                self.failed.add(str(exc))
                print(f"factlint: error: {exc}", file=sys.stderr)
            return None


def _results(args: argparse.Namespace, configs: _Configs) -> Iterator[FileResult]:
    for display, path, error in targets(args.paths):
        if error is not None:
            yield FileResult(display, error=error)
            continue
        config = configs.for_file(Path(args.stdin_filename or "-") if path is None else path)
        if config is None:
            continue
        if path is None:
            yield _check_stdin(args, config)
        else:
            yield check_file_with_config(path, config)


def _check_stdin(args: argparse.Namespace, config: Config) -> FileResult:
    name = args.stdin_filename or "-"
    try:
        text = loader.read_text(None, sys.stdin.buffer)
    except InputError as exc:
        return FileResult(name, error=str(exc))
    return check_text(name, text, config)
