"""Spelling inside a direct quotation: reported at info level, since a quote is verbatim.

A misspelling inside quotation marks may be the source's or the reporter's; check it
against the recording or the original text. Raise it with ``severity: {SP101: warning}``.
Off by default: judged on published copy, nearly all were the speaker's words (slang,
dialect, names). A capitalised word with evidence of a slip is SP103's or SP100's,
inside quotations too.

Bad:  “The goverment lied,” she wrote.
Good: “The government lied,” she wrote.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.spelling_judge import LOWER
from factlint.core.diagnostics import Finding

CODE = "SP101"
NAME = "spelling-in-quote"
SEVERITY = "info"
ENABLED_BY_DEFAULT = False  # mostly wrong on published copy (bench/judged)


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    return ctx.grammar_findings(spelling=True, in_quotes=True, kinds=frozenset({LOWER}))
