"""A title before a name that the archive does not give that person.

"Senator Tobias Wrenfield" in a story when the archive's stories nearest in date all call
him "Mayor Tobias Wrenfield" is a title to check: a new office, or last year's. The
archive's titles for the person are those of the (up to three) articles nearest the
article's date, when they agree; for an undated article, the one title the archive gives
the person in two articles or more. A longer form of the same title ("Russian President",
"President") is the same title. Information: offices change, and the archive lags.

Off by default: on published copy (BBC and PolNeAR train and dev, each article against
the rest of its corpus) 1 of its 8 findings was judged right. The other seven were
titles right where they stand: a former office in a story about that time ("Gov." Jimmy
Carter in 1976), an office held alongside the archive's ("Chairman" Chuck Grassley, who
is also "Sen."; "Rep." Paul Ryan, the Speaker), a calling before an office. The archive
does not say which of a person's titles fits a sentence; ``select`` AR003 by code to have
the list.

Bad (archive: desk.jsonl):
    ---
    date: 2024-04-02
    ---
    Basin on time

    Senator Tobias Wrenfield said on Tuesday that the basin was on time.
Good (archive: desk.jsonl):
    ---
    date: 2024-04-02
    ---
    Basin on time

    Mayor Tobias Wrenfield said on Tuesday that the basin was on time.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding

CODE = "AR003"
NAME = "archive-title-differs"
SEVERITY = "info"
ENABLED_BY_DEFAULT = False  # 1 of 8 right on published copy (bench/judged)


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    for differs in ctx.archive_findings.titles:
        mention, seen = differs.mention, differs.evidence
        start = mention.title_offset if mention.title_offset is not None else mention.offset
        when = seen.date or "undated"
        yield Finding(
            start,
            mention.end - start,
            f'"{differs.title}": the archive calls {mention.text} "{seen.title}" '
            f"({seen.path}, {when})",
        )
