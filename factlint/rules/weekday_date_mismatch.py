"""A weekday that does not match its date ("Monday, March 15, 2005" was a Tuesday).

Readers and sources notice a wrong weekday at once, and it casts doubt on every other fact
in the story. The forms news uses are read: "Tuesday, March 15, 2005", "Tuesday 15
March", "on Tuesday (March 15)", "Tues., Sept. 6". A date written without a year takes
the year that puts it nearest the article's own date (front matter ``date``, or a dated
dateline); without either, a yearless date cannot be checked and is left alone.

Bad:  The talks resumed on Monday, March 15, 2005.
Good: The talks resumed on Tuesday, March 15, 2005.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from factlint.dates import DAY_NAMES, WrittenDate, article_date, written_dates
from factlint.diagnostics import Finding, Fix

CODE = "DT001"
NAME = "weekday-date-mismatch"
SEVERITY = "error"


def check(doc: Any, options: Mapping[str, Any]) -> Iterable[Finding]:
    published = article_date(doc)
    for written in written_dates(doc):
        if written.weekday is None:
            continue
        date = resolve(written, published)
        if date is None or date.weekday() == written.weekday:
            continue
        weekday_text = written.text.split()[0].rstrip(",(")
        right = DAY_NAMES[date.weekday()]
        yield Finding(
            written.offset,
            written.length,
            f"{date:%B} {date.day}, {date.year} was a {right}, not a {DAY_NAMES[written.weekday]}",
            fix=Fix(right, written.offset, len(weekday_text), safe=False),
        )


def resolve(written: WrittenDate, published: dt.date | None) -> dt.date | None:
    """The date meant: its written year, or the year nearest the article's date."""
    if written.year is not None:
        return written.resolve(written.year)
    if published is None or written.resolve(published.year) is None:
        return None  # no year to go by, or no such date that year (DT002's business)
    candidates = [
        written.resolve(y) for y in (published.year - 1, published.year, published.year + 1)
    ]
    dates = [d for d in candidates if d is not None]
    return min(dates, key=lambda d: abs((d - published).days)) if dates else None
