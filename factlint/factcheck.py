"""The article against the fact register: its people, their titles and its figures.

Shared by the FC rules and ``factlint sheet``. People are the name index's mentions
(:mod:`factlint.people`) compared with the register's names part by part
(:func:`factlint.names.compare_names`): "same", or a "variant" (a near miss). A title
before a name ("Prime Minister", "Russian President") is checked against the person's
roles on the article's date (:func:`factlint.dates.article_date`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

from factlint.dates import article_date
from factlint.document import Document
from factlint.facts import Person, Register, register_of
from factlint.names import compare_names
from factlint.people import Mention, index, near_miss, word_frequency

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
    verdict: str  # "ok", "wrong", "unknown title" or "no date"
    message: str = ""


def person_matches(doc: Document) -> list[PersonMatch]:
    """Mentions of people that name someone in the register, or nearly do."""
    register = register_of(doc)
    if register is None or not register.people:
        return []
    cached = doc.cache.get("fact-people")
    if cached is not None:
        return cached
    found = []
    for mention in index(doc).mentions:
        match = _best(mention, register)
        if match is not None:
            found.append(match)
    doc.cache["fact-people"] = found
    return found


def _best(mention: Mention, register: Register) -> PersonMatch | None:
    variant = None
    for person in register.people:
        for name in person.names:
            verdict = compare_names(mention.text, name)
            if verdict == "same":
                return PersonMatch(mention, person, name, "same")
            if verdict == "variant" and variant is None and _plausible(mention, name):
                variant = PersonMatch(mention, person, name, "variant")
    return variant


def _plausible(mention: Mention, name: str) -> bool:
    """A near miss of a register name, from a full name, or from a surname alone that is
    one slip from the register's surname and not a common word ("Rich" is not "Rice")."""
    if mention.full:
        return True
    surname = mention.surname.text
    return near_miss(surname, name.split()[-1]) and word_frequency(surname.lower()) < COMMON_WORD


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
        before = doc.text[max(0, (mention.title_offset or 0) - 30) : mention.title_offset]
        former = bool(_FORMER.search(before))
        checks.append(_check(match, mention.title, former, day, register))
    doc.cache["fact-titles"] = checks
    return checks


def _check(
    match: PersonMatch, title: str, former: bool, day: dt.date | None, register: Register
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
    """The register title a written title ends with: "Russian President" → "president"."""
    written = " ".join(title.lower().replace(".", "").split())
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
