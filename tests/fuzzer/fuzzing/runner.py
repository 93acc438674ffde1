"""The process that runs factlint's command line on one input after another.

Started by :mod:`fuzzing.supervisor` (``python tests/fuzzer/fuzzing/runner.py``). It reads one
request a line on standard input (JSON: ``argv``, ``cwd`` and, for an article, ``article``)
and, for each, calls ``factlint.cli.main.main(argv)`` in this process, as the ``factlint``
command would, with its own standard output and error captured, and writes one answer
line: the exit status, the CPU time of the whole call (``time.process_time``: every thread
of this process, parsing and config loading included), the wall time, the peak resident
memory of the call (Linux: ``VmHWM``, reset before it), and what was wrong, if anything:

- ``exit-3``: the command returned 3 (factlint's own fault);
- ``internal-error``: an ``internal error`` or a traceback in what it printed;
- ``exception``: an exception out of ``main`` (it should catch every one);
- ``misplaced``: a diagnostic of the JSON report outside the article's text, or whose
  line and column are not its offset's.

An abort (a native library's, or the kernel's) ends this process: the supervisor, which
knows the request in flight, sees it die. The answers go to the standard output this
process started with; the command's own output never reaches it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path

INTERNAL = ("internal error", "Traceback (most recent call last)")


def main() -> int:
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)  # the command never reads the requests, nor writes over the answers
    os.dup2(null, 1)
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115
    from factlint.cli.main import main as factlint

    for line in requests:
        request = json.loads(line)
        answers.write(json.dumps(run(factlint, request)) + "\n")
        answers.flush()
    return 0


def run(factlint, request: dict) -> dict:
    os.chdir(request["cwd"])
    out, err = captured("strict"), captured("backslashreplace")
    reset_peak_memory()
    started, started_cpu = time.monotonic(), time.process_time()
    kind = detail = None
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = factlint(request["argv"])
    except BaseException as exc:
        status, kind, detail = None, "exception", f"{type(exc).__name__}: {exc}"
    cpu, wall = time.process_time() - started_cpu, time.monotonic() - started
    printed = text_of(err) + "\n" + text_of(out)  # the error lines first, then the report
    if kind is None and status == 3:
        kind, detail = "exit-3", first_internal(printed) or first_line(printed)
    elif kind is None and any(mark in printed for mark in INTERNAL):
        kind, detail = "internal-error", first_internal(printed)
    elif kind is None and request.get("report") and not is_json(text_of(out)):
        kind, detail = "no-report", f"exit {status}: {first_line(text_of(err))}"
    if kind is None and request.get("article") and status in (0, 1):
        detail = misplaced(text_of(out), Path(request["article"]))
        kind = "misplaced" if detail else None
    return {
        "status": status,
        "cpu": round(cpu, 3),
        "wall": round(wall, 3),
        "rss_mb": peak_memory_mb(),
        "kind": kind,
        "detail": (detail or "")[:500],
    }


def is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def captured(errors: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors=errors, write_through=True)


def text_of(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8", "replace")


def first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def first_internal(text: str) -> str:
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if "internal error" in line:
            return line.strip().removeprefix('"error": ').strip('",')
        if line.startswith("Traceback"):
            after = (rest for rest in lines[i + 1 :] if rest and not rest.startswith(" "))
            where = lines[i + 1].strip() if i + 1 < len(lines) else ""
            return f"Traceback: {next(after, '')} (at {where})"
    return ""


def misplaced(report: str, article: Path) -> str | None:
    """What is wrong with the JSON report's diagnostics of ``article``, if anything."""
    from factlint.article import loader

    try:
        files = json.loads(report)["files"]
        text = loader.read_text(article)
    except Exception:
        return None
    for entry in files:
        for d in entry.get("diagnostics") or []:
            offset, length = d["offset"], d["length"]
            if not 0 <= offset <= offset + length <= len(text):
                return f"{d['code']} at {offset}+{length} outside {len(text)} characters"
            line = text.count("\n", 0, offset) + 1
            column = offset - text.rfind("\n", 0, offset)
            if (d["line"], d["column"]) != (line, column):
                return (
                    f"{d['code']} at {offset}: line {d['line']}:{d['column']}, not {line}:{column}"
                )
    return None


def reset_peak_memory() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_memory_mb() -> float | None:
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


if __name__ == "__main__":
    sys.exit(main())
