"""One count, two numbers: the same count of the same thing given differently.

"339 people were arrested" in one paragraph and "all 345 people arrested" in another, or
"76 individuals" and then "67 individuals": one of them is a typo, and a reader cannot
tell which. Only counts of things are compared, not measures such as years or euros, nor
tallies such as votes. Two counts of one noun are one count when:

- the same event follows the noun in two paragraphs ("people were arrested", "people
  arrested"), unless a word such as "another", "about" or "more than" marks another group;
- or they are a typing slip apart: two digits swapped, or one digit changed in numbers of
  three digits or more that are not both round (100 and 400 are left alone), and the
  one does not fall within the other's range ("more than 200,000" allows "206,000",
  "about 300" allows 270 to 330).

Digits and words are one number ("seven banks", "7 banks"). Other counts of one noun are
usually different groups and are left alone. Rates ("per 100 people"), ranks ("top 10
albums"), years ("the 2011 attacks") and counts inside quotations are not compared.

Bad:
    Japan widens sanctions on Russia

    Japan has sanctioned 76 individuals.

    The 67 individuals include President Vladimir Putin.
Good:
    Japan widens sanctions on Russia

    Japan has sanctioned 76 individuals.

    The 76 individuals include President Vladimir Putin.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.counts import Count
from factlint.analyses.numbers import is_round
from factlint.core.diagnostics import Finding, Fix, Related

CODE = "NU001"
NAME = "count-mismatch"
SEVERITY = "error"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    by_noun: dict[str, list[Count]] = {}
    for count in ctx.counts:
        by_noun.setdefault(count.noun, []).append(count)
    for noun, mentions in by_noun.items():
        yield from _mismatches(noun, mentions)


def _mismatches(noun: str, mentions: list[Count]) -> Iterable[Finding]:
    for i, count in enumerate(mentions):
        for other in mentions[:i]:
            if count.value != other.value and _same_count(count, other):
                yield Finding(
                    count.offset,
                    len(count.number),
                    f'"{count.number} {noun}" here, but "{other.number} {noun}" earlier: '
                    "one of the two is wrong",
                    fix=Fix(other.number, count.offset, len(count.number), safe=False),
                    related=(Related(other.offset, len(other.number), f'"{other.number} {noun}"'),),
                )
                break


def _same_count(a: Count, b: Count) -> bool:
    """A typing slip of one another, or the same event counted in another paragraph."""
    if (
        a.in_digits
        and b.in_digits
        and not a.allows(b)
        and typing_slip(a.number.replace(",", ""), b.number.replace(",", ""))
    ):
        return True
    return (
        a.verb is not None
        and a.verb == b.verb
        and a.paragraph != b.paragraph
        and not (a.qualified or b.qualified)
    )


def typing_slip(a: str, b: str) -> bool:
    """Two adjacent digits swapped (76, 67), or, in numbers of three digits or more that are
    not both round, one digit changed (339, 349; 800,000 and 806,000; not 100 and 400)."""
    if len(a) != len(b) or len(a) < 2:
        return False
    differences = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(differences) == 1:
        return len(a) >= 3 and not (is_round(a) and is_round(b))
    i, j = differences if len(differences) == 2 else (0, 0)
    return len(differences) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
