"""Recall of NU001 and HL001 on numbers changed in real articles, and their false alarms.

Usage::

    python bench/inject_numbers.py [--limit N]

- ``count-slip``: a count of a noun written twice ("339 people" … "339 people") has its
  second mention changed by a typing slip (two digits swapped, or one digit changed):
  expect NU001 there. ``count-any`` changes it to a different number altogether (NU001
  is not meant to catch that: it tells how much a slip-only rule leaves to a reader).
- ``headline-number``: a number the headline shares with the body is changed in the
  headline: expect HL001 on line 1.

Skips cleanly without the corpora; PolNeAR's test split is never read.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

import regex

from factlint.config import from_mapping
from factlint.data import load as load_data
from factlint.engine import check_text
from factlint.loader import decode

CORPORA = Path(__file__).resolve().parent.parent / ".." / "shared" / "corpora"
CONFIG = from_mapping({"select": ["NU", "HL"], "grammar": {"backend": "none"}}, None)
_COUNT = regex.compile(r"(?<![\d.,])(\d{2,4})\s+([a-z]{3,}s|people)\b")
_HEADLINE_NUMBER = regex.compile(r"(?<![\d.,-])(\d{2,4})(?![\d.,-])")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(3)
    for name, folder in (
        ("bbc_news", [CORPORA / "bbc_news" / "articles"]),
        ("polnear", [CORPORA / "polnear" / "articles" / s for s in ("train", "dev")]),
    ):
        files = [p for f in folder for p in sorted(f.glob("*.txt"))]
        if args.limit:
            files = files[: args.limit]
        if files:
            _measure(name, files, rng)
    return 0


def _measure(corpus: str, files: list[Path], rng: random.Random) -> None:
    hits, cases = Counter(), Counter()
    for path in files:
        text = decode(path.read_bytes())
        for kind, changed, line, code in _cases(text, rng):
            cases[kind] += 1
            result = check_text(path.name, changed, CONFIG)
            hits[kind] += any(d.code == code and d.start.line == line for d in result.diagnostics)
    print(f"{corpus}: {len(files)} articles")
    for kind in ("count-slip", "count-any", "headline-number"):
        total = cases[kind] or 1
        print(f"  {kind:16} {hits[kind]:5}/{cases[kind]:<5} recall {hits[kind] / total:.3f}")


def _cases(text: str, rng: random.Random):
    body_start = text.find("\n") + 1
    mentions: dict[tuple[str, str], list[regex.Match]] = {}
    for match in _COUNT.finditer(text, body_start):
        mentions.setdefault((match.group(1), match.group(2)), []).append(match)
    measures = frozenset(load_data("numbers")["measures"])
    repeated = [ms for (_, noun), ms in mentions.items() if len(ms) >= 2 and noun not in measures]
    if repeated:
        second = rng.choice(repeated)[1]
        number = second.group(1)
        line = text.count("\n", 0, second.start()) + 1
        for kind, new in (("count-slip", _slip(number, rng)), ("count-any", _other(number, rng))):
            changed = text[: second.start(1)] + new + text[second.end(1) :]
            yield kind, changed, line, "NU001"
    headline = text[: body_start - 1]
    shared = [m for m in _HEADLINE_NUMBER.finditer(headline) if m.group(1) in text[body_start:]]
    if shared:
        match = rng.choice(shared)
        new = _other(match.group(1), rng)
        yield "headline-number", text[: match.start(1)] + new + text[match.end(1) :], 1, "HL001"


def _slip(number: str, rng: random.Random) -> str:
    digits = list(number)
    if len(digits) >= 3 and rng.random() < 0.5:
        i = rng.randrange(len(digits))
        digits[i] = rng.choice([d for d in "0123456789" if d != digits[i] and (i or d != "0")])
    else:
        i = rng.randrange(len(digits) - 1)
        if digits[i] == digits[i + 1]:
            digits[i + 1] = "1" if digits[i] != "1" else "2"
        else:
            digits[i], digits[i + 1] = digits[i + 1], digits[i]
    if digits[0] == "0":
        digits[0] = "9"
    return "".join(digits)


def _other(number: str, rng: random.Random) -> str:
    value = int(number)
    return str(value + rng.choice([-1, 1]) * rng.randint(max(2, value // 10), max(3, value // 2)))


if __name__ == "__main__":
    sys.exit(main())
