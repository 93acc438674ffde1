"""The language server's parts in process: factlint's offsets (code points of the decoded
text) to LSP positions and back, and the files the engine's configs were read from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("lsprotocol")

from lsprotocol.types import Position, PositionEncodingKind

from factlint.engine.run import Options
from factlint.lsp.engine import Engine
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


def test_the_engine_knows_which_files_its_configs_were_read_from(tmp_path: Path) -> None:
    """A change to the config, or to a pack, register or dictionary it names, reloads;
    a change to any other file (an article, another YAML file) does not."""
    from tests.helpers import DESK_PACK

    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "desk.yaml").write_text(DESK_PACK, encoding="utf-8")
    register = Path(__file__).parent.parent / "fixtures" / "facts" / "seed-register.yaml"
    shutil.copy(register, tmp_path / "facts.yaml")
    (tmp_path / "words.txt").write_text("Okonkwo\n", encoding="utf-8")
    (tmp_path / ".factlint.yaml").write_text(
        "grammar: {backend: none}\npack-paths: [styles/]\nfacts: facts.yaml\n"
        "dictionary: words.txt\n",
        encoding="utf-8",
    )
    engine = Engine(tmp_path, None, Options())
    checked = engine.check(
        str(tmp_path / "a.txt"), "Head\n\nWe utilize it.\n", tmp_path / "a.txt", UTF16
    )
    assert [d.code for d in checked.result.diagnostics] == ["DK001"]
    for name in (".factlint.yaml", "styles/desk.yaml", "facts.yaml", "words.txt"):
        assert engine.depends_on(tmp_path / name), name
    for name in ("a.txt", "other.yaml"):
        assert not engine.depends_on(tmp_path / name), name
    engine.reload()
    assert not engine.depends_on(tmp_path / "facts.yaml")  # until a config is read again
