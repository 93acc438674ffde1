"""Benchmark factlint over a folder of articles: speed, memory, and how much it flags.

Run from anywhere (the default folder is found relative to the repository root)::

    python bench/bench.py                      # ../shared/corpora/bbc_news/articles
    python bench/bench.py FOLDER --limit 200
    python bench/bench.py --select QT --by-code
    python bench/bench.py --ignore GR001 --json

It runs the engine in-process (discovery, configuration and checking exactly as
``factlint check`` does, without the reporters) and prints: files checked, MB read
(MB = 1,048,576 bytes, as factlint's size limit counts them), wall seconds, MB/s, peak
memory (the process's ``ru_maxrss``), files that could not be checked, files with
error-level diagnostics, the diagnostics in total, per 1,000 words (words as the engine
counts them: whitespace-separated) and per severity. ``--by-code`` adds a table per rule
code, ``--by-pack`` one per style pack; ``--json`` prints the same figures as one JSON object
instead of text.

When the folder does not exist (the corpora are not on every machine) it says so and
exits 0. Exit status 2 means a bad option or configuration.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import corpora

from factlint.article import loader
from factlint.core.diagnostics import Severity
from factlint.engine.config import ConfigError, Resolver, parse_selectors
from factlint.engine.registry import find_rule, shipped_pack_rules
from factlint.engine.run import FileResult, Options, check_file
from factlint.packs.schema import shipped_packs

MB = 1_048_576


@dataclass
class Totals:
    """What the run adds up, file by file."""

    files: int = 0
    unreadable: int = 0
    bytes: int = 0
    words: int = 0
    files_with_errors: int = 0  # files with at least one error-level diagnostic
    files_with_diagnostics: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_code: Counter[str] = field(default_factory=Counter)
    errors_by_code: Counter[str] = field(default_factory=Counter)

    @property
    def diagnostics(self) -> int:
        return sum(self.by_code.values())

    @property
    def checked(self) -> int:
        return self.files - self.unreadable


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark factlint over a folder of articles.")
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=corpora.bbc_folder(),
        help="folder of articles (default: ../shared/corpora/bbc_news/articles)",
    )
    parser.add_argument("--select", help="only these rule codes or prefixes, comma-separated")
    parser.add_argument("--ignore", help="skip these rule codes or prefixes, comma-separated")
    parser.add_argument("--limit", type=int, help="check only the first N files (sorted order)")
    parser.add_argument("--by-code", action="store_true", help="add a table per rule code")
    parser.add_argument("--by-pack", action="store_true", help="add a table per style pack")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    return parser.parse_args(argv)


def build_options(args: argparse.Namespace) -> Options:
    return Options(
        select=parse_selectors(args.select, "--select") if args.select else None,
        ignore=parse_selectors(args.ignore, "--ignore") if args.ignore else None,
    )


def add_result(totals: Totals, path: Path, result: FileResult) -> None:
    totals.files += 1
    totals.bytes += path.stat().st_size
    if result.error is not None:
        totals.unreadable += 1
        return
    totals.words += result.words
    totals.files_with_diagnostics += bool(result.diagnostics)
    totals.files_with_errors += any(d.severity is Severity.ERROR for d in result.diagnostics)
    for diagnostic in result.diagnostics:
        totals.by_severity[diagnostic.severity.label] += 1
        totals.by_code[diagnostic.code] += 1
        if diagnostic.severity is Severity.ERROR:
            totals.errors_by_code[diagnostic.code] += 1


def run(files: list[Path], options: Options) -> tuple[Totals, float]:
    """Check every file; return the totals and the wall time in seconds."""
    resolver = Resolver()
    totals = Totals()
    start = time.perf_counter()
    for path in files:
        result = check_file(path, resolver, options)
        result.text = None  # keep no article text across a long run
        add_result(totals, path, result)
    return totals, time.perf_counter() - start


def peak_memory_mb() -> float:
    kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return kilobytes * 1024 / MB if sys.platform != "darwin" else kilobytes / MB


def per_thousand(count: int, words: int) -> float:
    return 1000 * count / words if words else 0.0


def pack_rows(totals: Totals) -> list[dict[str, Any]]:
    """Diagnostics per shipped style pack (the packs that are on in the run's config)."""
    counts: Counter[str] = Counter()
    for code, count in totals.by_code.items():
        rule = find_rule(code, shipped_pack_rules())
        if rule is not None and rule.pack is not None:
            counts[rule.pack] += count
    return [
        {
            "pack": pack.name,
            "count": counts[pack.name],
            "per_1000_words": round(per_thousand(counts[pack.name], totals.words), 3),
            "per_article": round(counts[pack.name] / totals.checked, 4) if totals.checked else 0.0,
        }
        for pack in shipped_packs()
    ]


def code_rows(totals: Totals) -> list[dict[str, Any]]:
    rows = []
    for code, count in sorted(totals.by_code.items(), key=lambda item: (-item[1], item[0])):
        rule = find_rule(code, shipped_pack_rules())
        rows.append(
            {
                "code": code,
                "name": rule.name if rule else "",
                "count": count,
                "per_1000_words": round(per_thousand(count, totals.words), 3),
                "per_article": round(count / totals.checked, 4) if totals.checked else 0.0,
                "error_level": totals.errors_by_code[code],
            }
        )
    return rows


def figures(
    folder: Path, totals: Totals, seconds: float, by_code: bool, by_pack: bool = False
) -> dict[str, Any]:
    megabytes = totals.bytes / MB
    result: dict[str, Any] = {
        "folder": str(folder),
        "files": totals.files,
        "files_unreadable": totals.unreadable,
        "mb": round(megabytes, 3),
        "seconds": round(seconds, 3),
        "mb_per_s": round(megabytes / seconds, 3) if seconds else None,
        "peak_memory_mb": round(peak_memory_mb(), 1),
        "words": totals.words,
        "files_with_diagnostics": totals.files_with_diagnostics,
        "files_with_errors": totals.files_with_errors,
        "diagnostics": totals.diagnostics,
        "diagnostics_per_1000_words": round(per_thousand(totals.diagnostics, totals.words), 3),
        "by_severity": {s.label: totals.by_severity[s.label] for s in reversed(Severity)},
    }
    if by_code:
        result["by_code"] = code_rows(totals)
    if by_pack:
        result["by_pack"] = pack_rows(totals)
    return result


def print_text(data: dict[str, Any]) -> None:
    severities = ", ".join(f"{label} {count}" for label, count in data["by_severity"].items())
    print(f"folder                  {data['folder']}")
    unreadable = data["files_unreadable"]
    print(f"files                   {data['files']} ({unreadable} could not be checked)")
    print(f"MB                      {data['mb']:.2f}")
    print(f"seconds                 {data['seconds']:.2f}")
    print(f"MB/s                    {data['mb_per_s'] or 0:.2f}")
    print(f"peak memory MB          {data['peak_memory_mb']:.1f}")
    print(f"words                   {data['words']}")
    print(f"files with diagnostics  {data['files_with_diagnostics']}")
    print(f"files with errors       {data['files_with_errors']} (error-level diagnostics)")
    print(f"diagnostics             {data['diagnostics']}")
    print(f"per 1,000 words         {data['diagnostics_per_1000_words']:.3f}")
    print(f"by severity             {severities}")
    if "by_code" in data:
        print_code_table(data["by_code"])
    if "by_pack" in data:
        print()
        print(f"{'pack':<22} {'count':>7} {'per 1k words':>12} {'per article':>11}")
        for row in data["by_pack"]:
            print(
                f"{row['pack']:<22} {row['count']:>7} {row['per_1000_words']:>12.3f} "
                f"{row['per_article']:>11.4f}"
            )


def print_code_table(rows: list[dict[str, Any]]) -> None:
    print()
    print(
        f"{'code':<6} {'name':<22} {'count':>7} {'per 1k words':>12} {'per article':>11} "
        f"{'errors':>7}"
    )
    for row in rows:
        print(
            f"{row['code']:<6} {row['name']:<22} {row['count']:>7} "
            f"{row['per_1000_words']:>12.3f} {row['per_article']:>11.4f} {row['error_level']:>7}"
        )
    if not rows:
        print("(no diagnostics)")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folder: Path = args.folder.resolve()
    if not folder.is_dir():
        return corpora.skip("bench", folder)
    try:
        options = build_options(args)
    except ConfigError as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 2
    files = loader.discover(folder)
    if args.limit is not None:
        files = files[: max(args.limit, 0)]
    if not files:
        print(f"bench: skipped: no articles (*.txt, *.md, *.markdown) in {folder}")
        return 0
    totals, seconds = run(files, options)
    data = figures(folder, totals, seconds, args.by_code, args.by_pack)
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print_text(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
