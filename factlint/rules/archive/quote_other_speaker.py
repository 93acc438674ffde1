"""A quote whose words the archive gives to someone else.

Misattributed quotes are among the commonest published corrections. A direct quote of six
words or more that the archive prints, word for word (case and punctuation aside), as said
by another named person, and never by this one, is reported with the earlier article.
Only attributions the article and the archive make next to the quote count (a cue, a
label, the same paragraph), never a guess across paragraphs; the article's own indexed
version never counts.

Bad (archive: desk.jsonl):
    ---
    date: 2024-04-02
    ---
    Basin on time

    "We will open the northern basin to freight this year," said Councillor Delia Marchetti.
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
from factlint.core.diagnostics import Finding, Related

CODE = "AR004"
NAME = "archive-quote-other-speaker"
SEVERITY = "warning"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    for match in ctx.archive_findings.other_speaker:
        quote, seen = match.item.quote, match.seen
        speaker = match.item.speaker
        who = speaker.name if speaker else "this speaker"
        when = seen.date or "undated"
        related: tuple[Related, ...] = ()
        if speaker is not None:
            related = (Related(speaker.offset, speaker.length, f"attributed here to {who}"),)
        yield Finding(
            quote.start,
            quote.end - quote.start,
            f"the archive gives these words to {seen.speaker}, not {who} ({seen.path}, {when})",
            related=related,
        )
