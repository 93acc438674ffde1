"""A weekday given for "yesterday", "today" or "tomorrow" that the article's date contradicts.

"The ministry said yesterday (Wednesday) ..." in an article dated Friday: either the
weekday or the day word is left over from an earlier draft. The article's date comes from
front matter ``date`` (or ``published``) or a dated dateline; without one nothing is
checked. Forms read: "yesterday (Wednesday)", "yesterday [Wednesday]", "today, Tuesday,",
"Tuesday (today)". A bare "on Monday" is not checked: in news it means the nearest Monday
before or after the article's date, and any weekday fits that.

Bad:
    ---
    title: Ministry to appeal ruling
    date: 2005-03-18
    ---
    The ministry said yesterday (Wednesday) it would appeal.
Good:
    ---
    title: Ministry to appeal ruling
    date: 2005-03-18
    ---
    The ministry said yesterday (Thursday) it would appeal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import regex

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.dates import DAY_NAMES, WEEKDAYS
from factlint.article.document import HEADLINE_AND_BODY
from factlint.core.diagnostics import Finding, Fix

CODE = "DT003"
NAME = "relative-weekday-mismatch"
SEVERITY = "error"

_OFFSETS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
_RELATIVE = r"(?P<relative>yesterday|today|tonight|tomorrow|Yesterday|Today|Tonight|Tomorrow)"
_DAY = rf"(?P<weekday>{'|'.join(DAY_NAMES)})"
_APPOSITION = regex.compile(
    rf"\b{_RELATIVE}(?:\s*\(\s*|\s*\[\s*|,\s+){_DAY}\b(?!['’])"
    rf"|\b{_DAY}\s*[(\[]\s*{_RELATIVE}\s*[)\]]",
    regex.V1,
)


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    doc = ctx.article
    published = ctx.article_date
    if published is None:
        return
    for paragraph in doc.paragraphs:
        if paragraph.kind not in HEADLINE_AND_BODY:
            continue
        for match in _APPOSITION.finditer(paragraph.text):
            start = paragraph.start + match.start("weekday")
            if doc.in_quote(start):
                continue
            finding = _mismatch(match, start, published)
            if finding is not None:
                yield finding


def _mismatch(match: regex.Match, start: int, published: dt.date) -> Finding | None:
    relative = match.group("relative").lower()
    written = WEEKDAYS[match.group("weekday").lower()]
    meant = published + dt.timedelta(days=_OFFSETS[relative])
    if meant.weekday() == written:
        return None
    right = DAY_NAMES[meant.weekday()]
    return Finding(
        start,
        len(match.group("weekday")),
        f'"{relative}" is {right} for an article dated {published:%A, %B} {published.day}, '
        f"{published.year}, not {DAY_NAMES[written]}",
        fix=Fix(right, start, len(match.group("weekday")), safe=False),
    )
