"""How long a user waits for ``factlint check`` on one article: start-up, a warm grammar
cache, one paragraph edited, against Harper alone on the same file.

Run from anywhere::

    python -m bench startup                        # the seed, 7 runs of each, medians
    python -m bench startup --repeats 15 ARTICLE
    python -m bench startup --code /tmp/old-checkout   # another checkout's code, this Python
    python -m bench startup --quick --repeats 1    # the smoke test: no first-ever runs

Every figure is the wall time of a new process (``subprocess``), the median of
``--repeats`` runs (the minimum beside it), with Python's bytecode cached as an installed
factlint has it; each run gets a fresh copy of the cache folder it needs, so no run warms
the next:

- ``import``: ``python -c "import factlint.cli.main"``.
- ``none, first run``: ``factlint check --grammar none`` with an empty cache folder (the
  tables factlint keeps there, word counts, given names, packs, are built).
- ``none``: the same with those tables in the cache folder: start-up as users see it.
- ``unchanged (result cache)``: ``factlint check`` of the article checked before, unchanged:
  its whole result comes from the result cache.
- ``harper, warm``: ``factlint check`` with every paragraph in the grammar cache (the
  article's whole result not kept, so it is checked again).
- ``harper, 1 paragraph edited``: a copy of the article with one word of one paragraph
  changed, the grammar cache warm from the unedited article: Harper is built and checks
  one paragraph.
- ``harper, grammar cache empty``: Harper is built and checks every paragraph.
- ``Harper alone``: a Python process that imports harper, builds its ``Linter`` (the
  dialect factlint uses) and lints each paragraph factlint would send it, as
  ``factlint/backends/harper.py`` does; nothing of factlint.

The ratios divide by ``Harper alone``: factlint's own overhead is what the edited run takes
beyond it. ``--code DIR`` runs factlint from another checkout (``PYTHONPATH=DIR``) with the
same interpreter, to compare before and after. The article defaults to the seed,
``fixtures/kishida-peace-treaty.txt``; the corpora are not needed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import corpora, outputs

NAME = "startup"

# Not passed on: factlint's own settings, and the switch that keeps Python from caching
# bytecode (as an installed factlint has it; compiling its modules would add ~60 ms).
UNSET = ("FACTLINT_", "PYTHONDONTWRITEBYTECODE")
SEED = corpora.REPO_ROOT / "fixtures" / "kishida-peace-treaty.txt"
CHECK = "import sys; from factlint.cli.main import main; sys.exit(main())"
HARPER_ALONE = """\
import json, sys
import harper
texts = json.load(open(sys.argv[1], encoding="utf-8"))
linter = harper.Linter(dialect=harper.Dialect[sys.argv[2]])
for text in texts:
    linter.organized_lints(text, language=harper.Language.PLAINTEXT)
"""


@dataclass
class Figure:
    name: str
    seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


class Runner:
    """Runs the subprocesses: factlint from ``code`` (None: as installed), cache folders
    copied from templates into ``work``."""

    def __init__(self, work: Path, code: Path | None) -> None:
        self.work = work
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(UNSET)}
        if code is not None:
            paths = [str(code.resolve()), *self.env.get("PYTHONPATH", "").split(os.pathsep)]
            self.env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
        self._runs = 0

    def factlint(self, args: list[str], cache: Path | None) -> float:
        """Seconds of one ``factlint`` run with a fresh copy of ``cache`` (None: empty)."""
        self._runs += 1
        folder = self.work / f"cache-{self._runs}"
        if cache is not None:
            shutil.copytree(cache, folder)
        return self.timed([sys.executable, "-c", CHECK, *args], {"FACTLINT_CACHE_DIR": str(folder)})

    def timed(self, command: list[str], env: dict[str, str] | None = None) -> float:
        started = time.perf_counter()
        done = subprocess.run(
            command,
            cwd=self.work,  # `python -c` imports from its folder first: not a checkout's
            env={**self.env, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        if done.returncode not in (0, 1):
            command_line = " ".join(command[:4])
            raise RuntimeError(f"{command_line} ...: exit {done.returncode}\n{done.stderr}")
        return seconds

    def template(self, name: str, article: Path, grammar: str, results: bool = False) -> Path:
        """A cache folder as one run of ``factlint check`` leaves it; without the whole-file
        results unless ``results`` (so that the next run checks the article again)."""
        folder = self.work / name
        self.timed(
            [sys.executable, "-c", CHECK, "check", "--grammar", grammar, str(article)],
            {"FACTLINT_CACHE_DIR": str(folder)},
        )
        folder.mkdir(exist_ok=True)
        if not results:
            shutil.rmtree(folder / "results", ignore_errors=True)
        return folder


def edited_copy(article: Path, folder: Path) -> Path:
    """The article with one word of its middle paragraph changed (written backwards)."""
    paragraphs = article.read_text(encoding="utf-8").split("\n\n")
    middle = len(paragraphs) // 2
    words = paragraphs[middle].split(" ")
    at = next(i for i, word in enumerate(words) if len(word) >= 5 and word.isalpha())
    words[at] = words[at][::-1]
    paragraphs[middle] = " ".join(words)
    copy = folder / article.name
    copy.write_text("\n\n".join(paragraphs), encoding="utf-8")
    return copy


def checked_paragraphs(article: Path) -> list[str]:
    """The paragraphs factlint sends the grammar engine."""
    from factlint.analyses.grammar import CHECKED_KINDS
    from factlint.article import loader
    from factlint.article.document import parse

    text = loader.normalize_newlines(loader.read_text(article))
    doc = parse(str(article), text, loader.is_markdown(str(article)))
    return [p.text for p in doc.paragraphs if p.kind in CHECKED_KINDS]


def measure(article: Path, repeats: int, quick: bool, code: Path | None) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="factlint-startup-") as name:
        runner = Runner(Path(name), code)
        cases = [case for case in _cases(runner, article) if not (quick and case[0] in QUICK_SKIPS)]
        figures = [Figure(label, []) for label, _ in cases]
        for _ in range(repeats):  # interleaved: a noisy minute spreads over every figure
            for figure, (_, run) in zip(figures, cases, strict=True):
                figure.seconds.append(run())
        return figures


def _cases(runner: Runner, article: Path) -> list[tuple[str, Callable[[], float]]]:
    """What is timed, by name: each a function that runs it once."""
    from factlint.backends import GrammarSettings

    (runner.work / "edited").mkdir()
    edited = edited_copy(article, runner.work / "edited")
    texts = runner.work / "paragraphs.json"
    texts.write_text(json.dumps(checked_paragraphs(edited)), encoding="utf-8")
    tables = runner.template("tables", article, "none")
    warm = runner.template("warm", article, "harper")
    unchanged = runner.template("unchanged", article, "harper", results=True)
    alone = [sys.executable, "-c", HARPER_ALONE, str(texts), GrammarSettings().dialect.upper()]

    def check(path: Path, grammar: str, cache: Path | None) -> Callable[[], float]:
        return lambda: runner.factlint(["check", "--grammar", grammar, str(path)], cache)

    return [
        ("import", lambda: runner.timed([sys.executable, "-c", "import factlint.cli.main"])),
        ("none, first run", check(article, "none", None)),
        ("none", check(article, "none", tables)),
        ("unchanged (result cache)", check(article, "harper", unchanged)),
        ("harper, warm", check(article, "harper", warm)),
        ("harper, 1 paragraph edited", check(edited, "harper", warm)),
        ("harper, grammar cache empty", check(article, "harper", tables)),
        ("Harper alone", lambda: runner.timed(alone)),
    ]


QUICK_SKIPS = ("none, first run", "harper, grammar cache empty")


def report(figures: list[Figure], article: Path, repeats: int, code: Path | None) -> str:
    alone = next((f.median for f in figures if f.name == "Harper alone"), None)
    where = f"factlint from {code}" if code else "factlint as installed"
    lines = [
        f"{article.name}: {repeats} runs of each, {where}, Python {sys.version.split()[0]}",
        f"{'':<30}{'median s':>10}{'min s':>9}{'/ Harper alone':>16}",
    ]
    for figure in figures:
        ratio = f"{figure.median / alone:>16.2f}" if alone else ""
        lines.append(f"{figure.name:<30}{figure.median:>10.3f}{min(figure.seconds):>9.3f}{ratio}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("article", nargs="?", type=Path, default=SEED, help="default: the seed")
    parser.add_argument("--repeats", type=int, default=7, help="runs of each (default 7)")
    parser.add_argument("--quick", action="store_true", help="leave out the first-ever runs")
    parser.add_argument("--code", type=Path, help="run factlint from this checkout instead")
    return outputs.parse(NAME, parser, argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    absent = corpora.missing(args.article, *([args.code] if args.code else []))
    if absent:
        return corpora.skip(NAME, *absent)
    figures = measure(args.article, max(1, args.repeats), args.quick, args.code)
    with outputs.text_output(args):
        print(report(figures, args.article, max(1, args.repeats), args.code))
    return outputs.finish(args, {f.name: {"median": f.median, "runs": f.seconds} for f in figures})


if __name__ == "__main__":
    raise SystemExit(main())
