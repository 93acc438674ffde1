"""GitHub Actions workflow commands (``--format github``): each finding an annotation on
the pull request, the most severe first, and under GitHub Actions a Markdown summary of the
run appended to the job step's summary (``GITHUB_STEP_SUMMARY``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from factlint.core.diagnostics import Severity
from factlint.core.results import FileResult
from factlint.output.reporters import Layout, Reporter
from factlint.output.step_summary import SummaryRow, markdown_summary

_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: each diagnostic becomes an annotation, the most
    severe first (GitHub shows only the first few of each level). With ``step_summary``
    (the file ``GITHUB_STEP_SUMMARY`` names), a Markdown summary is appended there too."""

    def __init__(
        self,
        out: TextIO,
        err: TextIO,
        layout: Layout | None = None,
        on_finish: Callable[[], None] | None = None,
        step_summary: str | None = None,
        since: str | None = None,
    ) -> None:
        super().__init__(out, err, layout, on_finish)
        self.step_summary, self.since = step_summary, since

    def begin(self) -> None:
        self.annotations: list[tuple[Severity, int, str]] = []  # severity, order, command
        self.rows: list[SummaryRow] = []

    def file(self, result: FileResult) -> None:
        super().file(result)
        path = _escape_property(result.path)
        if result.error is not None:
            command = f"::error file={path},title=factlint::{_escape_data(result.error)}"
            self._annotate(Severity.ERROR, command)
            self.rows.append(SummaryRow(Severity.ERROR, result.path, 0, 0, "", result.error))
        for d in result.diagnostics:
            properties = (
                f"file={path},line={d.start.line},col={d.start.column},"
                f"endLine={d.end.line},endColumn={d.end.column},title={_escape_property(d.code)}"
            )
            message = _escape_data(f"{d.message} ({d.name})")
            self._annotate(d.severity, f"::{_GITHUB_LEVELS[d.severity]} {properties}::{message}")
            self.rows.append(
                SummaryRow(d.severity, result.path, d.start.line, d.start.column, d.code, d.message)
            )

    def _annotate(self, severity: Severity, command: str) -> None:
        self.annotations.append((severity, len(self.annotations), command))

    def end(self) -> None:
        for _, _, command in sorted(self.annotations, key=lambda a: (-a[0], a[1])):
            self.out.write(command + "\n")
        if self.layout.statistics:
            self.out.writelines(f"{line}\n" for line in self.summary.statistics())
        if self.layout.summary:
            self.out.write(f"factlint: {self.summary.sentence()}\n")
        if self.step_summary:
            self._write_step_summary(self.step_summary)

    def _write_step_summary(self, path: str) -> None:
        try:
            with open(path, "a", encoding="utf-8") as file:
                file.write(markdown_summary(self.summary, self.rows, since=self.since))
        except OSError as exc:
            self.err.write(
                f"factlint: warning: GITHUB_STEP_SUMMARY {path}: cannot write the summary "
                f"({exc.strerror or exc})\n"
            )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
