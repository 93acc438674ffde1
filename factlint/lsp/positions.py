"""Between factlint's offsets and LSP positions.

factlint counts code points in the decoded text (byte-order mark removed, CRLF and CR
read as one line end, LF). An editor's document is the text as stored: its line ends as
typed, perhaps a byte-order mark. LSP positions are a 0-based line (line ends: LF, CRLF,
CR, as in the LSP specification; pygls's own helpers split on every Unicode line break,
U+2028 included, so they are not used here) and a character counted in the negotiated
encoding's units: UTF-16 code units unless the client offered UTF-8 or UTF-32.
"""

from __future__ import annotations

import bisect

import regex
from lsprotocol import types

from factlint.article.loader import BOM, StoredOffsets

_LINE_END = regex.compile(r"\r\n|\r|\n")
_ASTRAL = regex.compile(r"[\U00010000-\U0010FFFF]")  # two UTF-16 code units each


def units(text: str, encoding: str) -> int:
    """The length of ``text`` in the encoding's code units."""
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _code_points(line: str, count: int, encoding: str) -> int:
    """How many code points of ``line`` its first ``count`` code units hold (a position
    inside a character stops before it)."""
    if encoding == types.PositionEncodingKind.Utf32:
        return min(count, len(line))
    used = 0
    for index, char in enumerate(line):
        used += units(char, encoding)
        if used > count:
            return index
    return len(line)


class LineIndex:
    """One document's text as stored, with the map between factlint's decoded offsets,
    stored indexes and LSP positions."""

    def __init__(self, stored: str, encoding: str = types.PositionEncodingKind.Utf16) -> None:
        self.stored = stored
        self.encoding = encoding
        self._to_stored = StoredOffsets(stored)
        self._starts = [0] + [m.end() for m in _LINE_END.finditer(stored)]
        self._bom = 1 if stored.startswith(BOM) else 0
        # UTF-16 positions from the astral characters' indexes, so that a position costs
        # no more on a line of megabytes (a document's diagnostics are converted in the
        # server's event loop).
        utf16 = encoding == types.PositionEncodingKind.Utf16
        self._astral = [m.start() for m in _ASTRAL.finditer(stored)] if utf16 else None

    @property
    def decoded(self) -> str:
        """The text factlint checks: no byte-order mark, line ends as LF."""
        text = self.stored.removeprefix(BOM)
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text

    def stored_index(self, offset: int) -> int:
        return min(self._to_stored(max(offset, 0)), len(self.stored))

    def position(self, offset: int) -> types.Position:
        """The LSP position of a decoded offset."""
        return self.position_of_index(self.stored_index(offset))

    def position_of_index(self, index: int) -> types.Position:
        line = bisect.bisect_right(self._starts, index) - 1
        start = self._starts[line]
        if self._astral is not None:
            astral = bisect.bisect_left(self._astral, index) - bisect.bisect_left(
                self._astral, start
            )
            return types.Position(line, index - start + astral)
        return types.Position(line, units(self.stored[start:index], self.encoding))

    def range(self, offset: int, length: int) -> types.Range:
        return types.Range(self.position(offset), self.position(offset + length))

    def index(self, position: types.Position) -> int:
        """The stored index of an LSP position (clamped to the text)."""
        if position.line >= len(self._starts):
            return len(self.stored)
        start = self._starts[position.line]
        end = self._starts[position.line + 1] if position.line + 1 < len(self._starts) else None
        line = self.stored[start:end]
        line = _LINE_END.sub("", line) if end is not None else line
        return start + _code_points(line, position.character, self.encoding)

    def offset(self, position: types.Position) -> int:
        """The decoded offset of an LSP position."""
        index = self.index(position)
        before = self.stored[self._bom : index]
        return len(before) - before.count("\r\n")

    def line_end(self, offset: int) -> types.Position:
        """The end of the line (before its line end) that holds a decoded offset."""
        line = self.position(offset).line
        end = self._starts[line + 1] if line + 1 < len(self._starts) else len(self.stored)
        text = self.stored[self._starts[line] : end]
        return types.Position(line, units(_LINE_END.sub("", text), self.encoding))
