"""An article that mixes British and American spelling ("colour" and "color").

A desk spells one way throughout. The article's dialect is the configured one
(``grammar: {dialect: british}``), or with ``dialect: auto`` (the default) the one most of
its own spellings use; each spelling of the other dialect is reported, with the form of
the article's dialect as an unsafe fix, where the article also uses its own. The words
compared are the forms that only one dialect's dictionary accepts, in lower case:
Oxford "-ize" is British too, and names ("Pearl Harbor", "Labor Day") are left alone.
An article spelled wholly in the other dialect than the configured one is a matter for
the spelling rule (SP100). Quotations count: a desk spells them in its own style too.

Bad:  The colour of the flag and the color of the sky were discussed at the centre.
Good: The colour of the flag and the colour of the sky were discussed at the centre.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.dialect import counterpart
from factlint.core.diagnostics import Finding, Fix

CODE = "SP102"
NAME = "mixed-dialect"
SEVERITY = "info"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    dialect = ctx.dialect
    if dialect is None:
        return  # neither dialect: the article's own spelling does not decide
    own = len(ctx.dialect_use.of(dialect))
    for spelling in ctx.dialect_use.mixed(dialect):
        other = counterpart(spelling.word)
        fix = None if other is None else Fix(other, spelling.offset, len(spelling.word), safe=False)
        yield Finding(
            spelling.offset,
            len(spelling.word),
            f'{spelling.dialect} spelling "{spelling.word}" in an article spelled in '
            f"{dialect} English ({own} {dialect} spellings)",
            fix=fix,
        )
