"""Recall of DT001 (weekday-date-mismatch) on weekdays injected into real articles.

Usage::

    python -m bench inject-dates [--limit N] [--show-misses N] [--json] [--compare]

For every date an article writes ("March 15", "15 March 2005") whose year is known (written,
or PolNeAR's publication date from ``metadata.tsv``, given to factlint as front matter),
one copy gets a wrong weekday before the date ("Monday, March 15") and must draw DT001;
another gets the right weekday and must not (the false-alarm control). The untouched
articles give the baseline. BBC articles carry no date, so only dates with a written year
count there.

Relative weekdays (DT003), PolNeAR only since it has publication dates: every "yesterday",
"today" or "tomorrow" the article writes outside a quotation gets a weekday in brackets,
a wrong one ("yesterday (Sunday)", must draw DT003) and the right one for the article's
date (must not). PolNeAR's test split is never read; skips cleanly without the corpora.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import regex

from bench import corpora, harness, outputs
from factlint.analyses.dates import DAY_NAMES, date_meant

_RELATIVE = regex.compile(r"\b(yesterday|today|tomorrow)\b(?![\s(\[]*[A-Z])")
_DAYS_FROM = {"yesterday": -1, "today": 0, "tomorrow": 1}
NAME = "inject-dates"
CONFIG = corpora.config(["DT"])
KINDS = ("wrong-weekday", "right-weekday", "relative-wrong-weekday", "relative-right-weekday")
CONTROLS = ("right-weekday", "relative-right-weekday")


def main(argv: list[str] | None = None) -> int:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("--limit", type=int, default=0, help="articles per corpus (0: all)")
    parser.add_argument("--show-misses", type=int, default=0, help="print this many misses")
    args = outputs.parse(NAME, parser, argv)
    found = _corpora(args.limit)
    if not found:
        return corpora.skip(NAME, corpora.bbc_folder(), corpora.polnear_folder())
    figures = {}
    with outputs.text_output(args):
        for name, articles in found.items():
            figures[name] = _measure(name, articles, args.show_misses)
    return outputs.finish(args, figures)


def _corpora(limit: int) -> dict[str, list[tuple[str, str]]]:
    """Each corpus's articles as (name, text); PolNeAR's dated in front matter."""
    dates = corpora.polnear_dates()
    found = {}
    for corpus, files in corpora.news_files(limit).items():
        if corpus == "polnear":
            found[corpus] = [
                (p.stem + ".md", corpora.dated(corpora.read_article(p), dates.get(p.stem)))
                for p in files
            ]
        else:
            found[corpus] = [(p.name, corpora.read_article(p)) for p in files]
    return found


def _measure(corpus: str, articles: list[tuple[str, str]], show: int) -> dict[str, Any]:
    return harness.measure(
        corpus, articles, _cases, CONFIG, kinds=KINDS, controls=CONTROLS, show=show
    )


def _cases(name: str, text: str) -> Iterator[harness.Case]:
    """A wrong and a right weekday before each date (DT001), and in brackets after each
    yesterday, today or tomorrow (DT003)."""
    for offset, date in _dates(text, name):
        for kind, day in (
            ("wrong-weekday", DAY_NAMES[(date.weekday() + 3) % 7]),
            ("right-weekday", DAY_NAMES[date.weekday()]),
        ):
            yield _inject(kind, name, text, offset, f"{day}, ", "DT001")
    for offset, weekday in _relatives(text, name):
        for kind, day in (
            ("relative-wrong-weekday", DAY_NAMES[(weekday + 3) % 7]),
            ("relative-right-weekday", DAY_NAMES[weekday]),
        ):
            yield _inject(kind, name, text, offset, f" ({day})", "DT003")


def _inject(kind: str, name: str, text: str, offset: int, insert: str, code: str) -> harness.Case:
    """``text`` with ``insert`` at ``offset``: found when ``code`` fires on that line (a
    right weekday is a control: found there is a false alarm)."""
    injected = text[:offset] + insert + text[offset:]
    line = harness.line_of(injected, offset)
    control = kind.startswith(("right", "relative-right"))
    note = f"line {line}: {insert.strip()}"
    return harness.Case(
        kind, name, injected, (code,), frozenset({line}), control=control, note=note
    )


def _relatives(text: str, name: str) -> Iterator[tuple[int, int]]:
    """Where "yesterday", "today" or "tomorrow" ends, outside quotations, with the weekday
    it means for the article's date."""
    ctx = corpora.context(name, text)
    doc, published = ctx.article, ctx.article_date
    if published is None:
        return
    for paragraph in doc.body:
        for match in _RELATIVE.finditer(paragraph.text):
            if not doc.in_quote(paragraph.start + match.start()):
                meant = published + dt.timedelta(days=_DAYS_FROM[match.group(1)])
                yield paragraph.start + match.end(), meant.weekday()


def _dates(text: str, name: str) -> Iterator[tuple[int, dt.date]]:
    """Dates written without a weekday whose year factlint knows, read as factlint reads
    them, except those inside an HTML tag (an embedded tweet's attributes)."""
    ctx = corpora.context(name, text)
    published = ctx.article_date
    for written in ctx.written_dates:
        line_start = text.rfind("\n", 0, written.offset) + 1
        if written.weekday is not None or "\n" in written.text:
            continue
        if text.rfind("<", line_start, written.offset) > text.rfind(
            ">", line_start, written.offset
        ):
            continue
        date = date_meant(written, published)
        if date is not None:
            yield written.offset, date


if __name__ == "__main__":
    raise SystemExit(main())
