"""The language server's parts in process: factlint's offsets (code points of the decoded
text) to LSP positions and back, and the files the engine's configs were read from."""

from __future__ import annotations

import shutil
import subprocess
import sys
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


def test_utf16_positions_count_the_astral_characters_before_them_on_their_line() -> None:
    text = "🎉 a\nb 🎉🎉 \ud800c 🎉d\r\n🎉"
    index = LineIndex(text)
    for offset, char in enumerate(index.decoded):
        line_start = index.decoded.rfind("\n", 0, offset) + 1
        before = index.decoded[line_start:offset]
        expected = len(before.encode("utf-16-le", "surrogatepass")) // 2
        assert index.position(offset).character == expected, (offset, char)
        assert index.offset(index.position(offset)) == offset


@pytest.mark.slow
def test_many_positions_on_a_line_of_megabytes_are_found_without_rescanning_it() -> None:
    """Was: each position counted the line's UTF-16 units from its start, in Python (an
    800 KB document's 500 diagnostics took 8 s of the server's event loop; fuzz.py lsp).
    The subprocess's timeout is a hang guard only: before, this took about 15 minutes."""
    script = (
        "from factlint.lsp.positions import LineIndex\n"
        "text = '🎉' + 'word ' * 800_000\n"
        "index = LineIndex(text)\n"
        "step = len(text) // 2000\n"
        "found = [index.range(offset, 4) for offset in range(1, len(text), step)]\n"
        "assert found[-1].start.character == 1 + step * (len(found) - 1) + 1\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()


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
