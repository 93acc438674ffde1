"""A quote the archive has from the same speaker with a word or two changed.

A speaker quoted again is quoted in the same words: "We will open the southern basin"
where the archive has "We will open the northern basin", from the same person, is a
misquote or a new statement, and the desk should know which. A direct quote of eight
words or more with the same number of words as an archived quote by the same speaker, one
or two of them different, is reported with the archive's wording. Information: a speaker
may well say nearly the same thing twice, and on published copy (BBC and PolNeAR train and
dev, each article against the rest of its corpus) 3 of its 6 findings were judged worth a
look (style); in the others the article had it right and the archive's copy differed
("tyres" for "tires", "judgment", a word of a transcript).

Bad (archive: desk.jsonl):
    ---
    date: 2024-04-02
    ---
    Basin on time

    "We will open the southern basin to freight this year," said Mayor Tobias Wrenfield.
Good (archive: desk.jsonl):
    ---
    date: 2024-04-02
    ---
    Basin on time

    "We will open the northern basin to freight this year," said Mayor Tobias Wrenfield.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding

CODE = "AR005"
NAME = "archive-quote-variant"
SEVERITY = "info"
EXCERPT = 90


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    for match in ctx.archive_findings.variants:
        quote, seen = match.item.quote, match.seen
        text = seen.text.strip(" ,.")
        if len(text) > EXCERPT:
            text = text[: EXCERPT - 1] + "…"
        when = seen.date or "undated"
        words = "one word differs" if match.changed == 1 else f"{match.changed} words differ"
        yield Finding(
            quote.start,
            quote.end - quote.start,
            f'the archive quotes {seen.speaker} as "{text}" ({seen.path}, {when}): {words}',
        )
