"""The article's people and their titles against the fact register.

Shared by the FC rules and ``factlint sheet``. People are the name index's mentions
(:mod:`factlint.people`), outside quotations, compared with the register's names: the
same person (:func:`factlint.names.compare_names`), or a "variant", a slip of one name
(:func:`_near_name`). A title before a name ("Prime Minister", "Russian President") is
checked against the person's roles on the article's date
(:func:`factlint.dates.article_date`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import regex

from factlint.data import load as load_data
from factlint.dates import article_date
from factlint.document import Document
from factlint.facts import Person, Register, register_of
from factlint.names import compare_names, name_parts
from factlint.people import Mention, NameIndex, index, near_miss, word_frequency

COMMON_WORD = 5000
# "former" before the title, perhaps with a nationality between: "former Russian President"
_FORMER = regex.compile(r"\b(?i:former|ex-|then-|then)\s*(?:\p{Lu}[\p{L}'’-]*\s+)?$")


@dataclass(frozen=True)
class PersonMatch:
    mention: Mention
    person: Person
    register_name: str  # the register's form the mention was compared with
    status: str  # "same" or "variant"


@dataclass(frozen=True)
class TitleCheck:
    match: PersonMatch
    title: str  # as written
    former: bool
    verdict: str  # "ok", "wrong", "unknown title", "no date" or "not checked" (history)
    message: str = ""


def person_matches(doc: Document) -> list[PersonMatch]:
    """Mentions of people that name someone in the register, or nearly do."""
    register = register_of(doc)
    if register is None or not register.people:
        return []
    cached = doc.cache.get("fact-people")
    if cached is not None:
        return cached
    names = index(doc)
    found = []
    for mention in names.mentions:
        if mention.in_quote:
            continue  # verbatim, and often hypothetical ("President Clinton, thank you")
        match = _best(_full_form(mention, names), register)
        if match is not None:
            found.append(match)
    doc.cache["fact-people"] = found
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
    return len(written) == 1 and word_frequency(written[0]) < COMMON_WORD


def title_checks(doc: Document) -> list[TitleCheck]:
    """Each register person named with a title, and whether they held it on the article's
    date."""
    cached = doc.cache.get("fact-titles")
    if cached is not None:
        return cached
    register = register_of(doc)
    day = article_date(doc)
    checks = []
    for match in person_matches(doc):
        mention = match.mention
        if match.status != "same" or not mention.title or mention.courtesy:
            continue
        title_end = (mention.title_offset or 0) + len(mention.title)
        if doc.text[title_end : mention.offset].strip():
            continue  # a word between title and name was not read as part of the name
        before = doc.text[max(0, (mention.title_offset or 0) - 30) : mention.title_offset]
        former = bool(_FORMER.search(before))
        current = in_story_time(doc, mention, before)
        checks.append(_check(match, mention.title, former, current, day, register))
    doc.cache["fact-titles"] = checks
    return checks


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


def _check(
    match: PersonMatch,
    title: str,
    former: bool,
    current: bool,
    day: dt.date | None,
    register: Register,
) -> TitleCheck:
    wanted = _register_title(title, register)
    if wanted is None:
        return TitleCheck(match, title, former, "unknown title")
    if day is None:
        return TitleCheck(match, title, former, "no date")
    person = match.person
    roles = [r for r in person.roles if r.title.lower() == wanted]
    when = f"{day:%B} {day.day}, {day.year}"
    if former:
        if any(r.end is not None and r.end < day for r in roles):
            return TitleCheck(match, title, former, "ok")
        if any(r.held_on(day) for r in roles):
            message = f'{person.name} was still {roles[0].title} on {when}: "former" is wrong'
            return TitleCheck(match, title, former, "wrong", message)
        return TitleCheck(match, title, former, "unknown title")
    if any(r.held_on(day) for r in roles):
        return TitleCheck(match, title, former, "ok")
    if not current:  # history ("under President Bill Clinton") or hypothesis ("a President Trump")
        return TitleCheck(match, title, former, "not checked")
    if roles:
        spans = "; ".join(r.span for r in roles)
        message = f"{person.name} was {roles[0].title} {spans} (register), not on {when}" + (
            ": say former" if any(r.end and r.end < day for r in roles) else ""
        )
        return TitleCheck(match, title, former, "wrong", message)
    holder = _holder(wanted, person, day, register)
    if holder is not None:
        message = f"on {when}, {holder[1]} was {holder[0]}, not {person.name} (register)"
        return TitleCheck(match, title, former, "wrong", message)
    return TitleCheck(match, title, former, "unknown title")


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
    wanted: str, person: Person, day: dt.date, register: Register
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
