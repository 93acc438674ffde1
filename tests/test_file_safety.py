"""What a folder walk, a read and a ``--fix`` write do with hostile or changing files:
patterns that would backtrack, unreadable folders, symbolic links that leave the tree or
loop, a file swapped or removed between the walk and the read, and a file edited while
``--fix`` works on it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import run

from factlint.engine import fixes
from factlint.engine.exclude import Patterns
from factlint.engine.fixes import FixOutcome

ARTICLE = "Council backs new park\n\nThe council voted on the the plan on Tuesday.\n"
HOSTILE_GLOB = "*a" * 17 + "*b"  # backtracking regular expressions take hours on a long name


def _factlint(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``factlint ARGS`` in a process of its own, stopped (a failure) past ``timeout``."""
    command = [sys.executable, "-m", "factlint", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def _json(run: subprocess.CompletedProcess[str]) -> dict[str, dict]:
    assert "Traceback" not in run.stderr
    return {Path(f["path"]).as_posix(): f for f in json.loads(run.stdout)["files"]}


# --- exclude patterns ------------------------------------------------------------------


def test_a_glob_of_many_stars_does_not_hang_the_walk(tmp_path: Path) -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    for number in range(20):
        (desk / f"{'a' * 200}{number}.txt").write_text(ARTICLE, encoding="utf-8")
    (desk / f"{'a' * 200}b").mkdir()
    (desk / f"{'a' * 200}b" / "story.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".factlint.yaml").write_text(
        json.dumps({"extend-exclude": [HOSTILE_GLOB], "grammar": {"backend": "none"}}),
        encoding="utf-8",
    )
    run = _factlint("check", "--no-cache", "--format", "json", "desk", cwd=tmp_path)
    files = _json(run)  # a hang fails the test at the subprocess's timeout
    assert len(files) == 20 and all(name.endswith(".txt") for name in files)
    assert not any("b/story" in name for name in files)  # the folder the glob names is out


def test_globs_are_matched_in_linear_time() -> None:
    spec = Patterns.parse([HOSTILE_GLOB], Path("/")).spec
    assert type(spec._backend).__name__.startswith("Re2")  # pathspec's RE2 backend


# --- --fix never loses a writer's text -------------------------------------------------


def _editing_while_fixing(
    monkeypatch: pytest.MonkeyPatch, victim: Path, edit: Callable[[Path], None]
) -> None:
    """Make ``edit`` happen to ``victim`` after factlint has read and fixed it, before it
    is written: another writer saving the file meanwhile."""
    real = fixes.fix_bytes

    def fix_then_edit(display: str, data: bytes, *args: Any, **kwargs: Any) -> FixOutcome:
        outcome = real(display, data, *args, **kwargs)
        if Path(display) == victim:
            edit(victim)
        return outcome

    monkeypatch.setattr(fixes, "fix_bytes", fix_then_edit)


def _append_a_line(path: Path) -> None:
    with path.open("ab") as file:
        file.write(b"A line the writer added.\n")


def _swap_for_a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


EDITS: dict[str, Callable[[Path], None]] = {
    "edited": _append_a_line,
    "rewritten the same length": lambda path: path.write_bytes(path.read_bytes().upper()),
    "removed": Path.unlink,
    "swapped for a folder": _swap_for_a_folder,
}


@pytest.mark.parametrize("flags", [("--fix",), ("--fix", "--unsafe-fixes")])
@pytest.mark.parametrize("edit", list(EDITS))
def test_a_file_changed_during_fix_is_left_as_the_writer_left_it(
    edit: str,
    flags: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    victim, other = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (victim, other):
        path.write_text(ARTICLE, encoding="utf-8")
    _editing_while_fixing(monkeypatch, victim, EDITS[edit])
    code, out, err = run(capsys, "check", *flags, "--grammar", "none", str(victim), str(other))
    assert err == f"{victim}: error: changed during the run; not fixed\n"
    expected = tmp_path / "expected"
    expected.mkdir()
    (expected / "a.txt").write_text(ARTICLE, encoding="utf-8")
    EDITS[edit](expected / "a.txt")  # what the writer left
    assert _state(victim) == _state(expected / "a.txt")
    assert other.read_text(encoding="utf-8") == ARTICLE.replace("the the", "the")
    assert "Fixed 1 issue" in out and code == 1  # a file not checked, the other fixed
    assert len(list(tmp_path.iterdir())) == 2 + victim.exists()  # no temporary file left


def _state(path: Path) -> object:
    """What is at ``path``: a file's bytes, a folder's names, or None."""
    if path.is_dir():
        return sorted(p.name for p in path.iterdir())
    return path.read_bytes() if path.exists() else None


def test_an_unchanged_file_is_still_fixed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert run(capsys, "check", "--fix", "--grammar", "none", str(path))[0] == 0
    assert path.read_text(encoding="utf-8") == ARTICLE.replace("the the", "the")
