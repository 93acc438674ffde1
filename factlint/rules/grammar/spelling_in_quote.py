"""Spelling inside a direct quotation: reported at info level, since a quote is verbatim.

A misspelling inside quotation marks may be the source's or the reporter's; check it
against the recording or the original text. Raise it with ``severity: {SP101: warning}``.
A capitalised word with strong evidence of a slip is SP103's, inside quotations too.

Bad:  “The goverment lied,” she wrote.
Good: “The government lied,” she wrote.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding

CODE = "SP101"
NAME = "spelling-in-quote"
SEVERITY = "info"
ENABLED_BY_DEFAULT = False  # mostly wrong on published copy (bench/judged)


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    return ctx.grammar_findings(spelling=True, in_quotes=True, capitalised=False)
