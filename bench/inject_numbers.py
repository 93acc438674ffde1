"""Recall of NU001 and HL001 on numbers changed in real articles, and their false alarms.

Usage::

    python -m bench inject-numbers [--limit N] [--show-misses N] [--json] [--compare]

A count is a number in digits, up to two lower-case modifiers and a plural noun that is
not a measure ("339 people", "100 home photo printers"), outside quotations, and not a
rate, rank or date ("per 100 people", "top 10 albums", "Sept. 11 attacks"). When an article
gives one count twice, its first mention is changed, and then (another case) its second;
a hit is NU001 on the line of either mention, since a rule cannot tell which is wrong:

- ``count-swap``: two adjacent digits swapped (76 → 67): expect NU001 there.
- ``count-digit``: one digit changed in a number of three digits or more (339 → 349):
  expect NU001. ``count-digit-round`` is the same where both numbers are round (100 → 400,
  800,000 → 840,000), which NU001 leaves alone by design.
- ``count-swap-approx``, ``count-digit-approx``: as above, where either mention is an
  approximation ("some 270 hunts"); NU001 accepts a number within its range (270 and 275).
- ``count-any``: changed by 10 to 50% (NU001 is not meant to catch that unless the same
  event follows both mentions: it tells how much is left to a reader).
- ``headline-number``: a number the headline shares with the body is changed in the
  headline: expect HL001 on line 1.

Skips cleanly without the corpora; PolNeAR's test split is never read.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import regex

from bench import corpora, harness, outputs
from factlint.analyses.numbers import is_round
from factlint.core.resources import load as load_data

NAME = "inject-numbers"
CONFIG = corpora.config(["NU", "HL"])
KINDS = (
    "count-swap",
    "count-digit",
    "count-swap-approx",
    "count-digit-approx",
    "count-digit-round",
    "count-any",
    "headline-number",
)
_COUNT = regex.compile(
    r"(?<![\p{L}\d.,/#$£€-])(\d{1,3}(?:,\d{3})+|\d{2,})(?![\d\p{L}/-]|[.,]\d)"
    r"(?:\s+[a-z]+){0,2}?\s+([a-z]{3,}s|people|men|women|children)\b(?![-%'’])"
)
_APPROXIMATE = regex.compile(
    r"(?i)\b(?:about|around|some|roughly|approximately|estimated|nearly|almost|over|than"
    r"|least|up to|under)\s+$"
)
_YEAR = regex.compile(r"(?:1[89]|20)\d\d")
_NOT_A_COUNT = regex.compile(
    r"(?i)\b(?:per|top|no\.|(?:one|1) in|jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)"
    r"[a-z]*\.?\s+$"
)
_HEADLINE_NUMBER = regex.compile(r"(?<![\p{L}\d.,/-])(\d{2,4})(?![\d.,/-])")


def main(argv: list[str] | None = None) -> int:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("--limit", type=int, default=0, help="articles per corpus (0: all)")
    parser.add_argument("--show-misses", type=int, default=0, help="print this many misses")
    args = outputs.parse(NAME, parser, argv)
    found = corpora.news_files(args.limit)
    if not found:
        return corpora.skip(NAME, corpora.bbc_folder(), corpora.polnear_folder())
    rng = random.Random(3)
    figures = {}
    with outputs.text_output(args):
        for name, files in found.items():
            figures[name] = _measure(name, files, rng, args.show_misses)
    return outputs.finish(args, figures)


def _measure(corpus: str, files: list[Path], rng: random.Random, show: int) -> dict[str, Any]:
    articles = ((path.name, corpora.read_article(path)) for path in files)
    return harness.measure(
        corpus, articles, lambda name, text: _cases(name, text, rng), CONFIG, kinds=KINDS, show=show
    )


def _cases(article: str, text: str, rng: random.Random) -> Iterator[harness.Case]:
    body_start = text.find("\n") + 1
    doc = corpora.context("article.txt", text).article
    mentions: dict[tuple[str, str], list[regex.Match[str]]] = {}
    measures = frozenset(load_data("numbers")["measures"])
    for match in _COUNT.finditer(text, body_start):
        if (
            match.group(2) in measures
            or _NOT_A_COUNT.search(text, max(0, match.start() - 12), match.start())
            or doc.in_quote(match.start())
            or _YEAR.fullmatch(match.group(1))
        ):
            continue
        mentions.setdefault((match.group(1), match.group(2)), []).append(match)
    for group in mentions.values():
        if len(group) < 2:
            continue
        lines = frozenset(harness.line_of(text, mention.start()) for mention in group[:2])
        approximate = any(
            _APPROXIMATE.search(text, max(0, m.start() - 20), m.start()) for m in group[:2]
        )
        for mention in group[:2]:
            number = mention.group(1)
            for kind, new in (
                ("count-swap", _swap(number, rng)),
                ("count-digit", _digit(number, rng)),
                ("count-any", _other(number, rng)),
            ):
                if (
                    kind == "count-digit"
                    and new is not None
                    and is_round(new.replace(",", ""))
                    and is_round(number.replace(",", ""))
                ):
                    kind = "count-digit-round"
                elif kind != "count-any" and approximate:
                    kind += "-approx"
                if new is not None:
                    changed = text[: mention.start(1)] + new + text[mention.end(1) :]
                    note = f"{number} -> {new} (line {min(lines)})"
                    yield harness.Case(kind, article, changed, ("NU001",), lines, note=note)
    headline = text[: body_start - 1]
    shared = [m for m in _HEADLINE_NUMBER.finditer(headline) if m.group(1) in text[body_start:]]
    if shared:
        match = rng.choice(shared)
        new = _other(match.group(1), rng)
        changed = text[: match.start(1)] + new + text[match.end(1) :]
        note = f"headline {match.group(1)} -> {new}"
        yield harness.Case(
            "headline-number", article, changed, ("HL001",), frozenset({1}), note=note
        )


def _swap(number: str, rng: random.Random) -> str | None:
    """Two adjacent, different digits swapped, never giving a leading zero."""
    digits = number.replace(",", "")
    places = [
        i for i in range(len(digits) - 1) if digits[i] != digits[i + 1] and (i or digits[1] != "0")
    ]
    if not places:
        return None
    i = rng.choice(places)
    swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    return _with_commas(swapped) if "," in number else swapped


def _digit(number: str, rng: random.Random) -> str | None:
    """One digit changed, in numbers of three digits or more."""
    digits = number.replace(",", "")
    if len(digits) < 3:
        return None
    i = rng.randrange(len(digits))
    choices = [d for d in "0123456789" if d != digits[i] and (i or d != "0")]
    changed = digits[:i] + rng.choice(choices) + digits[i + 1 :]
    return _with_commas(changed) if "," in number else changed


def _with_commas(digits: str) -> str:
    return f"{int(digits):,}"


def _other(number: str, rng: random.Random) -> str:
    value = int(number.replace(",", ""))
    return str(value + rng.choice([-1, 1]) * rng.randint(max(2, value // 10), max(3, value // 2)))


if __name__ == "__main__":
    raise SystemExit(main())
