"""A capitalised word that is a typing slip of a name or a word written capitalised.

Names are not misspellings: a capitalised word the article spells one way (Kishida,
Olsson, Tata) is reported only when the evidence says slip. It is one typing slip (a
letter dropped, doubled, swapped with its neighbour or changed for a neighbouring key;
never the first or last letter) from another name or word the same article spells more
often ("AztraZeneca" beside "AstraZeneca", "Trmp" beside "Trump"; not from a common word
the article capitalises, "Life", unless the article writes the same name of several words
right elsewhere: "Gallant Fondation" beside "Gallant Foundation"); or, next to a day of the
month, from a month's name ("Apil 15"); or from a name of the fact register or the user
dictionary; or, used once, unknown to every word list, standing alone and 6 letters or
longer, from a word English writes capitalised: a country or a people, a word of a
title or an organisation's name, a common word such as Christmas or Olympic
(``factlint/data/proper_words.yaml``). Weaker evidence is SP100's (information): a word
of a person's name one slip from another the article writes (NM001's own business,
where it misses one), a name the spelling engine's dictionary knows only capitalised
("Nintenddo"), a common word one slip away ("Financual"), a short word or a word of a
longer name near a place ("Toho", "Buenos Aries"), a sentence's first word near a
common word; and, of a word unknown to every list (English, given names, surnames), the
engine's suggestion when a letter dropped, doubled or swapped mends letters no word or
listed name puts together ("Cntre", "Lorrd"; any slip where no word or name even opens so,
"Mwta", outside a person's name), when two neighbouring letters are swapped in
a word of 6+ letters standing alone ("Claico"), or when the word has 8+ letters
("Reisurance"); a word in capitals one slip from a person's name the article writes
("QUINTERLL"); of a name written once each way, the spelling no list knows ("Prais"
beside "Paris"), unless it is a word of a person's name. The engine's other suggestions
are no evidence: for a name it does not know it suggests one it does ("Olson" for
"Olsson", "Tara" for "Tata"). HTML character references are decoded first; a word the
engine left unchecked (it skips the words of a very long sentence) is asked about alone,
and its suggestions then count only for the clear slips above. Quotations are read too:
the evidence is the article's, not the speaker's. The fix, the word it is a slip of, is
unsafe.

Information by default: judged on published copy, about two thirds of what it reports are
real slips (``bench/judged``), against a quarter for SP100. A desk that wants these
before publication raises it: ``severity: {SP103: warning}``.

Bad:  The Olymipc torch reached Athens on Friday.
Good: The Olympic torch reached Athens on Friday.
Good: The deal was struck with the Tata group and Christian Olsson of Parma.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.spelling_judge import STRONG
from factlint.core.diagnostics import Finding

CODE = "SP103"
NAME = "misspelt-capitalised-word"
SEVERITY = "info"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    strong = frozenset({STRONG})
    yield from ctx.grammar_findings(spelling=True, in_quotes=False, kinds=strong)
    # a quotation is verbatim, but a name it misspells against the article is the copy's
    yield from ctx.grammar_findings(spelling=True, in_quotes=True, kinds=strong)
