"""Spelling from the engine: lower-case words, and capitalised ones on weak evidence.

A word the engine's dictionary lacks but pyspellchecker's English word list counts at
least 100 times ("storyline", "bloke") is a word, not a misspelling. Words are read with
HTML character references decoded ("risqu&#233;" is "risqué"), in the article's own
dialect: British, American, or, where its spelling does not decide, only what both
dictionaries reject. Capitalised words are SP103's when the evidence of a slip is strong
(names are never misspellings without evidence); a capitalised word whose only evidence
is weak (the engine's suggestion of a name, a common word one slip away, a short word or
a word of a longer name near a place, a word of a person's name NM001 leaves, the
engine's suggestion one clear slip from a word no list knows: "Cmmons", "Mwta",
"Claico", "Reisurance"; a name slipped in capitals, "QUINTERLL"; of a name written once each
way, the spelling no list knows, "Prais" beside "Paris") is reported here, inside
quotations too: a slip of that kind is the copy's, not the speaker's. The
engine's other matches inside direct quotations are SP101's.

Information by default: on published copy most of what a spelling engine reports is a
word its dictionary lacks (``bench/judged``). The engine's suggestion is an unsafe fix.

Bad:  The goverment said the talks were over.
Good: The government said the talks were over.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.spelling_judge import LOWER, WEAK
from factlint.core.diagnostics import Finding

CODE = "SP100"
NAME = "spelling"
SEVERITY = "info"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    yield from ctx.grammar_findings(spelling=True, in_quotes=False, kinds=frozenset({WEAK, LOWER}))
    # a capitalised slip in a quotation is the copy's, not the speaker's: SP101 has the rest
    yield from ctx.grammar_findings(spelling=True, in_quotes=True, kinds=frozenset({WEAK}))
