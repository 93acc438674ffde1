"""Quoted words in the headline that the body does not quote or say.

A headline's quotation marks promise that someone said those words; the body must carry
them. Inflection is allowed ("strong protest" is supported by "strongly protested"), and
since headlines condense, a quote is reported only when most of its words are missing.

Bad:
    Minister 'furious' over port deal

    The transport minister said the port deal would be reviewed next month.
Good:
    Minister 'furious' over port deal

    "I am furious," the transport minister said of the port deal.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.headline import body_text, headline_quotes, stems, word_in
from factlint.core.diagnostics import Finding

CODE = "HL002"
NAME = "headline-quote-not-in-body"
SEVERITY = "warning"
ENABLED_BY_DEFAULT = False  # mostly wrong on published copy (bench/judged)


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    doc = ctx.article
    claims = headline_quotes(doc)
    if not claims:
        return
    body = stems(body_text(doc))
    for claim, words in claims:
        missing = [w for w in words if not word_in(w, body)]
        if len(missing) * 2 > len(words):  # most of the quoted words: a claim not made
            yield Finding(
                claim.offset,
                claim.length,
                f"the headline quotes {claim.text}, but the body never says "
                + ", ".join(f'"{w}"' for w in missing),
            )
