"""A person's name written one way throughout, but a slip of the archive's usual form.

NM001 sees a name spelled two ways in one article; an article that spells a person one
wrong way every time gives it nothing to compare. The archive does: a full name the
archive has never printed, with all its words but one the same as a form it prints in at
least two other articles (the option ``min-articles``, never fewer than 2), and that one
word a slip of the archive's (NM001's test: the same initial, one or two edits, five
letters or more, not an inflection), is reported on each mention, with the archive's form
as a fix to review. The archive is the index the config names under ``archive:``; without
one this rule says nothing.

Bad (archive: desk.jsonl):
    ---
    date: 2024-04-02
    ---
    Basin on time

    Mayor Tobias Wrenfeld said on Tuesday that the basin was on time.
Good (archive: desk.jsonl):
    ---
    date: 2024-04-02
    ---
    Basin on time

    Mayor Tobias Wrenfield said on Tuesday that the basin was on time.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.archive_facts import referenced
from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding, Fix, Related

CODE = "AR002"
NAME = "archive-name-form"
SEVERITY = "warning"
OPTIONS = {"min-articles": 2}  # the archive's articles a reference needs (never fewer than 2)


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    for miss, since in referenced(ctx.archive_findings.forms, options["min-articles"]):
        known = miss.known
        context = f'spelled "{known.form}" in {known.articles} articles{since}'
        context += f" (first: {known.first_path})"
        surname = known.form.split()[-1]
        for mention in sorted((*miss.mentions, *miss.surnames), key=lambda m: m.offset):
            wanted = known.form if mention.full else surname
            length = mention.end - mention.offset
            yield Finding(
                mention.offset,
                length,
                f'"{mention.text}": the archive writes "{wanted}" ({known.articles} '
                "articles) and never this",
                fix=Fix(wanted, mention.offset, length, safe=False),
                related=(Related(mention.offset, length, context),),
            )
