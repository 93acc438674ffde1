"""A title the person did not hold on the article's date, by the fact register.

"Prime Minister Kishida" in a story dated 2025, when the register has Fumio Kishida as
prime minister from 2021-10-04 to 2024-10-01, gives a former office as current; "former
Chief Cabinet Secretary Matsuno" in 2022 calls a current office former; "Prime Minister
Matsuno" gives him an office that was someone else's. Titles are read before the name
("Russian President Vladimir Putin") and in apposition after it ("Hirokazu Matsuno, the
chief cabinet secretary,"); the article's date comes from front matter or the dateline.
An office given as current is checked only when the person acts in the story's own time
("... said", "said ..."): "under President Bill Clinton" is history, "a President Trump
would" a hypothesis. Titles the register does not list are not checked, and without a date nothing
is (FC005 says so).

Bad (facts: seed-register.yaml):
    ---
    date: 2025-03-01
    ---
    Prime Minister Fumio Kishida met the envoy.
Good (facts: seed-register.yaml):
    ---
    date: 2025-03-01
    ---
    Former Prime Minister Fumio Kishida met the envoy.
"""

from __future__ import annotations

from collections.abc import Iterable

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.diagnostics import Finding

CODE = "FC002"
NAME = "title-not-held"
SEVERITY = "error"


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    for check_ in ctx.title_checks:
        if check_.verdict != "wrong":
            continue
        yield Finding(check_.offset, check_.end - check_.offset, check_.message)
