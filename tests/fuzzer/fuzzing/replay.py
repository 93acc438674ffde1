"""Run saved failing inputs again (``python tests/fuzzer/fuzz.py replay FOLDER...``): each
``meta.json`` folder under the folders given (a crashes folder, or one input's), each in a
fresh process, as it was found. Prints, per input, what it did when found and what it does
now, and a tally; exits 1 when any still fails. The way to check a fix against the list."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from fuzzing import supervisor


def inputs(folders: list[Path]) -> list[Path]:
    found = []
    for folder in folders:
        found += sorted(meta.parent for meta in folder.rglob("meta.json"))
    return found


def again(case: Path, limits: supervisor.Limits, workdir: Path, env: dict) -> dict:
    """What the input does now: the runner's answer (or the server's end, for LSP)."""
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    if (case / "messages.bin").exists():
        return lsp_again(case, limits)
    if (case / "archive.jsonl").exists():
        from fuzzing import audit

        lines = (case / "archive.jsonl").read_bytes().splitlines()
        outcome = audit.audit(lines, workdir / "audit", limits.wall_cap, env)
        return {"cpu": None, "detail": "", **(outcome or {"kind": None})}
    if "behaviour" in meta:  # a LanguageTool input: its server was this run's fake one
        return {
            "kind": "skipped",
            "detail": "run `fuzz.py languagetool` with its seed",
            "cpu": None,
        }
    if not meta.get("argv"):
        return {"kind": "skipped", "detail": "not replayable here", "cpu": None}
    runner = supervisor.Runner(workdir / "replay.log", limits, env)
    article = next((p.name for p in case.iterdir() if p.name.startswith("a.")), None)
    try:
        answer = runner.run(
            {
                "argv": meta["argv"],
                "cwd": str(case),
                "article": str(case / article) if article else None,
            }
        )
    finally:
        runner.stop()
    answer["kind"] = supervisor.judge(answer, limits)
    return answer


def lsp_again(case: Path, limits: supervisor.Limits) -> dict:
    """The saved frames piped to a fresh ``factlint lsp``: a signal, exit 3, a MemoryError
    or an internal error in what it says, or a run past the CPU cap, fails."""
    from fuzzing import lsp

    command = [*lsp.COMMAND, "lsp", "--grammar", "none"]
    with (case / "messages.bin").open("rb") as stdin:
        try:
            done = subprocess.run(
                command,
                stdin=stdin,
                capture_output=True,
                timeout=supervisor.wall_cap(limits.wall_cap),
            )
        except subprocess.TimeoutExpired:
            return {"kind": "hang", "detail": "no exit at the end of input", "cpu": None}
    said = (done.stdout + done.stderr).decode("utf-8", "replace")
    marks = ("internal error", "MemoryError")
    line = next((line for line in said.splitlines() if any(m in line for m in marks)), "")
    died = next((line for line in said.splitlines() if "the check process ended" in line), "")
    if done.returncode < 0 or done.returncode == 3 or died:
        detail = f"exit {done.returncode}: {line or died}"
        return {"kind": "abort", "detail": detail, "cpu": None}
    return {"kind": "internal-error" if line else None, "detail": line, "cpu": None}


def run(folders: list[Path], limits: supervisor.Limits, as_json: bool) -> int:
    cases = inputs(folders)
    now: Counter = Counter()
    rows = []
    with tempfile.TemporaryDirectory(prefix="factlint-replay-") as name:
        env = {**os.environ, "FACTLINT_CACHE_DIR": str(Path(name) / "cache")}
        supervisor.warm_up(Path(name), limits, env)
        for case in cases:
            meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
            answer = again(case, limits, Path(name), env)
            now[answer["kind"] or "passes"] += 1
            row = {
                "input": str(case),
                "found": meta.get("kind"),
                "now": answer["kind"],
                "cpu": answer.get("cpu"),
                "detail": supervisor.first(answer.get("detail") or ""),
            }
            rows.append(row)
            if not as_json:
                print(
                    f"{row['found']} -> {row['now'] or 'passes'} ({row['cpu']} s CPU): "
                    f"{row['input']} {row['detail'][:120]}",
                    flush=True,
                )
    if as_json:
        print(json.dumps({"inputs": len(cases), "now": dict(now), "rows": rows}, indent=1))
    else:
        print(f"{len(cases)} inputs replayed: " + ", ".join(f"{n} {k}" for k, n in now.items()))
    return 1 if set(now) - {"passes", "skipped"} else 0
