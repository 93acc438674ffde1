"""Spelling, from the configured engine, never flagging the article's own names.

A capitalised word the article spells one way only (names such as Kishida, Matsuno,
Kyodo) and the words of the user dictionary (``dictionary:`` in the config, one word a
line) are never misspellings; a name spelled two ways is NM001's business. Misspellings
inside direct quotations are SP101.

Bad:  The goverment said the talks were over.
Good: The government said the talks were over.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding

CODE = "SP100"
NAME = "spelling"
SEVERITY = "warning"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    return ctx.grammar_findings(spelling=True, in_quotes=False)
