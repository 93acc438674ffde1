"""A quotation whose would-be speaker stands right before it with no verb of saying.

"The ministry statement Russia “it is impossible …”" names a source but never says that
it said anything: a sentence left broken by editing or machine translation. The quote
follows a name directly (not a possessive, not the end of a sentence), its sentence has
no cue (said, told, according to, a colon) before it, and the quote is a clause of its
own: several words opening with a subject ("it is", "we will"). A quote that goes on
with the sentence's grammar (Mr Hockney "has a moral obligation") is not reported.

Bad:  The ministry statement Russia “it is impossible to discuss this document.”
Good: The ministry said in a statement: “It is impossible to discuss this document.”
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding

CODE = "QT003"
NAME = "broken-attribution"
SEVERITY = "error"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    for item, name, offset in ctx.broken_attributions:
        yield Finding(
            offset,
            item.quote.start + 1 - offset,
            f'the quotation follows "{name}" with no verb of saying: the attribution is broken',
        )
