"""``factlint audit`` on the corpora: the same diagnostics as ``check``, its speed beside
``check --jobs``, its scaling with workers, and the archive-level name check (NM100).

    python -m bench audit                          # BBC: check --jobs 2, audit with 1 and 2 workers
    python -m bench audit --limit 300 --workers 2  # fewer articles, one audit
    python -m bench audit --names                  # NM100 on PolNeAR train+dev as one archive

**BBC** (``bbc_news/articles``): in one run, each in a fresh process with the grammar cache
off (``--no-cache``, and ``FACTLINT_CACHE_DIR`` a new empty folder), ``factlint check
--format json --jobs J`` and ``factlint audit --scheduler local --workers N`` for each N
of ``--workers``, on the same files; it compares, article by article, each audit's
diagnostics with check's, and prints wall times (whole processes: the cluster's start-up
included), articles per second, the ratios, the CPU check of ``throughput`` (how busy the
machine was), and the estimate for a 1,000,000-article archive on 64 cores from the
per-article cost of the largest audit (its checking time, from the cluster being ready to the
end, times its workers, per article; over 64 cores, as if they scaled linearly).

**PolNeAR** (``--names``): train and dev (never test) written as one JSON Lines archive
(``path``, ``text``, and ``date``/``author`` from ``metadata.tsv`` as front matter),
audited with the grammar engine off; prints every NM100 finding (the rare form, the
usual one, their article counts, the article), for a hand review.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import outputs
from bench.corpora import (
    bbc_files,
    bbc_folder,
    limited,
    missing,
    polnear_files,
    polnear_folder,
    polnear_metadata,
    skip,
)

NAME = "audit"

MILLION, CORES = 1_000_000, 64


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("--limit", type=int, help="only the first N BBC articles")
    parser.add_argument(
        "--workers", default="1,2", help="audit worker counts to run, comma-separated (1,2)"
    )
    parser.add_argument("--jobs", type=int, default=2, help="check --jobs J beside them (2)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each, taking turns; medians (1)"
    )
    parser.add_argument("--names", action="store_true", help="NM100 on PolNeAR train+dev")
    parser.add_argument(
        "--thresholds",
        default="",
        metavar="MAJORITY,ODD,SHARE",
        help="--names: NM100's --name-min-majority, --name-max-odd, --name-max-share "
        "(default: audit's)",
    )
    return outputs.parse(NAME, parser, argv)


def factlint(*args: str) -> list[str]:
    return [sys.executable, "-m", "factlint", *args]


def timed(argv: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run ``argv`` with an empty grammar cache of its own; its wall seconds."""
    with tempfile.TemporaryDirectory(prefix="factlint-bench-cache-") as cache:
        env = {**os.environ, "FACTLINT_CACHE_DIR": cache}
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise SystemExit(f"audit.py: {argv[3]}: exit status {done.returncode}: {last}")
    return wall, done


def entries(lines: str) -> dict[str, list[dict]]:
    return {e["path"]: e["diagnostics"] for e in map(json.loads, lines.splitlines())}


def checking_seconds(summary: str) -> float | None:
    """The audit's own time from its cluster being ready to its end (its summary line)."""
    found = re.search(r"wall time ([\d.]+) s \(the cluster ready after ([\d.]+) s\)", summary)
    return None if found is None else round(float(found[1]) - float(found[2]), 2)


def differences(expected: dict[str, list[dict]], found: dict[str, list[dict]]) -> int:
    """Articles whose diagnostics differ, or that only one side has."""
    paths = set(expected) | set(found)
    return sum(expected.get(path) != found.get(path) for path in paths)


def bbc(args: argparse.Namespace) -> dict[str, Any]:
    """Each contender ``--repeat`` times, taking turns; their medians."""
    files = [str(path) for path in limited(bbc_files(), args.limit)]
    from bench.throughput import cpu_contention

    contention = [cpu_contention(2)]
    workers = [int(n) for n in args.workers.split(",")]
    runs: dict[str, list[dict]] = {}
    checked = 0
    with tempfile.TemporaryDirectory(prefix="factlint-audit-") as work:
        folder = Path(work)
        for _ in range(max(args.repeat, 1)):
            wall, done = timed(
                factlint("check", "--format", "json", "--no-cache", "--jobs", str(args.jobs),
                         *files),
                folder,
            )  # fmt: skip
            expected = {e["path"]: e["diagnostics"] for e in json.loads(done.stdout)["files"]}
            checked = len(expected)
            label = f"check --jobs {args.jobs}"
            runs.setdefault(label, []).append({"wall_seconds": wall, "workers": None})
            for count in workers:
                runs.setdefault(f"audit --workers {count}", []).append(
                    audit_run(folder, files, count, expected)
                )
            contention.append(cpu_contention(2))
    rows = [median_row(label, found) for label, found in runs.items()]
    return figures(len(files), checked, statistics.median(contention), rows, args.repeat)


def audit_run(folder: Path, files: list[str], workers: int, expected: dict) -> dict[str, Any]:
    out = folder / f"audit-{workers}.jsonl"
    argv = factlint(
        "audit", "--scheduler", "local", "--workers", str(workers), "--no-cache",
        "--no-archive-checks", "-o", str(out), *files,
    )  # fmt: skip
    wall, done = timed(argv, folder)
    found = entries(out.read_text(encoding="utf-8"))
    return {
        "wall_seconds": wall,
        "checking_seconds": checking_seconds(done.stderr),
        "workers": workers,
        "articles": len(found),
        "differ_from_check": differences(expected, found),
    }


def median_row(label: str, found: list[dict]) -> dict[str, Any]:
    """One contender's runs: median times, the most articles that differed from check."""
    row = {**found[0], "label": label, "walls": [round(run["wall_seconds"], 2) for run in found]}
    row["wall_seconds"] = statistics.median(run["wall_seconds"] for run in found)
    if found[0]["workers"]:
        checking = [run["checking_seconds"] for run in found if run["checking_seconds"]]
        row["checking_seconds"] = statistics.median(checking) if checking else None
        row["differ_from_check"] = max(run["differ_from_check"] for run in found)
    return row


def figures(
    files: int, checked: int, contention: float, rows: list[dict], repeat: int = 1
) -> dict[str, Any]:
    check_wall = rows[0]["wall_seconds"]
    for row in rows:
        if row["workers"]:
            seconds = row["checking_seconds"] or row["wall_seconds"]
            row["core_ms_per_article"] = round(seconds * row["workers"] / files * 1000, 1)
        row["articles_per_second"] = round(files / row["wall_seconds"], 2)
        row["over_check"] = round(row["wall_seconds"] / check_wall, 3)
        row["wall_seconds"] = round(row["wall_seconds"], 2)
    audits = [row for row in rows if row["workers"]]
    largest = max(audits, key=lambda row: row["workers"])
    seconds = largest["checking_seconds"] or largest["wall_seconds"]
    core_seconds = seconds * largest["workers"] / files
    data: dict[str, Any] = {
        "files": files,
        "repeat": repeat,
        "check_articles": checked,
        "cpu_contention": round(contention, 2),
        "runs": rows,
        "core_seconds_per_article": round(core_seconds, 4),
        "million_on_64_cores_hours": round(core_seconds * MILLION / CORES / 3600, 2),
    }
    one = next((row for row in audits if row["workers"] == 1), None)
    if one is not None and largest is not one:
        speedup = (one["checking_seconds"] or one["wall_seconds"]) / seconds
        data["speedup"] = {"workers": largest["workers"], "over_one_worker": round(speedup, 3)}
    return data


def print_bbc(data: dict[str, Any]) -> None:
    print(
        f"BBC: {data['files']} articles, grammar cache off; check listed {data['check_articles']}"
    )
    print(
        f"CPU check {data['cpu_contention']:.2f} (median; 2 parallel loops' time over one's: "
        "1.0 = both CPUs free, 2.0 = one of two)\n"
    )
    header = f"{'':<20} {'wall s':>8} {'checking s':>10} {'art/s':>7} {'/check':>7} {'differ':>7}"
    print(f"{header} {'core-ms/art':>11}")
    for row in data["runs"]:
        differ = row.get("differ_from_check", "-")
        checking = row.get("checking_seconds")
        print(
            f"{row['label']:<20} {row['wall_seconds']:>8.2f} "
            f"{'-' if checking is None else f'{checking:.2f}':>10} "
            f"{row['articles_per_second']:>7.2f} {row['over_check']:>7.3f} {differ:>7} "
            f"{row.get('core_ms_per_article', '-'):>11}"
        )
    if data["repeat"] > 1:
        for row in data["runs"]:
            print(f"  {row['label']}: walls {row['walls']}")
    if "speedup" in data:
        speedup = data["speedup"]
        print(
            f"\nspeed-up (checking time), {speedup['workers']} workers over 1: "
            f"{speedup['over_one_worker']:.2f}x"
        )
    print(
        f"per-article cost {data['core_seconds_per_article'] * 1000:.1f} core-ms (largest audit, "
        f"checking time: the cluster's start-up left out) -> 1,000,000 articles on {CORES} cores: "
        f"{data['million_on_64_cores_hours']:.2f} h"
    )


def names(args: argparse.Namespace) -> dict[str, Any]:
    metadata = polnear_metadata()
    files = polnear_files()
    with tempfile.TemporaryDirectory(prefix="factlint-audit-") as work:
        folder = Path(work)
        archive = folder / "polnear.jsonl"
        with archive.open("w", encoding="utf-8") as lines:
            for path in files:
                row = metadata.get(path.stem, {})
                record = {"path": f"{path.parent.name}/{path.name}", "text": path.read_text()}
                for key, field in (("date", "publication_date"), ("author", "author")):
                    if row.get(field) not in (None, "", "None"):
                        record[key] = row[field]
                lines.write(json.dumps(record, ensure_ascii=False) + "\n")
        out = folder / "out.jsonl"
        argv = factlint(
            "audit", "--scheduler", "local", "--workers", "2", "--grammar", "none",
            "-o", str(out), str(archive), *threshold_options(args.thresholds),
        )  # fmt: skip
        wall, done = timed(argv, folder)
        found = [
            {"path": entry["path"], **diagnostic}
            for entry in map(json.loads, (folder / "out.archive.jsonl").read_text().splitlines())
            for diagnostic in entry["diagnostics"]
        ]
    summary = [line for line in done.stderr.splitlines() if "archive:" in line]
    return {"articles": len(files), "wall_seconds": round(wall, 2), "findings": found,
            "summary": summary}  # fmt: skip


def threshold_options(thresholds: str) -> list[str]:
    if not thresholds:
        return []
    majority, odd, share = thresholds.split(",")
    return ["--name-min-majority", majority, "--name-max-odd", odd, "--name-max-share", share]


def print_names(data: dict[str, Any]) -> None:
    print(
        f"PolNeAR train+dev: {data['articles']} articles as one archive, {data['wall_seconds']} s"
    )
    print("\n".join(data["summary"]))
    for finding in data["findings"]:
        print(f"{finding['path']}:{finding['line']}:{finding['column']}: {finding['message']}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.names:
        if not polnear_files():
            return skip(f"{NAME} --names", polnear_folder() / "articles")
        data = names(args)
        with outputs.text_output(args):
            print_names(data)
        return outputs.finish(args, data)
    if missing(bbc_folder()) or not bbc_files():
        return skip(NAME, bbc_folder())
    data = bbc(args)
    with outputs.text_output(args):
        print_bbc(data)
    outputs.finish(args, data)
    return 0 if all(row.get("differ_from_check", 0) == 0 for row in data["runs"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
