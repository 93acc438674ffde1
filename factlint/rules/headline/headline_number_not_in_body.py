"""A number in the headline that the body never gives.

A headline's figure is the one readers remember; when the body says 339 and the headline
349, or the body never mentions the figure at all, one of them is wrong. Numbers are
compared by value, in digits or words ("2,000", "2000", "two thousand"; "£5m" and "£5
million"). When the headline counts a thing the body also counts ("45 delegates"), a
body sentence must give the figure with it: "66 delegates" in the body and 45 of
something else is still a mismatch.

Bad:
    Police arrest 349 after protest

    Police said 339 people were arrested after the march on Saturday.
Good:
    Police arrest 339 after protest

    Police said 339 people were arrested after the march on Saturday.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.headline import body_text, headline_numbers, numbers, stems, word_in
from factlint.article.document import Document
from factlint.core.diagnostics import Finding

_NUMBER_THEN_WORDS = regex.compile(
    r"(?:\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozen|hundred)\b)"
    r"(?P<after>(?:\s+\p{L}+){1,3})"
)

CODE = "HL001"
NAME = "headline-number-not-in-body"
SEVERITY = "warning"
ENABLED_BY_DEFAULT = False  # mostly wrong on published copy (bench/judged)


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    doc = ctx.article
    claims = headline_numbers(doc)
    if not claims:
        return
    body = body_text(doc)
    in_body = numbers(body)
    for claim, value in claims:
        if claim.noun and _counted(claim.noun, body):
            if not _given_with(value, claim.noun, doc):
                yield Finding(
                    claim.offset,
                    claim.length,
                    f'the headline says "{claim.text} {claim.noun}", which the body never gives',
                )
        elif value not in in_body:
            yield Finding(
                claim.offset,
                claim.length,
                f'the headline says "{claim.text}", which the body never gives',
            )


def _counted(noun: str, body: str) -> bool:
    """Whether the body counts ``noun`` somewhere ("66 delegates", "five delegates")."""
    return any(
        word_in(noun, stems(match.group("after"))) for match in _NUMBER_THEN_WORDS.finditer(body)
    )


def _given_with(value: float, noun: str, doc: Document) -> bool:
    """Whether a body sentence gives ``value`` and speaks of ``noun``."""
    for paragraph in doc.body:
        for sentence in paragraph.sentences:
            text = doc.text[sentence.start : sentence.end]
            if value in numbers(text) and word_in(noun, stems(text)):
                return True
    return False
