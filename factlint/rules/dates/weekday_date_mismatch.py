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

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.dates import DAY_NAMES, date_meant
from factlint.core.diagnostics import Finding, Fix

CODE = "DT001"
NAME = "weekday-date-mismatch"
SEVERITY = "error"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    published = ctx.article_date
    for written in ctx.written_dates:
        if written.weekday is None:
            continue
        date = date_meant(written, published)
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
