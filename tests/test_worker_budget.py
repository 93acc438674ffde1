"""The time limit where no alarm can be set: checks in a child process that is stopped when
its time is up (factlint/engine/worker.py), and ``audit``'s workers, which check that way.

The slow checks come from tests/slow_checks.py ("SLOWDOWN": a rule sleeps; "HANG": the
parsing sleeps). No timing is asserted: each test ends by its own time limits, or hangs."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import slow_checks

from factlint.audit import work
from factlint.engine.worker import StoppableWorker, WorkerFailed, WorkerStopped
from tests.helpers import run

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="stops child processes"),
    pytest.mark.serial,
]

STORY = "Council vote\n\nThe council met on Tuesday and the the vote was close.\n"


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _exit() -> None:
    os._exit(7)


def _fail() -> None:
    raise ValueError("a bug, raised in the child")


def test_a_call_past_its_time_is_stopped_and_the_worker_goes_on() -> None:
    worker = StoppableWorker()
    try:
        assert worker.call(_sleep, 0, seconds=60) == 0
        first = worker.pid
        with pytest.raises(WorkerStopped) as stopped:
            worker.call(_sleep, 3600, seconds=0.5)
        assert not stopped.value.cancelled
        assert worker.call(_sleep, 0, seconds=60) == 0  # a new child took over
        assert worker.pid != first and worker.starts == 2
    finally:
        worker.close()


def test_a_call_is_cancelled_from_another_thread() -> None:
    worker = StoppableWorker()
    try:
        worker.call(_sleep, 0)
        threading.Timer(0.5, worker.stop).start()
        with pytest.raises(WorkerStopped) as stopped:
            worker.call(_sleep, 3600)
        assert stopped.value.cancelled
        worker.stop()  # idle: nothing to stop
        assert worker.call(_sleep, 0) == 0
        assert worker.starts == 2
    finally:
        worker.close()


class _Rang(Exception):
    pass


def _ring(signum: int, frame: object) -> None:
    raise _Rang()


def _sleep_under_an_alarm(seconds: float) -> str:
    signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        time.sleep(seconds + 1)
        return "slept"
    except _Rang:
        return "rang"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def test_an_interrupt_rings_the_childs_alarm_and_keeps_the_child() -> None:
    worker = StoppableWorker()
    try:
        worker.call(_sleep, 0)
        worker.interrupt()  # idle: nothing happens
        threading.Timer(0.5, worker.interrupt).start()
        assert worker.call(_sleep_under_an_alarm, 3600, seconds=60) == "rang"
        assert worker.starts == 1
    finally:
        worker.close()


def test_a_child_that_dies_or_raises_costs_only_its_call() -> None:
    worker = StoppableWorker()
    try:
        with pytest.raises(WorkerFailed, match=r"exit status 7"):
            worker.call(_exit)
        with pytest.raises(ValueError, match="raised in the child"):
            worker.call(_fail)
        assert worker.call(_sleep, 0) == 0
    finally:
        worker.close()


@pytest.fixture(scope="module")
def threads() -> Iterator[str]:
    """A LocalCluster of one one-thread worker in this process (no alarm in its thread)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_audit_workers_stop_an_article_past_its_time_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], threads: str, monkeypatch
) -> None:
    """Before, a Dask worker's thread set no alarm: these articles never ended."""
    monkeypatch.setattr(work, "_start_child", slow_checks.start_audit_child)
    monkeypatch.chdir(tmp_path)
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "hanging.txt").write_text(STORY.replace("Tuesday", "Tuesday (HANG)"))
    (desk / "slow.txt").write_text(STORY.replace("Tuesday", "Tuesday (SLOWDOWN)"))
    (desk / "quick.txt").write_text(STORY)
    out = tmp_path / "out.jsonl"
    args = ("audit", "desk", "-o", str(out), "--scheduler", threads, "--grammar", "none")
    code, _, err = run(capsys, *args, "--timeout", "3", "--batch-size", "1")
    assert code == 1, err
    entries = {Path(e["path"]).name: e for e in map(json.loads, out.read_text().splitlines())}
    assert entries["hanging.txt"]["error"] == (
        "not checked: the check ran past the time limit of 3 s (--timeout) and was stopped"
    )
    slow = entries["slow.txt"]["error"]  # (on a busy machine another rule may be the one)
    assert slow.startswith("not fully checked: the rules ran past the time limit of 3 s")
    assert " was stopped" in slow
    assert "GR001" in {d["code"] for d in entries["quick.txt"]["diagnostics"]}


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_timeout_swallowed_by_a_finalizer_rings_again_until_the_rule_stops() -> None:
    """The alarm may ring inside a ``__del__`` (seen in the ``regex`` module's cleanup,
    by ``fuzz.py lsp``), where Python only logs the exception and the rule runs on."""
    from factlint.engine.budget import Budget, RuleTimeout

    class SlowToFinalize:
        def __del__(self) -> None:
            end = time.monotonic() + 0.3
            while time.monotonic() < end:  # the alarm (0.1 s) rings in here
                pass

    budget = Budget(0.1)
    stopped_after = None
    started = time.monotonic()
    with budget.alarm():
        try:
            with budget.rule():
                SlowToFinalize()  # made and finalized at once
                while time.monotonic() - started < 20:  # a rule that would run on
                    pass
        except RuleTimeout:
            stopped_after = time.monotonic() - started
    assert stopped_after is not None and stopped_after < 20
