"""Attribution debris: a stray "Quote", or "According to X." cut off from its quotation.

Machine translation and hurried edits leave attribution words standing alone: "Quote
According to Kyodo News." between two quotations, an "Unquote" in running text, or a
sentence that is nothing but "According to the ministry." The quotation it belonged to
has lost its source, and the reader sees the seams.

Bad:  “Russia’s actions are unacceptable,” Kishida said. Quote According to Kyodo News.
Good: “Russia’s actions are unacceptable,” Kishida said, according to Kyodo News.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding

CODE = "QT004"
NAME = "attribution-debris"
SEVERITY = "error"

_STRAY_QUOTE_WORD = regex.compile(
    r"(?:^|(?<=[.!?…”\"]\s+)|[(\[])(?:Quote|Unquote|End\s+quote|Close\s+quote|Open\s+quote)\b[)\]]?"
)
_BARE_ACCORDING = regex.compile(
    r"^(?:(?:Quote|Unquote)\s+)?According\s+to\s+(?:[^\s,;:\"“”]+\s+){0,4}[^\s,;:\"“”]+[.!?]$",
    regex.I,
)


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    doc = ctx.article
    for paragraph in doc.body:
        reported: set[int] = set()
        for span in paragraph.sentences:
            sentence = doc.prose[span.start : span.end]
            if _BARE_ACCORDING.match(sentence) and not doc.in_quote(span.start):
                reported.add(span.start)
                yield Finding(
                    span.start,
                    span.end - span.start,
                    f'"{sentence.strip()}" stands alone: '
                    "the attribution is cut off from its quotation",
                )
        for match in _STRAY_QUOTE_WORD.finditer(paragraph.text):
            offset = paragraph.start + match.start()
            if offset in reported or doc.in_quote(offset):
                continue
            yield Finding(
                offset, len(match.group()), f'stray "{match.group().strip("()[]")}" in the text'
            )
