"""What checking one file gives: its diagnostics, or why it could not be checked."""

from __future__ import annotations

from dataclasses import dataclass, field

from factlint.core.diagnostics import Diagnostic, Severity


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None
    fail_on: Severity = Severity.WARNING
    words: int = 0
    text: str | None = field(default=None, repr=False)  # the decoded article, for reporters
    fixed: int | None = None  # with --fix or --diff: the diagnostics fixed (or to be fixed)
    baselined: int | None = None  # under a baseline: the findings it left out of the report
    skipped: str | None = None  # why the file was passed over (an empty article): not checked
    internal: bool = False  # factlint itself failed on it (a crash in parsing or a rule)

    @property
    def failed(self) -> bool:
        return self.error is not None or any(d.severity >= self.fail_on for d in self.diagnostics)
