"""A stated total that its parts do not add up to.

"Japan sanctioned 76 individuals, 7 banks and 12 organisations, 95 in all": the parts make
95 only if every figure is right, so a total that differs from the sum of the parts it
lists means one figure is wrong. The total is a figure marked "in all", "in total",
"altogether", "a total of" or "totalling", and the parts are the other counts listed in
the same sentence, in digits or words; or a count followed by a colon and the list that
breaks it down ("95 entities: 76 individuals, 7 banks and 12 organisations"). A sentence
whose parts are only some of the whole ("including", "of whom", "such as") or are
approximate ("about", "more than") is left alone, as is a list of fewer than two parts.

Bad:  It sanctioned 76 individuals, 7 banks and 12 organisations, 96 in all.
Good: It sanctioned 76 individuals, 7 banks and 12 organisations, 95 in all.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.counts import Count
from factlint.analyses.numbers import WORD_NUMBER, integer_value
from factlint.article.document import Document
from factlint.core.diagnostics import Finding, Related

CODE = "NU002"
NAME = "total-mismatch"
SEVERITY = "error"

_NUMBER = r"(?P<total>\d{1,3}(?:,\d{3})+|\d+|" + WORD_NUMBER + r")(?![\d.,]?\d)"
_TOTAL = regex.compile(
    rf"\b(?:a|the)\s+total\s+of\s+{_NUMBER}"
    rf"|\btotall?ing\s+{_NUMBER}"
    rf"|\b(?:in\s+all|in\s+total|altogether),?\s+{_NUMBER}"
    rf"|(?<![\p{{L}}\d.,])(?P<total>\d{{1,3}}(?:,\d{{3}})+|\d+|{WORD_NUMBER})"
    r"(?:\s+[a-z]+)?\s+(?:in\s+all|in\s+total|altogether)\b",
    regex.I | regex.V1,
)
# "95 entities: 76 individuals, 7 banks and 12 organisations"
_BREAKDOWN = regex.compile(
    rf"(?<![\p{{L}}\d.,])(?P<total>\d{{1,3}}(?:,\d{{3}})+|\d+|{WORD_NUMBER})"
    r"(?:\s+[\p{L}-]+){1,3}:\s",
    regex.I | regex.V1,
)
_CUE = regex.compile(r"total|\ball\b|altogether|:", regex.I)  # cheap: most sentences lack one
_SUBSET = regex.compile(
    r"\b(?:including|includes|include|of\s+whom|of\s+which|of\s+them|among\s+them|such\s+as"
    r"|at\s+least|more\s+than|over|about|around|nearly|almost|some|up\s+to|roughly|or)\b",
    regex.I,
)


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    doc = ctx.article
    all_counts = ctx.counts
    for paragraph in doc.body:
        for sentence in paragraph.sentences:
            text = doc.text[sentence.start : sentence.end]
            if not _CUE.search(text) or _SUBSET.search(text):
                continue
            inside = [c for c in all_counts if sentence.start <= c.offset < sentence.end]
            finding = _check_sentence(doc, sentence.start, text, inside)
            if finding is not None:
                yield finding


def _check_sentence(doc: Document, base: int, text: str, inside: list[Count]) -> Finding | None:
    for pattern in (_TOTAL, _BREAKDOWN):
        match = pattern.search(text)
        if match is None or doc.in_quote(base + match.start()):
            continue
        total = integer_value(match.group("total"))
        start = base + match.start("total")
        parts = [c for c in inside if c.offset != start]
        if pattern is _BREAKDOWN:
            parts = [c for c in parts if c.offset > start]
        if total is None or len(parts) < 2 or sum(c.value for c in parts) == total:
            continue
        written = match.group("total")
        listed = " + ".join(c.number for c in parts)
        return Finding(
            start,
            len(written),
            f"the total {written} does not match its parts: {listed} = "
            f"{sum(c.value for c in parts):,}",
            related=tuple(Related(c.offset, len(c.number), "a part") for c in parts),
        )
    return None
