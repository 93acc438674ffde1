"""`factlint check --fix`, `--unsafe-fixes` and `--diff`, as a user runs them.

The seed article is checked as a CRLF copy with a byte-order mark: fixing it must change
the bytes of the fixed spans and nothing else. The expected files are computed here, from
the JSON document's `fix` objects and the mapping README.md documents, not by factlint.
The seed's own fixes (a courtesy title, "US") are unsafe, so most tests here fix with
`--unsafe-fixes`; a doubled word put into it gives `--fix` a safe one. What a safe fix may
do, and the check before writing, are tests/test_fix_safety.py's.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import run

import factlint.engine.fixes as fixes
from factlint.article.loader import stored_offset
from factlint.core.diagnostics import Fix

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "kishida-peace-treaty.txt"
BOM = b"\xef\xbb\xbf"
# NM003 runs only when selected: it gives the seed its "Mr. Matsuno" fix (unsafe), beside
# ST102's "U.S."
NO_GRAMMAR = ("--grammar", "none", "--select", "ALL,NM003")
FIX = ("--fix", "--unsafe-fixes")  # the seed's fixes, safe and unsafe
DOUBLED = (b"argued that the sanctions", b"argued that the the sanctions")


def crlf_bom_seed(folder: Path, name: str = "seed.txt", doubled: bool = False) -> Path:
    """The seed article with CRLF line ends and a byte-order mark (and, if ``doubled``,
    a doubled "the": a safe fix)."""
    data = SEED.read_bytes()
    assert b"\r" not in data and not data.startswith(BOM) and data.count(DOUBLED[0]) == 1
    if doubled:
        data = data.replace(*DOUBLED)
    path = folder / name
    path.write_bytes(BOM + data.replace(b"\n", b"\r\n"))
    return path


def json_fixes(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> list[dict]:
    """The `fix` objects of `factlint check --format json` on ``path``, in offset order."""
    _, out, _ = run(capsys, "check", "--format", "json", *args, str(path))
    (file,) = json.loads(out)["files"]
    found = [d["fix"] for d in file["diagnostics"] if d["fix"] is not None]
    return sorted(found, key=lambda fix: fix["offset"])


def documented_offset(raw: str, offset: int) -> int:
    """README's mapping, written out: one stored character for each decoded one, after the
    byte-order mark, and two for each CRLF (one line end in the decoded text)."""
    index = 1 if raw.startswith("\ufeff") else 0
    for _ in range(offset):
        index += 2 if raw.startswith("\r\n", index) else 1
    return index


def byte_spans(raw: str, found: list[dict]) -> list[tuple[int, int, bytes]]:
    """Each fix as (start byte, end byte, replacement bytes) of the stored file."""
    spans = []
    for fix in found:
        start = documented_offset(raw, fix["offset"])
        end = documented_offset(raw, fix["offset"] + fix["length"])
        spans.append((len(raw[:start].encode()), len(raw[:end].encode()), fix["replacement"]))
    return [(start, end, text.replace("\n", "\r\n").encode()) for start, end, text in spans]


def patched(data: bytes, spans: list[tuple[int, int, bytes]]) -> bytes:
    """``data`` with each (non-overlapping) span replaced, the last first."""
    for start, end, replacement in sorted(spans, reverse=True):
        data = data[:start] + replacement + data[end:]
    return data


@pytest.mark.parametrize(
    ("flags", "expected"),
    [(("--fix",), "Fixed 1 issue (8 remaining)."), (FIX, "Fixed 3 issues (6 remaining).")],
    ids=["safe", "unsafe-too"],
)
def test_fix_changes_only_the_fix_spans(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, flags: tuple[str, ...], expected: str
) -> None:
    path = crlf_bom_seed(tmp_path, doubled=True)
    before = path.read_bytes()
    found = json_fixes(capsys, path, *NO_GRAMMAR)
    taken = [fix for fix in found if fix["safe"] or "--unsafe-fixes" in flags]
    assert len(taken) == (1 if flags == ("--fix",) else 3)
    spans = byte_spans(before.decode("utf-8"), taken)

    code, out, _ = run(capsys, "check", *flags, *NO_GRAMMAR, str(path))
    after = path.read_bytes()
    assert after == patched(before, spans)
    # Every byte outside the spans is the same: before the first, between them, after the last.
    shift = 0
    previous = 0
    for start, end, replacement in spans:
        assert after[previous + shift : start + shift] == before[previous:start]
        assert after[start + shift : start + shift + len(replacement)] == replacement
        shift += len(replacement) - (end - start)
        previous = end
    assert after[previous + shift :] == before[previous:]
    assert after.startswith(BOM) and after.count(b"\n") == after.count(b"\r\n")
    assert code == 1  # findings remain
    assert out.splitlines()[-1] == expected


def test_json_fix_offsets_map_to_the_stored_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """README's mapping, through the public helper, applied to the stored bytes."""
    path = crlf_bom_seed(tmp_path)
    data = path.read_bytes()
    raw = data.decode("utf-8")  # not utf-8-sig: the byte-order mark stays, as U+FEFF
    decoded = raw.removeprefix("\ufeff").replace("\r\n", "\n")
    _, out, _ = run(capsys, "check", "--format", "json", *NO_GRAMMAR, str(path))
    diagnostics = json.loads(out)["files"][0]["diagnostics"]
    for d in diagnostics:  # every span is the same text in both
        start, end = stored_offset(raw, d["offset"]), stored_offset(raw, d["offset"] + d["length"])
        assert start == documented_offset(raw, d["offset"])
        assert (
            raw[start:end].replace("\r\n", "\n") == decoded[d["offset"] : d["offset"] + d["length"]]
        )
    edits = []
    for fix in (d["fix"] for d in diagnostics if d["fix"] is not None):
        start = stored_offset(raw, fix["offset"])
        end = stored_offset(raw, fix["offset"] + fix["length"])
        edits.append((len(raw[:start].encode()), len(raw[:end].encode()), fix["replacement"]))
    assert edits
    fixed = data
    for start, end, replacement in sorted(edits, reverse=True):
        fixed = fixed[:start] + replacement.encode() + fixed[end:]
    assert fixed.decode("utf-8").count("Mr. Matsuno") == raw.count("Mr. Matsuno") - 1
    assert b"deploying U.S. troops" in fixed and b"deploying US troops" not in fixed
    assert fixed.startswith(BOM) and fixed.count(b"\n") == fixed.count(b"\r\n")


def test_a_second_fix_changes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = crlf_bom_seed(tmp_path)
    run(capsys, "check", *FIX, *NO_GRAMMAR, str(path))
    once = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    _, out, _ = run(capsys, "check", *FIX, *NO_GRAMMAR, str(path))
    assert path.read_bytes() == once and path.stat().st_mtime_ns == mtime  # not rewritten
    assert out.splitlines()[-1] == "Fixed 0 issues (6 remaining)."


def test_diff_shows_the_change_without_writing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = crlf_bom_seed(tmp_path)
    before = path.read_bytes()
    assert run(capsys, "check", "--diff", *NO_GRAMMAR, str(path))[:2] == (0, "")  # none safe
    code, out, err = run(capsys, "check", "--diff", "--unsafe-fixes", *NO_GRAMMAR, str(path))
    assert code == 1 and path.read_bytes() == before
    lines = out.splitlines()
    assert lines[:2] == [f"--- {path}", f"+++ {path}"]
    removed = [line[1:] for line in lines[2:] if line.startswith("-")]
    added = [line[1:] for line in lines[2:] if line.startswith("+")]
    assert len(removed) == len(added) == 2
    assert "Mr. Matsuno said" in removed[0] and "Mr. Matsuno" not in added[0]
    assert "deploying US troops" in removed[1] and "deploying U.S. troops" in added[1]
    assert "Would fix 2 issues (6 remaining)." in err  # the report goes to stderr
    exit_zero = ("--diff", "--unsafe-fixes", "--exit-zero")
    assert run(capsys, "check", *exit_zero, *NO_GRAMMAR, str(path))[0] == 0

    run(capsys, "check", *FIX, *NO_GRAMMAR, str(path))
    fixed_lines = path.read_bytes().decode("utf-8").splitlines()
    assert all(line in fixed_lines for line in added)  # --diff showed what --fix did
    code, out, _ = run(capsys, "check", "--diff", "--unsafe-fixes", *NO_GRAMMAR, str(path))
    assert (code, out) == (0, "")


def test_fix_reports_what_remains_and_counts_the_fixed_in_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = crlf_bom_seed(tmp_path)
    _, out, _ = run(capsys, "check", *FIX, "--format", "json", *NO_GRAMMAR, str(path))
    document = json.loads(out)
    (file,) = document["files"]
    assert file["fixed"] == 2 and document["summary"]["fixed"] == 2
    assert document["summary"]["fixes_skipped"] == 0
    summary = document["summary"]
    assert (summary["errors"], summary["warnings"]) == (3, 1)  # BY001, QT003, QT004; HL003
    codes = {d["code"] for d in file["diagnostics"]}
    assert not codes & {"NM003", "ST102"}  # the fixed ones are gone
    assert all(d["fix"] is None for d in file["diagnostics"])


DESK_RULES = {  # code: (swap, safe); DK001/DK002 overlap, DK003/DK004 share an offset
    "DK001": ({"in order to": "to"}, False),
    "DK002": ({"to the": "toward the"}, False),
    "DK003": ({"utilize": "use"}, False),
    "DK004": ({"utilize": "employ"}, False),
    "DK005": ({"commence": "begin"}, False),
    "DK006": ({"colour": "color"}, False),
    "DK007": ({"color": "colour"}, False),
}
ARTICLE = "Council meets\n\nThe council went in order to the hall. They {verb} the hall {rest}.\n"


def desk(folder: Path, codes: list[str]) -> Path:
    """A config in ``folder`` whose only rules are the desk pack's ``codes``."""
    rules = [
        {
            "code": code,
            "name": f"rule-{code.lower()}",
            "kind": "substitution",
            "message": 'write "{replacement}", not "{match}"',
            "swap": DESK_RULES[code][0],
            "safe": DESK_RULES[code][1],
            "examples": {"bad": [f"They {next(iter(DESK_RULES[code][0]))} it."], "good": ["No."]},
        }
        for code in codes
    ]
    pack = {"pack": "fixdesk", "description": "Fix tests.", "source": "tests", "prefix": "DK"}
    (folder / "desk.yaml").write_text(json.dumps({**pack, "rules": rules}), encoding="utf-8")
    config = folder / ".factlint.yaml"
    settings = {"pack-paths": ["desk.yaml"], "select": ["DK"], "grammar": {"backend": "none"}}
    config.write_text(json.dumps(settings), encoding="utf-8")
    return config


def article(folder: Path, verb: str = "utilize", rest: str = "and will commence work") -> Path:
    path = folder / "council.txt"
    path.write_text(ARTICLE.format(verb=verb, rest=rest), encoding="utf-8")
    return path


def test_overlapping_fixes_converge(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    desk(tmp_path, ["DK001", "DK002", "DK003", "DK004"])
    path = article(tmp_path)
    code, out, _ = run(capsys, "check", *FIX, str(path))
    # DK001 comes first and wins over DK002; then DK002 fixes the new text. DK003 and DK004
    # share an offset: the lower code wins, and DK004 no longer applies.
    assert "went toward the hall. They use the hall" in path.read_text(encoding="utf-8")
    assert out.splitlines()[-1] == "Fixed 3 issues (0 remaining)." and code == 0
    once = path.read_bytes()
    assert run(capsys, "check", *FIX, str(path))[1].splitlines()[-1].startswith("Fixed 0")
    assert path.read_bytes() == once


def test_fixes_that_undo_each_other_stop_after_the_cap(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk(tmp_path, ["DK006", "DK007"])
    path = article(tmp_path, rest="in colour")
    before = path.read_bytes()
    checks: list[str] = []
    check_text = fixes.check_text

    def counted(display: str, *args: Any, **kwargs: Any) -> Any:
        checks.append(display)
        return check_text(display, *args, **kwargs)

    monkeypatch.setattr(fixes, "check_text", counted)
    run(capsys, "check", *FIX, str(path))
    assert len(checks) == fixes.MAX_PASSES + 1
    assert path.read_bytes() == before  # ten passes undid each other: nothing to write


def test_unsafe_fixes_only_with_the_flag(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    desk(tmp_path, ["DK005"])
    path = article(tmp_path, verb="use")
    before = path.read_bytes()
    assert run(capsys, "check", "--fix", str(path))[1].splitlines()[-1].startswith("Fixed 0")
    assert path.read_bytes() == before
    code, _, err = run(capsys, "check", "--unsafe-fixes", str(path))
    assert code == 2 and err == "factlint: error: --unsafe-fixes needs --fix or --diff\n"
    code, out, _ = run(capsys, "check", "--fix", "--unsafe-fixes", str(path))
    assert path.read_bytes() == before.replace(b"commence", b"begin")
    assert out.splitlines()[-1] == "Fixed 1 issue (0 remaining)." and code == 0


def test_stdin_fix_writes_the_fixed_text_to_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = crlf_bom_seed(tmp_path)
    data = path.read_bytes()
    run(capsys, "check", *FIX, *NO_GRAMMAR, str(path))
    expected = path.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, err = run(capsys, "check", "-", *FIX, "--stdin-filename", "seed.txt", *NO_GRAMMAR)
    assert out.encode("utf-8") == expected  # the whole article, BOM and CRLF kept
    assert "seed.txt:1:26: warning HL003" in err and "Fixed 2 issues (6 remaining)." in err
    assert code == 1


def test_file_mode_is_kept(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = crlf_bom_seed(tmp_path)
    path.chmod(0o640)
    before = path.read_bytes()
    run(capsys, "check", *FIX, *NO_GRAMMAR, str(path))
    assert path.read_bytes() != before
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed.txt"]  # no temporary left


def test_an_unwritable_file_is_one_line_and_the_others_are_fixed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked, other = crlf_bom_seed(tmp_path, "a.txt"), crlf_bom_seed(tmp_path, "b.txt")
    before = locked.read_bytes()
    replace = os.replace

    def refuse(source: str, target: str | Path) -> None:
        if Path(target).name == "a.txt":
            raise PermissionError(13, "Permission denied")
        replace(source, target)

    monkeypatch.setattr(fixes.os, "replace", refuse)
    code, out, err = run(capsys, "check", *FIX, *NO_GRAMMAR, str(locked), str(other))
    assert err == f"{locked}: error: cannot write the fixes: Permission denied\n"
    assert locked.read_bytes() == before and other.read_bytes() != before
    assert f"{locked}:21:" in out  # its diagnostics, as it still is
    assert "Fixed 2 issues" in out.splitlines()[-1] and code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anyway")
def test_a_read_only_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = crlf_bom_seed(folder)
    folder.chmod(0o555)
    try:
        code, _, err = run(capsys, "check", *FIX, *NO_GRAMMAR, str(path))
    finally:
        folder.chmod(0o755)
    assert err.startswith(f"{path}: error: cannot write the fixes: ") and err.count("\n") == 1
    assert code == 2  # the only file: nothing was fixed


def test_a_line_end_in_a_replacement_takes_the_files_line_end() -> None:
    stored = "\ufeffone\r\ntwo\r\nthree"
    assert fixes.apply(stored, [Fix("2\n2", 4, 3)]) == "\ufeffone\r\n2\r\n2\r\nthree"
    assert fixes.apply(stored, [Fix("", 3, 1)]) == "\ufeffonetwo\r\nthree"  # a whole CRLF
