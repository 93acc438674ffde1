"""The text report for people: ``path:line:col: severity CODE message`` a finding, and, when
the layout asks, the article's line with a marker under the span.

rich does the colour (``--color``: auto follows rich's detection of a terminal, ``NO_COLOR``
and ``FORCE_COLOR``) and the display widths: the marker is placed by terminal cells, so it
stays under its span after wide characters (CJK, emoji) and after tabs, which are expanded
alike in the printed line and under it. Control characters in an article are shown as
symbols, never sent to the terminal.
"""

from __future__ import annotations

from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from factlint.core.diagnostics import Diagnostic, Severity
from factlint.core.results import FileResult
from factlint.output.ci import describe_fix
from factlint.output.reporters import ColorMode, Reporter

TAB_SIZE = 4
LINE_CELLS = 240  # of an article's line shown as context when no terminal's width bounds it
CONTEXT_FINDINGS = 1000  # findings shown with context in one report; then only their lines
STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}
_SYMBOLS = {
    **{code: 0x2400 + code for code in range(0x20) if code != 0x09},  # ␀ … ␟ (not the tab)
    0x7F: 0x2421,  # ␡
    **{code: 0xFFFD for code in range(0x80, 0xA0)},
}
_FLAT = {**_SYMBOLS, 0x09: 0x20}  # a message or path: a tab is a space


class TextReporter(Reporter):
    """Each finding as it comes, then the summary line."""

    def begin(self) -> None:
        self.console = make_console(self.out, self.layout.color)
        self.contexts_left = CONTEXT_FINDINGS

    def file(self, result: FileResult) -> None:
        super().file(result)
        lines = result.text.split("\n") if self.layout.context and result.text else None
        width = self.console.width if self.layout.crop else None
        for diagnostic in result.diagnostics:
            self._print(headline(result.path, diagnostic))
            if lines is not None and self.contexts_left > 0:
                self._print(*context(lines, diagnostic, width))
                self.contexts_left -= 1
                if not self.contexts_left:
                    self._print(Text(f"(context: shown for the first {CONTEXT_FINDINGS} findings)"))
            if self.layout.fixes:
                self._print(*notes(result.path, diagnostic, result.text))
            elif diagnostic.fix_skipped is not None and self.layout.summary:
                self._print(skipped(diagnostic.fix_skipped))

    def end(self) -> None:
        if self.layout.statistics:
            self._print(*map(Text, self.summary.statistics()))
        if self.layout.summary:
            self._print(Text(f"Found {self.summary.sentence()}."))
            if self.summary.fixed is not None:
                self._print(Text(self.summary.fixed_line()))

    def _print(self, *lines: Text) -> None:
        for line in lines:
            self.console.print(line, soft_wrap=True)


def make_console(out: TextIO, color: ColorMode) -> Console:
    """A console on ``out``; ``always`` colours whatever ``out`` is, ``never`` never does."""
    return Console(
        file=out,
        color_system={"auto": "auto", "always": "standard", "never": None}[color],
        no_color=False if color == "always" else None,  # None: rich reads NO_COLOR
        highlight=False,
        markup=False,
        emoji=False,
        force_jupyter=False,
    )


def headline(path: str, d: Diagnostic) -> Text:
    """``path:line:col: severity CODE message``."""
    return Text.assemble(
        (f"{path.translate(_FLAT)}:{d.start.line}:{d.start.column}:", "bold"),
        " ",
        (d.severity.label, STYLES[d.severity]),
        " ",
        (d.code, "bold"),
        " ",
        d.message.translate(_FLAT),
    )


def context(lines: list[str], d: Diagnostic, width: int | None) -> tuple[Text, Text]:
    """The line ``d`` starts on and a marker under its span (to the line's end if it runs
    on), cut around the span to ``width`` cells (:data:`LINE_CELLS` without a terminal)
    when the line is longer."""
    line = lines[d.start.line - 1].translate(_SYMBOLS) if d.start.line <= len(lines) else ""
    start = d.start.column - 1
    end = d.end.column - 1 if d.end.line == d.start.line else len(line)
    number = f"{d.start.line:>5}"
    room = max(20, (width or LINE_CELLS) - len(number) - 3)
    shown, lead, under = place(line, start, max(start, end), room)
    return (
        Text.assemble((f"{number} | ", "dim"), shown),
        Text.assemble(
            (f"{' ' * len(number)} | ", "dim"), " " * lead, ("^" * under, STYLES[d.severity])
        ),
    )


def notes(path: str, d: Diagnostic, text: str | None) -> list[Text]:
    """``fix: ...`` for a finding with a fix, and ``related: path:line:col: message`` for
    each place that explains it."""
    lines = []
    if d.fix is not None:
        lines.append(Text.assemble("  ", ("fix:", "bold"), " ", describe_fix(d.fix, text)))
    if d.fix_skipped is not None:
        lines.append(skipped(d.fix_skipped))
    for position, related in d.related:
        where = f"{path.translate(_FLAT)}:{position.line}:{position.column}:"
        message = related.message.translate(_FLAT)
        lines.append(Text.assemble("  ", ("related:", "bold"), f" {where} {message}"))
    return lines


def skipped(reason: str) -> Text:
    """``fix not applied: reason``: --fix refused the fix in its check before writing."""
    return Text.assemble("  ", ("fix not applied:", "bold"), f" {reason.translate(_FLAT)}")


def place(line: str, start: int, end: int, room: int | None) -> tuple[str, int, int]:
    """``line`` as printed, and the cells before and under code points ``start``..``end``.

    Tabs are expanded in the printed line and in the count alike; a line wider than ``room``
    cells is cut around ``start``, with an ellipsis where it was cut. A line of more than four
    times ``room`` code points is first cut to the part around ``start``, so that what a
    finding costs does not grow with its line.
    """
    cut_left = cut_right = False
    if room is not None and len(line) > 4 * room:
        base = max(0, start - 2 * room)
        cut_left, cut_right = base > 0, start + 2 * room < len(line)
        line, start, end = line[base : start + 2 * room], start - base, end - base
    first, last = 0, len(line)
    if room is not None and cell_len(expand(line)) > room:
        first, last = _window(line, start, room - 2)
    text = line[first:last]
    left = "…" if first or cut_left else ""
    right = "…" if last < len(line) or cut_right else ""
    before = cell_len(expand(text[: max(0, start - first)]))
    under = cell_len(expand(text[: max(0, end - first)])) - before
    return left + expand(text) + right, len(left) + before, max(1, under)


def _window(line: str, start: int, room: int) -> tuple[int, int]:
    """The code points of ``line`` that fit ``room`` cells, ``start`` a third of the way in."""
    first = start
    while first > 0 and cell_len(expand(line[first - 1 : start])) <= room // 3:
        first -= 1
    last = first
    while last < len(line) and cell_len(expand(line[first : last + 1])) <= room:
        last += 1
    return first, last


def expand(text: str) -> str:
    """``text`` with each tab turned into spaces up to the next stop of ``TAB_SIZE`` cells."""
    parts = text.split("\t")
    shown = parts[0]
    for part in parts[1:]:
        shown += " " * (TAB_SIZE - cell_len(shown) % TAB_SIZE) + part
    return shown
