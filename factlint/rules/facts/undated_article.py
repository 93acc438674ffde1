"""The article has no date, so titles were not checked against the fact register.

Whether "Prime Minister Kishida" is right depends on when the story ran. With a register
configured and a titled register person in the article, but no date in the front matter
(``date:``) or the dateline, FC002 cannot check anything: this says so once, at the first
such title, so that a silent pass is not mistaken for a clean one.

Bad (facts: seed-register.yaml):  Prime Minister Fumio Kishida said the talks were over.
Good (facts: seed-register.yaml):
    ---
    date: 2022-03-22
    ---
    Prime Minister Fumio Kishida said the talks were over.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding

CODE = "FC005"
NAME = "undated-article"
SEVERITY = "info"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    undated = [c for c in ctx.title_checks if c.verdict == "no date"]
    if undated:
        first = undated[0]
        yield Finding(
            first.offset,
            first.end - first.offset,
            f"the article has no date (front matter `date:` or a dated dateline): "
            f"{len(undated)} title(s) were not checked against the fact register",
        )
