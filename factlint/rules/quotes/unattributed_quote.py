"""A direct quotation with no speaker.

Every quote in news copy needs a source the reader can see and a fact-checker can call.
A quote is attributed when its sentence names the speaker ("…," Kishida said; Kishida
said: "…"; According to Kishida, "…"), when another quote of the same paragraph is, when
it continues a quotation left open in the paragraph before, or when it follows a
paragraph that quotes its speaker. A quote paragraph after narrative, even narrative that
paraphrases someone ("Kishida said the talks were over."), needs its own attribution
(on published copy the paraphrased person is usually the speaker: the message names
them). A quote paragraph after one that ends with a colon ("He said:", "The New York
Times reports:") is attributed by it. Only a quote that opens its paragraph is checked: partial
quotes are attributed by their sentence, and a quote inside a paragraph usually by the
narrative around it. Information by default: judged on published copy, most quotes it
reported had a speaker a reader could see (``bench/judged``).

Bad:
    Ministry blames Tokyo

    The ministry issued a statement on Monday.

    “All responsibility lies in Tokyo.”
Good:
    Ministry blames Tokyo

    The ministry issued a statement on Monday.

    “All responsibility lies in Tokyo,” the ministry said.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from factlint.analyses.attribution import Attribution
from factlint.analyses.context import RuleContext, RuleOptions
from factlint.article.document import Paragraph
from factlint.core.diagnostics import Finding

CODE = "QT002"
NAME = "unattributed-quote"
SEVERITY = "info"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    broken = {id(item.quote) for item, _, _ in ctx.broken_attributions}
    paragraphs = ctx.article.paragraphs
    for item in ctx.attributions:
        if item.how not in ("none", "implied") or id(item.quote) in broken:
            continue
        if not _opens_paragraph(item) or _after_colon(paragraphs, item):
            continue
        if not item.quote.closed and not item.quote.continues:
            continue  # QT001 reports the unclosed quotation; its speaker may be inside it
        message = "this quotation has no speaker: name who said it"
        if item.how == "implied" and item.speaker is not None:
            message = (
                f"this quotation has no speaker of its own (the paragraph before paraphrases "
                f"{item.speaker.name} but quotes no one): name who said it"
            )
        yield Finding(item.quote.start, item.quote.end - item.quote.start, message)


def _after_colon(paragraphs: list[Paragraph], item: Attribution) -> bool:
    """The paragraph before the quote's ends with a colon: it introduces the quote."""
    index = item.paragraph.index
    return index > 0 and paragraphs[index - 1].text.rstrip().endswith(":")


_LEADING_SPACE = re.compile(r"\s*")  # \s is str.isspace's whitespace


def _opens_paragraph(item: Attribution) -> bool:
    leading = _LEADING_SPACE.match(item.paragraph.text)
    return leading is not None and item.quote.start - item.paragraph.start <= leading.end()
