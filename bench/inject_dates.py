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
import csv
import datetime as dt
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import regex

from factlint.article import loader
from factlint.engine.config import from_mapping
from factlint.analyses.dates import DAY_NAMES, article_date, written_dates
from factlint.article.document import parse
from factlint.engine.run import check_text
from factlint.article.loader import decode
from factlint.rules.dates.weekday_date_mismatch import resolve

_RELATIVE = regex.compile(r"\b(yesterday|today|tomorrow)\b(?![\s(\[]*[A-Z])")
_DAYS_FROM = {"yesterday": -1, "today": 0, "tomorrow": 1}

CORPORA = Path(__file__).resolve().parent.parent / ".." / "shared" / "corpora"
CONFIG = from_mapping({"select": ["DT"], "grammar": {"backend": "none"}}, None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    if not CORPORA.is_dir():
        print(f"no corpora under {CORPORA}: nothing to measure")
        return 0
    for name, articles in _corpora(args.limit).items():
        _measure(name, articles)
    return 0


def _corpora(limit: int) -> dict[str, list[tuple[str, str]]]:
    meta_path = CORPORA / "polnear" / "metadata.tsv"
    dates = {}
    if meta_path.is_file():
        with meta_path.open(encoding="utf-8") as handle:
            dates = {
                r["filename"]: r["publication_date"] for r in csv.DictReader(handle, delimiter="\t")
            }
    bbc = [
        (p.name, decode(p.read_bytes()))
        for p in sorted((CORPORA / "bbc_news" / "articles").glob("*.txt"))
    ]
    polnear = []
    for split in ("train", "dev"):
        for path in sorted((CORPORA / "polnear" / "articles" / split).glob("*.txt")):
            text = decode(path.read_bytes())
            date = dates.get(path.stem)
            polnear.append((path.stem + ".md", f"---\ndate: {date}\n---\n{text}" if date else text))
    found = {"bbc_news": bbc, "polnear": polnear}
    return {k: (v[:limit] if limit else v) for k, v in found.items() if v}


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
    doc = parse(name, text, loader.is_markdown(name))
    published = article_date(doc)
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
    doc = parse(name, text, loader.is_markdown(name))
    published = article_date(doc)
    for written in written_dates(doc):
        line_start = text.rfind("\n", 0, written.offset) + 1
        if written.weekday is not None or "\n" in written.text:
            continue
        if text.rfind("<", line_start, written.offset) > text.rfind(
            ">", line_start, written.offset
        ):
            continue
        date = resolve(written, published)
        if date is not None:
            yield written.offset, date


if __name__ == "__main__":
    sys.exit(main())
