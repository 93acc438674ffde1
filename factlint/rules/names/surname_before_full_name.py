"""A person called by surname alone before the article gives the full name.

News style introduces a person by full name ("Prime Minister Fumio Kishida") and uses the
surname after that. A bare surname (or "Mr. Kishida") that comes first leaves the reader
guessing who is meant, and often means paragraphs were moved in editing. The headline,
direct quotations, and a surname with a formal title ("President Obama", an accepted
first reference for office holders) are not reported; nor is a surname that another
person, already introduced, carries, or whose courtesy title names the other sex ("Mr.
Obama" before "Michelle Obama"). A surname that names a group or a thing ("the Ambani
family", "a Trump presidency") is not a reference to the person.

Bad:
    Japan ends peace talks

    Kishida said the talks were over.

    Prime Minister Fumio Kishida spoke on Tuesday.
Good:
    Japan ends peace talks

    Prime Minister Fumio Kishida spoke on Tuesday.

    Kishida said the talks were over.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.name_lists import given_names, name_gender
from factlint.analyses.people import Mention
from factlint.core.diagnostics import Finding, Related

_TITLE_SEX = {"Mr": "male", "Mrs": "female", "Ms": "female", "Miss": "female"}

CODE = "NM002"
NAME = "surname-before-full-name"
SEVERITY = "warning"
ENABLED_BY_DEFAULT = False  # mostly wrong on published copy (bench/judged)


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    for person in ctx.people.people.values():
        introductions = [m for m in person.full_mentions if m.in_body and _introduces(m)]
        if not introductions:
            continue
        first_full = introductions[0]
        for mention in person.mentions:
            if mention.offset >= first_full.offset:
                break
            if mention.full or not mention.in_body or mention.in_quote or mention.attributive:
                continue
            if (mention.title and not mention.courtesy) or _other_sex(mention, first_full):
                continue
            yield Finding(
                mention.offset,
                len(mention.surname.text),
                f'"{mention.surname.text}" is used before the full name "{first_full.text}" '
                "is given",
                related=(
                    Related(first_full.offset, first_full.end - first_full.offset, "full name"),
                ),
            )


def _other_sex(mention: Mention, full: Mention) -> bool:
    """ "Mr. Obama" is not Michelle Obama: the courtesy title and the given name disagree."""
    title_sex = _TITLE_SEX.get((mention.title or "").rstrip("."))
    given_sex = name_gender(full.words[0].text)
    return title_sex is not None and given_sex is not None and title_sex != given_sex


def _introduces(mention: Mention) -> bool:
    """A full name that surely is a person's: in a person's context, or opening with a
    given name spelled out ("Ask Jeeves" and "S Jones" in a line-up do not count)."""
    given = mention.words[0].text
    return mention.person_context or (len(given) > 2 and given in given_names())
