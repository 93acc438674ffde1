"""``python -m bench NAME [options]``: run one measurement (``NAME --help`` for its options)."""

from __future__ import annotations

import importlib
import sys

# name: (module, one line on what it measures)
MEASUREMENTS: dict[str, tuple[str, str]] = {
    "archive-index": ("archive_index", "AR rules: recall on injected archive defects, costs"),
    "audit": ("audit", "factlint audit beside check --jobs on the BBC corpus; NM100"),
    "eval-defaults": ("eval_defaults", "the default rules on clean copy: findings per 1,000 words"),
    "eval-grammar": ("eval_grammar", "grammar and spelling: JFLEG precision/recall, news noise"),
    "eval-quotes": ("eval_quotes", "quote attribution against PolNeAR's annotations"),
    "eval-sentences": ("eval_sentences", "the sentence splitter against MQM segments"),
    "eval-translation": ("eval_translation", "the translation-artifacts pack against WMT23 MQM"),
    "facts-polnear": ("facts_polnear", "the FC rules on PolNeAR dev with a small register"),
    "fix-safety": ("fix_safety", "check --fix keeps the safe-fix contract on published copy"),
    "html-report": ("html_report", "the HTML report of a long run: size, time, loads"),
    "inject-capitalised": ("inject_capitalised", "recall on misspelt capitalised words, surnames"),
    "inject-dates": ("inject_dates", "DT001/DT003 recall on injected weekdays"),
    "inject-headline-actor": ("inject_headline_actor", "HL003/HL004 recall on altered headlines"),
    "inject-names": ("inject_names", "BY/NM recall on planted name errors"),
    "inject-numbers": ("inject_numbers", "NU001/HL001 recall on changed numbers"),
    "inject-quotes": ("inject_quotes", "QT recall on broken quotations"),
    "judging": ("judging", "precision on real copy, judged (run / precision / gate ...)"),
    "lsp-latency": ("lsp_latency", "factlint lsp: keystroke to fresh findings, memory"),
    "startup": ("startup", "one article: start-up, warm and cold grammar cache"),
    "throughput": ("throughput", "check over a folder: speed, memory, findings"),
}


def usage() -> str:
    width = max(len(name) for name in MEASUREMENTS)
    lines = [f"  {name:{width}}  {summary}" for name, (_, summary) in MEASUREMENTS.items()]
    return (
        "usage: python -m bench NAME [options]\n\n"
        "Measurements of factlint on the corpora (../shared/corpora or $FACTLINT_CORPORA).\n"
        "Each but judging takes --json, --out FILE, --compare (against the stored\n"
        "bench/baselines/NAME.json) and --save-baseline; `python -m bench NAME --help`\n"
        "gives its own options. Run from the repository root.\n\n"
        "measurements:\n" + "\n".join(lines)
    )


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(usage())
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name not in MEASUREMENTS:
        print(f"python -m bench: error: no measurement {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(f"bench.{MEASUREMENTS[name][0]}")
    status: int = module.main(rest)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
