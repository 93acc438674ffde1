"""The archive-line target: JSON Lines archives of mutated articles and hostile lines
through ``factlint audit`` (``--workers 1 --grammar none --timeout 5``).

An archive holds ``--audit-lines`` lines (50): mutated real articles (as the ``cli`` mode
mutates them) and, among them, hostile lines: deep nesting, lines that are not JSON or not
an object, wrong types, huge or odd fields (front matter), invalid UTF-8. Every line must
come out as one line of ``OUT`` (an article's entry, or an error entry naming
``ARCHIVE:LINE``). A run fails with ``exit-3``, an ``internal error`` or a traceback on
its standard error, a signal (``abort``), no end within the wall cap (``hang``; 60 s by
default, stretched by the machine's load), or fewer lines out than in (``lines-lost``).
A failing archive is cut in halves, and each half run again, down to the line that fails
alone (or the smallest part that does); that part is saved with ``meta.json``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fuzzing import mutators, supervisor


def hostile_line(rng: random.Random, index: int) -> bytes:
    depth = mutators.size(rng, 100, 200_000)
    path = f"h{index}.txt"
    shapes = [
        lambda: f'{{"path": "{path}", "text": "x", "a": {"[" * depth + "]" * depth}}}',
        lambda: f'{{"path": "{path}", "text": {"[" * depth}"x"{"]" * depth}}}',
        lambda: "[" * depth + "]" * depth,
        lambda: '{"a": ' * depth + "1" + "}" * depth,
        lambda: rng.choice(["not json", "5", "null", '"x"', "[]", "{}", "{", "\x00"]),
        lambda: json.dumps(
            {
                "path": rng.choice([5, None, "", "\x00", "../../etc/passwd", "/"]),
                "text": "A headline\n\nIt rained.\n",
            }
        ),
        lambda: json.dumps({"path": path, "text": rng.choice([5, None, [], {}, "", " "])}),
        lambda: json.dumps(
            {
                "path": path,
                "text": "A headline\n\nIt rained.\n",
                rng.choice(["date", "author", "title", "x\x01", "\ud800"]): rng.choice(
                    ["2024-02-30", "\x01", "9" * 5000, {"a": [1]}, [None], "\ud800", 1e308]
                ),
            }
        ),
        lambda: json.dumps({"path": path, "text": "x" * mutators.size(rng, 1000, 4_000_000)}),
    ]
    line = rng.choice(shapes)()
    data = line.encode("utf-8", "surrogatepass")
    if rng.random() < 0.1:
        data = data[: rng.randrange(max(1, len(data)))] + b"\xff\xfe"
    return data.replace(b"\n", b"\\n")


def archive(rng: random.Random, texts: list[str], lines: int, heavy: float) -> list[bytes]:
    out = []
    for index in range(lines):
        if rng.random() < 0.1:
            out.append(hostile_line(rng, index))
            continue
        data, _ = mutators.mutate_article(rng, rng.choice(texts), heavy)
        text = data.decode("utf-8", "replace")
        text = text if text.strip() else "x"
        out.append(
            json.dumps(
                {"path": f"a{index}.{rng.choice(['md', 'txt'])}", "text": text},
                ensure_ascii=rng.random() < 0.5,
            ).encode("utf-8", "surrogatepass")
        )
    return out


def audit(lines: list[bytes], folder: Path, wall_cap: float, env: dict) -> dict | None:
    """What went wrong when ``factlint audit`` read ``lines``, or None."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "archive.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    command = [
        sys.executable,
        "-m",
        "factlint",
        "audit",
        "archive.jsonl",
        "-o",
        "out.jsonl",
        "--workers",
        "1",
        "--grammar",
        "none",
        "--no-cache",
        "--timeout",
        "5",
    ]
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=supervisor.wall_cap(wall_cap))
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)  # the audit and the Dask processes it started
        process.communicate()
        return {"kind": "hang", "detail": f"no end after {time.monotonic() - started:.0f} s"}
    done = subprocess.CompletedProcess(command, process.returncode, b"", stderr)
    said = done.stderr.decode("utf-8", "replace")
    problem = next(
        (
            line
            for line in said.splitlines()
            if "internal error" in line or line.startswith("Traceback")
        ),
        None,
    )
    if done.returncode < 0:
        return {"kind": "abort", "detail": f"exit {done.returncode}: {problem or said[-200:]}"}
    if done.returncode == 3:
        return {"kind": "exit-3", "detail": problem or said.strip().splitlines()[-1]}
    if problem:
        return {"kind": "internal-error", "detail": problem}
    out = folder / "out.jsonl"
    written = len(out.read_bytes().splitlines()) if out.exists() else 0
    if written < len(lines):
        return {"kind": "lines-lost", "detail": f"{written} lines out of {len(lines)} in"}
    return None


def smallest(
    lines: list[bytes], kind: str, folder: Path, wall_cap: float, env: dict
) -> list[bytes]:
    """The smallest part of ``lines`` (halving) that still fails with ``kind``."""
    while len(lines) > 1:
        half = len(lines) // 2
        for part in (lines[:half], lines[half:]):
            outcome = audit(part, folder, wall_cap, env)
            if outcome and outcome["kind"] == kind:
                lines = part
                break
        else:
            return lines
    return lines


def run(args, summary, print_summary, failed) -> int:  # type: ignore[no-untyped-def]
    import fuzz

    articles = fuzz.sources(args.articles) if not args.generated_only else []
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="factlint-fuzz-audit-"))
    env = {**os.environ, "FACTLINT_CACHE_DIR": str(workdir / "cache")}
    args.crashes.mkdir(parents=True, exist_ok=True)
    tally = supervisor.Tally()
    started = time.monotonic()
    per = args.audit_lines
    stop = fuzz.deadline(args)
    for batch in range(max(1, args.count // per)):
        if stop and time.monotonic() > stop:
            break
        rng = random.Random(f"audit/{args.seed}/{batch}")
        texts = (
            [rng.choice(articles).read_text("utf-8", "replace") for _ in range(20)]
            if (articles)
            else [fuzz.generate(rng) for _ in range(20)]
        )
        lines = archive(rng, texts, per, args.heavy_share)
        tally.inputs += len(lines)
        outcome = audit(lines, workdir / "run", args.wall_cap, env)
        if outcome is None:
            continue
        kind = outcome["kind"]
        culprit = smallest(lines, kind, workdir / "run", args.wall_cap, env)
        tally.kinds[kind] += 1
        target = args.crashes / kind / f"audit-{args.seed}-{batch}"
        target.mkdir(parents=True, exist_ok=True)
        (target / "archive.jsonl").write_bytes(b"\n".join(culprit) + b"\n")
        meta = {"seed": args.seed, "batch": batch, "lines": len(culprit), **outcome, "argv": None}
        (target / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        detail = supervisor.first(outcome["detail"])
        tally.found.append({"kind": kind, "input": str(target), "detail": detail})
        with (args.crashes / "summary.tsv").open("a", encoding="utf-8") as listing:
            listing.write(f"{kind}\t{target}\t{detail}\n")
        print(f"{kind}: {detail[:150]} ({len(culprit)} lines) -> {target}", flush=True)
    figures = summary("audit", args, tally, time.monotonic() - started)
    figures.pop("cpu_ms_per_input_by_mutator", None)
    (args.crashes / "summary-audit.json").write_text(json.dumps(figures, indent=2), "utf-8")
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    print_summary(figures, args.json)
    return 1 if failed(figures) else 0
