"""The FC rules on PolNeAR's dev articles, against a small register of its best-known people.

Usage::

    python -m bench facts-polnear [--split dev] [--limit N] [--show] [--json] [--compare]

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

import datetime as dt
import random
from collections import Counter
from pathlib import Path

from bench import corpora, harness, outputs
from factlint.analyses.context import RuleContext
from factlint.analyses.register_match import in_story_time
from factlint.core.diagnostics import Diagnostic

NAME = "facts-polnear"

REGISTER = Path(__file__).resolve().parent / "registers" / "polnear-dev.yaml"
KINDS = ("misspelled-name", "ten-years-later", "ten-years-later-history")
LATER = 10  # years: the date shift that turns held offices into former ones


def main(argv: list[str] | None = None) -> int:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--show", action="store_true", help="print each diagnostic's line")
    parser.add_argument("--show-misses", type=int, default=0, help="print this many misses")
    args = outputs.parse(NAME, parser, argv)
    folder = corpora.polnear_folder() / "articles" / args.split
    if not folder.is_dir():
        return corpora.skip(NAME, folder)
    dates = corpora.polnear_dates()
    config = corpora.config(["FC"], facts=str(REGISTER))
    tally = harness.Tally(config, keep_misses=args.show_misses)
    titles: Counter[str] = Counter()
    rng = random.Random(8)
    files = corpora.limited(corpora.polnear_files((args.split,)), args.limit)
    with outputs.text_output(args):
        for path in files:
            date = dates.get(path.stem)
            if date is None:
                continue
            article, text = path.stem + ".md", corpora.dated(corpora.read_article(path), date)
            _print_findings(path.stem, text, tally.clean(article, text), args.show)
            ctx = corpora.context(article, text, config)
            titles.update(check.verdict for check in ctx.title_checks)
            misspelt = _misspelling(article, text, ctx, rng)
            if misspelt is not None:
                tally.judge(misspelt)
            _later_date(article, text, date, ctx, tally)
        figures = tally.figures(KINDS) | {"titled_mentions": dict(sorted(titles.items()))}
        harness.print_figures(f"{args.split} (register of {REGISTER.name})", figures)
        print(f"  titled mentions of register people: {figures['titled_mentions']}")
        harness.print_misses(tally.misses)
    return outputs.finish(args, figures)


def _print_findings(name: str, text: str, found: list[Diagnostic], show: bool) -> None:
    """Print every FC diagnostic of the untouched article."""
    for d in found:
        line = text.splitlines()[d.start.line - 1]
        print(f"  {d.code} {name[:40]}:{d.start.line}: {d.message}")
        if show:
            print(f"        {line[max(0, d.start.column - 60) : d.start.column + 80]}")


def _misspelling(
    article: str, text: str, ctx: RuleContext, rng: random.Random
) -> harness.Case | None:
    """One letter of a register person's surname changed in one full-name mention: FC001
    expected on its line."""
    full = [m.mention for m in ctx.register_people if m.status == "same" and m.mention.full]
    if not full:
        return None
    mention = rng.choice(full)
    surname = mention.surname
    if len(surname.text) < 5:
        return None
    i = rng.randrange(1, len(surname.text) - 1)
    letter = "e" if surname.text[i] != "e" else "a"
    changed = surname.text[:i] + letter + surname.text[i + 1 :]
    injected = text[: surname.offset] + changed + text[surname.offset + len(surname.text) :]
    line = frozenset({harness.line_of(text, surname.offset)})
    note = f"{surname.text} -> {changed}"
    return harness.Case("misspelled-name", article, injected, ("FC001",), line, note=note)


def _later_date(article: str, text: str, date: str, ctx: RuleContext, tally: harness.Tally) -> None:
    """The article dated ten years on: titles whose roles have all ended must draw FC002
    on their line (one check of the moved article for all of them)."""
    day = dt.date.fromisoformat(date)
    later = day + dt.timedelta(days=round(365.25 * LATER))
    moved = text.replace(f"date: {date}", f"date: {later.isoformat()}", 1)
    expected = []
    for check in ctx.title_checks:
        if check.verdict != "ok" or check.former:
            continue
        roles = [r for r in check.match.person.roles if r.held_on(day)]
        if roles and not any(r.held_on(later) for r in check.match.person.roles if r in roles):
            expected.append(check)
    if not expected:
        return
    found = harness.check(article, moved, tally.config)
    doc = ctx.article
    for check in expected:
        mention = check.match.mention
        before = text[max(0, (mention.title_offset or 0) - 30) : mention.title_offset]
        kind = (
            "ten-years-later" if in_story_time(doc, mention, before) else "ten-years-later-history"
        )
        line = frozenset({doc.position(mention.offset).line})
        note = f"line {min(line)}: {mention.text}"
        tally.judge(harness.Case(kind, article, moved, ("FC002",), line, note=note), found)


if __name__ == "__main__":
    raise SystemExit(main())
