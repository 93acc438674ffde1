"""reviewdog's Diagnostic Format as one JSON document (``rdjson``: a DiagnosticResult):
each finding with its range (columns in UTF-8 bytes, as reviewdog counts), severity, code
and its fix as a suggestion, for ``reviewdog -f=rdjson``."""

from __future__ import annotations

import json
from typing import Any

from factlint.core.diagnostics import Diagnostic, Position, Severity
from factlint.core.lines import LineIndex
from factlint.core.results import FileResult
from factlint.output.ci import TOOL_NAME, fix_range
from factlint.output.reporters import Reporter

SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


class RdjsonReporter(Reporter):
    """The DiagnosticResult, written once at the end; paths as reported (reviewdog takes
    them relative to the folder it runs in)."""

    reads_text = True

    def begin(self) -> None:
        self.diagnostics: list[dict[str, Any]] = []

    def file(self, result: FileResult) -> None:
        super().file(result)
        if result.error is not None:
            self.diagnostics.append(
                {
                    "message": result.error,
                    "location": {"path": result.path},
                    "severity": "ERROR",
                    "code": {"value": "factlint"},
                }
            )
        index = LineIndex(result.text) if result.text is not None else None
        self.diagnostics.extend(_diagnostic(result.path, d, index) for d in result.diagnostics)

    def end(self) -> None:
        document = {
            "source": {"name": TOOL_NAME},
            "diagnostics": self.diagnostics,
        }
        json.dump(document, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


def _diagnostic(path: str, d: Diagnostic, index: LineIndex | None) -> dict[str, Any]:
    diagnostic: dict[str, Any] = {
        "message": f"{d.message} ({d.name})",
        "location": {"path": path, "range": _range(d.start, d.end, index)},
        "severity": SEVERITIES[d.severity],
        "code": {"value": d.code},
    }
    if d.fix is not None and index is not None:
        start, end = fix_range(d.fix, index)
        diagnostic["suggestions"] = [
            {"range": _range(start, end, index), "text": d.fix.replacement}
        ]
    return diagnostic


def _range(start: Position, end: Position, index: LineIndex | None) -> dict[str, Any]:
    def point(position: Position) -> dict[str, int]:
        column = index.utf8_column(position) if index is not None else position.column
        return {"line": position.line, "column": column}

    return {"start": point(start), "end": point(end)}
