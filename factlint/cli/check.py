"""``factlint check``: check the articles named, report them, and say how it went."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from factlint.article import loader
from factlint.cli.files import Selection, targets
from factlint.core.diagnostics import Severity
from factlint.core.errors import EmptyArticle, InputError
from factlint.core.results import FileResult
from factlint.engine.config import Config, ConfigError, Resolver, parse_selectors
from factlint.engine.fixes import FixOutcome, FixSettings, fix_bytes, fix_file
from factlint.engine.result_cache import ResultCache, check_file_cached
from factlint.engine.run import Options, check_text, file_config
from factlint.output.atomic import open_atomic
from factlint.output.reporters import GithubReporter, JsonReporter, Layout, Reporter

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def check_command(args: argparse.Namespace) -> int:
    """Check what ``args`` name; the exit status."""
    if args.cache_dir:  # the derived tables (word counts, packs) follow --cache-dir too
        os.environ["FACTLINT_CACHE_DIR"] = str(args.cache_dir)
    if args.unsafe_fixes and not (args.fix or args.diff):
        print("factlint: error: --unsafe-fixes needs --fix or --diff", file=sys.stderr)
        return EXIT_ERROR
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
    fixing = FixSettings(args.unsafe_fixes, write=not args.diff) if args.fix or args.diff else None
    reporter = _reporter(args, fixing)
    cache = None if args.no_cache else ResultCache.in_folder(args.cache_dir)
    checked = failed = 0
    fail_on = Severity.parse(args.fail_on) if args.fail_on else None
    for result in _results(args, configs, fixing, cache):
        if fail_on is not None:
            result.fail_on = fail_on
        reporter.file(result)
        result.text = None  # a long run keeps no article text
        checked += result.error is None
        failed += result.failed
    reporter.finish()
    return _exit_status(args, reporter, checked, failed, bool(configs.failed))


def _exit_status(
    args: argparse.Namespace, reporter: Reporter, checked: int, failed: int, config_failed: bool
) -> int:
    if config_failed or (checked == 0 and reporter.summary.file_errors):
        return EXIT_ERROR
    if reporter.summary.file_errors:
        return EXIT_FINDINGS
    if args.diff:  # ruff's convention: 1 when there is something to change
        failed = reporter.summary.fixed or 0
    return EXIT_FINDINGS if failed and not args.exit_zero else EXIT_OK


def _grammar_options(args: argparse.Namespace) -> dict:
    options: dict = {}
    if args.languagetool_url:
        options.update(backend="languagetool", url=args.languagetool_url)
    if args.grammar:
        options["backend"] = args.grammar
    if args.no_cache:
        options["cache"] = False
    if args.cache_dir:
        options["cache_dir"] = str(args.cache_dir)
    return options


def _reporter(args: argparse.Namespace, fixing: FixSettings | None) -> Reporter:
    reporter = _new_reporter(args, _report_stream(args, fixing))
    if fixing is not None:
        reporter.fixing(dry_run=not fixing.write)
    return reporter


def _report_stream(args: argparse.Namespace, fixing: FixSettings | None) -> TextIO:
    """Standard error when standard output carries a diff or a fixed article."""
    if fixing is not None and (not fixing.write or "-" in args.paths):
        return sys.stderr
    return sys.stdout


def _new_reporter(args: argparse.Namespace, stream: TextIO) -> Reporter:
    output = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if output == "json" and args.statistics:
        raise ConfigError("--statistics is for text and github output, not --format json")
    out, commit = _destination(args.output_file, stream)
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


def _destination(path: Path | None, stream: TextIO) -> tuple[TextIO, Callable[[], None] | None]:
    """``stream``, or the --output-file: written aside and moved into place at the end."""
    if path is None:
        return stream, None
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


class _Configs:
    """The config of each file, with the command line's options; a config that cannot be
    used is said once, on stderr, its files are not checked, and the run exits 2."""

    def __init__(self, resolver: Resolver, options: Options) -> None:
        self.resolver, self.options = resolver, options
        self.failed: set[str] = set()

    def for_file(self, path: Path | None) -> Config | None:
        try:
            return file_config(path, self.resolver, self.options)
        except ConfigError as exc:
            if str(exc) not in self.failed:
                self.failed.add(str(exc))
                print(f"factlint: error: {exc}", file=sys.stderr)
            return None


def _results(
    args: argparse.Namespace,
    configs: _Configs,
    fixing: FixSettings | None,
    cache: ResultCache | None,
) -> Iterator[FileResult]:
    """The results of the files to check; a skipped file (an empty article) gets a note
    on stderr instead, and is neither reported nor counted."""
    selection = Selection(
        configs.resolver, not args.no_respect_gitignore, args.force_exclude, args.stdin_filename
    )
    for display, path, error in targets(args.paths, selection):
        result: FileResult | None = (
            FileResult(display, error=error)
            if error is not None
            else _check_one(args, path, configs, fixing, cache)
        )
        if result is None:
            continue
        if result.skipped is None:
            yield result
        else:
            print(f"{result.path}: note: {result.skipped}, skipped", file=sys.stderr)


def _check_one(
    args: argparse.Namespace,
    path: Path | None,
    configs: _Configs,
    fixing: FixSettings | None,
    cache: ResultCache | None,
) -> FileResult | None:
    """One file (None: standard input) checked, or fixed; None when its config is broken.
    A file's result may come from ``cache``; fixing and standard input never use it."""
    config = configs.for_file(_stdin_path(args) if path is None else path)
    if config is None:
        return None
    if fixing is not None:
        return _fix(args, path, config, fixing)
    if path is None:
        return _check_stdin(args, config)
    return check_file_cached(path, config, cache)


def _stdin_path(args: argparse.Namespace) -> Path | None:
    return Path(args.stdin_filename) if args.stdin_filename else None


def _check_stdin(args: argparse.Namespace, config: Config) -> FileResult:
    """Standard input, checked as the file ``--stdin-filename`` names would be (its
    config, its per-file ignores)."""
    name = args.stdin_filename or "-"
    try:
        text = loader.read_text(None, sys.stdin.buffer)
    except EmptyArticle as exc:
        return FileResult(name, skipped=str(exc))
    except InputError as exc:
        return FileResult(name, error=str(exc))
    return check_text(name, text, config, path=_stdin_path(args))


def _fix(
    args: argparse.Namespace, path: Path | None, config: Config, fixing: FixSettings
) -> FileResult:
    """Fix one file (or stdin); print its diff (--diff) or the fixed stdin; its result."""
    outcome = (
        fix_file(path, config, fixing) if path is not None else _fix_stdin(args, config, fixing)
    )
    if not fixing.write:
        sys.stdout.write(outcome.diff())
    elif path is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(outcome.fixed_bytes())
        sys.stdout.buffer.flush()
    return outcome.result


def _fix_stdin(args: argparse.Namespace, config: Config, fixing: FixSettings) -> FixOutcome:
    name = args.stdin_filename or "-"
    try:
        data = loader.read_stream(sys.stdin.buffer)
    except InputError as exc:
        return FixOutcome(FileResult(name, error=str(exc)))
    return fix_bytes(name, data, config, fixing.unsafe)
