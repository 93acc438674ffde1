"""A quote's speaker is a pronoun or a titled surname the article never introduced.

"“We will win,” he said." needs a person named before it; "“We will win,” Mr. Okafor
said." needs "Chidi Okafor" (or "Coach Okafor") somewhere in the article. Without them a
reader cannot tell who spoke and a fact-checker cannot call them. A pronoun is reported
only when nothing before the quote could be its antecedent: no name, titled or full, and
no description of a speaker ("the chief executive", "a spokeswoman"); organisations are
not checked.

Bad:  “We will win,” he said.
Good: Coach Chidi Okafor spoke after training. “We will win,” he said.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.people import NameIndex
from factlint.core.diagnostics import Finding

CODE = "QT005"
NAME = "speaker-not-introduced"
SEVERITY = "info"
_OWN_CUES = ("after", "before")
_ROLE = regex.compile(
    r"\b(?:spokes(?:man|woman|person)|chairman|chairwoman|chief|director|minister|officer"
    r"|official|president|secretary|manager|coach|leader|executive|analyst|economist"
    r"|professor|author|expert|lawyer|attorney|judge|police(?:man|woman)?|witness|resident)s?\b",
    regex.I,
)


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    names = ctx.people
    introduced = {
        m.surname.text.casefold() for m in names.mentions if m.full or (m.title and not m.courtesy)
    }
    nobody_up_to = _first_introduction(names)
    seen: set[int] = set()
    for item in ctx.attributions:
        speaker = item.speaker
        if speaker is None or item.how not in _OWN_CUES or item.quote.continuation:
            continue
        if speaker.offset in seen:
            continue
        seen.add(speaker.offset)
        if speaker.pronoun and speaker.pronoun.casefold() in ("he", "she"):
            if speaker.offset <= nobody_up_to:
                yield Finding(
                    speaker.offset,
                    speaker.length,
                    f'"{speaker.pronoun}" speaks here, but no one is named before this quote',
                )
            continue
        mention = next(
            iter(names.mentions_in(speaker.offset, speaker.offset + speaker.length)), None
        )
        if mention is None or mention.full or not mention.courtesy:
            continue
        if mention.surname.text.casefold() not in introduced:
            yield Finding(
                speaker.offset,
                speaker.length,
                f'"{mention.title} {mention.surname.text}" is quoted, '
                "but the article never gives the full name",
            )


def _first_introduction(names: NameIndex) -> int:
    """The last offset where a pronoun has nobody before it: up to the first full or
    titled name in the body, and before the end of the first description of a speaker.
    Found once per article, so that a paragraph of thousands of quotes is not searched
    again for each."""
    prose = names.doc.prose
    last = len(prose)
    for mention in names.mentions:
        if mention.in_body and (mention.full or mention.title):
            last = mention.offset
            break
    role = _ROLE.search(prose)
    return min(last, role.end() - 1) if role else last
