"""GitLab's Code Quality report (a subset of Code Climate's issue format): a JSON array of
issues, each with its description, check name, fingerprint, severity and the path (from
the repository's top) and first line of its place, for ``artifacts: reports: codequality``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from factlint.core.diagnostics import Severity
from factlint.core.fingerprints import fingerprints
from factlint.core.results import FileResult
from factlint.output.ci import repository_path
from factlint.output.reporters import Reporter

# GitLab's scale is info, minor, major, critical, blocker: an error blocks nothing by
# itself, so it is major; a warning minor; an info info.
SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


class GitlabReporter(Reporter):
    """The issues, written once at the end (``root``: the folder paths are relative to)."""

    reads_text = True

    def __init__(
        self,
        out: TextIO,
        err: TextIO,
        on_finish: Callable[[], None] | None = None,
        root: Path | None = None,
    ) -> None:
        super().__init__(out, err, on_finish=on_finish)
        self.root = (root or Path.cwd()).resolve()

    def begin(self) -> None:
        self.issues: list[dict[str, Any]] = []

    def file(self, result: FileResult) -> None:
        super().file(result)
        path = repository_path(result.path, self.root) or result.path
        if result.error is not None:
            self.issues.append(
                _issue(result.error, "factlint", _digest(path, result.error), "critical", path, 1)
            )
        for d, fingerprint in zip(result.diagnostics, fingerprints(result, path), strict=True):
            self.issues.append(
                _issue(
                    f"{d.code} {d.message}",
                    d.code,
                    fingerprint,
                    SEVERITIES[d.severity],
                    path,
                    d.start.line,
                    d.end.line,
                )
            )

    def end(self) -> None:
        json.dump(self.issues, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


def _issue(
    description: str,
    check: str,
    fingerprint: str,
    severity: str,
    path: str,
    begin: int,
    end: int | None = None,
) -> dict[str, Any]:
    lines = {"begin": begin} if end is None or end == begin else {"begin": begin, "end": end}
    return {
        "type": "issue",
        "description": description,
        "check_name": check,
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": path, "lines": lines},
    }


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
