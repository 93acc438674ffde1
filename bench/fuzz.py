"""Fuzzing factlint: coverage-guided targets (atheris) and the issue's measurement run.

Coverage-guided, with atheris (``pip install atheris``); libFuzzer's flags follow the
target, and a crashing input is written to ``--crashes`` (default ``fuzz-crashes/``)::

    python bench/fuzz.py article -atheris_runs=100000    # the article model (parse)
    python bench/fuzz.py engine -atheris_runs=100000     # check_text, grammar none
    python bench/fuzz.py engine --crashes /tmp/crashes -max_total_time=600

Copy each crashing input into ``tests/fuzz_regressions/`` (``tests/test_fuzz.py`` checks
them all). The measurement: N generated articles, each checked in this process::

    python bench/fuzz.py run --count 100000                   # grammar none
    python bench/fuzz.py run --count 2000 --grammar harper    # grammar on
    python bench/fuzz.py run --count 1000 --seed 7 --budget 10

It prints the crashes (an exception out of ``check_text``, or an internal error in the
result), the inputs over the time budget, and diagnostics whose offset, length or
position lies outside the text or disagrees with it; crashing and slow inputs are written
to ``--crashes``. Exits 1 when any was found. The budget counts the CPU time of the check
(``time.process_time``), so that a busy machine does not make an input look slow; the
slowest wall time is printed beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

SEPARATORS = ["\u00a0", "\u2028", "\u2029", "\u0085", "\u2009", "\u202f", "\u3000", "\t"]
PIECES = [
    "“", "”", '"', "‘", "’", "'", "(", ")", "[", "]", ". ", ", ", ": ", "? ", " — ", "I",
    "J. ", "Mr. ", "Dr ", "Kishida", "Fumio Kishida", " said ", " she said. ",
    " told reporters: ", "According to Ms Tanaka, ", "We will go", "PENCE: ", "\n",
    "1.5 ", "2024", "50%", "$3bn", "<!-- factlint-disable -->", "*", "`", "é",
]  # fmt: skip
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["article", "engine", "run"])
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"))
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--grammar", default="none", choices=["none", "harper", "languagetool"])
    parser.add_argument("--budget", type=float, default=10.0, help="CPU seconds per article")
    args, rest = parser.parse_known_args(argv)
    if args.mode == "run":
        return measure(args.count, args.seed, args.grammar, args.budget, args.crashes)
    run_atheris(args.mode, args.crashes, rest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
