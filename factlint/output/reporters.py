"""Reporters: text for people, JSON (version 1) for scripts, GitHub workflow commands for CI.

A reporter is fed each file's result as soon as it is checked and prints a summary at the
end, so a long run shows progress and keeps only what the JSON document needs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TextIO

from factlint.core.diagnostics import Diagnostic, Severity
from factlint.core.results import FileResult

JSON_VERSION = 1
_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


@dataclass
class Summary:
    files: int = 0
    file_errors: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    fixed: int | None = None  # with --fix or --diff: the diagnostics fixed (or to be fixed)
    dry_run: bool = False  # --diff: nothing was written

    def add(self, result: FileResult) -> None:
        self.files += 1
        if self.fixed is not None:
            self.fixed += result.fixed or 0
        if result.error is not None:
            self.file_errors += 1
        for diagnostic in result.diagnostics:
            if diagnostic.severity is Severity.ERROR:
                self.errors += 1
            elif diagnostic.severity is Severity.WARNING:
                self.warnings += 1
            else:
                self.infos += 1

    def to_json(self) -> dict:
        counts = {
            "files": self.files,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "file_errors": self.file_errors,
        }
        return counts if self.fixed is None else {**counts, "fixed": self.fixed}

    def fixed_line(self) -> str:
        """The fix count, ruff's words: "Fixed 2 issues (5 remaining)." (--diff: "Would fix")."""
        verb = "Would fix" if self.dry_run else "Fixed"
        remaining = self.errors + self.warnings + self.infos
        return f"{verb} {_plural(self.fixed or 0, 'issue')} ({remaining} remaining)."


class Reporter:
    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out, self.err = out, err
        self.summary = Summary()

    def file(self, result: FileResult) -> None:
        self.summary.add(result)

    def fixing(self, dry_run: bool) -> None:
        """Count fixes (--fix; --diff when ``dry_run``): the summary says how many."""
        self.summary.fixed, self.summary.dry_run = 0, dry_run

    def finish(self) -> None:
        pass


class TextReporter(Reporter):
    """``path:line:col: CODE message``; on a terminal, the line with a marker under the span."""

    def __init__(self, out: TextIO, err: TextIO, color: bool) -> None:
        super().__init__(out, err)
        self.color = color

    def file(self, result: FileResult) -> None:
        super().file(result)
        if result.error is not None:
            self.err.write(f"{result.path}: error: {result.error}\n")
        lines = result.text.split("\n") if (self.color and result.text is not None) else None
        for diagnostic in result.diagnostics:
            self.out.write(self._headline(result.path, diagnostic) + "\n")
            if lines is not None:
                self.out.write(_context(lines, diagnostic))

    def _headline(self, path: str, d: Diagnostic) -> str:
        where = f"{path}:{d.start.line}:{d.start.column}:"
        if not self.color:
            return f"{where} {d.code} {d.message}"
        color = _COLORS[d.severity]
        code = f"{color}{_BOLD}{d.code}{_RESET}"
        return f"{_BOLD}{where}{_RESET} {code} {d.message} {_DIM}[{d.severity.label}]{_RESET}"

    def finish(self) -> None:
        s = self.summary
        counts = ", ".join(
            [_plural(s.errors, "error"), _plural(s.warnings, "warning"), _plural(s.infos, "info")]
        )
        checked = s.files - s.file_errors
        line = f"Found {counts} in {_plural(checked, 'file')} checked"
        if s.file_errors:
            line += f"; {_plural(s.file_errors, 'file')} could not be checked"
        self.out.write(line + ".\n")
        if s.fixed is not None:
            self.out.write(s.fixed_line() + "\n")


def _context(lines: list[str], d: Diagnostic) -> str:
    line = lines[d.start.line - 1] if d.start.line - 1 < len(lines) else ""
    end_column = d.end.column if d.end.line == d.start.line else len(line) + 1
    width = max(1, end_column - d.start.column)
    gutter = f"{d.start.line:>5} | "
    marker = " " * (d.start.column - 1) + "^" * width
    color = _COLORS[d.severity]
    return f"{_DIM}{gutter}{_RESET}{line}\n{' ' * 6}{_DIM}|{_RESET} {color}{marker}{_RESET}\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class JsonReporter(Reporter):
    """The versioned JSON document of DESIGN.md, printed once at the end."""

    def __init__(self, out: TextIO, err: TextIO) -> None:
        super().__init__(out, err)
        self.files: list[dict] = []

    def file(self, result: FileResult) -> None:
        super().file(result)
        self.files.append(
            {
                "path": result.path,
                "error": result.error,
                "diagnostics": [d.to_json() for d in result.diagnostics],
            }
        )
        if self.summary.fixed is not None:
            self.files[-1]["fixed"] = result.fixed or 0

    def finish(self) -> None:
        document = {"version": JSON_VERSION, "files": self.files, "summary": self.summary.to_json()}
        json.dump(document, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: each diagnostic becomes an annotation."""

    def file(self, result: FileResult) -> None:
        super().file(result)
        path = _escape_property(result.path)
        if result.error is not None:
            self.out.write(f"::error file={path},title=factlint::{_escape_data(result.error)}\n")
        for d in result.diagnostics:
            properties = (
                f"file={path},line={d.start.line},col={d.start.column},"
                f"endLine={d.end.line},endColumn={d.end.column},title={_escape_property(d.code)}"
            )
            message = _escape_data(f"{d.message} ({d.name})")
            self.out.write(f"::{_GITHUB_LEVELS[d.severity]} {properties}::{message}\n")

    def finish(self) -> None:
        s = self.summary
        counts = f"{s.errors} errors, {s.warnings} warnings, {s.infos} infos"
        self.out.write(f"factlint: {counts} in {s.files} files\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
