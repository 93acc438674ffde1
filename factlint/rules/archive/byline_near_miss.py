"""A byline that is a near miss of an author the archive knows well.

A desk whose archive has fourteen stories by "Aldograph Redley" has no writer called
"Aldgra Fredly": a byline (or a bio, or a front-matter author) the archive has never
printed, each part a slip of the same part of a name it has printed on at least two other
articles (the option ``min-articles``, never fewer than 2), is that author misspelt. The
archive is the index the config names under ``archive:`` (``factlint index build``); without
one this rule says nothing. The article's own indexed version never counts.

Bad (archive: desk.jsonl):
    ---
    author: Aldgra Fredly
    date: 2024-04-02
    ---
    Quay traffic grows

    The east quay handled more freight in March.
Good (archive: desk.jsonl, min-articles: 4):
    ---
    author: Aldgra Fredly
    date: 2024-04-02
    ---
    Quay traffic grows

    The east quay handled more freight in March.
Good (archive: desk.jsonl):
    ---
    author: Aldograph Redley
    date: 2024-04-02
    ---
    Quay traffic grows

    The east quay handled more freight in March.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.archive_facts import referenced
from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding, Fix, Related

CODE = "AR001"
NAME = "archive-byline-near-miss"
SEVERITY = "error"
OPTIONS = {"min-articles": 2}  # the archive's articles a reference needs (never fewer than 2)


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    for miss, since in referenced(ctx.archive_findings.bylines, options["min-articles"]):
        known = miss.known
        yield Finding(
            miss.offset,
            miss.length,
            f'"{miss.written}": the archive has {known.articles} articles by "{known.form}"'
            f"{since}, and none by this name",
            fix=Fix(known.form, miss.offset, miss.length, safe=False),
            related=(
                Related(miss.offset, miss.length, f'bylined "{known.form}" in {known.first_path}'),
            ),
        )
