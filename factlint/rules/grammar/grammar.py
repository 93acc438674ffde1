"""Grammar, from the configured engine (Harper by default, or LanguageTool).

Each match of the engine becomes a diagnostic with the engine's rule name in brackets and
its first suggestion as an unsafe fix. Matches inside direct quotations are GR101 (a quote
is verbatim); repeated words are GR001's. Choose the engine with ``grammar: {backend:
harper | languagetool | none}`` or ``--grammar``.

Bad:  The mayor said their going to close the pier.
Good: The mayor said they're going to close the pier.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding

CODE = "GR100"
NAME = "grammar"
SEVERITY = "info"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    return ctx.grammar_findings(spelling=False, in_quotes=False)
