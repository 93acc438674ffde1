"""Reporters: JSON (version 1) for scripts, and what every report shares; the text report
for people is ``text.py`` (it alone loads ``rich``), GitHub workflow commands
``github.py``, SARIF ``sarif.py``, reviewdog ``rdjson.py``, GitLab ``gitlab.py``.

A reporter is fed each file's result as soon as it is checked and prints a summary at the
end, so a long run shows progress and keeps only what the JSON document needs.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TextIO

from factlint.core.diagnostics import Severity
from factlint.core.results import FileResult

JSON_VERSION = 1
NOT_FULLY_CHECKED = "not fully checked"  # how the error of a file checked in part begins
ColorMode = Literal["auto", "always", "never"]


@dataclass(frozen=True)
class Layout:
    """What a report shows besides its findings (the JSON document is always whole)."""

    summary: bool = True  # the closing line of counts
    statistics: bool = False  # text and github: a line a code found, before the summary
    context: bool = False  # text: the article's line, with a marker under the span
    fixes: bool = False  # text: each finding's fix and related places
    color: ColorMode = "never"  # text: auto follows the terminal, NO_COLOR and FORCE_COLOR
    crop: bool = False  # text: cut a long line of context to the console's width


@dataclass
class Summary:
    files: int = 0
    file_errors: int = 0
    partly_checked: int = 0  # of the file errors, files not fully checked (their findings count)
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    codes: Counter[tuple[str, str]] = field(default_factory=Counter)  # (code, name): count
    fixed: int | None = None  # with --fix or --diff: the diagnostics fixed (or to be fixed)
    fixes_skipped: int = 0  # with --fix or --diff: fixes refused by the check before writing
    dry_run: bool = False  # --diff: nothing was written
    baselined: int | None = None  # under a baseline: the findings it left out of the report

    @property
    def checked(self) -> int:
        """The files that were read and checked (an unreadable one is not)."""
        return self.files - self.file_errors

    def add(self, result: FileResult) -> None:
        self.files += 1
        if self.fixed is not None:
            self.fixed += result.fixed or 0
        if result.baselined is not None:
            self.baselined = (self.baselined or 0) + result.baselined
        if result.error is not None:
            self.file_errors += 1
            self.partly_checked += result.error.startswith(NOT_FULLY_CHECKED)
        for diagnostic in result.diagnostics:
            self.codes[diagnostic.code, diagnostic.name] += 1
            self.fixes_skipped += diagnostic.fix_skipped is not None
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
            **(
                {}
                if self.fixed is None
                else {"fixed": self.fixed, "fixes_skipped": self.fixes_skipped}
            ),
            **({} if self.baselined is None else {"baselined": self.baselined}),
            **({"not_fully_checked": self.partly_checked} if self.partly_checked else {}),
        }

    def fixed_line(self) -> str:
        """The fix count, ruff's words: "Fixed 2 issues (5 remaining)." (--diff: "Would fix"),
        and the fixes refused by the check before writing: "(5 remaining, 1 fix skipped as
        unsafe to apply)"."""
        verb = "Would fix" if self.dry_run else "Fixed"
        remaining = f"{self.errors + self.warnings + self.infos} remaining"
        if self.fixes_skipped:
            remaining += f", {plural(self.fixes_skipped, 'fix')} skipped as unsafe to apply"
        return f"{verb} {plural(self.fixed or 0, 'issue')} ({remaining})."

    def sentence(self) -> str:
        """``3 errors, 1 warning, 0 infos in 2 files checked; 1 file could not be checked``
        (under a baseline, ``; 4 findings left out by the baseline`` before the last part;
        a file checked but not fully, ``in 2 files checked, 1 not fully``)."""
        counts = [(self.errors, "error"), (self.warnings, "warning"), (self.infos, "info")]
        found = ", ".join(plural(count, word) for count, word in counts)
        checked = self.checked + self.partly_checked
        sentence = f"{found} in {plural(checked, 'file')} checked"
        if self.partly_checked:
            sentence += f", {self.partly_checked} not fully"
        if self.baselined is not None:
            sentence += f"; {plural(self.baselined, 'finding')} left out by the baseline"
        unchecked = self.file_errors - self.partly_checked
        if unchecked:
            sentence += f"; {plural(unchecked, 'file')} could not be checked"
        return sentence

    def statistics(self) -> list[str]:
        """A line a code found, the most found first: the count, the code and its name."""
        rows = sorted(self.codes.items(), key=lambda row: (-row[1], row[0]))
        if not rows:
            return []
        count_width = len(str(rows[0][1]))
        code_width = max(len(code) for (code, _), _ in rows)
        return [f"{n:>{count_width}}  {code:<{code_width}}  {name}" for (code, name), n in rows]


def plural(count: int, word: str) -> str:
    """``1 file``, ``2 files``, ``2 fixes``."""
    ending = "es" if word.endswith(("s", "x")) else "s"
    return f"{count} {word}{'' if count == 1 else ending}"


class Reporter:
    """Fed each file's result as it is checked; ``finish`` ends the report, then calls
    ``on_finish`` (which may move a finished report file into place)."""

    def __init__(
        self,
        out: TextIO,
        err: TextIO,
        layout: Layout | None = None,
        on_finish: Callable[[], None] | None = None,
    ) -> None:
        self.out, self.err = out, err
        self.layout = layout or Layout()
        self.on_finish = on_finish
        self.summary = Summary()
        self.begin()

    def begin(self) -> None:
        """Set up what the report keeps (called once, by ``__init__``)."""

    reads_text = False  # the report reads every article's text, whatever the layout

    @property
    def needs_text(self) -> bool:
        """Whether the report reads each article's text (``FileResult.text``)."""
        return self.reads_text or self.layout.context or self.layout.fixes

    def file(self, result: FileResult) -> None:
        """Count ``result``; a file that could not be checked is said on standard error."""
        self.summary.add(result)
        if result.error is not None:
            self.err.write(f"{result.path}: error: {result.error}\n")

    def fixing(self, dry_run: bool) -> None:
        """Count fixes (--fix; --diff when ``dry_run``): the summary says how many."""
        self.summary.fixed, self.summary.dry_run = 0, dry_run

    def finish(self) -> None:
        self.end()
        if self.on_finish is not None:
            self.on_finish()

    def end(self) -> None:
        """Write what follows the last file's findings."""


class JsonReporter(Reporter):
    """The versioned JSON document of DESIGN.md, printed once at the end."""

    def begin(self) -> None:
        self.files: list[dict] = []

    def file(self, result: FileResult) -> None:
        super().file(result)
        self.files.append(file_entry(result, counting_fixes=self.summary.fixed is not None))

    def end(self) -> None:
        document = {"version": JSON_VERSION, "files": self.files, "summary": self.summary.to_json()}
        json.dump(document, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


def file_entry(result: FileResult, counting_fixes: bool = False) -> dict:
    """A file's entry in the JSON document's ``files`` (``fixed`` with --fix or --diff);
    ``factlint audit`` writes the same entry, one a line."""
    return {
        "path": result.path,
        "error": result.error,
        "diagnostics": [d.to_json() for d in result.diagnostics],
        **({"fixed": result.fixed or 0} if counting_fixes else {}),
    }
