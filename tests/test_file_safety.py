"""What a folder walk, a read and a ``--fix`` write do with hostile or changing files:
patterns that would backtrack, unreadable folders, symbolic links that leave the tree or
loop, a file swapped or removed between the walk and the read, and a file edited while
``--fix`` works on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import run

from factlint.cli import files as files_module
from factlint.engine import fixes
from factlint.engine.exclude import PatternError, Patterns
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


@pytest.mark.serial
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
    run = _factlint("check", "--no-cache", "--jobs", "1", "--format", "json", "desk", cwd=tmp_path)
    files = _json(run)  # a hang fails the test at the subprocess's timeout (no pool: the walk)
    assert len(files) == 20 and all(name.endswith(".txt") for name in files)
    assert not any("b/story" in name for name in files)  # the folder the glob names is out


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::FutureWarning")  # "possible nested set", from re
def test_a_pattern_re2_lacks_is_matched_as_before(tmp_path: Path) -> None:
    (tmp_path / "desk").mkdir()
    for name in ("a.txt", "b.txt", "cx.txt"):
        (tmp_path / "desk" / name).write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "desk" / ".gitignore").write_text("[[:alpha:]]x\nb.txt\n", encoding="utf-8")
    Patterns.parse(["[[:alpha:]]x"], tmp_path)  # Python's re takes it, as it did
    run = _factlint("check", "--no-cache", "--format", "json", "desk", cwd=tmp_path)
    assert sorted(_json(run)) == ["desk/a.txt", "desk/cx.txt"]


BIG = [f"folder{number}/draft*/notes{number}*.txt" for number in range(3000)]  # past RE2's set


@pytest.mark.slow
def test_a_list_too_long_for_re2_is_still_matched(tmp_path: Path) -> None:
    assert Patterns.parse([*BIG, "b.txt"], tmp_path).excludes(tmp_path / "b.txt")
    with pytest.raises(PatternError, match="runs of"):
        Patterns.parse([*BIG, HOSTILE_GLOB], tmp_path)


@pytest.mark.serial
def test_a_long_gitignore_with_a_wild_pattern_does_not_hang_the_walk(tmp_path: Path) -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    for name in ("a.txt", "b.txt", f"{'a' * 200}.txt"):
        (desk / name).write_text(ARTICLE, encoding="utf-8")
    lines = [*BIG, HOSTILE_GLOB, "b.txt"]
    (desk / ".gitignore").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = _factlint("check", "--no-cache", "--format", "json", "desk", cwd=tmp_path)
    assert sorted(_json(run)) == ["desk/a.txt", f"desk/{'a' * 200}.txt"]  # b.txt ignored


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


# --- the folder walk -------------------------------------------------------------------


def check_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, dict], str]:
    """``factlint check --format json --grammar none ARGS``: exit status, files by path
    (with / between folders), standard error."""
    code, out, err = run(capsys, "check", "--format", "json", "--grammar", "none", *args)
    return code, {Path(f["path"]).as_posix(): f for f in json.loads(out)["files"]}, err


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``desk/`` with two articles (``a.txt``, ``sub/c.md``) beside ``outside/secret.txt``;
    the current folder is ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "desk" / "sub").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "desk" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "desk" / "sub" / "c.md").write_text(ARTICLE, encoding="utf-8")
    secret = "Private notes\n\nThe SECRET the the line.\n"
    (tmp_path / "outside" / "secret.txt").write_text(secret, encoding="utf-8")
    return tmp_path / "desk"


def _unreadable(folder: Path) -> None:
    folder.mkdir()
    (folder / "hidden.txt").write_text(ARTICLE, encoding="utf-8")
    folder.chmod(0)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anyway")
def test_an_unreadable_folder_is_an_error_naming_it(
    capsys: pytest.CaptureFixture[str], desk: Path
) -> None:
    _unreadable(desk / "locked")
    try:
        code, files, err = check_json(capsys, "desk")
    finally:
        (desk / "locked").chmod(0o755)
    assert files["desk/locked"]["error"] == "cannot read the folder: Permission denied"
    assert sorted(files) == ["desk/a.txt", "desk/locked", "desk/sub/c.md"] and code == 1
    assert f"{Path('desk/locked')}: error: cannot read the folder: Permission denied" in err


@pytest.mark.parametrize("which", ["desk/sub", "desk"])
def test_a_folder_that_cannot_be_listed_is_an_error_of_its_own(
    which: str, capsys: pytest.CaptureFixture[str], desk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.scandir

    def refuse(path: Any = ".") -> Any:  # what a folder without read permission does
        if Path(path) == Path(which):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", refuse)
    code, files, _ = check_json(capsys, "desk")
    assert files[which]["error"] == "cannot read the folder: Permission denied"
    if which == "desk/sub":  # the rest of the walk goes on
        assert sorted(files) == ["desk/a.txt", "desk/sub"] and code == 1
    else:
        assert sorted(files) == ["desk"] and code == 2


def test_a_link_out_of_the_folder_is_not_followed(
    capsys: pytest.CaptureFixture[str], desk: Path
) -> None:
    (desk / "leak.txt").symlink_to(desk.parent / "outside" / "secret.txt")
    (desk / "elsewhere").symlink_to(desk.parent / "outside", target_is_directory=True)
    (desk / "same.txt").symlink_to(desk / "sub" / "c.md")  # inside: read (once)
    code, out, err = run(capsys, "check", "--grammar", "none", "--context", "desk")
    assert "SECRET" not in out + err and code == 1
    assert f"{Path('desk/leak.txt')}: note: a symbolic link that leads outside" in err
    assert f"{Path('desk/elsewhere')}: note: a symbolic link that leads outside" in err
    assert "in 2 files checked" in out
    code, files, _ = check_json(capsys, "desk/leak.txt")  # named: the user's choice
    assert list(files) == ["desk/leak.txt"] and files["desk/leak.txt"]["diagnostics"]


def test_a_loop_of_links_is_an_error_of_that_entry(
    capsys: pytest.CaptureFixture[str], desk: Path
) -> None:
    (desk / "loop.txt").symlink_to(desk / "round.txt")
    (desk / "round.txt").symlink_to(desk / "loop.txt")
    (desk / "sub" / "dangling.md").symlink_to(desk / "nothing.md")
    code, files, err = check_json(capsys, "desk", "desk/loop.txt")
    assert sorted(files) == [
        "desk/a.txt", "desk/loop.txt", "desk/round.txt", "desk/sub/c.md", "desk/sub/dangling.md"
    ]  # fmt: skip
    assert files["desk/loop.txt"]["error"].startswith("cannot read: ")
    assert files["desk/a.txt"]["diagnostics"] and files["desk/sub/c.md"]["diagnostics"]
    assert "no such file" in files["desk/sub/dangling.md"]["error"] and code == 1
    assert err.count("error:") == 3


@pytest.mark.parametrize("flags", [(), ("--no-cache",), ("--fix",), ("--jobs", "2")])
@pytest.mark.parametrize("change", ["swapped for a folder", "removed"])
def test_a_file_changed_between_the_walk_and_the_read_is_an_input_error(
    change: str,
    flags: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
    desk: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = files_module.discover

    def walk_then_change(folder: Path, selection: Any) -> Any:
        found = real(folder, selection)
        EDITS[change](desk / "a.txt")
        return found

    monkeypatch.setattr(files_module, "discover", walk_then_change)
    code, files, _ = check_json(capsys, *flags, "desk")
    expected = "is a directory" if change == "swapped for a folder" else "no such file or directory"
    assert files["desk/a.txt"]["error"] == expected
    assert files["desk/sub/c.md"]["error"] is None and code == 1
