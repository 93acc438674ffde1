"""One author, two spellings: the byline, the bio or the front matter misspell the author.

An author's name spelled two ways in one article ("Aldograph Redley" in the byline,
"Aldgra Fredly" in the bio) is a correction waiting to happen, and no spell-checker
catches it. Names are compared part by part: case, middle initials, accents and courtesy
titles do not matter; every part must be a near miss of its counterpart, so two people
who share a surname are not taken for one misspelt name (that is BY002's business).

Bad:
    Border talks to resume next week

    By Aldograph Redley

    Malaysia and Thailand will resume their border talks next week, officials said.

    Aldgra Fredly is a Malaysia-based freelance writer.
Good:
    Border talks to resume next week

    By Aldograph Redley

    Malaysia and Thailand will resume their border talks next week, officials said.

    Aldograph Redley is a Malaysia-based freelance writer.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding, Related

CODE = "BY001"
NAME = "byline-bio-mismatch"
SEVERITY = "error"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    for item in ctx.authors:
        if item.verdict != "variant" or item.closest is None:
            continue
        other = item.closest
        yield Finding(
            item.name.offset,
            item.name.length,
            f'the {item.where} spells the author "{item.name.text}" '
            f'but the {item.against_where} says "{other.text}"',
            related=(Related(other.offset, other.length, f'{item.against_where}: "{other.text}"'),),
        )
