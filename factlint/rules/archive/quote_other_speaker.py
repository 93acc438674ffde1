"""A quote whose words the archive gives to someone else.

Misattributed quotes are among the commonest published corrections. A direct quote of six
words or more that the archive prints, word for word (case and punctuation aside), as said
by another named person, and never by this one, is reported with the earlier article.
The article's own indexed version never counts.

Both attributions must be beyond doubt: the speaker named (not "he" or "she") by a cue or
a transcript's label next to the quote, or earlier in its paragraph (the second half of a
split quote, a run of quotes after "X said:"), or by the cue right after a quote it runs
straight into; or the quote goes on from such a quote (a new paragraph of the same
quotation, or straight after it); and no other person named, by full name or title,
between that name and the quote, unless only in the speaker's own clause (an appositive,
"Jens Lehmann, whose rivalry with Oliver Kahn ..., said:"; the one spoken to or of, "told
ITV1's Jonathan Dimbleby:", when no second verb of saying follows) or in the cue's own
sentence right before it ("A," said X of Wells Fargo. "B."). A possessive is not a
speaker ("Mr Blair's spokesman said"), nor a name that qualifies the next ("William Hill
spokesman Rupert Adams"). A speaker taken from a later cue across the paragraph's
narrative (the quote may go on from the paragraph before), from the paragraph before,
the first of two people named before a colon, words naming the speaker that name two
people ("Duff was hurt and manager Jose Mourinho said:"), or a title followed by a named
appositive is factlint's guess, and a guess is no evidence. On published copy (BBC and
PolNeAR train and dev, each article against the rest of its corpus) all 11 findings of
the first version were such guesses, judged wrong; with this rule there are none, and the
recall of an injected misattribution is 0.91 (BBC) and 0.99 (PolNeAR): 1.00 where the
archive's own speaker is sure (91% and 97% of the archived quotes), the others being
quotes factlint had often misread.

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
