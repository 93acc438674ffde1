"""factlint's offsets (code points of the decoded text) to LSP positions and back."""

from __future__ import annotations

import pytest

pytest.importorskip("lsprotocol")

from lsprotocol.types import Position, PositionEncodingKind

from factlint.lsp.positions import LineIndex

UTF8, UTF16, UTF32 = (
    PositionEncodingKind.Utf8,
    PositionEncodingKind.Utf16,
    PositionEncodingKind.Utf32,
)


def test_crlf_line_ends_are_one_line_end_in_factlint_and_the_editor() -> None:
    index = LineIndex("One\r\nTwo two\r\n")
    assert index.decoded == "One\nTwo two\n"
    offset = index.decoded.index("two")
    assert index.position(offset) == Position(1, 4)
    assert index.offset(Position(1, 4)) == offset


@pytest.mark.parametrize(("encoding", "character"), [(UTF16, 3), (UTF32, 2), (UTF8, 5)])
def test_a_character_outside_the_bmp_counts_in_the_negotiated_units(
    encoding: str, character: int
) -> None:
    index = LineIndex("🎉 x\n", encoding)  # the emoji: 2 UTF-16 units, 4 UTF-8 bytes
    assert index.position(2) == Position(0, character)
    assert index.offset(Position(0, character)) == 2


def test_unicode_line_separators_are_not_line_ends() -> None:
    """LSP's line ends are LF, CRLF and CR only: U+2028 stays inside its line."""
    text = "A\u2028B the the\nC"
    index = LineIndex(text)
    assert index.position(text.index("the")) == Position(0, 4)
    assert index.position(text.index("C")) == Position(1, 0)


def test_a_byte_order_mark_is_not_counted_by_factlint() -> None:
    index = LineIndex("\ufeffHead\nBody")
    assert index.decoded == "Head\nBody"
    assert index.position(0) == Position(0, 1)
    assert index.offset(Position(0, 1)) == 0


def test_positions_past_the_text_are_clamped_and_line_ends_found() -> None:
    index = LineIndex("Short\r\nLonger line\r\n")
    assert index.offset(Position(9, 0)) == len(index.decoded)
    assert index.offset(Position(0, 99)) == len("Short")
    assert index.line_end(index.decoded.index("line")) == Position(1, 11)
