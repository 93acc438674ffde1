"""The article's people and their titles against the fact register.

Shared by the FC rules and ``factlint sheet``. People are the name index's mentions
(:mod:`factlint.analyses.people`), outside quotations, compared with the register's
names: the same person (:func:`factlint.analyses.name_similarity.compare_names`), or a
"variant", a slip of one name (:func:`_near_name`). A title before a name ("Prime
Minister", "Russian President") is checked against the person's roles on the article's
date (:func:`factlint.analyses.dates.article_date`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Literal

import regex

from factlint.analyses.name_similarity import compare_names, name_parts, near_miss
from factlint.analyses.people import Mention, NameIndex
from factlint.article.document import Document
from factlint.core.resources import load as load_data
from factlint.core.words import NAME_LIKE, word_frequency
from factlint.register.facts import KnownPerson, Register

# "former" before the title, perhaps with a nationality between: "former Russian President"
_FORMER = regex.compile(r"\b(?i:former|ex-|then-|then)\s*(?:\p{Lu}[\p{L}'’-]*\s+)?$")


MatchStatus = Literal["same", "variant"]
# A title against the register: held that day, not held, a title the register does not
# know, no article date to check it on, or not checked (history or hypothesis).
TitleVerdict = Literal["ok", "wrong", "unknown title", "no date", "not checked"]


@dataclass(frozen=True)
class PersonMatch:
    mention: Mention
    person: KnownPerson
    register_name: str  # the register's form the mention was compared with
    status: MatchStatus


@dataclass(frozen=True)
class TitleCheck:
    match: PersonMatch
    title: str  # as written
    offset: int  # where the titled name starts ("Prime Minister Kishida", "Kishida, the …")
    end: int
    former: bool
    verdict: TitleVerdict
    message: str = ""


@dataclass(frozen=True)
class _Written:
    title: str
    offset: int
    end: int
    former: bool
    current: bool


def person_matches(names: NameIndex, register: Register | None) -> list[PersonMatch]:
    """Mentions of people that name someone in the register, or nearly do."""
    if register is None or not register.people:
        return []
    found = []
    for mention in names.mentions:
        if mention.in_quote:
            continue  # verbatim, and often hypothetical ("President Clinton, thank you")
        match = _best(_full_form(mention, names), register)
        if match is not None:
            found.append(match)
    return found


def _full_form(mention: Mention, names: NameIndex) -> tuple[Mention, str]:
    """A mention and the name to compare: a bare surname stands for the one full name the
    article gives with it ("Clinton" for "Hillary Clinton"), or for itself."""
    if mention.full:
        return mention, mention.text
    person = names.people.get(mention.surname.text.casefold())
    full = {m.text for m in person.full_mentions} if person is not None else set()
    return mention, (full.pop() if len(full) == 1 else mention.text)


def _best(form: tuple[Mention, str], register: Register) -> PersonMatch | None:
    mention, text = form
    variant = None
    same = []
    for person in register.people:
        for name in person.names:
            verdict = compare_names(text, name)
            if verdict == "same":
                same.append(PersonMatch(mention, person, name, "same"))
                break
            if verdict == "variant" and variant is None and _near_name(text, name):
                variant = PersonMatch(mention, person, name, "variant")
    if same:  # a surname two register people share ("Clinton") names neither for sure
        return same[0] if len(same) == 1 else None
    return variant


def _near_name(text: str, name: str) -> bool:
    """A slip of a register name: the surname one slip off (or the same), and the given
    name, when both have one, the same or one slip off; a surname alone must not be a
    common word ("Rich" is not "Rice"). "Josh Bivens" is not "Joe Biden"."""
    written, known = name_parts(text), name_parts(name)
    if not written or not known or written == known:
        return False
    if not (written[-1] == known[-1] or near_miss(written[-1], known[-1])):
        return False
    if len(written) >= 2 and len(known) >= 2:
        return written[0] == known[0] or near_miss(written[0], known[0])
    return len(written) == 1 and word_frequency(written[0]) < NAME_LIKE


def title_checks(
    doc: Document, matches: list[PersonMatch], register: Register | None, day: dt.date | None
) -> list[TitleCheck]:
    """Each register person named with a title, before the name or in apposition after it,
    and whether they held it on the article's date ``day``."""
    if register is None:
        return []
    checks = []
    for match in matches:
        if match.status != "same":
            continue
        for written in _titles(doc, match.mention, register):
            verdict, message = _judge(match, written, day, register)
            where = (written.offset, written.end)
            checks.append(
                TitleCheck(match, written.title, *where, written.former, verdict, message)
            )
    return checks


# ", Japan's prime minister,", ", the chief cabinet secretary, said", ", a former senator."
_APPOSITIVE = regex.compile(
    r",\s+(?:(?i:a|an|the)\s+)?(?P<former>(?i:former|then-)\s*)?"
    r"(?:\p{Lu}[\p{L}.]*['’]s\s+)?(?P<title>\p{L}[\p{L} .-]{2,40}?)"
    r"\s*(?=,|\s+(?:said|says|told|who|and|has|had|was|is)\b|[.;])"
)


def _titles(doc: Document, mention: Mention, register: Register) -> list[_Written]:
    """The titles given to a mention: before the name, or in apposition after it (only
    when the apposition is a title the register knows: "Clinton, Sanders and Cruz" is a
    list)."""
    found = []
    if mention.title and not mention.courtesy:
        start = mention.title_offset or 0
        between = doc.text[start + len(mention.title) : mention.offset]
        if not between.strip():  # else a word the index dropped stands between
            before = doc.text[max(0, start - 30) : start]
            found.append(
                _Written(
                    mention.title,
                    start,
                    mention.end,
                    bool(_FORMER.search(before)),
                    in_story_time(doc, mention, before),
                )
            )
    apposition = _APPOSITIVE.match(doc.text, mention.end)
    if (
        apposition is not None
        and "\n" not in apposition.group()
        and _register_title(apposition.group("title"), register) is not None
    ):
        before = doc.text[max(0, mention.offset - 30) : mention.offset]
        found.append(
            _Written(
                apposition.group("title"),
                mention.offset,
                apposition.end("title"),
                bool(apposition.group("former")),
                in_story_time(doc, mention, before),
            )
        )
    return found


def in_story_time(doc: Document, mention: Mention, before: str) -> bool:
    """Whether the titled person acts in the story's own time: "Prime Minister Kishida
    said", "said Prime Minister Kishida", "..., met the envoy on Tuesday"."""
    after = doc.text[mention.end : mention.end + 80]
    return bool(_acting_after().match(after) or _SPEECH_BEFORE.search(before))


_SPEECH_BEFORE = regex.compile(r"\b(?:said|says|told|according\s+to)\s+$", regex.I)


@cache
def _acting_after() -> regex.Pattern:
    names = load_data("names")
    verbs = "|".join(map(regex.escape, [*names["speech_verbs"], *names["acting_verbs"]]))
    return regex.compile(
        rf"(?:['’]s\b)?\s*(?:,[^,.]{{1,60}},\s*)?(?:on\s+\p{{Lu}}\p{{L}}+day\s+)?(?:{verbs})\b"
    )


def _judge(
    match: PersonMatch, written: _Written, day: dt.date | None, register: Register
) -> tuple[TitleVerdict, str]:
    """A verdict on one title and, when it is wrong, why."""
    wanted = _register_title(written.title, register)
    if wanted is None:
        return "unknown title", ""
    if day is None:
        return "no date", ""
    person = match.person
    roles = [r for r in person.roles if r.title.lower() == wanted]
    when = f"{day:%B} {day.day}, {day.year}"
    if written.former:
        if any(r.end is not None and r.end < day for r in roles):
            return "ok", ""
        if any(r.held_on(day) for r in roles):
            return "wrong", f'{person.name} was still {roles[0].title} on {when}: "former" is wrong'
        return "unknown title", ""
    if any(r.held_on(day) for r in roles):
        return "ok", ""
    if not written.current:  # history ("under President Bill Clinton") or hypothesis
        return "not checked", ""
    if roles:
        spans = "; ".join(r.span for r in roles)
        ended = any(r.end and r.end < day for r in roles)
        message = f"{person.name} was {roles[0].title} {spans} (register), not on {when}"
        return "wrong", message + (": say former" if ended else "")
    holder = _holder(wanted, person, day, register)
    if holder is not None:
        return "wrong", f"on {when}, {holder[1]} was {holder[0]}, not {person.name} (register)"
    return "unknown title", ""


def _register_title(title: str, register: Register) -> str | None:
    """The register title a written title ends with: "Russian President" → "president",
    "Sen." → "senator"."""
    spelled = load_data("names")["title_abbreviations"]
    written = " ".join(spelled.get(w, w) for w in title.lower().replace(".", "").split())
    best = None
    for known in register.titles:
        plain = known.replace(".", "")
        if (written == plain or written.endswith(" " + plain)) and len(known) > len(best or ""):
            best = known
    return best


def _holder(
    wanted: str, person: KnownPerson, day: dt.date, register: Register
) -> tuple[str, str] | None:
    """Who held the title on ``day`` in an organisation this person served: "Prime
    Minister Matsuno" when Kishida was Japan's prime minister."""
    organisations = {r.organisation for r in person.roles if r.organisation}
    for other in register.people:
        for role in other.roles:
            if (
                other is not person
                and role.title.lower() == wanted
                and role.organisation in organisations
                and role.held_on(day)
            ):
                return other.name, f"{role.organisation}'s {role.title}"
    return None
