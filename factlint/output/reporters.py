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

    @property
    def checked(self) -> int:
        """The files that were read and checked (an unreadable one is not)."""
        return self.files - self.file_errors

    def add(self, result: FileResult) -> None:
        self.files += 1
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
        return {
            "files": self.files,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "file_errors": self.file_errors,
        }

    def sentence(self) -> str:
        """``3 errors, 1 warning, 0 infos in 2 files checked; 1 file could not be checked``."""
        counts = [(self.errors, "error"), (self.warnings, "warning"), (self.infos, "info")]
        found = ", ".join(_plural(count, word) for count, word in counts)
        sentence = f"{found} in {_plural(self.checked, 'file')} checked"
        if self.file_errors:
            sentence += f"; {_plural(self.file_errors, 'file')} could not be checked"
        return sentence


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class Reporter:
    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out, self.err = out, err
        self.summary = Summary()

    def file(self, result: FileResult) -> None:
        """Count ``result``; a file that could not be checked is said on standard error."""
        self.summary.add(result)
        if result.error is not None:
            self.err.write(f"{result.path}: error: {result.error}\n")

    def finish(self) -> None:
        pass


class TextReporter(Reporter):
    """``path:line:col: CODE message``; on a terminal, the line with a marker under the span."""

    def __init__(self, out: TextIO, err: TextIO, color: bool) -> None:
        super().__init__(out, err)
        self.color = color

    def file(self, result: FileResult) -> None:
        super().file(result)
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
        self.out.write(f"Found {self.summary.sentence()}.\n")


def _context(lines: list[str], d: Diagnostic) -> str:
    line = lines[d.start.line - 1] if d.start.line - 1 < len(lines) else ""
    end_column = d.end.column if d.end.line == d.start.line else len(line) + 1
    width = max(1, end_column - d.start.column)
    gutter = f"{d.start.line:>5} | "
    marker = " " * (d.start.column - 1) + "^" * width
    color = _COLORS[d.severity]
    return f"{_DIM}{gutter}{_RESET}{line}\n{' ' * 6}{_DIM}|{_RESET} {color}{marker}{_RESET}\n"


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
        self.out.write(f"factlint: {self.summary.sentence()}\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
