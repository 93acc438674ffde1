"""The progress bar of `factlint check`: on standard error when it is a terminal, for runs of
more than a few files, never otherwise, never with --no-progress; the report is unchanged."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers import run

from factlint.cli.progress import SHOWN_OVER

DOUBLED = "Council backs plan\n\nThe council voted on the the plan on Tuesday.\n"


def _desk(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"story{n:02}.txt").write_text(DOUBLED, encoding="utf-8")
    return folder


def _terminal(monkeypatch: pytest.MonkeyPatch, *streams: str) -> None:
    """The captured standard ``streams`` say they are a terminal (called in the test: capsys
    puts its streams in place for the test's call only)."""
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in streams:
        monkeypatch.setattr(getattr(sys, name), "isatty", lambda: True)


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run(capsys, "check", "--grammar", "none", *args)


def test_no_bar_when_standard_error_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = _check(capsys, "--jobs", "1", str(_desk(tmp_path / "desk", 20)))
    assert code == 1 and out.count("repeats the word") == 20
    assert err == ""


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bar_on_a_terminal_and_the_same_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    desk = str(_desk(tmp_path / "desk", 20))
    _terminal(monkeypatch, "stderr")
    code, out, err = _check(capsys, "--jobs", jobs, desk)
    assert "checking" in err and "20/20" in err and "files/s" in err
    assert (code, out) == _check(capsys, "--jobs", jobs, "--no-progress", desk)[:2]


def test_no_bar_with_no_progress_or_for_a_few_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _terminal(monkeypatch, "stderr")
    assert _check(capsys, "--no-progress", str(_desk(tmp_path / "many", 12)))[2] == ""
    few = _desk(tmp_path / "few", SHOWN_OVER)
    assert "checking" not in _check(capsys, str(few))[2]


def test_on_one_terminal_the_report_is_printed_above_the_bar(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _terminal(monkeypatch, "stderr", "stdout")
    desk = str(_desk(tmp_path / "desk", 20))
    code, out, err = _check(capsys, "--no-context", "--jobs", "1", desk)  # the pool: above
    assert code == 1 and out == ""  # through the bar's console, on the same terminal
    assert err.count("repeats the word") == 20 and "Found 0 errors, 20 warnings" in err
    assert err.rindex("Found 0 errors") < err.rindex("20/20")  # the bar is drawn under it
