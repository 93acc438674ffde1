"""``factlint check``: check the articles named, report them, and say how it went."""

from __future__ import annotations

import os
import sys
from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, replace
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING

from factlint.article import loader
from factlint.backends import BackendUnavailable
from factlint.cli.baselines import Baselines, check_usage
from factlint.cli.commands import CheckCommand, RuleChoice
from factlint.cli.files import Selection, targets
from factlint.cli.jobs import default_jobs
from factlint.cli.progress import Progress, progress_for
from factlint.cli.reporting import make_reporter, report_stream
from factlint.core.diagnostics import Severity
from factlint.core.errors import FATAL, EmptyArticle, InputError, internal_error
from factlint.core.results import FileResult
from factlint.engine.config import Config, ConfigError, Resolver, parse_selectors
from factlint.engine.fixes import FixOutcome, FixSettings, fix_bytes, fix_file
from factlint.engine.result_cache import ResultCache, check_file_cached
from factlint.engine.run import Options, check_text, file_config
from factlint.output.baseline import BaselineWriter
from factlint.output.reporters import Reporter
from factlint.output.sheets import Target
from factlint.rules import Rule, all_rules

if TYPE_CHECKING:
    from factlint.engine.changes import ChangedLines

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
IN_PROCESS_UP_TO = 16  # files: so many or fewer are checked in this process, whatever --jobs
BATCH = 4  # files a worker is given at a time (1, then 2, then 4: the first come soon)


def check_command(args: CheckCommand) -> int:
    """Check what ``args`` name; the exit status."""
    if args.cache_dir:  # the derived tables (word counts, packs) follow --cache-dir too
        os.environ["FACTLINT_CACHE_DIR"] = str(args.cache_dir)
    if args.unsafe_fixes and not (args.fix or args.diff):
        print("factlint: error: --unsafe-fixes needs --fix or --diff", file=sys.stderr)
        return EXIT_ERROR
    check_usage(args)
    changes = _changes(args)
    resolver, options = command_options(args)
    pack_rules = _pack_rules_here(resolver)
    configs = _Configs(resolver, options, _result_cache(args))
    baselines = _baselines(args, configs)
    fixing = FixSettings(args.unsafe_fixes, write=not args.diff) if args.fix or args.diff else None
    fail_on = Severity.parse(args.fail_on) if args.fail_on else None
    with _progress(args, fixing) as progress:
        reporter = make_reporter(args, fixing, progress, (*all_rules(), *pack_rules))
        keep_text = reporter.needs_text or changes is not None or baselines.explicit is not None
        found = _results(args, configs, fixing, progress, keep_text, changes, baselines)
        with closing(found) as results:
            tally = _report(reporter, results, fail_on)
        _finish(reporter, configs)
    for note in baselines.notes():
        print(note, file=sys.stderr)
    if tally.internal:  # factlint itself failed: before anything else, for CI to tell
        return EXIT_INTERNAL
    failed = 0 if isinstance(reporter, BaselineWriter) else tally.failed  # recorded, not failed
    return _exit_status(args, reporter, tally.checked, failed, bool(configs.failed))


def _baselines(args: CheckCommand, configs: _Configs) -> Baselines:
    """The run's baselines: none while --write-baseline records every finding."""
    if args.write_baseline is not None:
        return Baselines(None, False, configs.for_file, configs.fail)
    return Baselines(args.baseline, not args.no_baseline, configs.for_file, configs.fail)


def _finish(reporter: Reporter, configs: _Configs) -> None:
    """End the report; a baseline is not written when a config could not be used (the
    files it governs were not checked, so their findings would be missing from it)."""
    if isinstance(reporter, BaselineWriter) and configs.failed:
        reporter.discard()
        print(f"factlint: the baseline {reporter.path} was not written", file=sys.stderr)
        return
    reporter.finish()


def command_options(args: RuleChoice) -> tuple[Resolver, Options]:
    """The config resolver and the options that the command line puts on top of configs
    (``--select``, ``--ignore``, the grammar options, ``--timeout``): check's and audit's."""
    resolver = Resolver(args.config)
    pack_rules = _pack_rules_here(resolver)  # --select may name them
    select, ignore = args.select, args.ignore
    options = Options(
        select=None if select is None else parse_selectors(select, "--select", pack_rules, False),
        ignore=None if ignore is None else parse_selectors(ignore, "--ignore", pack_rules),
        grammar=_grammar_options(args),
        timeout=args.timeout,
    )
    return resolver, options


def _pack_rules_here(resolver: Resolver) -> tuple[Rule, ...]:
    """The rules of the packs that the current folder's config turns on (none when that
    config cannot be used: the error is said when a file needs it)."""
    try:
        return resolver.for_file(None).pack_rules
    except ConfigError:
        return ()


@dataclass
class _Tally:
    """The files checked, failed (findings or errors), and those factlint failed on."""

    checked: int = 0
    failed: int = 0
    internal: int = 0


def _report(reporter: Reporter, results: Iterator[FileResult], fail_on: Severity | None) -> _Tally:
    """Feed each result to the reporter as it comes; how many were checked, and failed."""
    tally = _Tally()
    for result in results:
        if fail_on is not None:
            result.fail_on = fail_on
        reporter.file(result)
        result.text = None  # a long run keeps no article text
        tally.checked += result.error is None
        tally.failed += result.failed
        tally.internal += result.internal
    return tally


def _exit_status(
    args: CheckCommand, reporter: Reporter, checked: int, failed: int, config_failed: bool
) -> int:
    if config_failed or (checked == 0 and reporter.summary.file_errors):
        return EXIT_ERROR
    if reporter.summary.file_errors:
        return EXIT_FINDINGS
    if args.diff:  # ruff's convention: 1 when there is something to change
        failed = reporter.summary.fixed or 0
    return EXIT_FINDINGS if failed and not args.exit_zero else EXIT_OK


def _progress(args: CheckCommand, fixing: FixSettings | None) -> Progress:
    """A progress bar on a terminal, unless --no-progress, or standard output carries a
    diff or a fixed article."""
    data_on_stdout = report_stream(args, fixing) is sys.stderr
    return progress_for(args.paths or ["."], not (args.no_progress or data_on_stdout))


def _grammar_options(args: RuleChoice) -> dict:
    options: dict = {}
    if args.languagetool_url:
        options.update(backend="languagetool", url=args.languagetool_url)
    if args.grammar:
        options["backend"] = args.grammar
    if args.dialect:
        options["dialect"] = args.dialect
    if args.no_cache:
        options["cache"] = False
    if args.cache_dir:
        options["cache_dir"] = str(args.cache_dir)
    return options


def _result_cache(args: RuleChoice) -> ResultCache | None:
    """The whole-file result cache, unless --no-cache."""
    return None if args.no_cache else ResultCache.in_folder(args.cache_dir)


def _changes(args: CheckCommand) -> ChangedLines | None:
    """What changed since ``--changed-since`` (None without it). Raises ConfigError for a
    use it cannot serve: standard input (nothing to compare), --fix and --diff (refused:
    a fix on an unchanged line would change what the pull request did not touch)."""
    if args.changed_since is None:
        return None
    if "-" in args.paths:
        raise ConfigError("--changed-since compares files with git: not standard input (-)")
    if args.fix or args.diff:
        raise ConfigError("--changed-since only reports: it cannot be used with --fix or --diff")
    from factlint.engine.changes import changed_lines  # git and unidiff: only when asked

    return changed_lines(args.changed_since)


class _Configs:
    """The config of each file, with the command line's options; a config that cannot be
    used is said once, on stderr, its files are not checked, and the run exits 2. It also
    holds the process's result cache (None: --no-cache), which checks with the configs."""

    def __init__(
        self, resolver: Resolver, options: Options, cache: ResultCache | None = None
    ) -> None:
        self.resolver, self.options, self.cache = resolver, options, cache
        self.failed: set[str] = set()

    def for_file(self, path: Path | None) -> Config | None:
        try:
            config = file_config(path, self.resolver, self.options)
        except ConfigError as exc:
            self.fail(str(exc))
            return None
        if config.archive_problem is not None:  # said once; the other checks still run
            self.fail(config.archive_problem)
        return config

    def fail(self, message: str) -> None:
        if message not in self.failed:
            self.failed.add(message)
            print(f"factlint: error: {message}", file=sys.stderr)


Outcome = tuple[FileResult | None, list[str]]  # a target's result, and config errors met


def _results(
    args: CheckCommand,
    configs: _Configs,
    fixing: FixSettings | None,
    progress: Progress,
    keep_text: bool = True,
    changes: ChangedLines | None = None,
    baselines: Baselines | None = None,
) -> Generator[FileResult, None, None]:
    """The results of the files to check, in the order named; a skipped file (an empty
    article) gets a note on stderr instead, and is neither reported nor counted. With
    ``changes`` (--changed-since), a file unchanged since the revision is passed over
    without a word, and the others keep only the findings on changed lines; with
    ``baselines``, only those their baseline does not list."""
    selection = Selection(
        configs.resolver, not args.no_respect_gitignore, args.force_exclude, args.stdin_filename
    )
    found = targets(args.paths, selection, progress.found)
    if changes is not None:
        found = _changed_targets(found, changes, progress)
    for result, config_errors in _outcomes(args, found, configs, fixing, keep_text):
        progress.advance()
        for message in config_errors:
            configs.fail(message)
        if result is None:
            continue
        if result.skipped is not None:
            print(f"{result.path}: note: {result.skipped}, skipped", file=sys.stderr)
        elif baselines is not None:
            filtered = baselines.filter(result, changes)
            if filtered is not None:  # None: its baseline cannot be read (said once)
                yield filtered
        else:
            yield result if changes is None else changes.filter(result)


def _changed_targets(
    found: Iterator[Target], changes: ChangedLines, progress: Progress
) -> Iterator[Target]:
    """The targets that changed since the revision; a file outside the git work tree is an
    error (nothing to compare it with)."""
    for display, path, error in found:
        if error is not None or path is None:
            yield display, path, error
        elif changes.relative(path) is None:
            outside = f"not in the git work tree {changes.root}: --changed-since cannot compare it"
            yield display, path, outside
        elif changes.of(path) is not None:
            yield display, path, error
        else:
            progress.advance()


def _outcomes(
    args: CheckCommand,
    found: Iterator[Target],
    configs: _Configs,
    fixing: FixSettings | None,
    keep_text: bool,
) -> Iterator[Outcome]:
    """Each target's outcome, in order: from worker processes when there are more files
    than a pool is worth, else from this process."""
    jobs = _jobs(args, fixing)
    if jobs > 1:
        head = list(islice(found, IN_PROCESS_UP_TO + 1))
        if len(head) > IN_PROCESS_UP_TO:
            yield from _pooled(args, chain(head, found), configs.options, jobs, keep_text)
            return
        found = iter(head)
    for target in found:
        yield _outcome(args, target, configs, fixing), []


def _jobs(args: CheckCommand, fixing: FixSettings | None) -> int:
    """How many processes check: one (this one) to fix, or with standard input."""
    if fixing is not None or "-" in args.paths:
        return 1
    return int(args.jobs or default_jobs())


def _outcome(
    args: CheckCommand, target: Target, configs: _Configs, fixing: FixSettings | None
) -> FileResult | None:
    display, path, error = target
    if error is not None:
        return FileResult(display, error=error)
    try:
        return _check_one(args, path, configs, fixing)
    except FATAL:
        raise
    except InputError:
        raise  # run-wide: said once by the command line
    except BackendUnavailable as exc:  # the engine, outside a rule: this file only
        return FileResult(_name(args, path, display), error=str(exc))
    except BaseException as exc:  # the last resort: one file, never the run
        name = _name(args, path, display)
        message = "could not be checked: " + internal_error("while checking it", exc)
        return FileResult(name, error=message, internal=True)


def _name(args: CheckCommand, path: Path | None, display: str) -> str:
    return (args.stdin_filename or "-") if path is None else display


def _check_one(
    args: CheckCommand, path: Path | None, configs: _Configs, fixing: FixSettings | None
) -> FileResult | None:
    """One file (None: standard input) checked, or fixed; None when its config is broken."""
    config = configs.for_file(_stdin_path(args) if path is None else path)
    if config is None:
        return None
    if fixing is not None:
        return _fix(args, path, config, fixing)
    if path is None:
        return _check_stdin(args, config)
    return check_file_cached(path, config, configs.cache)


def _stdin_path(args: CheckCommand) -> Path | None:
    return Path(args.stdin_filename) if args.stdin_filename else None


def _check_stdin(args: CheckCommand, config: Config) -> FileResult:
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


def _fix(args: CheckCommand, path: Path | None, config: Config, fixing: FixSettings) -> FileResult:
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


def _fix_stdin(args: CheckCommand, config: Config, fixing: FixSettings) -> FixOutcome:
    name = args.stdin_filename or "-"
    try:
        data = loader.read_stream(sys.stdin.buffer)
    except InputError as exc:
        return FixOutcome(FileResult(name, error=str(exc)))
    return fix_bytes(name, data, config, fixing.unsafe)


# --- checking in worker processes (--jobs) ----------------------------------------------


def _pooled(
    args: CheckCommand,
    found: Iterator[Target],
    options: Options,
    jobs: int,
    keep_text: bool,
) -> Iterator[Outcome]:
    """The outcomes of ``found`` from ``jobs`` worker processes, in order, batch by batch."""
    from factlint.cli.pool import OrderedPool, batched  # only when a run starts a pool

    small_args = replace(args, paths=())  # what workers need
    pool: OrderedPool[Target, Outcome] = OrderedPool(
        jobs, _check_batch, _lost, _start_worker, (small_args, options, keep_text), _broke
    )
    with pool:
        yield from pool.map(batched(found, BATCH))


def _lost(target: Target) -> Outcome:
    stopped = "not checked: its worker process stopped (killed, crashed or out of memory)"
    return FileResult(target[0], error=stopped), []


def _broke() -> None:
    print(
        "factlint: warning: a worker process stopped; the files it may have had are "
        "checked again, one at a time",
        file=sys.stderr,
    )


class _WorkerConfigs(_Configs):
    """A worker's configs: a config error goes back with the result, for the parent to
    say (once)."""

    def __init__(
        self, resolver: Resolver, options: Options, cache: ResultCache | None = None
    ) -> None:
        super().__init__(resolver, options, cache)
        self.errors: list[str] = []

    def fail(self, message: str) -> None:
        self.errors.append(message)

    def take_errors(self) -> list[str]:
        errors, self.errors = self.errors, []
        return errors


class _Worker:
    """What a worker process keeps from one batch to the next (the resolver's configs, with
    their packs; the grammar engine is kept by the backends)."""

    def __init__(self, args: CheckCommand, options: Options, keep_text: bool) -> None:
        self.args, self.keep_text = args, keep_text
        self.configs = _WorkerConfigs(Resolver(args.config), options, _result_cache(args))

    def check(self, target: Target) -> Outcome:
        result = _outcome(self.args, target, self.configs, None)
        if result is not None and not self.keep_text and not self._baselined(target[1]):
            result.text = None  # not sent back: no reporter (nor baseline) needs it
        return result, self.configs.take_errors()

    def _baselined(self, path: Path | None) -> bool:
        """Whether the file's config names a baseline (whose fingerprints read the text)."""
        if path is None or self.args.no_baseline:
            return False
        try:
            return self.configs.resolver.for_file(path).baseline is not None
        except ConfigError:
            return False


_worker: _Worker | None = None  # in a worker process, from its start


def _start_worker(args: CheckCommand, options: Options, keep_text: bool) -> None:
    global _worker
    _worker = _Worker(args, options, keep_text)


def _check_batch(batch: list[Target]) -> list[Outcome]:
    assert _worker is not None, "_start_worker first"
    return [_worker.check(target) for target in batch]
