"""A figure that differs from the one in the fact register.

The register records fixed figures with their source and date ("76 individuals
sanctioned by Japan", Ministry of Foreign Affairs, as of 2022-03-21). A number of the
figure's unit, in a clause that also has the figure's context words, is taken to be that
figure ("inflation 2.9 percent" in a sentence about unemployment is not the jobless
rate); when its value differs, it is reported with the register's value and source.
Numbers in digits or words count ("seven banks"; "2.5 million people"), and a figure in
``percent`` matches "3.5%", "3.5 percent" and "3.5 per cent"; quotations are left alone,
being verbatim.

Bad (facts: seed-register.yaml):  Japan has sanctioned 67 individuals.
Good (facts: seed-register.yaml): Japan has sanctioned 76 individuals.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import regex

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.numbers import PERCENT, SCALES, WORD_NUMBER, integer_value
from factlint.core.diagnostics import Finding, Fix
from factlint.register.facts import Figure

CODE = "FC003"
NAME = "figure-mismatch"
SEVERITY = "error"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    figures = ctx.register.figures if ctx.register is not None else ()
    if not figures:
        return
    doc = ctx.article
    for paragraph in doc.body:
        for sentence in paragraph.sentences:
            text = doc.text[sentence.start : sentence.end]
            lowered = text.lower()
            for figure in figures:
                if not all(word.lower() in lowered for word in figure.context):
                    continue
                for match in _pattern(figure.unit).finditer(text):
                    offset = sentence.start + match.start("number")
                    value = _value(match)
                    if value is None or value == figure.value or doc.in_quote(offset):
                        continue
                    clause = _clause(lowered, match.start())
                    if all(word.lower() in clause for word in figure.context):
                        yield _finding(figure, match, offset)


_CLAUSE_BREAK = regex.compile(r"[;:]|,\s+(?:and|but|while|whereas)\b|\s(?:while|whereas|but)\s")


def _clause(sentence: str, at: int) -> str:
    """The clause of ``sentence`` around position ``at``: "inflation 2.9 percent" in
    "Unemployment rose 3 per cent, and inflation 2.9 percent"."""
    start, end = 0, len(sentence)
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.end() <= at:
            start = match.end()
        elif match.start() >= at:
            end = match.start()
            break
    return sentence[start:end]


def _finding(figure: Figure, match: regex.Match, offset: int) -> Finding:
    written = match.group("number")
    as_of = f", as of {figure.as_of.isoformat()}" if figure.as_of else ""
    source = f" ({figure.source}{as_of})" if figure.source or as_of else ""
    right = f"{figure.value:g}"
    return Finding(
        offset,
        len(written),
        f'"{match.group().strip()}": the fact register has {right} {figure.unit} '
        f"for {figure.what}{source}",
        fix=Fix(right, offset, len(written), safe=False),
    )


_PERCENT_UNITS = ("percent", "per cent", "%")


@cache
def _pattern(unit: str) -> regex.Pattern:
    """A number, an optional scale, up to two words, then the unit (or its plural); for a
    percentage, the number with "%", "percent" or "per cent"."""
    number = rf"(?<![\p{{L}}\d.,])(?P<number>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{WORD_NUMBER})"
    if unit.lower() in _PERCENT_UNITS:
        return regex.compile(rf"{number}(?P<scale>)\s?{PERCENT}", regex.I)
    noun = regex.escape(unit.rstrip("s"))
    return regex.compile(
        rf"{number}(?:\s+(?P<scale>thousand|million|billion|trillion))?"
        rf"(?:\s+[\p{{L}}-]+){{0,2}}?\s+{noun}s?\b",
        regex.I,
    )


def _value(match: regex.Match) -> float | None:
    number = match.group("number")
    try:
        value = float(number.replace(",", ""))
    except ValueError:
        whole = integer_value(number)
        if whole is None:
            return None
        value = float(whole)
    return value * SCALES.get((match.group("scale") or "").lower(), 1)
