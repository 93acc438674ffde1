"""Lines of an article's decoded text (LF line ends, as the engine reads it): where an
offset falls, the text of a line, and the lines a span covers."""

from __future__ import annotations

import bisect

from factlint.core.diagnostics import Diagnostic, Position


class LineIndex:
    """Offsets of ``text`` (code points) to 1-based lines and columns, and back."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = line_starts(text)

    @property
    def starts(self) -> list[int]:
        """The offset where each line starts (the first is 0)."""
        return self._starts

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line + 1, offset - self._starts[line] + 1)

    def line_text(self, line: int) -> str:
        """Line ``line`` (1-based) without its line end; "" past the end."""
        if not 1 <= line <= len(self._starts):
            return ""
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self.text)
        return self.text[start:end]

    def span_lines(self, offset: int, length: int) -> range:
        """The lines a span touches (a span ending at a line's start does not touch it)."""
        first = self.position(offset).line
        last = self.position(offset + length - 1).line if length > 0 else first
        return range(first, max(first, last) + 1)

    def utf8_column(self, position: Position) -> int:
        """``position``'s column counted in UTF-8 bytes (1-based), as reviewdog counts."""
        before = self.line_text(position.line)[: position.column - 1]
        return len(before.encode("utf-8", "surrogatepass")) + 1


def diagnostic_lines(diagnostic: Diagnostic) -> range:
    """The lines a diagnostic's own span covers (without its related places)."""
    start, end = diagnostic.start, diagnostic.end
    last = end.line - 1 if end.column == 1 and end.line > start.line else end.line
    return range(start.line, max(start.line, last) + 1)


def line_starts(text: str) -> list[int]:
    """The offset where each line of ``text`` starts: 0, then one past each LF."""
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts
