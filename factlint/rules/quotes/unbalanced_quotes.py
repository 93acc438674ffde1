"""A quotation mark with no partner: a quote opened and never closed, or closed and never opened.

A reader cannot tell where a speaker's words end, and a fact-checker cannot tell what to
verify against the source. The news convention for a quotation that runs over several
paragraphs is respected: a paragraph may leave its quote open when the next paragraph
opens with a quotation mark. Straight (") and curly (“ ”) double marks are checked;
single marks double as apostrophes and are left alone.

Bad:  “We strongly protest, Kishida said.
Good: “We strongly protest,” Kishida said.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding

CODE = "QT001"
NAME = "unbalanced-quotes"
SEVERITY = "info"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    for problem in ctx.article.quote_problems:
        if problem.kind == "unclosed":
            message = (
                f"quotation mark {problem.mark} opens a quote that is never closed "
                "(and the next paragraph does not continue it)"
            )
        else:
            message = f"closing quotation mark {problem.mark} has no opening mark"
        yield Finding(problem.offset, 1, message)
