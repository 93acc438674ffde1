"""Fuzzing factlint: mutated real articles, hostile configs, language-server frames,
archive lines and LanguageTool answers through the command line; and the older
in-process measurement and coverage-guided (atheris) targets.

The command line (``tests/fuzzer/fuzzing/``: mutators, the runner process, its supervisor)::

    python tests/fuzzer/fuzz.py cli --count 100000 --jobs 2 --grammar none
    python tests/fuzzer/fuzz.py cli --count 10000 --jobs 2 --grammar harper
    python tests/fuzzer/fuzz.py config --count 2000
    python tests/fuzzer/fuzz.py lsp --count 10000
    python tests/fuzzer/fuzz.py languagetool --count 500 --jobs 1
    python tests/fuzzer/fuzz.py audit --count 1000
    python tests/fuzzer/fuzz.py replay fuzz-crashes/          # the saved failures, again

Each prints a summary (inputs, aborts, exit-3, internal errors, inputs over the CPU
budget, hangs, the slowest input; ``--json`` as JSON), saves every failing input under
``--crashes`` (default ``fuzz-crashes/``: a folder an input, with ``meta.json``, and
``summary.tsv``) and exits 1 when any failed. ``--seed`` makes a run again: input N of
seed S is drawn from its own ``Random(f"{S}/{N}")``. Use ``nice -n 10`` for long runs.

The older modes: ``run`` (generated articles through ``check_text`` in this process, the
CPU time of each check against ``--budget``), and ``article`` and ``engine`` (atheris;
``pip install atheris``; libFuzzer's flags follow the target)::

    python tests/fuzzer/fuzz.py run --count 100000                   # grammar none
    python tests/fuzzer/fuzz.py article -atheris_runs=100000    # the article model (parse)
    python tests/fuzzer/fuzz.py engine --crashes /tmp/crashes -max_total_time=600
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from fuzzing import mutators, supervisor

SEPARATORS = ["\u00a0", "\u2028", "\u2029", "\u0085", "\u2009", "\u202f", "\u3000", "\t"]
PIECES = [
    "“",
    "”",
    '"',
    "‘",
    "’",
    "'",
    "(",
    ")",
    "[",
    "]",
    ". ",
    ", ",
    ": ",
    "? ",
    " — ",
    "I",
    "J. ",
    "Mr. ",
    "Dr ",
    "Kishida",
    "Fumio Kishida",
    " said ",
    " she said. ",
    " told reporters: ",
    "According to Ms Tanaka, ",
    "We will go",
    "PENCE: ",
    "\n",
    "1.5 ",
    "2024",
    "50%",
    "$3bn",
    "<!-- factlint-disable -->",
    "*",
    "`",
    "é",
]
UNITS = ["“We will go,” she said. ", "Kishida said: “No.” ", "“Fine.” ", "(He left [twice]). "]
DATES = ["2024-05-01", "2024-02-30", "2023-13-01", "1999-12-31", "not a date"]


def generate(rng: random.Random) -> str:
    """One article: maybe front matter, a headline, a byline, paragraphs of all sorts."""
    matter = (
        f"---\ntitle: A headline\ndate: {rng.choice(DATES)}\n---\n" if rng.random() < 0.2 else ""
    )
    paragraphs = [_paragraph(rng) for _ in range(rng.randint(1, 8))]
    return matter + "# A headline\n\nBy Jane Doe\n\n" + "\n\n".join(paragraphs) + "\n"


def _paragraph(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return rng.choice(UNITS) * rng.randint(50, 2000)
    parts = []
    for _ in range(rng.randint(1, 40)):
        roll = rng.random()
        if roll < 0.7:
            parts.append(rng.choice(PIECES))
        elif roll < 0.85:
            parts.append(rng.choice(SEPARATORS))
        else:
            parts.append("".join(chr(rng.randint(32, 0x2FFF)) for _ in range(rng.randint(1, 6))))
    return "".join(parts)


# --- the targets -------------------------------------------------------------------


def target(name: str) -> Callable[[str], None]:
    """The function a fuzzer calls with each input text."""
    from factlint.article.document import parse
    from factlint.article.loader import normalize_newlines
    from factlint.engine.config import from_mapping
    from factlint.engine.run import check_text

    config = from_mapping({"grammar": {"backend": "none"}}, None)

    def article(text: str) -> None:  # as check_text gives it: line ends made LF
        parse("a.md", normalize_newlines(text), True)

    def engine(text: str) -> None:
        result = check_text("a.md", text, config)
        problems = soundness(result, result.text or text)
        if result.error and "internal error" in result.error:
            problems.append(result.error)
        if problems:
            raise AssertionError("; ".join(problems))

    return {"article": article, "engine": engine}[name]


def soundness(result: object, text: str) -> list[str]:
    """Diagnostics outside the text, or whose line and column are not their offset's."""
    problems = []
    for d in getattr(result, "diagnostics", []):
        end = d.offset + d.length
        if not (0 <= d.offset <= end <= len(text)):
            problems.append(f"{d.code} at {d.offset}+{d.length} outside {len(text)} chars")
        elif (d.start.line, d.start.column) != _position(text, d.offset):
            problems.append(f"{d.code} at {d.offset}: line/column {d.start} disagree")
    return problems


def _position(text: str, offset: int) -> tuple[int, int]:
    return (text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))


def save(folder: Path, text: str, kind: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = (
        folder / f"{kind}-{hashlib.sha1(text.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}.md"
    )
    path.write_bytes(text.encode("utf-8", "surrogatepass"))  # line ends as they were
    return path


# --- atheris -------------------------------------------------------------------------


def run_atheris(name: str, crashes: Path, argv: list[str]) -> None:
    import atheris

    with atheris.instrument_imports(include=["factlint"]):
        check = target(name)

    def one_input(data: bytes) -> None:
        text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
        try:
            check(text)
        except BaseException:  # a Rust panic is a BaseException
            save(crashes, text, name)
            raise

    crashes.mkdir(parents=True, exist_ok=True)
    atheris.Setup([sys.argv[0], f"-artifact_prefix={crashes}/", *argv], one_input)
    atheris.Fuzz()


# --- the measurement -----------------------------------------------------------------


def measure(count: int, seed: int, grammar: str, budget: float, crashes: Path) -> int:
    from factlint.core.results import FileResult
    from factlint.engine.config import from_mapping
    from factlint.engine.run import check_text

    config = from_mapping({"grammar": {"backend": grammar}}, None)
    rng = random.Random(seed)
    tally = {"crashes": 0, "over budget": 0, "out of place": 0}
    slowest = slowest_wall = 0.0
    started = time.monotonic()
    for done in range(count):
        if done and done % 1000 == 0:
            print(f"{done} checked: " + ", ".join(f"{n} {k}" for k, n in tally.items()), flush=True)
        text = generate(rng)
        begun, begun_cpu = time.monotonic(), time.process_time()
        try:
            result = check_text("a.md", text, config)
        except BaseException as exc:  # a Rust panic is a BaseException
            if isinstance(exc, KeyboardInterrupt):
                raise
            result = FileResult("a.md", error=f"internal error: {type(exc).__name__}: {exc}")
        if result.error and "internal error" in result.error:
            tally["crashes"] += 1
            print(f"crash: {result.error[:120]} -> {save(crashes, text, 'crash')}")
            continue
        problems = soundness(result, result.text or text)
        elapsed, wall = time.process_time() - begun_cpu, time.monotonic() - begun
        slowest, slowest_wall = max(slowest, elapsed), max(slowest_wall, wall)
        if elapsed > budget:
            tally["over budget"] += 1
            print(f"over budget: {elapsed:.1f} s CPU -> {save(crashes, text, 'slow')}")
        if problems:
            tally["out of place"] += 1
            print(f"out of place: {problems[0]} -> {save(crashes, text, 'place')}")
    total = time.monotonic() - started
    print(
        f"{count} articles (seed {seed}, grammar {grammar}) in {total:.0f} s, slowest "
        f"{slowest:.2f} s CPU ({slowest_wall:.2f} s wall): "
        + ", ".join(f"{n} {k}" for k, n in tally.items())
    )
    return 1 if any(tally.values()) else 0


# --- the command line on mutated real articles, and on hostile configs ------------------


def sources(limit: int | None = None) -> list[Path]:
    """The real articles to mutate: BBC, and PolNeAR's train and dev (never test)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository's bench
    from bench import corpora

    return [path for files in corpora.news_files(limit).values() for path in files]


def article_cases(
    seed: int, grammar: str, timeout: float | None, articles: list[Path], heavy_share: float
) -> Iterator[supervisor.Case]:
    """Mutated articles (and some generated ones), each checked by ``factlint check``."""
    texts: dict[Path, str] = {}
    for index in itertools.count():
        rng = random.Random(f"{seed}/{index}")
        if articles and rng.random() < 0.85:
            source = rng.choice(articles)
            if source not in texts:
                texts[source] = source.read_bytes().decode("utf-8", "replace")
            text, origin = texts[source], source.name
        else:
            text, origin = generate(rng), "generated"
        data, done = mutators.mutate_article(rng, text, heavy_share)
        name = f"a.{rng.choice(['md', 'txt'])}"
        yield supervisor.Case(
            name=f"{seed}-{index}-{'+'.join(done)}"[:120],
            files={name: data},
            argv=check_argv(grammar, timeout, name),
            article=name,
            meta={"seed": seed, "index": index, "source": origin, "mutators": done},
        )


def config_cases(
    seed: int, timeout: float | None, articles: list[Path]
) -> Iterator[supervisor.Case]:
    """Hostile configs, packs, registers and dictionaries, with an article to check."""
    for index in itertools.count():
        rng = random.Random(f"config/{seed}/{index}")
        files = mutators.hostile_config(rng)
        text = rng.choice(articles).read_text("utf-8", "replace") if articles else generate(rng)
        files["a.md"] = text.encode("utf-8")
        kinds = [name for name in files if name not in ("a.md", "folder")]
        yield supervisor.Case(
            name=f"config-{seed}-{index}",
            files=files,
            argv=check_argv("none", timeout, "."),
            meta={"seed": seed, "index": index, "files": kinds, "mutators": ["config"]},
        )


def check_argv(grammar: str, timeout: float | None, path: str) -> list[str]:
    limit = [] if timeout is None else ["--timeout", str(timeout)]
    return [
        "check",
        "--format",
        "json",
        "--no-cache",
        "--no-progress",
        "-j",
        "1",
        "--grammar",
        grammar,
        *limit,
        path,
    ]


def summary(mode: str, args: argparse.Namespace, tally: supervisor.Tally, wall: float) -> dict:
    return {
        "mode": mode,
        "grammar": getattr(args, "grammar", None),
        "seed": args.seed,
        "inputs": tally.inputs,
        "aborts": tally.kinds["abort"],
        "exit_3": tally.kinds["exit-3"],
        "internal_errors": tally.kinds["internal-error"] + tally.kinds["exception"],
        "over_budget": tally.kinds["over-budget"],
        "hangs": tally.kinds["hang"],
        "misplaced": tally.kinds["misplaced"],
        "over_memory": tally.kinds["over-memory"],
        "no_report": tally.kinds["no-report"],
        "redirect_followed": tally.kinds["redirect-followed"],
        "failures": {k: n for k, n in tally.kinds.items() if k in supervisor.FAILURES},
        "notes": {k: n for k, n in tally.kinds.items() if k not in supervisor.FAILURES},
        "budget_cpu_s": args.budget,
        "max_cpu_s": round(tally.max_cpu, 2),
        "max_cpu_input": tally.max_cpu_case,
        "max_rss_mb": tally.max_rss_mb,
        "wrong_diagnostics": tally.kinds["wrong-diagnostics"],
        "wall_s": round(wall, 1),
        "inputs_per_s": round(tally.inputs / wall, 2) if wall else None,
        "cpu_total_s": round(tally.cpu_total, 1),
        "cpu_ms_per_input": round(1000 * tally.cpu_total / tally.inputs, 1)
        if tally.inputs
        else None,
        "supervisor_cpu_s": round(own_cpu(), 1),
        "cpu_ms_per_input_by_mutator": {
            name: round(1000 * tally.cpu_by_mutator[name] / n)
            for name, n in tally.inputs_by_mutator.most_common()
        },
        "crashes": str(args.crashes),
    }


def own_cpu() -> float:
    """The CPU time of this process (the supervisor: making inputs, writing them)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def print_summary(figures: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(figures, indent=2))
        return
    print(
        f"{figures['inputs']} inputs ({figures['mode']}, grammar {figures['grammar']}, seed "
        f"{figures['seed']}) in {figures['wall_s']} s ({figures['inputs_per_s']} inputs/s): "
        f"{figures['aborts']} aborts, {figures['exit_3']} exit-3, {figures['internal_errors']} "
        f"internal errors, {figures['over_budget']} over {figures['budget_cpu_s']} s CPU, "
        f"{figures['hangs']} hangs, {figures['misplaced']} misplaced, {figures['over_memory']} "
        f"over memory, {figures['no_report']} without a report, {figures['redirect_followed']} "
        f"redirects followed; max CPU "
        f"{figures['max_cpu_s']} s ({figures['max_cpu_input']}), max memory "
        f"{figures['max_rss_mb']} MB; {figures['cpu_ms_per_input']} ms CPU an input (runners), "
        f"{figures['supervisor_cpu_s']} s for the supervisor; failing inputs in "
        f"{figures['crashes']}"
    )


def failed(figures: dict) -> bool:
    return any(figures["failures"].values())


def deadline(args: argparse.Namespace) -> float | None:
    """When to stop taking new inputs (``--max-minutes`` from now), if ever."""
    return time.monotonic() + 60 * args.max_minutes if args.max_minutes else None


def run_command_line(mode: str, args: argparse.Namespace) -> int:
    articles = sources(args.articles) if not args.generated_only else []
    if mode == "cli":
        cases = article_cases(args.seed, args.grammar, args.timeout, articles, args.heavy_share)
    else:
        cases = config_cases(args.seed, args.timeout, articles)
    limits = supervisor.Limits(
        budget=args.budget,
        kill_after=args.kill_after or args.budget + 1.0,
        wall_cap=args.wall_cap,
        memory_mb=args.memory_mb,
        memory_budget_mb=args.memory_budget_mb,
        per_process=args.per_process,
    )
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="factlint-fuzz-"))
    env = {**os.environ, "FACTLINT_CACHE_DIR": str(workdir / "cache")}
    args.crashes.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()

    def progress(tally: supervisor.Tally) -> None:
        rate = tally.inputs / (time.monotonic() - started)
        print(f"{tally.inputs} inputs ({rate:.1f}/s): {dict(tally.kinds)}", flush=True)

    tally = supervisor.run_cases(
        cases,
        args.count,
        jobs=args.jobs,
        limits=limits,
        workdir=workdir,
        crashes=args.crashes,
        env=env,
        progress=None if args.json else progress,
    )
    figures = summary(mode, args, tally, time.monotonic() - started)
    (args.crashes / "summary.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    print_summary(figures, args.json)
    return 1 if failed(figures) else 0


MODES = {
    "article": "atheris: the article model (parse)",
    "engine": "atheris: check_text, grammar none",
    "run": "generated articles through check_text in this process",
    "cli": "mutated real articles through `factlint check --format json`",
    "config": "hostile configs, packs, registers, dictionaries through `factlint check`",
    "lsp": "framed messages to `factlint lsp` over standard input",
    "audit": "mutated archive lines through `factlint audit`",
    "languagetool": "`factlint check` against a fake LanguageTool server's hostile answers",
    "replay": "the saved failing inputs under the folders given, again: do they still fail?",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="modes:\n" + "\n".join(f"  {mode:<13} {what}" for mode, what in MODES.items()),
    )
    parser.add_argument("mode", choices=list(MODES))
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"))
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--grammar", default="none", choices=["none", "harper", "languagetool"])
    parser.add_argument("--budget", type=float, default=10.0, help="CPU seconds per input (10)")
    parser.add_argument("--jobs", type=int, default=2, help="runner processes (2)")
    parser.add_argument("--json", action="store_true", help="the summary as JSON")
    parser.add_argument(
        "--timeout", type=float, help="factlint's --timeout per file (default: factlint's)"
    )
    parser.add_argument("--kill-after", type=float, help="CPU seconds (default: budget + 1)")
    parser.add_argument("--wall-cap", type=float, default=60.0, help="wall seconds (60)")
    parser.add_argument("--memory-mb", type=int, default=4096, help="per runner process")
    parser.add_argument("--per-process", type=int, default=1000, help="inputs per process")
    parser.add_argument("--workdir", type=Path, help="scratch folder (default: a new one)")
    parser.add_argument("--articles", type=int, help="mutate only the first N of each corpus")
    parser.add_argument(
        "--heavy-share",
        type=float,
        default=mutators.HEAVY_SHARE,
        help="share of articles given a costly shape (long token, flood, ...; 0.05)",
    )
    parser.add_argument(
        "--framing-share",
        type=float,
        default=0.03,
        help="lsp: runs with a hostile message the server must pass over (0.03)",
    )
    parser.add_argument(
        "--framing-end-share",
        type=float,
        default=0.003,
        help="lsp: runs with a frame that ends the server, each in a server of its own (0.003)",
    )
    parser.add_argument(
        "--starve-share", type=float, default=0.01, help="lsp: slow-beside-small runs (0.01)"
    )
    parser.add_argument(
        "--probe-cap",
        type=float,
        default=10.0,
        help="lsp: wall seconds for a small or probe document's diagnostics (10)",
    )
    parser.add_argument(
        "--memory-budget-mb", type=float, default=2048, help="peak memory per input (2048)"
    )
    parser.add_argument(
        "--lt-deadline", type=float, default=15.0, help="languagetool: wall seconds (15)"
    )
    parser.add_argument("--audit-lines", type=int, default=50, help="audit: lines an archive (50)")
    parser.add_argument(
        "--max-minutes", type=float, help="stop taking new inputs after this long (none)"
    )
    parser.add_argument("--generated-only", action="store_true", help="no corpus articles")
    args, rest = parser.parse_known_args(argv)
    if args.mode == "run":
        return measure(args.count, args.seed, args.grammar, args.budget, args.crashes)
    if args.mode in ("cli", "config"):
        return run_command_line(args.mode, args)
    if args.mode == "replay":
        from fuzzing import replay

        limits = supervisor.Limits(
            budget=args.budget,
            kill_after=args.kill_after or args.budget + 1.0,
            wall_cap=args.wall_cap,
            memory_mb=args.memory_mb,
        )
        return replay.run([Path(folder) for folder in rest], limits, args.json)
    if args.mode == "lsp":
        from fuzzing import lsp

        return lsp.run(args, summary, print_summary, failed)
    if args.mode == "audit":
        from fuzzing import audit

        return audit.run(args, summary, print_summary, failed)
    if args.mode == "languagetool":
        from fuzzing import languagetool

        return languagetool.run(args, summary, print_summary, failed)
    run_atheris(args.mode, args.crashes, rest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
