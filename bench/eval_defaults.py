"""What the default configuration reports on clean, edited copy: diagnostics per 1,000 words,
error-level findings per article, and a table of codes, from factlint's own JSON reports.

Usage::

    python -m bench eval-defaults --reports-dir DIR --jobs 2 # check BBC and PolNeAR dev with
                                                             # the default config, then report
    python -m bench eval-defaults bbc.json                   # the figures of one report
    python -m bench eval-defaults before.json after.json     # two reports side by side
    python -m bench eval-defaults after.json --sample SP100 --count 30   # findings to review

Words are counted as ``str.split`` counts them in each file the report names (the file is
read again). The JSON is factlint's version 1 document, so a report made by any version
of factlint (say, main's, before a change) can be compared with today's.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import corpora, outputs

NAME = "eval-defaults"


@dataclass
class Report:
    name: str
    articles: int
    words: int
    codes: Counter[str]
    errors: int
    findings: list[tuple[str, dict]]  # (path, diagnostic)

    @property
    def total(self) -> int:
        return sum(self.codes.values())

    def per_k(self, count: int) -> float:
        return 1000 * count / max(self.words, 1)


def read_report(path: Path) -> Report:
    document = json.loads(path.read_text(encoding="utf-8"))
    codes: Counter[str] = Counter()
    findings = []
    words = errors = articles = 0
    for entry in document["files"]:
        if entry.get("error"):
            continue
        articles += 1
        words += len(Path(entry["path"]).read_text(encoding="utf-8").split())
        for diagnostic in entry["diagnostics"]:
            codes[diagnostic["code"]] += 1
            errors += diagnostic["severity"] == "error"
            findings.append((entry["path"], diagnostic))
    return Report(path.name, articles, words, codes, errors, findings)


def summary_line(report: Report) -> str:
    return (
        f"{report.name}: {report.articles} articles, {report.words} words: "
        f"{report.total} diagnostics, {report.per_k(report.total):.2f} per 1,000 words; "
        f"{report.errors} error-level, {report.errors / max(report.articles, 1):.3f} per article"
    )


def code_table(reports: list[Report], top: int) -> list[str]:
    codes: Counter[str] = Counter()
    for report in reports:
        codes.update(report.codes)
    header = "code    " + "".join(f"{r.name[:18]:>20} {'/1k':>6}" for r in reports)
    lines = [header]
    for code, _ in codes.most_common(top):
        cells = "".join(f"{r.codes[code]:>20} {r.per_k(r.codes[code]):>6.2f}" for r in reports)
        lines.append(f"{code:8}{cells}")
    return lines


def sample(report: Report, code: str, count: int, seed: int) -> list[str]:
    chosen = [(p, d) for p, d in report.findings if d["code"] == code]
    lines = []
    for path, d in random.Random(seed).sample(chosen, min(count, len(chosen))):
        text = Path(path).read_text(encoding="utf-8").split("\n")[d["line"] - 1]
        start = d["column"] - 1
        context = text[max(0, start - 45) : start + d["length"] + 30]
        lines.append(f"{Path(path).name}:{d['line']}: {d['message'][:80]} | {context!r}")
    return lines


def _polnear_dev() -> Path:
    return corpora.polnear_folder() / "articles" / "dev"


def run_factlint(folder: Path, report: Path, jobs: int, limit: int = 0) -> Path:
    """``factlint check`` with no configuration of the project's on ``folder`` (its first
    ``limit`` articles, when given), its JSON report written to ``report``."""
    report.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "factlint", "check", "--format", "json", "--exit-zero"]
    command += ["--no-progress", "--jobs", str(jobs), "-o", str(report.resolve())]
    command += [str(p) for p in sorted(folder.glob("*.txt"))[:limit]] if limit else [str(folder)]
    subprocess.run(command, check=True, cwd=folder)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("reports", nargs="*", type=Path, help="factlint JSON reports")
    parser.add_argument("--reports-dir", type=Path, help="where the reports of a new run go")
    parser.add_argument("--limit", type=int, default=0, help="a new run: N articles a corpus")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--top", type=int, default=25, help="rows of the code table")
    parser.add_argument("--sample", metavar="CODE", help="print findings of CODE to review")
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--seed", type=int, default=17)
    args = outputs.parse(NAME, parser, argv)
    paths = args.reports
    if not paths:
        folders = {"bbc": corpora.bbc_folder(), "polnear-dev": _polnear_dev()}
        absent = corpora.missing(*folders.values())
        if absent:
            return corpora.skip(NAME, *absent)
        out = args.reports_dir or Path(tempfile.mkdtemp(prefix="eval-defaults-"))
        paths = [
            run_factlint(folder, out / f"{name}.json", args.jobs, args.limit)
            for name, folder in folders.items()
        ]
    reports = [read_report(path) for path in paths]
    with outputs.text_output(args):
        for report in reports:
            print(summary_line(report))
        print("\n".join(code_table(reports, args.top)))
        if args.sample:
            print(
                f"\n{args.count} {args.sample} findings of {reports[-1].name} (seed {args.seed}):"
            )
            print("\n".join(sample(reports[-1], args.sample, args.count, args.seed)))
    return outputs.finish(args, {report.name: figures(report) for report in reports})


def figures(report: Report) -> dict[str, Any]:
    return {
        "articles": report.articles,
        "words": report.words,
        "diagnostics": report.total,
        "per_1000_words": round(report.per_k(report.total), 4),
        "errors": report.errors,
        "errors_per_article": round(report.errors / max(report.articles, 1), 4),
        "by_code": dict(sorted(report.codes.items())),
    }


if __name__ == "__main__":
    raise SystemExit(main())
