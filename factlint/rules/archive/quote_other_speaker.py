"""A quote whose words the archive gives to someone else.

Misattributed quotes are among the commonest published corrections. A direct quote of six
words or more that the archive prints, word for word (case and punctuation aside), as said
by another named person, and never by this one, is reported with the earlier article.
The article's own indexed version never counts.

Both attributions must be beyond doubt: the speaker named (not "he" or "she") by a cue or
a transcript's label next to the quote, or earlier in its paragraph (the second half of a
split quote, a run of quotes after "X said:"), or by the cue right after a quote it runs
straight into; and no other person named, by full name or title, between that name and
the quote. A speaker taken from a later cue across the paragraph's narrative (the quote
may go on from the paragraph before), from the paragraph before, or the first of two
people named before a colon is factlint's guess, and a guess is no evidence. On published
copy (BBC and PolNeAR train and dev, each article against the rest of its corpus) all 11
findings of the first version were such guesses, judged wrong; with this rule there are
none, and the recall of an injected misattribution is 0.87 (BBC) and 0.96 (PolNeAR).

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
