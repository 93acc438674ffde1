"""Dates written in an article: weekday and calendar date together, and the article's own date.

Finds the forms news uses — "Tuesday, March 15, 2005", "Tuesday 15 March", "on Tuesday
(March 15)", "Tues., Sept. 6" — and resolves a missing year from the article's date
(front matter ``date``, or a date in the dateline). The calendar is the standard
library's (``datetime``), never a hand-rolled one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

from factlint.article.document import STORY_KINDS, Document

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_WEEKDAY = r"(?P<weekday>(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?)"
_MONTH = (
    r"(?P<month>(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?"
    r"|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?)"
)
# 1 to 31: a number after a month that no month has as a day is a count ("In March 32
# players"), not a date.
_DAY = r"(?P<day>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_DATE = rf"(?:{_MONTH}\s+{_DAY}{_YEAR}|{_DAY}\s+{_MONTH}{_YEAR})"
WEEKDAY_DATE = regex.compile(
    rf"\b{_WEEKDAY}(?:,\s*|\s+|\s*\(\s*){_DATE}(?!\d)\)?", regex.I | regex.V1
)
BARE_DATE = regex.compile(rf"\b{_DATE}\b(?!\d)", regex.I | regex.V1)


@dataclass(frozen=True)
class WrittenDate:
    offset: int
    length: int
    text: str
    weekday: int | None  # 0 = Monday, as written
    month: int
    day: int
    year: int | None  # as written, or None

    def resolve(self, year: int) -> dt.date | None:
        """The calendar date in ``year``, or None when no such date exists (February 30)."""
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None


def written_dates(doc: Document) -> list[WrittenDate]:
    """Dates with a weekday, and dates without one, in the headline and body."""
    found: list[WrittenDate] = []
    for paragraph in doc.paragraphs:
        if paragraph.kind not in STORY_KINDS:
            continue
        taken: list[tuple[int, int]] = []
        for match in WEEKDAY_DATE.finditer(paragraph.text):
            found.append(_written(paragraph.start, match, with_weekday=True))
            taken.append(match.span())
        for match in BARE_DATE.finditer(paragraph.text):
            if not any(s <= match.start() < e for s, e in taken):
                found.append(_written(paragraph.start, match, with_weekday=False))
    return found


def _written(base: int, match: regex.Match, with_weekday: bool) -> WrittenDate:
    month = MONTHS[match.group("month").rstrip(".").lower()]
    year = match.group("year")
    weekday = None
    if with_weekday:
        weekday = WEEKDAYS[match.group("weekday").rstrip(".").lower()]
    return WrittenDate(
        base + match.start(),
        match.end() - match.start(),
        match.group(),
        weekday,
        month,
        int(match.group("day")),
        int(year) if year else None,
    )


def article_date(doc: Document) -> dt.date | None:
    """The article's own date: front matter ``date`` (or ``published``), else a date with a
    year in the dateline ("LONDON, March 3, 2005 (Reuters) —")."""
    if doc.front_matter is not None:
        for key in ("date", "published", "pubdate"):
            value = doc.front_matter.data.get(key)
            if isinstance(value, dt.datetime):
                return value.date()
            if isinstance(value, dt.date):
                return value
            if isinstance(value, str):
                parsed = _parse_iso(value)
                if parsed is not None:
                    return parsed
    if doc.dateline is not None:
        text = doc.text[doc.dateline.offset : doc.dateline.offset + doc.dateline.length]
        match = BARE_DATE.search(text)
        if match and match.group("year"):
            written = _written(doc.dateline.offset, match, with_weekday=False)
            return written.resolve(written.year or 0)
    return None


def _parse_iso(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def date_meant(written: WrittenDate, published: dt.date | None) -> dt.date | None:
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
