"""Grammar and spelling measured on real text: JFLEG precision and recall, and how much the
name-aware spelling filter removes on news copy.

Usage::

    python -m bench eval-grammar jfleg              # JFLEG dev, Harper alone vs factlint
    python -m bench eval-grammar news [FOLDER]      # GR/SP per 1,000 words, before/after names
    python -m bench eval-grammar news --sample 30   # ... and 30 remaining diagnostics to review
    python -m bench eval-grammar jfleg --limit 50   # the first 50 sentences only

JFLEG: a source sentence *needs a correction* when it differs (ignoring spacing) from at
least three of its four human corrections. "Harper alone" predicts yes when Harper reports
anything in the sentence; "factlint" when factlint's grammar and spelling rules do (GR100,
SP100, GR001; the sentence is checked as an article of one paragraph). News: Harper's raw
spelling matches ("before") against SP100 and SP101 ("after": names the article spells
consistently, authors' names and the user dictionary accepted). Skips cleanly when the
corpora are absent.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any

from bench import corpora, outputs
from factlint.backends import GrammarSettings, get_backend
from factlint.engine.run import check_text

NAME = "eval-grammar"

GRAMMAR_CODES = ("GR100", "SP100", "SP103", "GR001")


def main(argv: list[str] | None = None) -> int:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("what", choices=("jfleg", "news"))
    parser.add_argument("folder", nargs="?", type=Path, help="news: default BBC's articles")
    parser.add_argument("--dialect", default="british", help="Harper's dialect for news")
    parser.add_argument("--limit", type=int, default=0, help="only the first N sentences/articles")
    parser.add_argument("--sample", type=int, default=0)
    args = outputs.parse(NAME, parser, argv)
    absent = corpora.jfleg_dev() if args.what == "jfleg" else args.folder or corpora.bbc_folder()
    if not absent.exists():
        return corpora.skip(NAME, absent)
    with outputs.text_output(args):
        if args.what == "jfleg":
            figures = _jfleg(args.limit)
        else:
            figures = _news(
                args.folder or corpora.bbc_folder(), args.dialect, args.limit, args.sample
            )
    return outputs.finish(args, figures)


def _normal(text: str) -> str:
    return " ".join(text.split())


def _jfleg(limit: int) -> dict[str, Any]:
    path = corpora.jfleg_dev()
    rows = corpora.limited(corpora.read_tsv(path), limit)
    backend = get_backend(GrammarSettings(dialect="american"))
    assert backend is not None, "Harper is a dependency of factlint"
    config = corpora.config(GRAMMAR_CODES, grammar={})
    counts: dict[str, Counter[tuple[bool, bool]]] = {"harper": Counter(), "factlint": Counter()}
    figures: dict[str, Any] = {"sentences": len(rows)}
    for row in rows:
        refs = [row[f"ref{i}"] for i in range(4) if row.get(f"ref{i}")]
        gold = sum(_normal(r) != _normal(row["source"]) for r in refs) >= 3
        harper_says = bool(backend.check([row["source"]])[0])
        result = check_text("sentence.txt", row["source"] + "\n", config)
        factlint_says = any(d.code in GRAMMAR_CODES for d in result.diagnostics)
        for name, says in (("harper", harper_says), ("factlint", factlint_says)):
            counts[name][(gold, says)] += 1
    positives = counts["harper"][(True, True)] + counts["harper"][(True, False)]
    print(f"JFLEG dev: {len(rows)} sentences, {positives} need a correction", end=" ")
    print("(at least 3 of 4 references differ)")
    figures["need_correction"] = positives
    for name, c in counts.items():
        tp, fp, fn = c[(True, True)], c[(False, True)], c[(True, False)]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f05 = 1.25 * precision * recall / (0.25 * precision + recall) if recall else 0.0
        scores = f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  F0.5 {f05:.3f}"
        print(f"  {name:9} {scores}  (flagged {tp + fp})")
        figures[name] = {
            "flagged": tp + fp,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "f05": round(f05, 4),
        }
    return figures


def _news(folder: Path, dialect: str, limit: int, sample: int) -> dict[str, Any]:
    files = corpora.limited(sorted(folder.glob("*.txt")), limit)
    config = corpora.config(["GR", "SP"], grammar={"dialect": dialect})
    words = 0
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    remaining: list[str] = []
    for path in files:
        text = corpora.read_article(path)
        words += len(text.split())
        result = check_text(path.name, text, config)
        for item in corpora.context(path.name, text, config).grammar_matches:
            before["SP" if item.match.spelling else "GR"] += 1
        for d in result.diagnostics:
            after[d.code] += 1
            line = text.split("\n")[d.start.line - 1]
            context = line[max(0, d.start.column - 40) : d.start.column + 30]
            remaining.append(f"{path.name}:{d.start.line}: {d.code} {d.message[:70]} | {context!r}")
    per_k = 1000 / max(words, 1)
    print(f"{folder}: {len(files)} articles, {words} words, Harper dialect {dialect}")
    rates = f"GR {before['GR'] * per_k:.2f}  SP {before['SP'] * per_k:.2f}"
    print(f"  before (Harper, every match): {rates} per 1,000 words")
    for code in ("GR100", "GR101", "SP100", "SP101", "SP103"):
        print(f"  after  {code}: {after[code]:6}  {after[code] * per_k:.2f} per 1,000 words")
    for line in random.Random(5).sample(remaining, min(sample, len(remaining))):
        print("   ", line)
    return {
        "articles": len(files),
        "words": words,
        "before_per_1000_words": {kind: round(n * per_k, 4) for kind, n in sorted(before.items())},
        "after": {code: after[code] for code in ("GR100", "GR101", "SP100", "SP101", "SP103")},
    }


if __name__ == "__main__":
    raise SystemExit(main())
