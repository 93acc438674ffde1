"""Recall of DT001 (weekday-date-mismatch) on weekdays injected into real articles.

Usage::

    python bench/inject_dates.py [--limit N]

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

import argparse
import datetime as dt
from collections import Counter
from collections.abc import Iterator

import corpora
import regex

from factlint.analyses.dates import DAY_NAMES, date_meant
from factlint.engine.run import check_text

_RELATIVE = regex.compile(r"\b(yesterday|today|tomorrow)\b(?![\s(\[]*[A-Z])")
_DAYS_FROM = {"yesterday": -1, "today": 0, "tomorrow": 1}
CONFIG = corpora.config(["DT"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args(argv)
    found = _corpora(args.limit)
    if not found:
        return corpora.skip("inject_dates", corpora.bbc_folder(), corpora.polnear_folder())
    for name, articles in found.items():
        _measure(name, articles)
    return 0


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


def _measure(corpus: str, articles: list[tuple[str, str]]) -> None:
    counts: Counter[str] = Counter()
    for name, text in articles:
        counts["untouched DT"] += len(check_text(name, text, CONFIG).diagnostics)
        for offset, date in _dates(text, name):
            for kind, day in (
                ("wrong", DAY_NAMES[(date.weekday() + 3) % 7]),
                ("right", DAY_NAMES[date.weekday()]),
            ):
                _inject(counts, kind, name, text, offset, f"{day}, ", "DT001")
        for offset, weekday in _relatives(text, name):
            for kind, day in (
                ("relative wrong", DAY_NAMES[(weekday + 3) % 7]),
                ("relative right", DAY_NAMES[weekday]),
            ):
                _inject(counts, kind, name, text, offset, f" ({day})", "DT003")
    n = len(articles) or 1
    wrong, right = counts["wrong cases"] or 1, counts["right cases"] or 1
    print(
        f"{corpus}: {len(articles)} articles, untouched DT {counts['untouched DT'] / n:.3f}/article"
    )
    hits, cases = counts["wrong fired"], counts["wrong cases"]
    print(f"  wrong weekday: {hits}/{cases} recall {hits / wrong:.3f}")
    alarms, controls = counts["right fired"], counts["right cases"]
    print(f"  right weekday: {alarms}/{controls} false alarms {alarms / right:.3f}")
    if counts["relative wrong cases"]:
        hits, cases = counts["relative wrong fired"], counts["relative wrong cases"]
        print(
            f"  yesterday/today/tomorrow, wrong weekday: {hits}/{cases} recall {hits / cases:.3f}"
        )
        alarms, controls = counts["relative right fired"], counts["relative right cases"]
        print(f"  yesterday/today/tomorrow, right weekday: {alarms}/{controls} false alarms")


def _inject(
    counts: Counter[str], kind: str, name: str, text: str, offset: int, insert: str, code: str
) -> None:
    """Check ``text`` with ``insert`` at ``offset``; count the case, and a hit when ``code``
    fires on that line."""
    injected = text[:offset] + insert + text[offset:]
    line = injected.count("\n", 0, offset) + 1
    result = check_text(name, injected, CONFIG)
    counts[f"{kind} cases"] += 1
    counts[f"{kind} fired"] += any(
        d.code == code and d.start.line == line for d in result.diagnostics
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
