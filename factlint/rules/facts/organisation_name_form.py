"""An organisation's name in a form the desk corrects, by the fact register.

The register gives each organisation its canonical name, the short forms the desk accepts
(``abbreviations``) and the forms it has seen in copy and corrects (``variants``): "Kyodo
News Agency" where the desk writes "Kyodo News". A variant in the headline or body is
reported with the canonical name as the fix; quotations are left alone.

The fix is unsafe (never applied by ``factlint check --fix`` alone). The register says
which name the desk writes, but the fix replaces words and leaves the sentence around
them as it was: "the Kyodo News Agency" becomes "the Kyodo News", and a variant can be
right where it stands (the name an organisation had at the time, the title of a report,
another body of a similar name). An editor applies it.

Bad (facts: seed-register.yaml):  According to the Kyodo News Agency, the talks were suspended.
Good (facts: seed-register.yaml): According to Kyodo News, the talks were suspended.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import regex

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.article.document import HEADLINE_AND_BODY
from factlint.core.diagnostics import Finding, Fix

CODE = "FC004"
NAME = "organisation-name-form"
SEVERITY = "warning"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    organisations = ctx.register.organisations if ctx.register is not None else ()
    doc = ctx.article
    for organisation in organisations:
        for variant in organisation.variants:
            pattern = _pattern(variant)
            for paragraph in doc.paragraphs:
                if paragraph.kind not in HEADLINE_AND_BODY:
                    continue
                for match in pattern.finditer(paragraph.text):
                    offset = paragraph.start + match.start()
                    if doc.in_quote(offset):
                        continue
                    yield Finding(
                        offset,
                        len(match.group()),
                        f'"{match.group()}": the desk writes "{organisation.name}"',
                        fix=Fix(organisation.name, offset, len(match.group()), safe=False),
                    )


@cache
def _pattern(variant: str) -> regex.Pattern:
    return regex.compile(rf"(?<![\p{{L}}\d]){regex.escape(variant)}(?![\p{{L}}\d])")
