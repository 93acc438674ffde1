"""Run many inputs through factlint's command line in a few long-lived processes, and
find those that abort it, make it fail (exit 3, an internal error) or cost too much.

Each of ``jobs`` threads keeps one :mod:`fuzzing.runner` process (started afresh after
``per_process`` inputs, or when one dies) and hands it one input at a time, so the input
in flight is always known: a process that dies (a signal such as SIGABRT, or an exit) is
that input's abort, and the input is run again alone in a fresh process to see whether it
aborts by itself. The runner measures each call's CPU time; this side watches the
process's CPU time (``/proc/PID/stat``, every thread) and stops it once an input has used
``kill_after`` CPU seconds, or ``wall_cap`` seconds of wall time (a hang). Each runner has
an address-space limit (``memory_mb``), so a runaway allocation aborts one process instead
of taking the machine.

Every failing input is copied into ``crashes/KIND/NAME/`` with ``meta.json`` (kind, first
line of the error, CPU time, the command, the seed and index that make it again) and
listed in ``crashes/summary.tsv``.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

RUNNER = Path(__file__).resolve().parent / "runner.py"
TICKS = os.sysconf("SC_CLK_TCK")
FAILURES = (
    "abort",
    "exit-3",
    "internal-error",
    "exception",
    "over-budget",
    "hang",
    "misplaced",
    "no-report",
    "redirect-followed",
    "over-memory",
    "lines-lost",
    "wrong-diagnostics",
)


@dataclass
class Case:
    """One input: the files of its folder, the factlint command (run in that folder) and
    what made it."""

    name: str
    files: dict[str, bytes | None]
    argv: list[str]
    article: str | None = None  # the file whose diagnostics must lie inside its text
    meta: dict = field(default_factory=dict)
    judge: Callable[[dict], str | None] | None = None  # a target's own failure, if any


@dataclass
class Limits:
    budget: float = 10.0  # CPU seconds an input may take
    kill_after: float = 12.0  # CPU seconds after which its process is stopped
    wall_cap: float = 60.0  # wall seconds (times the load per CPU) before a hang is called
    memory_mb: int = 4096  # the address space of a runner process
    per_process: int = 1000  # inputs a runner process checks before a fresh one starts
    memory_budget_mb: float = 2048.0  # peak resident memory an input may take


def wall_cap(seconds: float) -> float:
    """``seconds`` stretched by the machine's load (the 1-minute average per CPU, when over
    1): on a busy machine a process gets a share of a CPU, and a slow answer is no hang."""
    return seconds * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system, every thread) a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def tree_cpu_seconds(pid: int) -> float:
    """The CPU time of a process and all it started: its own, its children's that have
    ended (and were waited for), and that of each descendant still running (the language
    server checks in worker processes). Raises OSError when the process has gone."""
    total, pending, first = 0.0, [pid], True
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            if first:
                raise
            continue  # ended meanwhile: counted in its parent's, once waited for
        first = False
        total += sum(int(fields[i]) for i in (11, 12, 13, 14)) / TICKS
        for task in tasks:
            with contextlib.suppress(OSError, ValueError):
                pending += [int(child) for child in (task / "children").read_text().split()]
    return total


class Runner:
    """One :mod:`fuzzing.runner` process, started when first needed."""

    def __init__(self, log: Path, limits: Limits, env: dict[str, str]) -> None:
        self.log, self.limits, self.env = log, limits, env
        self.process: subprocess.Popen | None = None
        self.done = 0

    def start(self) -> subprocess.Popen:
        if self.process is None or self.done >= self.limits.per_process:
            self.stop()
            memory = self.limits.memory_mb * 1024 * 1024

            def limit() -> None:  # in the child, before it runs Python
                resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
                resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

            with self.log.open("ab") as log:
                self.process = subprocess.Popen(
                    [sys.executable, str(RUNNER)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    env=self.env,
                    preexec_fn=limit,
                )
            self.done = 0
        return self.process

    def stop(self) -> None:
        if self.process is not None:
            with contextlib.suppress(OSError):
                self.process.kill()
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                with contextlib.suppress(OSError):
                    stream.close()  # type: ignore[union-attr]
        self.process = None

    def run(self, request: dict) -> dict:
        """The runner's answer to ``request``; or, when its process died or was stopped, an
        answer saying so (``abort``, ``over-budget``, ``hang``)."""
        process = self.start()
        assert process.stdin is not None and process.stdout is not None
        log_at = self.log.stat().st_size if self.log.exists() else 0
        started, cpu_before = time.monotonic(), cpu_seconds(process.pid)
        try:
            process.stdin.write((json.dumps(request) + "\n").encode())
            process.stdin.flush()
        except OSError:
            pass  # it died: said below
        self.done += 1
        while True:
            ready, _, _ = select.select([process.stdout], [], [], 0.2)
            if ready:
                line = process.stdout.readline()
                if line:
                    return json.loads(line)
                return self.died(log_at, started)
            if process.poll() is not None:
                return self.died(log_at, started)
            try:
                cpu = cpu_seconds(process.pid) - cpu_before
            except OSError:
                continue
            wall = time.monotonic() - started
            if cpu > self.limits.kill_after or wall > wall_cap(self.limits.wall_cap):
                self.stop()
                kind = "over-budget" if cpu > self.limits.kill_after else "hang"
                detail = f"stopped after {cpu:.1f} s CPU, {wall:.1f} s wall"
                return {
                    "status": None,
                    "cpu": round(cpu, 3),
                    "wall": round(wall, 3),
                    "rss_mb": None,
                    "kind": kind,
                    "detail": detail,
                }

    def died(self, log_at: int, started: float) -> dict:
        assert self.process is not None
        status = self.process.wait()
        self.process = None
        how = f"killed by {signal.Signals(-status).name}" if status < 0 else f"exit {status}"
        said = tail(self.log, log_at)
        return {
            "status": status,
            "cpu": None,
            "wall": round(time.monotonic() - started, 3),
            "rss_mb": None,
            "kind": "abort",
            "detail": f"{how}: {said}",
        }


def tail(log: Path, start: int) -> str:
    """The last non-empty line written to ``log`` after byte ``start``."""
    with log.open("rb") as handle:
        handle.seek(start)
        said = handle.read()[-4000:].decode("utf-8", "replace")
    lines = [line for line in said.splitlines() if line.strip()]
    telling = [line for line in lines if any(mark in line for mark in TELLING)]
    return (telling or lines or ["(nothing said)"])[-1][:300]


TELLING = ("panicked", "memory allocation", "Error", "Fatal", "error:", "Killed")


# --- a run -------------------------------------------------------------------------------


@dataclass
class Tally:
    inputs: int = 0
    kinds: Counter = field(default_factory=Counter)
    max_cpu: float = 0.0
    max_cpu_case: str = ""
    max_rss_mb: float = 0.0
    cpu_total: float = 0.0
    found: list[dict] = field(default_factory=list)
    cpu_by_mutator: defaultdict[str, float] = field(  # CPU seconds, shared out
        default_factory=lambda: defaultdict(float)
    )
    inputs_by_mutator: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def write_case(folder: Path, case: Case) -> Path:
    where = folder / case.name
    where.mkdir(parents=True)
    for relative, data in sorted(case.files.items(), key=lambda item: item[0]):
        path = where / relative
        if data is None:
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return where


def request_of(case: Case, where: Path) -> dict:
    return {
        "argv": case.argv,
        "cwd": str(where),
        "article": str(where / case.article) if case.article else None,
        "report": case.meta.get("report", False),
    }


def judge(answer: dict, limits: Limits, case: Case | None = None) -> str | None:
    """The failure an answer shows, if any (a run past the budget that finished is one)."""
    if answer["kind"]:
        return answer["kind"]
    if answer["cpu"] is not None and answer["cpu"] > limits.budget:
        return "over-budget"
    if (answer.get("rss_mb") or 0) > limits.memory_budget_mb:
        answer["detail"] = f"peak {answer['rss_mb']:.0f} MB ({answer['cpu']} s CPU)"
        return "over-memory"
    wall_budget = case.meta.get("wall_budget") if case else None
    if wall_budget and answer["wall"] > wall_budget + 10 * (answer["cpu"] or 0.0):
        answer["detail"] = f"{answer['wall']:.0f} s wall for {answer['cpu']} s CPU"
        return "hang"  # waiting (on a server), not computing: a busy machine is no excuse
    own = case.judge(answer) if case and case.judge else None
    if own:
        behaviour = case.meta.get("behaviour", "") if case else ""
        answer["detail"] = answer["detail"] or f"{own} ({behaviour})"
    return own


def run_cases(
    cases: Iterator[Case],
    count: int,
    *,
    jobs: int,
    limits: Limits,
    workdir: Path,
    crashes: Path,
    env: dict[str, str],
    progress: Callable[[Tally], None] | None = None,
    confirm: bool = True,
    deadline: float | None = None,
) -> Tally:
    """Run ``count`` of ``cases`` in ``jobs`` runner processes; the tally of what was
    found, each failing case saved under ``crashes``."""
    tally = Tally()
    warm_up(workdir, limits, env)
    feed = iter(cases)
    feed_lock = threading.Lock()
    workdir.mkdir(parents=True, exist_ok=True)

    def work(job: int) -> None:
        runner = Runner(workdir / f"runner-{job}.log", limits, env)
        folder = workdir / f"job-{job}"
        try:
            while True:
                with feed_lock:
                    if tally.inputs >= count or (deadline and time.monotonic() > deadline):
                        return
                    case = next(feed, None)
                    if case is None:
                        return
                    tally.inputs += 1
                where = write_case(folder, case)
                answer = runner.run(request_of(case, where))
                kind = judge(answer, limits, case)
                if kind == "abort" and confirm:
                    answer["reproduced"] = alone(case, where, limits, env, workdir)
                record(tally, case, answer, kind, where, crashes)
                shutil.rmtree(where, ignore_errors=True)
                if progress and tally.inputs % 500 == 0:
                    progress(tally)
        finally:
            runner.stop()
            shutil.rmtree(folder, ignore_errors=True)

    threads = [threading.Thread(target=work, args=(job,), daemon=True) for job in range(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def warm_up(workdir: Path, limits: Limits, env: dict[str, str]) -> None:
    """One small check first, so that the tables factlint derives once (word counts, packs)
    are in the cache folder before any input is timed."""
    where = write_case(workdir / "warm-up", Case("seed", {"a.txt": WARM_UP}, []))
    runner = Runner(workdir / "warm-up.log", limits, env)
    try:
        runner.run({"argv": ["check", "--no-cache", "-j", "1", "a.txt"], "cwd": str(where)})
    finally:
        runner.stop()
        shutil.rmtree(where, ignore_errors=True)


WARM_UP = b"A headline\n\nJane Doe said on Monday that 12 people had left.\n"


def alone(case: Case, where: Path, limits: Limits, env: dict[str, str], workdir: Path) -> bool:
    """Whether ``case`` aborts a fresh runner by itself (not only after other inputs)."""
    runner = Runner(workdir / "confirm.log", limits, env)
    try:
        return runner.run(request_of(case, where))["kind"] == "abort"
    finally:
        runner.stop()


def record(
    tally: Tally, case: Case, answer: dict, kind: str | None, where: Path, crashes: Path
) -> None:
    with tally.lock:
        done = case.meta.get("mutators") or []
        for name in done:
            tally.inputs_by_mutator[name] += 1
            tally.cpu_by_mutator[name] += (answer["cpu"] or 0.0) / len(done)
        if answer["cpu"] is not None:
            tally.cpu_total += answer["cpu"]
            if answer["cpu"] > tally.max_cpu:
                tally.max_cpu, tally.max_cpu_case = answer["cpu"], case.name
        tally.max_rss_mb = max(tally.max_rss_mb, answer.get("rss_mb") or 0.0)
        if kind is None:
            return
        tally.kinds[kind] += 1
        saved = save(crashes, kind, case, answer, where)
        entry = {
            "kind": kind,
            "input": str(saved),
            "detail": first(answer["detail"]),
            "cpu": answer["cpu"],
            "mutators": case.meta.get("mutators"),
        }
        tally.found.append(entry)
        with (crashes / "summary.tsv").open(
            "a", encoding="utf-8", errors="backslashreplace"
        ) as summary:
            summary.write(f"{kind}\t{saved}\t{entry['detail']}\n")
        print(f"{kind}: {entry['detail'][:150]} -> {saved}", flush=True)


def first(detail: str) -> str:
    """The first line of ``detail``, printable (a lone surrogate escaped)."""
    line = (detail.splitlines() or [""])[0].replace("\t", " ")[:300]
    return line.encode("utf-8", "backslashreplace").decode("utf-8")


def save(crashes: Path, kind: str, case: Case, answer: dict, where: Path) -> Path:
    target = crashes / kind / case.name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(where, target, symlinks=True)
    meta = {**case.meta, "kind": kind, "argv": case.argv, "answer": answer}
    (target / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return target
