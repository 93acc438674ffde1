"""What a folder walk, a read and a ``--fix`` write do with hostile or changing files:
patterns that would backtrack, unreadable folders, symbolic links that leave the tree or
loop, a file swapped or removed between the walk and the read, and a file edited while
``--fix`` works on it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factlint.engine.exclude import Patterns

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
