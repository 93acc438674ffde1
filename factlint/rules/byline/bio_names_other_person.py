"""The bio (or a front-matter author) names someone who is not in the byline.

A closing bio that describes another writer usually means a bio pasted from another
story, or a byline changed without its bio. Agency bylines (Reuters, AP) are not
compared. This is a warning, not an error: a story may close with a contributor's bio.

Bad:
    Port strike enters second week

    By Jane Doe

    Dock workers in Yokohama stayed off the job for an eighth day on Monday.

    John Roe is a reporter based in Tokyo.
Good:
    Port strike enters second week

    By Jane Doe

    Dock workers in Yokohama stayed off the job for an eighth day on Monday.

    Jane Doe is a reporter based in Tokyo.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding, Related

CODE = "BY002"
NAME = "author-not-in-byline"
SEVERITY = "warning"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    for item in ctx.authors:
        if item.verdict != "different":
            continue
        names = ", ".join(f'"{n.text}"' for n in item.against)
        yield Finding(
            item.name.offset,
            item.name.length,
            f'the {item.where} names "{item.name.text}", '
            f"who is not in the {item.against_where} ({names})",
            related=tuple(
                Related(n.offset, n.length, f'{item.against_where}: "{n.text}"')
                for n in item.against
            ),
        )
