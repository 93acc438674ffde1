"""A name the fact register knows, misspelled: "Hirokazu Matuno" for "Hirokazu Matsuno".

The desk's register (``facts:`` in the config) has the canonical spelling of the people it
covers, with their aliases. A person's name in the article that is a near miss of one of
them (compared part by part, like BY001) is reported with the register's spelling as the
fix. This also settles which of two spellings in one article is right: the register's.

Bad (facts: seed-register.yaml):  Chief Cabinet Secretary Hirokazu Matuno said so.
Good (facts: seed-register.yaml): Chief Cabinet Secretary Hirokazu Matsuno said so.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding, Fix

CODE = "FC001"
NAME = "register-name-misspelled"
SEVERITY = "error"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    for match in ctx.register_people:
        if match.status != "variant":
            continue
        mention = match.mention
        wanted = match.register_name if mention.full else match.register_name.split()[-1]
        yield Finding(
            mention.offset,
            mention.end - mention.offset,
            f'"{mention.text}": the fact register spells it "{wanted}"',
            fix=Fix(wanted, mention.offset, mention.end - mention.offset, safe=False),
        )
