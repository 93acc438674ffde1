"""`factlint check --jobs N`: the same report, byte for byte, whatever N; config errors said
once; small runs, fixing and standard input checked in process; Ctrl-C and a worker that
dies end or go on cleanly."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import run

from factlint.cli import check, pool
from factlint.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = (FIXTURES / "kishida-peace-treaty.txt").read_text(encoding="utf-8")
DOUBLED = "Council backs plan\n\nThe council voted on the the plan on Tuesday.\n"


def _same_whatever_the_jobs(capsys: pytest.CaptureFixture[str], jobs: list[int], *args: str):
    """The (status, stdout, stderr) of ``check ARGS`` with each number of jobs: all alike."""
    runs = {n: run(capsys, "check", "--jobs", str(n), *args) for n in jobs}
    for n in jobs[1:]:
        assert runs[n] == runs[jobs[0]], f"--jobs {n} differs from --jobs {jobs[0]}"
    return runs[jobs[0]]


@pytest.mark.parametrize(
    ("args", "jobs"),
    [
        (("--format", "json"), [1, 3]),  # 2 workers: the text and github runs
        (
            ("--format", "text", "--grammar", "none", "--context", "--show-fixes", "--statistics"),
            [1, 2],
        ),
        (("--format", "github", "--grammar", "none"), [1, 2]),
    ],
    ids=["json", "text", "github"],
)
@pytest.mark.slow
def test_the_fixtures_report_alike_with_any_number_of_jobs(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], jobs: list[int]
) -> None:
    code, out, err = _same_whatever_the_jobs(capsys, jobs, *args, str(FIXTURES))
    assert code == 1 and out and err == ""
    if args[1] == "json":
        paths = [file["path"] for file in json.loads(out)["files"]]
        assert len(paths) > check.IN_PROCESS_UP_TO  # so that the pool runs
        assert paths == sorted(paths)  # the order of the folder walk


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """Two folders of articles, one under a config that cannot be used, with an empty
    article among them."""
    for folder in ("broken", "good"):
        (tmp_path / folder).mkdir()
        for n in range(check.IN_PROCESS_UP_TO):
            (tmp_path / folder / f"story{n}.txt").write_text(DOUBLED, encoding="utf-8")
    (tmp_path / "broken" / ".factlint.yaml").write_text("select: [NOPE]\n", encoding="utf-8")
    (tmp_path / "good" / "story3.txt").write_text("\n", encoding="utf-8")
    return tmp_path


@pytest.mark.slow
def test_errors_notes_and_config_errors_come_alike_and_once(
    capsys: pytest.CaptureFixture[str], desk: Path
) -> None:
    paths = [str(desk / "broken"), str(desk / "missing.txt"), str(desk / "good")]
    code, out, err = _same_whatever_the_jobs(capsys, [1, 2], "--grammar", "none", *paths)
    assert code == 2
    lines = err.splitlines()
    assert lines[0].startswith("factlint: error: config ") and "NOPE" not in lines[0]
    assert lines[0].endswith(
        ".factlint.yaml:1: select: unknown rule code (item 1) (see `factlint rules`)"
    )
    assert lines[1:] == [
        f"{desk / 'missing.txt'}: error: no such file or directory",
        f"{desk / 'good' / 'story3.txt'}: note: empty article, skipped",
    ]
    assert out.count("repeats the word") == check.IN_PROCESS_UP_TO - 1


def test_small_runs_fixing_and_stdin_are_checked_in_process(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, desk: Path
) -> None:
    def no_pool(*args: object) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(pool, "OrderedPool", no_pool)
    good = sorted(str(p) for p in (desk / "good").glob("*.txt"))
    assert run(capsys, "check", "-j", "2", "--grammar", "none", *good)[0] == 1
    code, out, _ = run(capsys, "check", "-j", "2", "--grammar", "none", "--diff", str(desk))
    assert (
        code == 2 and out.count("-The council voted on the the plan") == check.IN_PROCESS_UP_TO - 1
    )
    code, _, _ = run(capsys, "check", "-j", "2", "--grammar", "none", "--fix", str(desk))
    assert code == 2 and "the the" not in (desk / "good" / "story0.txt").read_text()
    stdin = io.TextIOWrapper(io.BytesIO(DOUBLED.encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(capsys, "check", "-j", "2", "--grammar", "none", "-", str(desk / "good"))
    assert code == 1 and out.count("repeats the word") == 1


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(capsys: pytest.CaptureFixture[str], value: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--jobs", value, str(FIXTURES)])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"factlint: error: argument -j/--jobs: expected a number of processes, 1 or more: {value!r}"
    )


# --- stopping: Ctrl-C and a worker that dies (real processes, on Linux) ----------------

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc, signals a process group"
)


def _articles(folder: Path, count: int) -> list[str]:
    folder.mkdir()
    for n in range(count):
        (folder / f"story{n:03}.txt").write_text(SEED, encoding="utf-8")
    return sorted(str(p) for p in folder.iterdir())


def _start(*args: str) -> subprocess.Popen[str]:
    """``factlint check ARGS`` in a session of its own, Ctrl-C as a terminal would give it."""
    return subprocess.Popen(
        [sys.executable, "-m", "factlint", "check", "--jobs", "2", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _workers(parent: int, at_least: int = 2) -> list[int]:
    """The worker processes of ``parent``, once there are ``at_least`` (20 s at most)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        workers = [int(c) for c in children if b"spawn_main" in _cmdline(int(c))]
        if len(workers) >= at_least:
            return workers
        time.sleep(0.05)
    raise AssertionError("no worker processes")


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


@pytest.mark.slow
@linux_only
def test_ctrl_c_stops_the_workers_and_leaves_the_report_as_it_was(tmp_path: Path) -> None:
    files = _articles(tmp_path / "desk", 200)
    report = tmp_path / "report.txt"
    report.write_text("an older report\n", encoding="utf-8")
    process = _start("--no-cache", "-o", str(report), *files)
    workers = _workers(process.pid)
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert (process.returncode, out, err) == (130, "", "")
    assert report.read_text(encoding="utf-8") == "an older report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk", "report.txt"]
    time.sleep(0.5)
    assert [pid for pid in workers if _cmdline(pid)] == []  # gone (or a zombie)


@pytest.mark.slow
@linux_only
def test_a_killed_worker_costs_nothing_but_a_warning(tmp_path: Path) -> None:
    files = _articles(tmp_path / "desk", 60)
    process = _start("--grammar", "none", "--format", "json", *files)
    os.kill(_workers(process.pid)[0], signal.SIGKILL)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert err.splitlines() == [
        "factlint: warning: a worker process stopped; the files it may have had are "
        "checked again, one at a time"
    ]
    reported = json.loads(out)["files"]
    assert [file["path"] for file in reported] == files
    assert all(file["error"] is None and file["diagnostics"] for file in reported)
