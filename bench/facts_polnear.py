"""The FC rules on PolNeAR's dev articles, against a small register of its best-known people.

Usage::

    python bench/facts_polnear.py [--split dev] [--limit N] [--show]

Each article gets its publication date from ``metadata.tsv`` as front matter and is checked
with ``bench/registers/polnear-dev.yaml`` (eleven people, the offices the articles give
them). It prints:

- every FC diagnostic (``--show`` adds the line), which a reader sorts into real findings
  and false alarms;
- how the titled mentions of register people were judged (ok, wrong, a title the register
  does not list), which tells how much the rules looked at;
- recall on two injected defects: one letter of a register person's surname changed in
  one full-name mention (FC001 expected), and the article dated ten years later, so that
  a title whose role has ended by then, given to someone acting in the story ("President
  Obama said"), should become FC002. Titles in references to the past ("under President
  Obama", "President Obama's policy") are counted apart: FC002 leaves those alone.

PolNeAR's test split is never read; skips cleanly without the corpora.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections import Counter
from pathlib import Path

import corpora

from factlint.analyses.context import RuleContext
from factlint.analyses.register_match import in_story_time
from factlint.engine.config import Config
from factlint.engine.run import check_text

REGISTER = Path(__file__).resolve().parent / "registers" / "polnear-dev.yaml"
LATER = 10  # years: the date shift that turns held offices into former ones


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--show", action="store_true", help="print each diagnostic's line")
    args = parser.parse_args(argv)
    folder = corpora.polnear_folder() / "articles" / args.split
    if not folder.is_dir():
        return corpora.skip("facts_polnear", folder)
    dates = corpora.polnear_dates()
    config = corpora.config(["FC"], facts=str(REGISTER))
    counts: Counter[str] = Counter()
    rng = random.Random(8)
    files = corpora.limited(corpora.polnear_files((args.split,)), args.limit)
    for path in files:
        date = dates.get(path.stem)
        if date is None:
            continue
        text = corpora.dated(corpora.read_article(path), date)
        _check(path.stem, text, config, counts, args.show)
        _coverage(path.stem, text, config, counts)
        _inject_misspelling(path.stem, text, config, counts, rng)
        _inject_later_date(path.stem, text, date, config, counts)
    _report(args.split, len(files), counts)
    return 0


def _check(name: str, text: str, config: Config, counts: Counter[str], show: bool) -> None:
    """Print every FC diagnostic of the untouched article."""
    for d in check_text(name + ".md", text, config).diagnostics:
        counts[d.code] += 1
        line = text.splitlines()[d.start.line - 1]
        print(f"  {d.code} {name[:40]}:{d.start.line}: {d.message}")
        if show:
            print(f"        {line[max(0, d.start.column - 60) : d.start.column + 80]}")


def _report(split: str, articles: int, counts: Counter[str]) -> None:
    print(f"\n{split}: {articles} articles, register of {REGISTER.name}")
    for code in ("FC001", "FC002", "FC003", "FC004", "FC005"):
        print(f"  {code}: {counts[code]} ({counts[code] / max(articles, 1):.3f} per article)")
    judged = ", ".join(f"{k[6:]} {v}" for k, v in sorted(counts.items()) if k.startswith("title "))
    print(f"  titled mentions of register people: {judged}")
    for kind in ("misspelled name", "ten years later", "ten years later, history"):
        cases, hits = counts[f"{kind} cases"], counts[f"{kind} hits"]
        print(
            f"  injected {kind}: {hits}/{cases} caught"
            + (f" = {hits / cases:.3f}" if cases else "")
        )


def _context(name: str, text: str, config: Config) -> RuleContext:
    return corpora.context(name + ".md", text, config)


def _coverage(name: str, text: str, config: Config, counts: Counter[str]) -> None:
    for check in _context(name, text, config).title_checks:
        counts[f"title {check.verdict}"] += 1


def _inject_misspelling(
    name: str, text: str, config: Config, counts: Counter[str], rng: random.Random
) -> None:
    """One letter of a register person's surname changed in one full-name mention."""
    matches = _context(name, text, config).register_people
    full = [m.mention for m in matches if m.status == "same" and m.mention.full]
    if not full:
        return
    mention = rng.choice(full)
    surname = mention.surname
    if len(surname.text) < 5:
        return
    i = rng.randrange(1, len(surname.text) - 1)
    letter = "e" if surname.text[i] != "e" else "a"
    changed = surname.text[:i] + letter + surname.text[i + 1 :]
    injected = text[: surname.offset] + changed + text[surname.offset + len(surname.text) :]
    line = text.count("\n", 0, surname.offset) + 1
    result = check_text(name + ".md", injected, config)
    counts["misspelled name cases"] += 1
    counts["misspelled name hits"] += any(
        d.code == "FC001" and d.start.line == line for d in result.diagnostics
    )


def _inject_later_date(
    name: str, text: str, date: str, config: Config, counts: Counter[str]
) -> None:
    """The article dated ten years on: titles whose roles have all ended must draw FC002."""
    day = dt.date.fromisoformat(date)
    later = day + dt.timedelta(days=round(365.25 * LATER))
    moved = text.replace(f"date: {date}", f"date: {later.isoformat()}", 1)
    ctx = _context(name, text, config)
    expected = []
    for check in ctx.title_checks:
        if check.verdict != "ok" or check.former:
            continue
        roles = [r for r in check.match.person.roles if r.held_on(day)]
        if roles and not any(r.held_on(later) for r in check.match.person.roles if r in roles):
            expected.append(check)
    if not expected:
        return
    result = check_text(name + ".md", moved, config)
    flagged = {d.start.line for d in result.diagnostics if d.code == "FC002"}
    doc = ctx.article
    for check in expected:
        mention = check.match.mention
        before = text[max(0, (mention.title_offset or 0) - 30) : mention.title_offset]
        acting = in_story_time(doc, mention, before)
        kind = "ten years later" if acting else "ten years later, history"
        counts[f"{kind} cases"] += 1
        counts[f"{kind} hits"] += doc.position(mention.offset).line in flagged


if __name__ == "__main__":
    raise SystemExit(main())
