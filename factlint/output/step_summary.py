"""The Markdown summary of a GitHub Actions job step (``GITHUB_STEP_SUMMARY``): the counts
per code and severity, then the findings, most severe first, up to a limit. GitHub shows
only a few annotations per step; the summary loses nothing but its tail, which it counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from factlint.core.diagnostics import Severity
from factlint.output.reporters import Summary

MAX_ROWS = 100  # findings listed; the rest are counted ("and N more")


@dataclass(frozen=True)
class SummaryRow:
    """One finding (or a file that could not be checked: no code) for the step summary."""

    severity: Severity
    path: str
    line: int
    column: int
    code: str
    message: str


def markdown_summary(
    summary: Summary, rows: list[SummaryRow], max_rows: int = MAX_ROWS, since: str | None = None
) -> str:
    """The step summary of a run: its totals, a table of codes, a table of findings;
    ``since``: the revision of --changed-since, said with the totals."""
    scope = "" if since is None else f", on the lines changed since {_cell(since)}"
    lines = ["## factlint", "", f"{summary.sentence()}{scope}.", ""]
    names = {code: name for code, name in summary.codes}
    counts = Counter((row.severity, row.code) for row in rows if row.code)
    if counts:
        lines += ["| severity | code | name | count |", "| --- | --- | --- | ---: |"]
        for (severity, code), count in sorted(counts.items(), key=lambda c: (-c[0][0], c[0][1])):
            lines.append(f"| {severity.label} | {code} | {_cell(names.get(code, ''))} | {count} |")
        lines.append("")
    ordered = sorted(enumerate(rows), key=lambda r: (-r[1].severity, r[0]))
    if ordered:
        lines += ["| severity | where | code | message |", "| --- | --- | --- | --- |"]
        for _, row in ordered[:max_rows]:
            where = row.path if not row.line else f"{row.path}:{row.line}:{row.column}"
            code = row.code or "not checked"
            message = _cell(row.message)
            lines.append(f"| {row.severity.label} | {_cell(where)} | {code} | {message} |")
        if len(ordered) > max_rows:
            lines += ["", f"… and {len(ordered) - max_rows} more (the job's log has them all)."]
        lines.append("")
    return "\n".join(lines) + "\n"


_CELL = str.maketrans(
    {**{char: "\\" + char for char in "\\`*_[]|"}, "&": "&amp;", "<": "&lt;", ">": "&gt;"}
)


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: no HTML, no emphasis or cell break, one line."""
    return " ".join(text.translate(_CELL).splitlines())
