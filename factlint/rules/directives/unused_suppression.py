"""A suppression comment that silenced nothing (off unless selected by code or family).

A directive left behind after the sentence it excused was rewritten hides the next real
problem in that place. Like ruff's unused ``noqa``, this reports each directive, or each
code of it, that silenced no diagnostic in this run; codes of rules that did not run
(not selected, or ignored for the file) are not judged. It is off by default: select it
by code or family (``select: [ALL, FL003]``, or ``--select FL003`` with the rules whose
suppressions you want judged).

Bad (with: [GR001]):
    The council met on Tuesday.

    factlint: ignore GR001 -- the minutes repeat it

    The mayor said the vote was close.
Good (with: [GR001]):
    The council met on Tuesday.

    factlint: ignore GR001 -- the minutes repeat it

    The mayor said the the vote was close.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.codes import ALL, selects
from factlint.core.diagnostics import Finding

CODE = "FL003"
NAME = "unused-suppression"
SEVERITY = "warning"
ENABLED_BY_DEFAULT = False
AFTER_OTHER_RULES = True  # judges the suppressions the other rules' findings used


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    ran = ctx.codes_run - {CODE}
    for directive, idle in ctx.article.suppressions.unused():
        judged = [code for code in idle if code != ALL and selects(code, ran)]
        length = directive.end - directive.start
        if not directive.codes or ALL in idle:
            yield Finding(directive.start, length, "this suppression silenced nothing")
        elif judged:
            codes = ", ".join(judged)
            yield Finding(directive.start, length, f"{codes} found nothing to silence here")
