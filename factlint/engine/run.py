"""The engine: load an article, run the enabled rules, apply configuration and
suppression comments, and return sorted diagnostics (or the file's error)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from factlint.analyses.context import RuleContext, RuleOptions, RunSettings
from factlint.article import loader
from factlint.article.document import Document, parse
from factlint.article.limits import MAX_PUNCTUATION_RUN, MAX_WORD_CHARS
from factlint.backends import BackendUnavailable
from factlint.core.diagnostics import Diagnostic, Finding, Severity
from factlint.core.errors import FATAL, EmptyArticle, InputError, internal_error
from factlint.core.results import FileResult
from factlint.engine.budget import Budget, RuleTimeout
from factlint.engine.config import Config, Resolver
from factlint.packs.kinds import PackTimeout
from factlint.rules import Rule


@dataclass
class Options:
    """What the command line says on top of configuration files."""

    select: list[str] | None = None
    ignore: list[str] | None = None
    grammar: dict | None = None  # --grammar, --languagetool-url, --no-cache
    timeout: float | None = None  # --timeout: seconds reading and checking one file may take


def check_file(path: Path, resolver: Resolver, options: Options) -> FileResult:
    """Check one file with the configuration found for it and the command line's options."""
    try:
        config = file_config(path, resolver, options)
    except InputError as exc:
        return FileResult(str(path), error=str(exc))
    return check_file_with_config(path, config)


def file_config(path: Path | None, resolver: Resolver, options: Options) -> Config:
    """The configuration for ``path`` (None: the current folder's) with the command line's
    options on top. Raises :class:`InputError` when a config that governs it is malformed."""
    config = resolver.for_file(path)
    return config.with_overrides(options.select, options.ignore, options.grammar, options.timeout)


def check_file_with_config(path: Path, config: Config) -> FileResult:
    article = read_article(path, config)
    if isinstance(article, FileResult):
        return article
    return check_text(str(path), article[1], config, path=path)


def read_article(path: Path, config: Config) -> tuple[bytes, str] | FileResult:
    """The file's bytes and its decoded text, or the result of a file that cannot be
    checked (unreadable, not UTF-8, too large) or is skipped (an empty article)."""
    try:
        data = loader.read_bytes(path)
        return data, loader.decode(data)
    except EmptyArticle as exc:
        return FileResult(str(path), skipped=str(exc), fail_on=config.fail_on)
    except InputError as exc:
        return FileResult(str(path), error=str(exc), fail_on=config.fail_on)


def check_text(
    display: str,
    text: str,
    config: Config,
    path: Path | None = None,
    runs: list[RuleRun] | None = None,
    on_context: Callable[[RuleContext], None] | None = None,
) -> FileResult:
    """Check decoded text; ``path`` (when it is a real file) drives per-file ignores.
    ``runs``: ``rule_runs(config, path)`` when the caller has them already. ``on_context``
    is given the article's rule context once the rules have run (what they built of it,
    such as its people, is there to reuse)."""
    text = loader.normalize_newlines(text)
    budget = Budget(config.timeout)
    with budget.alarm():
        ctx = _read(display, text, config, budget)
        if isinstance(ctx, FileResult):
            return ctx
        if runs is None:
            runs = rule_runs(config, path)
        tally = _Tally(budget)
        for last in (False, True):
            if last:  # the rules that ran (not those the grammar engine failed)
                ran = (r.rule.code for r in runs if r.rule.code not in tally.without_engine)
                ctx.codes_run = frozenset(ran)
            for run in (r for r in runs if r.rule.after_other_rules == last):
                tally.run(run, ctx)
    tally.diagnostics.sort(key=lambda d: d.sort_key)
    if on_context is not None:
        on_context(ctx)
    notes = [note for note in (left_out(ctx.article), tally.error()) if note]
    return FileResult(
        display,
        tally.diagnostics,
        "; ".join(notes) or None,
        fail_on=config.fail_on,
        words=len(text.split()),
        text=text,
        internal=tally.internal,
    )


def _read(display: str, text: str, config: Config, budget: Budget) -> RuleContext | FileResult:
    """The article's rule context, or the result of a file that cannot be read (bad input,
    a crash, or parsing that ran past the time limit)."""
    try:
        with budget.rule():
            return article_context(display, text, config)
    except RuleTimeout:
        error = (
            f"not fully checked: reading the article ran past the time limit of "
            f"{budget.seconds:g} s (--timeout); no rule ran"
        )
        return FileResult(display, error=error, fail_on=config.fail_on)
    except InputError as exc:
        return FileResult(display, error=str(exc), fail_on=config.fail_on)
    except FATAL:
        raise
    except BaseException as exc:  # a bug, or a native library's panic: this file only
        error = "could not be checked: " + internal_error("while reading the article", exc)
        return FileResult(display, error=error, fail_on=config.fail_on, internal=True)


NAMED_SPANS = 3  # left-out spans named in a file's note; the rest are counted


def left_out(doc: Document) -> str | None:
    """The note on the spans of ``doc`` left out for being over a limit, if any."""
    if not doc.skipped:
        return None
    named = []
    for span in doc.skipped[:NAMED_SPANS]:
        where = doc.position(span.start)
        named.append(f"{span.what} at {where.line}:{where.column}")
    more = len(doc.skipped) - NAMED_SPANS
    return (
        f"not fully checked: {', '.join(named)}{f' and {more} more' if more > 0 else ''} "
        f"left out (over the limit of {MAX_WORD_CHARS} characters for a word, "
        f"{MAX_PUNCTUATION_RUN} for a run of punctuation); the rest of the article was checked"
    )


class _Tally:
    """What the rules of one file found, and which failed or ran out of time."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.diagnostics: list[Diagnostic] = []
        self.failures: list[str] = []  # internal errors and pack timeouts
        self.internal = False
        self.stopped: list[str] = []  # the rule the budget's alarm stopped
        self.not_run: list[str] = []  # rules that did not get to run in the budget
        self.without_engine: list[str] = []  # rules the grammar engine was unavailable to
        self.engine_problem = ""  # why (BackendUnavailable's one line)

    def run(self, run: RuleRun, ctx: RuleContext) -> None:
        if self.stopped or self.not_run or self.budget.expired():
            self.not_run.append(run.rule.code)
            return
        try:
            with self.budget.rule():
                found = _findings(run, ctx)
        except RuleTimeout:
            self.stopped.append(run.rule.code)
            return
        if isinstance(found, _Unavailable):
            self.without_engine.append(run.rule.code)
            self.engine_problem = self.engine_problem or found.message
            return
        if isinstance(found, _Failure):
            self.failures.append(found.message)
            self.internal = self.internal or found.internal
            return
        self.diagnostics.extend(
            _diagnostic(ctx.article, run.rule, run.severity, finding)
            for finding in found
            if not ctx.article.suppressions.suppressed(run.rule.code, finding.offset)
        )

    def error(self) -> str | None:
        failures = list(self.failures)
        if self.without_engine:
            failures.insert(0, self._without_engine())
        if self.stopped or self.not_run:
            failures.append(self._out_of_time())
        return "; ".join(failures) if failures else None

    def _without_engine(self) -> str:
        codes = ", ".join(self.without_engine)
        return (
            f"not fully checked: the grammar engine was unavailable, so {codes} did not run "
            f"({self.engine_problem}); the findings of the other rules are reported"
        )

    def _out_of_time(self) -> str:
        parts = [f"rule {code} was stopped" for code in self.stopped]
        if self.not_run:
            parts.append(f"{', '.join(self.not_run)} did not get to run")
        return (
            f"not fully checked: the rules ran past the time limit of {self.budget.seconds:g} s "
            f"(--timeout): {'; '.join(parts)}; the findings of the rules that completed are "
            "reported"
        )


@dataclass(frozen=True)
class RuleRun:
    """A rule that runs on a file, with the severity and options it has there."""

    rule: Rule
    severity: Severity
    options: RuleOptions


def rule_runs(config: Config, path: Path | None) -> list[RuleRun]:
    """The rules that run on the file at ``path``, with their severity and options."""
    rules = config.rules
    enabled = config.enabled_codes((rule.code for rule in rules), path)
    runs = []
    for rule in rules:
        severity = config.severity_of(rule.code, rule.severity)
        if rule.code not in enabled or severity is None:
            continue
        if any(
            code in enabled and config.severity_of(code, Severity.INFO) for code in rule.defers_to
        ):
            continue  # a rule that owns this defect is on: one defect, one report
        runs.append(RuleRun(rule, severity, config.rule_options(rule.code, rule.options)))
    return runs


@dataclass(frozen=True)
class _Failure:
    """Why a rule gave no findings: a crash (``internal``) or its pack's time limit."""

    message: str
    internal: bool


@dataclass(frozen=True)
class _Unavailable:
    """Why a rule gave no findings: the grammar engine it reads is unavailable (not
    installed, a LanguageTool server down or misbehaving). The other rules go on."""

    message: str


def _findings(run: RuleRun, ctx: RuleContext) -> list[Finding] | _Failure | _Unavailable:
    """What one rule finds, or why it failed (the other rules go on). A rule that fails
    (or runs out of time) counts for nothing: its partial findings are dropped."""
    try:
        return list(run.rule.check(ctx, run.options))
    except BackendUnavailable as exc:  # the file is checked by every other rule
        return _Unavailable(str(exc))
    except PackTimeout as exc:  # a user pack's runaway pattern
        return _Failure(f"not fully checked: {exc}", internal=False)
    except FATAL:
        raise
    except RuleTimeout:
        raise
    except BaseException as exc:  # a bug in one rule must not stop the others or the run
        return _Failure(internal_error(f"in rule {run.rule.code}", exc), internal=True)


def article_context(display: str, text: str, config: Config) -> RuleContext:
    """What the rules read of normalised ``text``: its article model with the run's
    settings (grammar engine, fact register). Raises :class:`InputError`."""
    article = parse(display, text, loader.is_markdown(display))
    settings = RunSettings(
        grammar=config.grammar,
        register=config.facts,
        known_codes=config.known_codes,
        named_packs=config.named_packs,
        archive=config.archive,
    )
    return RuleContext(article, settings)


def _diagnostic(doc: Document, rule: Rule, severity: Severity, finding: Finding) -> Diagnostic:
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        severity=severity,
        message=finding.message,
        offset=finding.offset,
        length=finding.length,
        start=doc.position(finding.offset),
        end=doc.position(finding.offset + finding.length),
        fix=finding.fix,
        related=[(doc.position(r.offset), r) for r in finding.related],
        engine_rule=finding.engine_rule,
    )
