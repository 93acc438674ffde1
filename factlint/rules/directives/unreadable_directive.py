"""A suppression comment factlint cannot read, which therefore silences nothing.

A mistyped directive must never pass for a working one, and must never widen into "every
rule off": ``<!-- factlint-disabel GR001 -->`` (a misspelt verb), ``factlint: ignore
qt001`` (codes are upper case, as ``factlint rules`` writes them) and a comment never
closed by ``-->`` are each reported here, and the checks they meant to silence still run.
The message says what is wrong and, for a verb, what was probably meant.

Bad:
    The council met on Tuesday.

    <!-- factlint-disabel GR001 -->

    The mayor said the vote was close.
Good:
    The council met on Tuesday.

    <!-- factlint-disable GR001 -->

    The mayor said the vote was close.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding

CODE = "FL001"
NAME = "unreadable-directive"
SEVERITY = "warning"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    for problem in ctx.article.suppressions.problems:
        yield Finding(problem.offset, problem.length, problem.message)
