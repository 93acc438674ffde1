"""Courtesy titles (Mr., Mrs., Ms., Miss) against the house style.

Option ``courtesy-titles``:
- ``consistent`` (default: right under any house style): a second reference either
  carries a courtesy title or does not, for everyone in the article; the less common
  usage is reported ("Mr. Matsuno" where everyone else is called by surname alone).
- ``none`` (AP style): no courtesy titles; each one is reported, with the bare surname as
  the fix.
- ``required`` (British style): every second reference carries one; a bare surname
  after the full name is reported.

Titles inside direct quotations are the speaker's words and are never reported. Formal
titles ("President", "Dr.") are not courtesy titles.

A titled mention comes with the bare surname as its fix, which is unsafe (never applied
by ``factlint check --fix`` alone): a courtesy title can be what tells two people apart
("Mrs Clinton" in an article about both Clintons), part of a title or a part ("Jonathan
Strange and Mr Norrell", "she played Mrs Potts"), and under ``consistent`` the majority
that decides can be the article's slip rather than its style.

Bad:
    Talks over, Tokyo says

    Prime Minister Fumio Kishida and Chief Cabinet Secretary Hirokazu Matsuno spoke.

    Kishida said the talks were over. Mr. Matsuno agreed. Kishida left.
Good:
    Talks over, Tokyo says

    Prime Minister Fumio Kishida and Chief Cabinet Secretary Hirokazu Matsuno spoke.

    Mr. Kishida said the talks were over. Mr. Matsuno agreed.
Bad (courtesy-titles: none):  At a press conference, Mr. Matsuno said the talks were over.
Good (courtesy-titles: none): At a press conference, Matsuno said the talks were over.
Bad (courtesy-titles: required):
    Talks over, Tokyo says

    Chief Cabinet Secretary Hirokazu Matsuno spoke on Tuesday.

    Matsuno said the talks were over.
Good (courtesy-titles: required):
    Talks over, Tokyo says

    Chief Cabinet Secretary Hirokazu Matsuno spoke on Tuesday.

    Mr. Matsuno said the talks were over.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.name_lists import given_names, place_names
from factlint.analyses.people import Mention, NameIndex
from factlint.core.diagnostics import Finding, Fix
from factlint.core.words import COMMON, word_frequency

CODE = "NM003"
NAME = "courtesy-title"
SEVERITY = "warning"
ENABLED_BY_DEFAULT = False  # mostly wrong on published copy (bench/judged)
OPTIONS = {"courtesy-titles": "consistent"}
CHOICES = {"courtesy-titles": ("none", "consistent", "required")}


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    style = options["courtesy-titles"]
    titled, bare = _second_references(ctx.people)
    if style == "none":
        yield from (_titled_finding(m, "house style uses no courtesy titles") for m in titled)
    elif style == "required":
        yield from (_bare_finding(m) for m in bare)
    elif titled and bare:
        if len(titled) <= len(bare):
            times = "once" if len(bare) == 1 else f"{len(bare)} times"
            reason = f"elsewhere the article uses none ({times})"
            yield from (_titled_finding(m, reason) for m in titled)
        else:
            yield from (_bare_finding(m) for m in bare)


def _second_references(names: NameIndex) -> tuple[list[Mention], list[Mention]]:
    """Surname-only mentions in the body outside quotes: with a courtesy title, and bare.

    A titled mention of a common word is a title of its own ("Miss Universe"). A bare one
    counts only as a second reference to someone the article names in full (with a title,
    a verb of saying or a known given name) by that surname, and not as a common word
    ("Age Concern"), letters ("MPs"), a modifier ("the Clinton campaign") or a place
    ("Virginia")."""
    titled, bare = [], []
    places, given = place_names(), given_names()
    for person in names.people.values():
        named_in_full = any(
            m.full and (m.person_context or m.words[0].text in given) for m in person.mentions
        )
        for mention in person.mentions:
            if mention.full or not mention.in_body or mention.in_quote:
                continue
            surname = mention.surname.text
            name_like = word_frequency(surname) < COMMON and not surname[:2].isupper()
            if mention.courtesy:
                if name_like or surname in given:
                    titled.append(mention)
            elif (
                mention.title is None
                and named_in_full
                and name_like
                and not mention.attributive
                and surname not in places
            ):
                bare.append(mention)
    return sorted(titled, key=lambda m: m.offset), sorted(bare, key=lambda m: m.offset)


def _titled_finding(mention: Mention, reason: str) -> Finding:
    title_start = mention.offset if mention.title_offset is None else mention.title_offset
    surname = mention.surname.text
    return Finding(
        title_start,
        mention.end - title_start,
        f'courtesy title in "{mention.title} {surname}": {reason}',
        fix=Fix(surname, title_start, mention.end - title_start, safe=False),
    )


def _bare_finding(mention: Mention) -> Finding:
    surname = mention.surname.text
    return Finding(
        mention.offset,
        len(surname),
        f'"{surname}" has no courtesy title, which house style requires on second reference',
    )
