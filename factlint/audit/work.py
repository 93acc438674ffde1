"""What a Dask worker does with a batch of articles: check each one exactly as ``factlint
check`` would (the same configs, options and engine), give back its JSON line, and tally
the names it writes for the archive-level checks.

Each worker process (each thread, when workers are threads) builds its engine once, on its
first batch: the resolver and its configs with their packs and fact register; later batches
reuse it. The articles are checked in a child process of the worker's own
(:class:`~factlint.engine.worker.StoppableWorker`, with the grammar engine, which the
backends keep per process), because a Dask task runs in a thread, where no alarm can stop a
rule: an article whose check runs past its time limit (``--timeout``, config ``timeout``)
has its child stopped and replaced, and is reported as not checked. The grammar cache is
the engine's: in memory per child, and on disk in the cache folder (``--cache-dir``), which
the workers of one machine share.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from factlint.analyses.archive_names import (
    ArchiveVariant,
    NamePlace,
    NameTally,
    Thresholds,
    archive_variants,
    article_names,
    combine,
)
from factlint.analyses.context import RuleContext
from factlint.article import loader
from factlint.backends import get_backend
from factlint.core.diagnostics import Severity
from factlint.core.errors import FATAL, InputError, internal_error
from factlint.core.results import FileResult
from factlint.engine.config import Config, ConfigError, Resolver
from factlint.engine.run import Options, article_context, check_text, file_config
from factlint.engine.worker import StoppableWorker, WorkerFailed, WorkerStopped
from factlint.output.reporters import file_entry


@dataclass(frozen=True)
class Article:
    """One article of the archive: its path as reported, its text (front matter included)
    and the SHA-256 of its content. ``check`` False: already in the output (``--resume``),
    only its names are tallied."""

    path: str
    text: str
    digest: str
    check: bool = True


@dataclass(frozen=True)
class ReadProblem:
    """An article that could not be read (its error is its line in the output)."""

    path: str
    error: str
    digest: str = ""


Item = Article | ReadProblem


@dataclass(frozen=True)
class AuditSettings:
    """What every worker needs to build the same engine as ``factlint check``."""

    options: Options
    cwd: str  # the client's folder: relative paths (articles, --config) are taken from it
    config: str | None = None  # --config
    fail_on: str | None = None  # --fail-on
    names: bool = True  # tally names for the archive-level checks
    keep: int = 3  # places kept per name form (the largest count a rare form may have)

    def __hash__(self) -> int:  # Options is a plain dataclass; the worker keys engines by id
        return hash((self.cwd, self.config, self.fail_on, self.names, self.keep))


@dataclass
class Checked:
    """An article's outcome: its JSON line and what the summary counts of it."""

    path: str
    digest: str
    line: str
    error: str | None  # why it could not be (fully) checked
    internal: bool
    failed: bool
    codes: Counter[str] = field(default_factory=Counter)


@dataclass
class BatchResult:
    checked: list[Checked] = field(default_factory=list)
    config_errors: list[str] = field(default_factory=list)
    tally: NameTally | None = None


def check_batch(settings: AuditSettings, batch: list[Article]) -> BatchResult:
    """Check the articles of ``batch`` (a Dask task: runs on a worker)."""
    return _engine(settings).run(batch)


def checked_part(result: BatchResult) -> tuple[list[Checked], list[str]]:
    """What the client writes of a batch (the tally stays on the workers)."""
    return result.checked, result.config_errors


def tally_part(result: BatchResult) -> NameTally | None:
    return result.tally


STOP_GRACE = 2.0  # seconds past the time limit before an article's check is stopped
_WARM_UP = "Warm-up\n\nThe council met on Tuesday and the the vote was close.\n"
_engines: dict[tuple[int, int], _Engine] = {}
_engines_lock = threading.Lock()


def _engine(settings: AuditSettings) -> _Engine:
    """This thread's engine for ``settings``, built on first use."""
    key = (hash(settings), threading.get_ident())
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None or engine.settings != settings:
            engine = _engines[key] = _Engine(settings)
    return engine


class _Engine:
    """A worker's configs (with their packs and register) for one audit."""

    def __init__(self, settings: AuditSettings) -> None:
        self.settings = settings
        self.cwd = Path(settings.cwd)
        explicit = None if settings.config is None else self._local(settings.config)
        self.resolver = Resolver(explicit)
        self.fail_on = Severity.parse(settings.fail_on) if settings.fail_on else None
        self.child = StoppableWorker(_start_child, (settings,))  # started on first use

    def _local(self, path: str) -> Path:
        return self.cwd / path

    def run(self, batch: list[Article]) -> BatchResult:
        result = BatchResult(tally=NameTally(self.settings.keep) if self.settings.names else None)
        for article in batch:
            names = self._one(article, result)
            if result.tally is not None and names:
                result.tally.add_article(names)
        return result

    def _one(self, article: Article, into: BatchResult) -> dict[str, NamePlace] | None:
        path = self._local(article.path)
        try:
            config = file_config(path, self.resolver, self.settings.options)
        except ConfigError as exc:
            if article.check:
                into.config_errors.append(str(exc))
            return None
        if not article.check:
            return self._names_only(article, config)
        names: dict[str, dict[str, NamePlace]] = {}
        result = self._checked(article, config, path, names)
        into.checked.append(self._outcome(article, result))
        return names.get("found")

    def _checked(self, article: Article, config: Config, path: Path, names: dict) -> FileResult:
        """The article checked in the child, within its time limit."""
        seconds = config.timeout + STOP_GRACE
        try:
            result, found = self.child.call(_check_in_child, article, str(path), seconds=seconds)
        except WorkerStopped:
            error = (
                f"not checked: the check ran past the time limit of {config.timeout:g} s "
                "(--timeout) and was stopped"
            )
            return FileResult(article.path, error=error)
        except FATAL:
            raise
        except BaseException as exc:  # the last resort: one article, never the batch
            message = "could not be checked: " + internal_error("while checking it", exc)
            return FileResult(article.path, error=message, internal=True)
        if found is not None:
            names["found"] = found
        return result

    def _names_only(self, article: Article, config: Config) -> dict[str, NamePlace] | None:
        if not self.settings.names:
            return None
        try:
            return self.child.call(_names_in_child, article, seconds=config.timeout + STOP_GRACE)
        except FATAL:
            raise
        except (WorkerStopped, WorkerFailed, InputError, Exception):
            return None  # its line (an error) is in the output already

    def _outcome(self, article: Article, result: FileResult) -> Checked:
        if self.fail_on is not None:
            result.fail_on = self.fail_on
        line = json.dumps(file_entry(result), ensure_ascii=False)
        return Checked(
            article.path,
            article.digest,
            line,
            error=result.error,
            internal=result.internal,
            failed=result.failed,
            codes=Counter(d.code for d in result.diagnostics),
        )


# --- in the worker's child process ------------------------------------------------------

_child_engine: _Engine | None = None


def _start_child(settings: AuditSettings) -> None:
    """The child's setup: its configs, and the grammar engine warmed on a short text."""
    global _child_engine
    _child_engine = _Engine(settings)
    try:
        config = file_config(None, _child_engine.resolver, settings.options)
        get_backend(config.grammar)
        check_text("warm-up.txt", _WARM_UP, config.with_overrides(None, None, {"cache": False}))
    except Exception:
        pass  # a config that cannot be used is said article by article


def _check_in_child(article: Article, path: str) -> tuple[FileResult, dict[str, NamePlace] | None]:
    """The article checked, and the names it writes (for the archive-level checks)."""
    assert _child_engine is not None
    engine = _child_engine
    config = file_config(Path(path), engine.resolver, engine.settings.options)
    names: dict[str, dict[str, NamePlace]] = {}

    def keep_names(ctx: RuleContext) -> None:
        if engine.settings.names:
            names["found"] = article_names(article.path, ctx.people)

    result = check_text(article.path, article.text, config, path=Path(path), on_context=keep_names)
    return result, names.get("found")


def _names_in_child(article: Article) -> dict[str, NamePlace] | None:
    assert _child_engine is not None
    config = file_config(
        _child_engine._local(article.path), _child_engine.resolver, _child_engine.settings.options
    )
    text = loader.normalize_newlines(article.text)
    return article_names(article.path, article_context(article.path, text, config).people)


def combine_tallies(*tallies: NameTally | None) -> NameTally:
    """A step of the tree reduction of the batches' name tallies (a Dask task)."""
    return combine(tallies)


def find_variants(tally: NameTally, thresholds: Thresholds) -> list[ArchiveVariant]:
    """The archive-level findings of the reduced tally (a Dask task: only they come back)."""
    return archive_variants(tally, thresholds)
