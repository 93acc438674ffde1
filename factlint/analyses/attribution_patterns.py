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
    before_inverted: regex.Pattern  # Said Kishida:
    according_before: regex.Pattern  # According to Kishida,
    according_after: regex.Pattern  # , according to Kishida.
    cue_anywhere: regex.Pattern
    cue_word: regex.Pattern  # a verb of saying, or "according to"
    verbs: frozenset[str]


@cache
def patterns() -> Patterns:
    data = load_data("names")
    verbs = sorted(data["speech_verbs"] + data["attribution_cues"], key=len, reverse=True)
    cue = r"(?P<cue>" + "|".join(regex.escape(v) for v in verbs) + r")"
    abbreviation = rf"(?<=\b(?:{_ABBREVIATIONS}))\."
    full_stop = rf"(?<!\b(?:{_ABBREVIATIONS}))\."
    speaker = rf"(?P<speaker>(?:[^,.;:!?\"“”()\[\]]|{abbreviation}){{1,90}}?)"
    adverbs = ADVERBS
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
            rf"(?:^|[,;—–]\s*(?:{_CONJUNCTION})?|\b(?:and|but|as|while|when)\s+){speaker}{APPOSITIVE}\s+{adverbs}{cue}\b"
            rf"(?P<rest>[^.!?\"“”]{{0,80}}?)[,:]?\s*(?:that\s*)?$",
            regex.I,
        ),
        # the verb first, at the sentence's start, then the name: only a capitalised one
        before_inverted=regex.compile(rf"^\s*(?i:{cue})\s+(?=\p{{Lu}}){speaker}\s*[,:]\s*$"),
        according_before=regex.compile(rf"according\s+to\s+{speaker}\s*[,:]?\s*$", regex.I),
        according_after=regex.compile(
            rf"^\s*+[,—–-]?\s*+according\s+to\s+{speaker}(?=\s*(?:[,.;:!?]|$))", regex.I
        ),
        cue_anywhere=regex.compile(rf"\b{cue}\b|\baccording\s+to\b|:\s*$", regex.I),
        cue_word=regex.compile(rf"\b{cue}\b|\baccording\s+to\b", regex.I),
        verbs=frozenset(verbs),
    )


# Before a verb of saying: "Kishida has also said".
ADVERBS = (
    r"(?:(?:also|later|then|again|once|further|simply|previously|recently"
    r"|has|had|have|would|will|was)\s+)*"
)
# Between a name and its verb: ", 66,", ", Twitter’s director of policy,".
APPOSITIVE = r"(?:\s*\([^()]{1,20}\))?(?:,[^\"“”.!?]{1,100}?,)?"
_ABBREVIATIONS = r"Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Prof|Rev|Jr|Sr|\p{Lu}"
# A clause's conjunction before its subject: ", but Wenger said:" (the subject is Wenger).
_CONJUNCTION = r"(?:and|but|as|while|when|so|yet)\s+"
_AFTER_SPEAKER = r"(?:in|on|at|during|after|before|when|while|to|of|about|as|from|via)\b"


def cue_before(text: str) -> bool:
    """Whether ``text`` (a sentence up to a quote) holds a verb of saying or a colon."""
    return bool(patterns().cue_anywhere.search(text)) or text.rstrip().endswith((",", ":"))


# Between a name that qualifies the next one and that name: a role in lower case ("Global
# Insight analyst Howard Archer", "William Hill spokesman Rupert Adams"), no preposition,
# conjunction, article or verb in it ("Brian Taylor of Wells Fargo", "Mr Blair thanked").
_ROLE_BETWEEN = regex.compile(
    r"[ \t]+(?:(?!(?:of|to|at|for|from|with|and|or|but|in|on|by|the|a|an|then|who|whose|as|is"
    r"|was|were|are|has|had|have|not|also)\b)\p{Ll}[\p{Ll}-]*(?<!ed)[ \t]+){1,3}"
)


def qualifies(text: str, end: int, next_start: int) -> bool:
    """Whether the name ending at ``end`` only qualifies the name at ``next_start``, the
    one the phrase is about: a role between them ("Global Insight analyst Howard Archer")."""
    return _ROLE_BETWEEN.fullmatch(text, end, next_start) is not None


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
