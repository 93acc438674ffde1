"""The engine: load an article, run the enabled rules, apply configuration and
suppression comments, and return sorted diagnostics (or the file's error)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from factlint.analyses.context import RuleContext, RuleOptions, RunSettings
from factlint.article import loader
from factlint.article.document import Document, parse
from factlint.backends import BackendUnavailable
from factlint.core.diagnostics import Diagnostic, Finding, Severity
from factlint.core.errors import EmptyArticle, InputError
from factlint.core.results import FileResult
from factlint.engine.config import Config, Resolver
from factlint.packs.kinds import PackTimeout
from factlint.rules import Rule


@dataclass
class Options:
    """What the command line says on top of configuration files."""

    select: list[str] | None = None
    ignore: list[str] | None = None
    grammar: dict | None = None  # --grammar, --languagetool-url, --no-cache


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
    return resolver.for_file(path).with_overrides(options.select, options.ignore, options.grammar)


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
) -> FileResult:
    """Check decoded text; ``path`` (when it is a real file) drives per-file ignores.
    ``runs``: ``rule_runs(config, path)`` when the caller has them already."""
    text = loader.normalize_newlines(text)
    try:
        ctx = article_context(display, text, config)
    except InputError as exc:
        return FileResult(display, error=str(exc), fail_on=config.fail_on)
    if runs is None:
        runs = rule_runs(config, path)
    diagnostics: list[Diagnostic] = []
    failures: list[str] = []
    for last in (False, True):
        if last:
            ctx.codes_run = frozenset(run.rule.code for run in runs)
        for run in (r for r in runs if r.rule.after_other_rules == last):
            found, failure = _findings(run, ctx)
            if failure:
                failures.append(failure)
            diagnostics.extend(
                _diagnostic(ctx.article, run.rule, run.severity, finding)
                for finding in found
                if not ctx.article.suppressions.suppressed(run.rule.code, finding.offset)
            )
    diagnostics.sort(key=lambda d: d.sort_key)
    error = "; ".join(failures) if failures else None
    return FileResult(
        display, diagnostics, error, fail_on=config.fail_on, words=len(text.split()), text=text
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


def _findings(run: RuleRun, ctx: RuleContext) -> tuple[list[Finding], str | None]:
    """What one rule finds, or why it failed (the other rules go on)."""
    try:
        return list(run.rule.check(ctx, run.options)), None
    except BackendUnavailable:
        raise  # a run-wide problem: the command line reports it once and stops
    except PackTimeout as exc:  # a user pack's runaway pattern
        return [], str(exc)
    except Exception as exc:  # a bug in one rule must not stop the others or the run
        failed = f"{type(exc).__name__}: {exc}"
        return [], f"internal error in rule {run.rule.code} ({failed}); please report it"


def article_context(display: str, text: str, config: Config) -> RuleContext:
    """What the rules read of normalised ``text``: its article model with the run's
    settings (grammar engine, fact register). Raises :class:`InputError`."""
    article = parse(display, text, loader.is_markdown(display))
    settings = RunSettings(
        grammar=config.grammar, register=config.facts, known_codes=config.known_codes
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
    )
