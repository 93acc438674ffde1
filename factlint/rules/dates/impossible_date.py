"""A date that does not exist: February 30, April 31, February 29 of a common year.

A date that cannot be on any calendar is a typo in a fact, and the day or the month must be
checked against the source. February 29 is reported only when the year is known (written,
or the article's own date) and is not a leap year. A number after a month that no month has
as a day (0, or over 31) is a count, not a date: "In March 32 players were called up".

Bad:  The law takes effect on February 30.
Good: The law takes effect on March 2.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding

CODE = "DT002"
NAME = "impossible-date"
SEVERITY = "error"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    for written in ctx.written_dates:
        month_name = calendar.month_name[written.month]
        if written.resolve(2000) is None:
            yield Finding(written.offset, written.length, f"{month_name} has no day {written.day}")
            continue
        published = ctx.article_date
        year = written.year or (published.year if published else None)
        if written.month == 2 and written.day == 29 and year and not calendar.isleap(year):
            yield Finding(
                written.offset, written.length, f"{year} is not a leap year: February has 28 days"
            )
