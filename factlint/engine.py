"""The engine: load an article, run the enabled rules, apply configuration and
suppression comments, and return sorted diagnostics (or the file's error)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from factlint import loader
from factlint.config import Config, Resolver
from factlint.diagnostics import Diagnostic, Finding, Severity
from factlint.document import Document, parse
from factlint.grammar import BackendUnavailable
from factlint.rules import Rule
from factlint.stylepacks import PackTimeout


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None
    fail_on: Severity = Severity.WARNING
    words: int = 0
    text: str | None = field(default=None, repr=False)  # the decoded article, for reporters

    @property
    def failed(self) -> bool:
        return self.error is not None or any(d.severity >= self.fail_on for d in self.diagnostics)


@dataclass
class Options:
    """What the command line says on top of configuration files."""

    select: list[str] | None = None
    ignore: list[str] | None = None
    grammar: dict | None = None  # --grammar, --languagetool-url, --no-cache


def check_file(path: Path, resolver: Resolver, options: Options) -> FileResult:
    """Check one file with the configuration found for it and the command line's options."""
    try:
        config = resolver.for_file(path).with_overrides(
            options.select, options.ignore, options.grammar
        )
    except loader.InputError as exc:
        return FileResult(str(path), error=str(exc))
    return check_file_with_config(path, config)


def check_file_with_config(path: Path, config: Config) -> FileResult:
    try:
        text = loader.read_text(path)
    except loader.InputError as exc:
        return FileResult(str(path), error=str(exc), fail_on=config.fail_on)
    return check_text(str(path), text, config, path=path)


def check_text(display: str, text: str, config: Config, path: Path | None = None) -> FileResult:
    """Check decoded text; ``path`` (when it is a real file) drives per-file ignores."""
    text = loader.normalize_newlines(text)
    try:
        doc = parse_article(display, text, config)
    except loader.InputError as exc:
        return FileResult(display, error=str(exc), fail_on=config.fail_on)
    diagnostics: list[Diagnostic] = []
    failures: list[str] = []
    rules = config.rules
    enabled = config.enabled_codes((rule.code for rule in rules), path)
    for rule in rules:
        severity = config.severity_of(rule.code, rule.severity)
        if rule.code not in enabled or severity is None:
            continue
        if any(
            code in enabled and config.severity_of(code, Severity.INFO) for code in rule.defers_to
        ):
            continue  # a rule that owns this defect is on: one defect, one report
        options = config.rule_options(rule.code, rule.options)
        try:
            findings = list(rule.check(doc, options))
        except BackendUnavailable:
            raise  # a run-wide problem: the command line reports it once and stops
        except PackTimeout as exc:  # a user pack's runaway pattern: the other rules go on
            failures.append(str(exc))
            continue
        except Exception as exc:  # a bug in one rule must not stop the others or the run
            failed = f"{type(exc).__name__}: {exc}"
            failures.append(f"internal error in rule {rule.code} ({failed}); please report it")
            continue
        diagnostics.extend(
            _diagnostic(doc, rule, severity, finding)
            for finding in findings
            if not doc.suppressions.suppressed(rule.code, finding.offset)
        )
    diagnostics.sort(key=lambda d: d.sort_key)
    error = "; ".join(failures) if failures else None
    return FileResult(
        display, diagnostics, error, fail_on=config.fail_on, words=len(text.split()), text=text
    )


def parse_article(display: str, text: str, config: Config) -> Document:
    """The article model of normalised ``text``, with the settings rules read from it
    (grammar engine, fact register). Raises :class:`loader.InputError`."""
    doc = parse(display, text, loader.is_markdown(display))
    doc.settings["grammar"] = config.grammar
    doc.settings["facts"] = config.facts
    return doc


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
