"""Spelling, from the configured engine, never flagging the article's own names.

A capitalised word is a name unless the evidence says slip. It is reported only when it
is one typing slip from another name or word the same article spells more often, from a
name of the fact register or the user dictionary (``dictionary:`` in the config, one word
a line), or, used once and unknown to every word list, from a word English writes
capitalised ("Christtmas", "Olymipc", "Nintenddo"). So Kishida, Matsuno, Kyodo, Olsson or
Tata, spelled one way, are never reported, whatever the engine would suggest; a name
spelled two ways is NM001's business. HTML character references are decoded before words
are read ("risqu&#233;" is "risqué"). Lower-case words are checked in the article's own
dialect (British, American, or, where its spelling does not decide, only what both
reject). Misspellings inside direct quotations are SP101.

Information by default: on published copy most of what a spelling engine reports is a
word or name its dictionary lacks (``bench/judged``). The suggestion is an unsafe fix.

Bad:  The goverment said the talks were over.
Good: The government said the talks were over.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding

CODE = "SP100"
NAME = "spelling"
SEVERITY = "info"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    return ctx.grammar_findings(spelling=True, in_quotes=False)
