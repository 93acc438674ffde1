"""Precision on real copy, judged: draw factlint's findings on the news corpora, hand them to
independent judges, keep their verdicts, and report precision per rule from them.

Usage::

    python -m bench judging run --out DIR                # factlint (defaults) over BBC and
                                                         # PolNeAR train+dev: DIR/*.json
    python -m bench judging draw DIR/*.json --count 600 --seed 1 --round 1
                                                         # a stratified random draw, appended
                                                         # to bench/judged/items.jsonl
    python -m bench judging packets --round 1 --parts 3 --out /tmp/packets
                                                         # what each judge reads (not kept)
    python -m bench judging precision DIR/*.json         # precision per rule and engine rule
                                                         # of what the reports still report
    python -m bench judging gate DIR/*.json --fail-on warning   # how many articles fail,
                                                         # and how many of those hold a real error
    python -m bench judging                              # run, then precision and gate

The judged set lives in ``bench/judged/``: ``items.jsonl`` (one drawn finding a line: article
id, span, code, engine rule, severity and fix when drawn, and a hash of the spanned text),
``verdicts/JUDGE.jsonl`` (one verdict a line: ``error``, ``style`` or ``false``, whether the
offered fix is ``good`` or ``bad``, and a short reason) and ``reconciled.jsonl`` (the verdict
where the judges disagreed, decided by reading the article). No corpus text is kept: judges
read the articles in ``../shared/corpora``. ``BRIEF.md`` is what every judge is told.

A finding counts as correct when its verdict is ``error`` or ``style``. A finding of today's
reports is matched to a judged item by article, line, column, length and code, so a finding
that a change moves or makes new is unjudged until a later round judges it (``precision``
says how many are).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

if not __package__:  # run as ``python bench/judging.py``: import bench/ as the package
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import corpora
from factlint.core.diagnostics import Severity

JUDGED = Path(__file__).resolve().parent / "judged"
VERDICTS = ("error", "style", "false")
CORRECT = frozenset({"error", "style"})
ENGINE_CODES = frozenset({"GR100", "GR101", "SP100", "SP101", "SP103"})
_ENGINE_TAG = re.compile(r"\[(\w+)\]")
# Codes that took over findings of another: a finding re-coded keeps its verdict (SP103
# reports the capitalised words SP100 used to).
RENAMED = {"SP103": "SP100"}


# --- findings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """One finding of a factlint JSON report, on a corpus article."""

    article: str  # bbc_news/business_001, polnear/dev/NAME
    path: Path
    diagnostic: dict

    @property
    def key(self) -> str:
        d = self.diagnostic
        return f"{self.article}:{d['line']}:{d['column']}:{d['length']}:{d['code']}"

    def judged_key(self, judged: Container[str]) -> str:
        """The key under which this finding was judged: its own, or the same span under
        the code it had before a rename."""
        if self.key in judged or self.code not in RENAMED:
            return self.key
        old = self.key.rsplit(":", 1)[0] + ":" + RENAMED[self.code]
        return old if old in judged else self.key

    @property
    def code(self) -> str:
        return str(self.diagnostic["code"])

    @property
    def severity(self) -> str:
        return str(self.diagnostic["severity"])

    @property
    def engine_rule(self) -> str | None:
        """The grammar engine's own rule (Harper's ``SpellCheck``) of a GR or SP finding."""
        if self.code not in ENGINE_CODES:
            return None
        rule = self.diagnostic.get("engine_rule")
        if rule:
            return str(rule)
        tags = _ENGINE_TAG.findall(self.diagnostic["message"])
        return tags[-1] if tags else "factlint"

    @property
    def rule(self) -> str:
        """The code, with the engine rule for the grammar and spelling codes."""
        return f"{self.code}/{self.engine_rule}" if self.engine_rule else self.code


def article_id(path: Path) -> str:
    """``bbc_news/business_001`` or ``polnear/dev/NAME`` for a corpus article's path."""
    parts = path.resolve().parts
    if "bbc_news" in parts:
        return f"bbc_news/{path.stem}"
    if "polnear" in parts:
        return f"polnear/{parts[-2]}/{path.stem}"
    return path.stem


def article_path(article: str) -> Path:
    corpus, _, rest = article.partition("/")
    if corpus == "bbc_news":
        return corpora.bbc_folder() / f"{rest}.txt"
    split, _, name = rest.partition("/")
    return corpora.polnear_folder() / "articles" / split / f"{name}.txt"


def read_reports(paths: Iterable[Path]) -> Iterator[tuple[str, Path, list[dict] | None]]:
    """(article id, path, diagnostics) for every file of the reports; None where the file
    could not be checked."""
    for report in paths:
        document = json.loads(Path(report).read_text(encoding="utf-8"))
        for entry in document["files"]:
            path = Path(entry["path"])
            diagnostics = None if entry.get("error") else entry["diagnostics"]
            yield article_id(path), path, diagnostics


def findings(paths: Iterable[Path]) -> list[Found]:
    return [
        Found(article, path, d)
        for article, path, diagnostics in read_reports(paths)
        for d in diagnostics or ()
        if article.split("/")[:2] != ["polnear", "test"]
    ]


def span_hash(path: Path, offset: int, length: int) -> str:
    text = corpora.read_article(path)
    return hashlib.sha1(text[offset : offset + length].encode()).hexdigest()[:12]


# --- the judged set ---------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def items(base: Path = JUDGED) -> dict[str, dict]:
    return {item["id"]: item for item in read_jsonl(base / "items.jsonl")}


def verdicts(base: Path = JUDGED) -> dict[str, dict[str, dict]]:
    """Each judge's verdicts, by item id."""
    found: dict[str, dict[str, dict]] = defaultdict(dict)
    for path in sorted((base / "verdicts").glob("*.jsonl")):
        for row in read_jsonl(path):
            if row.get("verdict") not in VERDICTS:
                raise ValueError(f"{path.name}: {row.get('id')}: verdict must be one of {VERDICTS}")
            found[row["id"]][path.stem] = row
    return found


def final_verdicts(base: Path = JUDGED) -> tuple[dict[str, str], list[str]]:
    """The verdict of each item the judges agree on or that was reconciled, and the ids
    still in dispute (some judges say correct, some false). Where all say correct, some
    ``error`` and some ``style``, the verdict is ``style``."""
    reconciled = {row["id"]: row["verdict"] for row in read_jsonl(base / "reconciled.jsonl")}
    final: dict[str, str] = {}
    disputed = []
    for key, by_judge in verdicts(base).items():
        said = {row["verdict"] for row in by_judge.values()}
        if key in reconciled:
            final[key] = reconciled[key]
        elif len(by_judge) < 2:
            continue
        elif len(said) == 1:
            final[key] = said.pop()
        elif said <= CORRECT:
            final[key] = "style"  # error or style: correct either way; the milder counts
        else:
            disputed.append(key)
    return final, disputed


def agreement(base: Path = JUDGED) -> tuple[int, int]:
    """(items two or more judges labelled alike as correct or false, items they labelled)."""
    agree = total = 0
    for by_judge in verdicts(base).values():
        if len(by_judge) >= 2:
            total += 1
            agree += len({row["verdict"] in CORRECT for row in by_judge.values()}) == 1
    return agree, total


# --- drawing ----------------------------------------------------------------------------


def draw(found: list[Found], count: int, seed: int, known: set[str]) -> list[Found]:
    """``count`` findings not yet judged, drawn at random stratified by code, each code's
    share in proportion to the square root of its number of findings: a rare rule is judged
    whole, a common one by a larger sample than a middling one (the engine's rules within a
    code in proportion to their findings)."""
    by_rule: dict[str, list[Found]] = defaultdict(list)
    for f in found:
        if f.judged_key(known) not in known:
            by_rule[f.code].append(f)
    rng = random.Random(seed)
    for rule in sorted(by_rule):
        rng.shuffle(by_rule[rule])
    shares = _shares({rule: len(pool) for rule, pool in by_rule.items()}, count)
    return [f for rule in sorted(by_rule) for f in by_rule[rule][: shares[rule]]]


def _shares(sizes: dict[str, int], count: int) -> dict[str, int]:
    """How many of each rule's ``sizes`` findings to draw, ``count`` in all: in proportion
    to the square root of its size, never more than it has."""
    shares = dict.fromkeys(sizes, 0)
    open_rules = {rule for rule, size in sizes.items() if size}
    left = min(count, sum(sizes.values()))
    while left > 0 and open_rules:
        weights = {rule: sizes[rule] ** 0.5 for rule in open_rules}
        total = sum(weights.values())
        given = 0
        for rule in sorted(open_rules, key=lambda r: -weights[r]):
            extra = min(max(1, round(left * weights[rule] / total)), sizes[rule] - shares[rule])
            extra = min(extra, left - given)
            shares[rule] += extra
            given += extra
        left -= given
        open_rules = {rule for rule in open_rules if shares[rule] < sizes[rule]}
        if not given:
            break
    return shares


def item_row(f: Found, round_: int) -> dict:
    d = f.diagnostic
    return {
        "id": f.key,
        "article": f.article,
        "line": d["line"],
        "column": d["column"],
        "length": d["length"],
        "code": f.code,
        "engine_rule": f.engine_rule,
        "severity": f.severity,
        "has_fix": d["fix"] is not None,
        "safe_fix": bool(d["fix"] and d["fix"]["safe"]),
        "span_sha": span_hash(f.path, d["offset"], d["length"]),
        "round": round_,
    }


def packet_row(item: dict, found: Found | None) -> dict:
    """What a judge reads of one item: where it is, the span, factlint's message and fix
    (from the report, so never kept in the repository)."""
    path = article_path(item["article"])
    text = corpora.read_article(path)
    line = text.split("\n")[item["line"] - 1]
    start = item["column"] - 1
    row = {
        "id": item["id"],
        "article_file": str(path),
        "line": item["line"],
        "column": item["column"],
        "span": line[start : start + item["length"]],
        "line_excerpt": line[max(0, start - 150) : start + item["length"] + 150],
        "code": item["code"],
    }
    if found is not None:
        fix = found.diagnostic["fix"]
        row["message"] = found.diagnostic["message"]
        row["fix"] = None if fix is None else fix["replacement"]
    return row


# --- reporting --------------------------------------------------------------------------


def precision_table(found: list[Found], final: dict[str, str], by: str) -> list[str]:
    """Per rule (``by``: ``code`` or ``rule``): findings now, judged, error/style/false
    and precision, counting style notes as correct."""
    population: Counter[str] = Counter()
    severity: dict[str, Counter[str]] = defaultdict(Counter)
    judged: dict[str, Counter[str]] = defaultdict(Counter)
    for f in found:
        label = getattr(f, by)
        population[label] += 1
        severity[label][f.severity] += 1
        if f.judged_key(final) in final:
            judged[label][final[f.judged_key(final)]] += 1
    lines = [
        f"{'rule':28} {'severity':>9} {'now':>6} {'judged':>6} {'error':>6} {'style':>6} "
        f"{'false':>6} {'precision':>9}"
    ]
    for label in sorted(population, key=lambda r: (-population[r], r)):
        counts = judged[label]
        n = sum(counts.values())
        correct = counts["error"] + counts["style"]
        shown = f"{correct / n:.2f}" if n else "-"
        level = "/".join(sorted(severity[label]))
        lines.append(
            f"{label:28} {level:>9} {population[label]:>6} {n:>6} {counts['error']:>6} "
            f"{counts['style']:>6} {counts['false']:>6} {shown:>9}"
        )
    return lines


def markdown_table(found: list[Found], final: dict[str, str]) -> list[str]:
    """Per code, a Markdown table row: default severity now, judged, right, precision."""
    severity: dict[str, set[str]] = defaultdict(set)
    judged: dict[str, Counter[bool]] = defaultdict(Counter)
    for f in found:
        severity[f.code].add(f.severity)
        key = f.judged_key(final)
        if key in final:
            judged[f.code][final[key] in CORRECT] += 1
    lines = ["| rule | default | judged | right | precision |", "|---|---|---|---|---|"]
    for code in sorted(judged):
        counts = judged[code]
        n = counts[True] + counts[False]
        level = "/".join(sorted(severity[code]))
        lines.append(f"| {code} | {level} | {n} | {counts[True]} | {counts[True] / n:.2f} |")
    return lines


def level_precision(found: list[Found], final: dict[str, str], levels: set[str]) -> str:
    """Precision of the judged findings at ``levels``, as judged (the sample) and
    weighted by each rule's share of the findings (the population)."""
    chosen = [f for f in found if f.severity in levels]
    judged = [f for f in chosen if f.judged_key(final) in final]
    if not judged:
        return f"{'+'.join(sorted(levels))}: none judged of {len(chosen)}"
    correct = sum(final[f.judged_key(final)] in CORRECT for f in judged)
    per_rule: dict[str, list[bool]] = defaultdict(list)
    for f in judged:
        per_rule[f.rule].append(final[f.judged_key(final)] in CORRECT)
    sizes = Counter(f.rule for f in chosen)
    covered = sum(sizes[rule] for rule in per_rule)
    weighted = sum(sizes[rule] * sum(v) / len(v) for rule, v in per_rule.items()) / covered
    return (
        f"{'+'.join(sorted(levels))}: {len(chosen)} findings, {len(judged)} judged: "
        f"precision {correct / len(judged):.3f} as judged, {weighted:.3f} weighted by rule "
        f"({covered} of {len(chosen)} findings in judged rules)"
    )


def gate(paths: list[Path], final: dict[str, str], fail_levels: set[str]) -> list[str]:
    """Articles that fail the gate (a finding at ``fail_levels``), per corpus, and how many of
    those hold a finding judged a real error at a failing level."""
    lines = []
    by_corpus: dict[str, list[tuple[str, list[Found]]]] = defaultdict(list)
    for article, path, diagnostics in read_reports(paths):
        corpus = "/".join(article.split("/")[:-1])
        failing = [
            Found(article, path, d) for d in diagnostics or () if d["severity"] in fail_levels
        ]
        by_corpus[corpus].append((article, failing))
    for corpus, articles in sorted(by_corpus.items()):
        failed = [(a, fs) for a, fs in articles if fs]
        fully_judged = [
            (a, fs) for a, fs in failed if all(f.judged_key(final) in final for f in fs)
        ]
        real = [a for a, fs in failed if any(final.get(f.judged_key(final)) == "error" for f in fs)]
        correct = [
            a for a, fs in failed if any(final.get(f.judged_key(final)) in CORRECT for f in fs)
        ]
        share = len(failed) / max(len(articles), 1)
        lines.append(
            f"{corpus}: {len(failed)} of {len(articles)} articles fail ({share:.1%}); of those, "
            f"{len(real)} hold a finding judged a real error, {len(correct)} one judged error or "
            f"style; {len(fully_judged)} have every failing finding judged"
        )
    return lines


# --- running factlint -------------------------------------------------------------------


def run_factlint(out: Path, jobs: int, extra: list[str]) -> list[Path]:
    """factlint's JSON reports, with the default configuration, on BBC (every article) and
    PolNeAR train and dev: ``out/bbc_news.json``, ``out/polnear-train.json``,
    ``out/polnear-dev.json``."""
    out.mkdir(parents=True, exist_ok=True)
    folders = {
        "bbc_news": corpora.bbc_folder(),
        **{
            f"polnear-{s}": corpora.polnear_folder() / "articles" / s
            for s in corpora.POLNEAR_SPLITS
        },
    }
    reports = []
    for name, folder in folders.items():
        report = out / f"{name}.json"
        command = [sys.executable, "-m", "factlint", "check", "--format", "json", "--exit-zero"]
        command += ["--no-progress", "--jobs", str(jobs), "-o", str(report), *extra, str(folder)]
        subprocess.run(command, check=True, cwd=folder)
        reports.append(report)
    return reports


# --- the command line -------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "action",
        nargs="?",
        default="all",
        choices=("all", "run", "draw", "packets", "precision", "gate"),
    )
    parser.add_argument("reports", nargs="*", type=Path, help="factlint JSON reports")
    parser.add_argument("--out", type=Path, help="run: the reports' folder; packets: theirs")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--count", type=int, default=600, help="draw: how many findings")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--round", type=int, default=1, dest="round_")
    parser.add_argument("--parts", type=int, default=1, help="packets: how many packets")
    parser.add_argument("--codes", help="draw: only these codes, comma-separated")
    parser.add_argument(
        "--levels",
        default="error,warning,info",
        help="draw: only findings at these severities (default all)",
    )
    parser.add_argument("--fail-on", default="warning", choices=("error", "warning", "info"))
    parser.add_argument("--judged", type=Path, default=JUDGED, help="the judged set's folder")
    parser.add_argument(
        "--markdown", action="store_true", help="precision: one Markdown table, per code"
    )
    args = parser.parse_args(argv)

    if args.action in ("all", "run") and not args.reports:
        absent = corpora.missing(corpora.bbc_folder(), corpora.polnear_folder())
        if absent:
            return corpora.skip("judging", *absent)
        out = args.out or Path(tempfile.mkdtemp(prefix="judging-"))
        args.reports = run_factlint(out, args.jobs, [])
        print(f"reports in {out}")
        if args.action == "run":
            return 0
    if not args.reports and args.action != "packets":
        parser.error(f"{args.action}: name the factlint JSON reports")
    found = findings(args.reports)
    if args.action == "draw":
        return _draw(args, found)
    if args.action == "packets":
        return _packets(args, found)
    final, disputed = final_verdicts(args.judged)
    if args.action == "precision" and args.markdown:
        print("\n".join(markdown_table(found, final)))
        return 0
    if args.action in ("all", "precision"):
        agree, total = agreement(args.judged)
        print(
            f"judged items: {len(final)} decided, {len(disputed)} in dispute; judges agreed "
            f"(correct or false) on {agree} of {total}"
        )
        print(level_precision(found, final, {"error", "warning"}))
        print(level_precision(found, final, {"error"}))
        print(level_precision(found, final, {"info"}))
        print("\n".join(precision_table(found, final, "code")))
        print()
        print("\n".join(precision_table([f for f in found if f.engine_rule], final, "rule")))
    if args.action in ("all", "gate"):
        failing = Severity.parse(args.fail_on)
        levels = {level.label for level in Severity if level >= failing}
        print("\n".join(gate(args.reports, final, levels)))
    return 0


def _draw(args: argparse.Namespace, found: list[Found]) -> int:
    known = set(items(args.judged))
    levels = set(args.levels.split(","))
    pool = [f for f in found if f.severity in levels]
    if args.codes:
        codes = set(args.codes.split(","))
        pool = [f for f in pool if f.code in codes]
    chosen = draw(pool, args.count, args.seed, known)
    args.judged.mkdir(parents=True, exist_ok=True)
    with (args.judged / "items.jsonl").open("a", encoding="utf-8") as handle:
        for f in chosen:
            handle.write(json.dumps(item_row(f, args.round_)) + "\n")
    print(
        f"drew {len(chosen)} of {len(pool)} findings not yet judged (round {args.round_}): "
        + ", ".join(f"{rule} {n}" for rule, n in Counter(f.rule for f in chosen).most_common())
    )
    return 0


def _packets(args: argparse.Namespace, found: list[Found]) -> int:
    by_key = {f.key: f for f in found}
    chosen = [item for item in items(args.judged).values() if item["round"] == args.round_]
    out = args.out or Path(tempfile.mkdtemp(prefix="packets-"))
    out.mkdir(parents=True, exist_ok=True)
    chosen.sort(key=lambda item: item["article"])  # a judge reads each article once
    parts = max(1, args.parts)
    size = -(-len(chosen) // parts)
    for number in range(parts):
        part = chosen[number * size : (number + 1) * size]
        path = out / f"packet-{args.round_}-{number + 1}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for item in part:
                handle.write(json.dumps(packet_row(item, by_key.get(item["id"]))) + "\n")
        print(f"{path}: {len(part)} findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
