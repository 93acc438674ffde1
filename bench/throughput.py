"""Benchmark factlint over a folder of articles: speed, memory, and how much it flags.

Run from anywhere (the default folder is found relative to the repository root)::

    python -m bench throughput                      # ../shared/corpora/bbc_news/articles
    python -m bench throughput FOLDER --limit 200
    python -m bench throughput --select QT --by-code
    python -m bench throughput --ignore GR001 --json

    python -m bench throughput --limit 300 --jobs 1    # in one process (default: one per CPU)
    python -m bench throughput --limit 300 --side-by-side  # factlint, Harper alone, proselint

It runs the engine (discovery, configuration and checking exactly as ``factlint check``
does, without the reporters; with ``--jobs N`` in N worker processes, as ``factlint check
--jobs N`` does) and prints: files checked, MB read (MB = 1,048,576 bytes, as factlint's
size limit counts them), wall seconds, MB/s, peak memory (the process's ``ru_maxrss``;
with worker processes, the largest worker's too), files that could not be checked, files
with error-level diagnostics, the diagnostics in total, per 1,000 words (words as the
engine counts them: whitespace-separated) and per severity. ``--by-code`` adds a table per
rule code, ``--by-pack`` one per style pack; ``--json`` prints the same figures as one JSON
object instead of text; ``--no-cache`` leaves the on-disk grammar cache alone.

``--engine harper`` times Harper alone instead (harper-py, the dialect factlint's config
gives, on each paragraph of each article: what factlint's grammar rules wait for), and
``--engine proselint`` proselint (when it is installed; it is not a dependency).
``--side-by-side`` runs, in the same run on the same files, each in a fresh process with the
grammar cache off (``--no-cache``, ``FACTLINT_CACHE_DIR`` a new empty folder): factlint
with ``--jobs N`` and with ``--jobs 1``, Harper alone and proselint (skipped when absent),
``--repeat`` times each (3 by default, taking turns), and prints the median wall times
(the whole process, start-up included: what a user waits for) and the ratios
factlint/Harper and factlint/proselint, which compare from one day (or machine) to the
next where the seconds do not.

When the folder does not exist (the corpora are not on every machine) it says so and
exits 0. Exit status 2 means a bad option or configuration.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import corpora, outputs
from bench.corpora import REPO_ROOT
from factlint.article import loader
from factlint.cli.check import BATCH, IN_PROCESS_UP_TO
from factlint.cli.jobs import default_jobs
from factlint.cli.pool import OrderedPool, batched
from factlint.core.diagnostics import Severity
from factlint.core.errors import InputError
from factlint.engine.config import ConfigError, Resolver, parse_selectors
from factlint.engine.registry import find_rule, shipped_pack_rules
from factlint.engine.run import FileResult, Options, check_file
from factlint.packs.schema import shipped_packs

NAME = "throughput"

MB = 1_048_576
ENGINES = ("factlint", "harper", "proselint")


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
    parser = outputs.parser(NAME, __doc__)
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
    parser.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        help="worker processes, as factlint check --jobs (default: one per CPU; 1: in process)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the on-disk grammar cache"
    )
    parser.add_argument(
        "--engine", choices=ENGINES, default="factlint", help="what to time (default: factlint)"
    )
    parser.add_argument(
        "--side-by-side",
        action="store_true",
        help="cache off: factlint (--jobs N and 1), Harper alone, proselint",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="--side-by-side: runs of each, medians (default 3)"
    )
    return outputs.parse(NAME, parser, argv)


def build_options(args: argparse.Namespace) -> Options:
    return Options(
        select=parse_selectors(args.select, "--select") if args.select else None,
        ignore=parse_selectors(args.ignore, "--ignore") if args.ignore else None,
        grammar={"cache": False} if args.no_cache else None,
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


def run(files: list[Path], options: Options, jobs: int = 1) -> tuple[Totals, float]:
    """Check every file; return the totals and the wall time in seconds (worker processes
    started, with ``jobs`` > 1, included)."""
    totals = Totals()
    start = time.perf_counter()
    for path, result in zip(files, results(files, options, jobs), strict=True):
        add_result(totals, path, result)
    return totals, time.perf_counter() - start


def results(files: list[Path], options: Options, jobs: int) -> Iterator[FileResult]:
    """Each file's result, in order: in this process, or as ``factlint check --jobs``
    gets them (in process for a few files, else from a pool in batches)."""
    if jobs <= 1 or len(files) <= IN_PROCESS_UP_TO:
        start_worker(options)
        for path in files:
            yield from check_batch([path])
        return
    with OrderedPool(jobs, check_batch, lost_file, start_worker, (options,)) as pool:
        yield from pool.map(batched(files, BATCH))


_worker: tuple[Resolver, Options] | None = None  # in each process that checks


def start_worker(options: Options) -> None:
    global _worker
    _worker = (Resolver(), options)


def check_batch(paths: list[Path]) -> list[FileResult]:
    assert _worker is not None, "start_worker first"
    resolver, options = _worker
    checked = []
    for path in paths:
        result = check_file(path, resolver, options)
        result.text = None  # keep no article text across a long run
        checked.append(result)
    return checked


def lost_file(path: Path) -> FileResult:
    return FileResult(str(path), error="not checked: its worker process stopped")


def peak_memory_mb(who: int = resource.RUSAGE_SELF) -> float:
    """The peak resident memory of this process (or of the largest of its children that
    have ended: ``RUSAGE_CHILDREN``)."""
    kilobytes = resource.getrusage(who).ru_maxrss  # KiB on Linux
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
    folder: Path,
    totals: Totals,
    seconds: float,
    by_code: bool,
    by_pack: bool = False,
    jobs: int = 1,
) -> dict[str, Any]:
    megabytes = totals.bytes / MB
    pooled = jobs > 1 and totals.files > IN_PROCESS_UP_TO
    result: dict[str, Any] = {
        "folder": str(folder),
        "files": totals.files,
        "files_unreadable": totals.unreadable,
        "mb": round(megabytes, 3),
        "seconds": round(seconds, 3),
        "mb_per_s": round(megabytes / seconds, 3) if seconds else None,
        "jobs": jobs if pooled else 1,
        "peak_memory_mb": round(peak_memory_mb(), 1),
        "worker_peak_memory_mb": (
            round(peak_memory_mb(resource.RUSAGE_CHILDREN), 1) if pooled else None
        ),
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
    print(f"jobs                    {data['jobs']}")
    print(f"peak memory MB          {data['peak_memory_mb']:.1f}")
    if data["worker_peak_memory_mb"] is not None:
        print(f"peak memory MB, worker  {data['worker_peak_memory_mb']:.1f} (the largest)")
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


# --- Harper alone, proselint ------------------------------------------------------------


def run_harper(files: list[Path], dialect: str) -> tuple[int, float]:
    """Harper (harper-py, as factlint's backend calls it) on each paragraph of each article:
    the lints found, and the wall seconds (the linter's construction included). Dialect
    ``none`` (an article checked in neither dialect) runs an American and a British linter,
    as factlint does, and counts the lints both make."""
    import harper

    start = time.perf_counter()
    names = ("american", "british") if dialect == "none" else (dialect,)
    linters = [harper.Linter(dialect=harper.Dialect.__members__[d.upper()]) for d in names]
    found = 0
    for text in article_texts(files):
        for paragraph in paragraphs(text):
            kept: Counter[tuple[str, int, int]] | None = None
            for linter in linters:
                lints = linter.organized_lints(paragraph, language=harper.Language.PLAINTEXT)
                made = Counter((r, x.span.start, x.span.end) for r, xs in lints.items() for x in xs)
                kept = made if kept is None else kept & made
            found += sum((kept or Counter()).values())
    return found, time.perf_counter() - start


def run_proselint(files: list[Path]) -> tuple[int, float]:
    """proselint on each article: what it finds, and the wall seconds."""
    start = time.perf_counter()
    lint = proselint_linter()
    found = sum(len(lint(text)) for text in article_texts(files))
    return found, time.perf_counter() - start


def proselint_installed() -> bool:
    return importlib.util.find_spec("proselint") is not None


def proselint_linter() -> Callable[[str], list[Any]]:
    """proselint's lint of a text: ``LintFile(...).lint()`` since 0.16, ``tools.lint`` before."""
    from proselint import tools

    if not hasattr(tools, "LintFile"):
        return tools.lint  # type: ignore[no-any-return]
    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry

    CheckRegistry().register_many(__register__)
    return lambda text: tools.LintFile("article", text).lint(DEFAULT)


def article_texts(files: list[Path]) -> Iterator[str]:
    """Each article's text as factlint reads it (one it cannot read is passed over)."""
    for path in files:
        try:
            yield loader.read_text(path)
        except InputError:
            continue


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def engine_figures(folder: Path, files: list[Path], engine: str, options: Options) -> dict:
    """The figures of ``--engine harper`` or ``proselint``."""
    if engine == "harper":
        grammar = Resolver().for_file(files[0]).grammar
        # auto: the fallback (Harper alone has no article to read the dialect from)
        dialect = grammar.fallback_dialect if grammar.dialect == "auto" else grammar.dialect
        found, seconds = run_harper(files, dialect)
    else:
        found, seconds = run_proselint(files)
    megabytes = sum(path.stat().st_size for path in files) / MB
    return {
        "engine": engine,
        "folder": str(folder),
        "files": len(files),
        "mb": round(megabytes, 3),
        "seconds": round(seconds, 3),
        "mb_per_s": round(megabytes / seconds, 3) if seconds else None,
        "peak_memory_mb": round(peak_memory_mb(), 1),
        "found": found,
    }


# --- side by side (--side-by-side) ------------------------------------------------------------


class CompareError(Exception):
    """A run of the comparison failed."""


def contenders(jobs: int) -> list[tuple[str, list[str]]]:
    """What --side-by-side times: a label, and the arguments of its run of this script."""
    runs = [(f"factlint --jobs {jobs}", ["--jobs", str(jobs)])] if jobs > 1 else []
    runs += [("factlint --jobs 1", ["--jobs", "1"]), ("Harper alone", ["--engine", "harper"])]
    if proselint_installed():
        runs.append(("proselint", ["--engine", "proselint"]))
    return runs


def compare(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """Each contender ``args.repeat`` times (taking turns), each run in a fresh process with
    the grammar cache off; the medians, and the ratios of factlint's to the others'."""
    base = [sys.executable, "-m", "bench.throughput", str(folder), "--json", "--no-cache"]
    for flag in ("limit", "select", "ignore"):
        if getattr(args, flag) is not None:
            base += [f"--{flag}", str(getattr(args, flag))]
    runs = contenders(args.jobs)
    measured: dict[str, list[dict]] = {label: [] for label, _ in runs}
    contention = []
    for _ in range(max(args.repeat, 1)):
        contention.append(cpu_contention(max(args.jobs, 2)))
        for label, extra in runs:
            measured[label].append(timed(label, [*base, *extra]))
    rows = [summary(label, found) for label, found in measured.items()]
    return {
        "folder": str(folder),
        "files": rows[0]["files"],
        "repeat": max(args.repeat, 1),
        "cpus": default_jobs(),
        "cpu_contention": round(statistics.median(contention), 2),
        "runs": rows,
        "ratios": ratios(rows),
        "skipped": [] if proselint_installed() else ["proselint (not installed)"],
    }


BURN = "total = 0\nfor n in range(10_000_000):\n    total += n\n"  # about half a second


def cpu_contention(jobs: int) -> float:
    """How much longer ``jobs`` processes running the same loop at once take than one alone:
    1.0 when the machine has ``jobs`` CPUs free, ``jobs`` when it has one (a shared machine
    is busy with others' work too), so --jobs figures can be read against it."""

    def wall(count: int) -> float:
        start = time.perf_counter()
        burners = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(count)]
        for burner in burners:
            burner.wait()
        return time.perf_counter() - start

    return wall(jobs) / wall(1)


def timed(label: str, argv: list[str]) -> dict[str, Any]:
    """The figures of one run of this script, and its wall seconds from start to exit."""
    with tempfile.TemporaryDirectory(prefix="factlint-bench-cache-") as cache:
        path = os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "FACTLINT_CACHE_DIR": cache, "PYTHONPATH": path}
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise CompareError(f"{label}: exit status {done.returncode}: {last}")
    return {**json.loads(done.stdout), "wall_seconds": wall}


def summary(label: str, found: list[dict]) -> dict[str, Any]:
    """One contender's medians over its runs."""

    def median(key: str) -> float | None:
        values = [run[key] for run in found if run.get(key) is not None]
        return round(statistics.median(values), 3) if values else None

    return {
        "label": label,
        "files": found[0]["files"],
        "wall_seconds": median("wall_seconds"),
        "seconds": median("seconds"),
        "peak_memory_mb": median("peak_memory_mb"),
        "worker_peak_memory_mb": median("worker_peak_memory_mb"),
        "walls": [round(run["wall_seconds"], 3) for run in found],
    }


def ratios(rows: list[dict]) -> dict[str, dict[str, float]]:
    """Each factlint run's median times over those of each run after it (factlint's come
    first): wall and checking."""
    found = {}
    for at, mine in enumerate(rows):
        if not mine["label"].startswith("factlint"):
            continue
        for other in rows[at + 1 :]:
            found[f"{mine['label']} / {other['label']}"] = {
                key: round(mine[key] / other[key], 3) for key in ("wall_seconds", "seconds")
            }
    return found


def print_compare(data: dict[str, Any]) -> None:
    print(f"folder      {data['folder']}")
    print(f"files       {data['files']}, grammar cache off; {data['cpus']} CPUs")
    print(f"medians of  {data['repeat']} runs each, taking turns")
    print(
        f"CPU check   {data['cpu_contention']:.2f} (parallel loops' time over one's: "
        "1.0 = every CPU free, 2.0 = one of two)\n"
    )
    print(f"{'':<22} {'wall s':>8} {'checking s':>10} {'peak MB':>8} {'worker peak MB':>14}")
    for row in data["runs"]:
        worker = row["worker_peak_memory_mb"]
        print(
            f"{row['label']:<22} {row['wall_seconds']:>8.2f} {row['seconds']:>10.2f} "
            f"{row['peak_memory_mb']:>8.1f} {'-' if worker is None else f'{worker:.1f}':>14}"
        )
    print(f"\n{'ratio':<42} {'wall':>6} {'checking':>8}")
    for pair, ratio in data["ratios"].items():
        print(f"{pair:<42} {ratio['wall_seconds']:>6.2f} {ratio['seconds']:>8.2f}")
    for skipped in data["skipped"]:
        print(f"skipped: {skipped}")


# --- the command line ---------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folder: Path = args.folder.resolve()
    if not folder.is_dir():
        return corpora.skip(NAME, folder)
    try:
        options = build_options(args)
    except ConfigError as exc:
        print(f"{NAME}: error: {exc}", file=sys.stderr)
        return 2
    files = loader.discover(folder)
    if args.limit is not None:
        files = files[: max(args.limit, 0)]
    if not files:
        print(f"{NAME}: skipped: no articles (*.txt, *.md, *.markdown) in {folder}")
        return 0
    try:
        data, show = measure(args, folder, files, options)
    except CompareError as exc:
        print(f"{NAME}: error: {exc}", file=sys.stderr)
        return 2
    if data is None:
        print(f"{NAME}: skipped: proselint is not installed (pip install proselint)")
        return 0
    with outputs.text_output(args):
        show(data)
    return outputs.finish(args, data)


def measure(
    args: argparse.Namespace, folder: Path, files: list[Path], options: Options
) -> tuple[dict | None, Callable[[dict], None]]:
    """What the options ask for: figures (None: nothing to time), and how to print them."""
    if args.side_by_side:
        return compare(args, folder), print_compare
    if args.engine == "proselint" and not proselint_installed():
        return None, print
    if args.engine != "factlint":
        return engine_figures(folder, files, args.engine, options), print_engine
    totals, seconds = run(files, options, args.jobs)
    return figures(folder, totals, seconds, args.by_code, args.by_pack, args.jobs), print_text


def print_engine(data: dict[str, Any]) -> None:
    print(f"engine                  {data['engine']}")
    print(f"folder                  {data['folder']}")
    print(f"files                   {data['files']}")
    print(f"MB                      {data['mb']:.2f}")
    print(f"seconds                 {data['seconds']:.2f}")
    print(f"MB/s                    {data['mb_per_s'] or 0:.2f}")
    print(f"peak memory MB          {data['peak_memory_mb']:.1f}")
    print(f"found                   {data['found']}")


if __name__ == "__main__":
    raise SystemExit(main())
