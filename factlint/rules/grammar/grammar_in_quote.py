"""Grammar inside a direct quotation: reported at info level, since a quote is verbatim.

A speaker's words are printed as spoken; an editor may still want to see them, or to
paraphrase. Raise it with ``severity: {GR101: warning}`` or silence it with
``ignore: [GR101]``.

Bad:  “We was robbed,” the manager said.
Good: The manager said his team had been robbed.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding

CODE = "GR101"
NAME = "grammar-in-quote"
SEVERITY = "info"
ENABLED_BY_DEFAULT = False  # mostly wrong on published copy (bench/judged)


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    return ctx.grammar_findings(spelling=False, in_quotes=True)
