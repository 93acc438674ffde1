"""A suppression comment that names a code no rule has.

``<!-- factlint-disable QT009 -->`` silences nothing when there is no QT009: the writer
believes a check is off that was never on, or meant another code. Any code or prefix of
a rule factlint knows counts (the Python rules, every shipped pack's rules, on or off,
and the rules of the desk's own packs), as does ``ALL``.

Bad:
    The council met on Tuesday.

    factlint: ignore QT009 -- the minutes repeat it

    The mayor said the vote was close.
Good:
    The council met on Tuesday.

    factlint: ignore GR001 -- the minutes repeat it

    The mayor said the vote was close.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.codes import selects
from factlint.core.diagnostics import Finding

CODE = "FL002"
NAME = "unknown-directive-code"
SEVERITY = "warning"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    known = ctx.settings.known_codes
    if not known:
        return  # checked outside the engine: no rule list to compare with
    for code, offset in ctx.article.suppressions.named_codes():
        if not selects(code, known):
            yield Finding(offset, len(code), f"no rule has the code {code}: this silences nothing")
