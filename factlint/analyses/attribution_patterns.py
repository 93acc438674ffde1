"""The patterns quote attribution reads a cue with (:mod:`factlint.analyses.attribution`):
a verb of saying or "according to" before or after a quote, the speaker next to it, a
transcript's label, a pronoun, a possessive. Compiled once, from ``data/names.yaml``'s
verbs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from factlint.core.resources import load as load_data


@dataclass(frozen=True)
class Patterns:
    after_inverted: regex.Pattern  # , said Kishida
    after_plain: regex.Pattern  # , Kishida said
    after_dash: regex.Pattern  # ” ― Sonya Herridge
    before: regex.Pattern  # Kishida said:
    according_before: regex.Pattern  # According to Kishida,
    according_after: regex.Pattern  # , according to Kishida.
    cue_anywhere: regex.Pattern
    verbs: frozenset[str]


@cache
def patterns() -> Patterns:
    data = load_data("names")
    verbs = sorted(data["speech_verbs"] + data["attribution_cues"], key=len, reverse=True)
    cue = r"(?P<cue>" + "|".join(regex.escape(v) for v in verbs) + r")"
    abbreviation = rf"(?<=\b(?:{_ABBREVIATIONS}))\."
    full_stop = rf"(?<!\b(?:{_ABBREVIATIONS}))\."
    speaker = rf"(?P<speaker>(?:[^,.;:!?\"“”()\[\]]|{abbreviation}){{1,90}}?)"
    adverbs = (
        r"(?:(?:also|later|then|again|once|further|simply|previously|recently"
        r"|has|had|have|would|will|was)\s+)*"
    )
    # The leading spaces of the patterns after a quote are possessive: a quote followed by
    # thousands of spaces (a word over the limit, blanked) had them try each split of those.
    return Patterns(
        after_inverted=regex.compile(
            rf"^\s*+[,—–-]?\s*+{cue}\s+{speaker}(?=\s*(?:[,;:!?—–(]|{full_stop}|$)|\s+{_AFTER_SPEAKER})",
            regex.I,
        ),
        after_plain=regex.compile(
            rf"^\s*+[,—–-]?\s*+{speaker}(?P<appositive>{APPOSITIVE})\s+{adverbs}{cue}\b", regex.I
        ),
        after_dash=regex.compile(rf"^\s*+[―—–]+\s*+{speaker}\s*$"),
        before=regex.compile(
            rf"(?:^|[,;—–]\s*|\b(?:and|but|as|while|when)\s+){speaker}{APPOSITIVE}\s+{adverbs}{cue}\b"
            rf"(?P<rest>[^.!?\"“”]{{0,80}}?)[,:]?\s*(?:that\s*)?$",
            regex.I,
        ),
        according_before=regex.compile(rf"according\s+to\s+{speaker}\s*[,:]?\s*$", regex.I),
        according_after=regex.compile(
            rf"^\s*+[,—–-]?\s*+according\s+to\s+{speaker}(?=\s*(?:[,.;:!?]|$))", regex.I
        ),
        cue_anywhere=regex.compile(rf"\b{cue}\b|\baccording\s+to\b|:\s*$", regex.I),
        verbs=frozenset(verbs),
    )


# Between a name and its verb: ", 66,", ", Twitter’s director of policy,".
APPOSITIVE = r"(?:\s*\([^()]{1,20}\))?(?:,[^\"“”.!?]{1,100}?,)?"
_ABBREVIATIONS = r"Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Prof|Rev|Jr|Sr|\p{Lu}"
_AFTER_SPEAKER = r"(?:in|on|at|during|after|before|when|while|to|of|about|as|from|via)\b"


def cue_before(text: str) -> bool:
    """Whether ``text`` (a sentence up to a quote) holds a verb of saying or a colon."""
    return bool(patterns().cue_anywhere.search(text)) or text.rstrip().endswith((",", ":"))


_POSSESSIVE = regex.compile(r"['’](?:s\b)?")


def possessive(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is a possessive ("Blair's", "Kenteris'")."""
    return _POSSESSIVE.match(text, end) is not None


NOT_SPEAKERS = frozenset(
    {"that", "this", "which", "what", "there", "as", "so", "if", "but", "and", "it's"}
)
TRANSCRIPT_LABEL = regex.compile(r"\s*(\p{Lu}{2,}(?:[ .-]\p{Lu}{2,}){0,3}):\s")
PRONOUN = regex.compile(r"\b(?:he|she|they|we|it|I|He|She|They|We|It)\b")
SAID_VERB = regex.compile(
    r"\b(?:said|says|told|tells|added|adds|argued|argues|explained|explains|wrote|writes"
    r"|warned|warns|insisted|insists|stated|states|reported|reports|noted|notes|believes"
    r"|claimed|claims|recalled|recalls|commented)\b"
)
