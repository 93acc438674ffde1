"""Shares of one whole that add up to more than 100%.

"Of those polled, 54% backed the plan, 40% opposed it and 12% were undecided" makes 106%:
one figure is wrong. Only shares that are plainly of one whole are added up, since most
sentences with several percentages compare different things ("12.1% in Germany, 10.4% in
Spain"):

- a sentence that opens with "Of ..." and gives two or more shares;
- different answers of one group ("54% backed ..., 40% opposed ...", "52% of voters said
  yes and 47% of voters said no"); shares of different groups or questions are not added;
- a poll's standing ("leads Smith 48% to 44%", "lead the Tories by 39% to 34% with the
  Liberal Democrats on 19%"); not a change ("from 70% to 49%") or a range ("70% to 80%").

Rounding is allowed for: a sum up to 101% passes.

Bad:  Of those polled, 54% backed the plan, 40% opposed it and 12% were undecided.
Good: Of those polled, 50% backed the plan, 40% opposed it and 10% were undecided.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.analyses.numbers import PERCENT
from factlint.article.document import Document
from factlint.core.diagnostics import Finding, Related

CODE = "NU003"
NAME = "shares-over-whole"
SEVERITY = "error"

_SHARE = r"(?<![\d.,])(?P<value>\d{1,3}(?:\.\d+)?)\s?" + PERCENT
_PERCENT = regex.compile(_SHARE, regex.I)
_OF_WHOLE = regex.compile(r"^\W*Of\s+[^,]{3,80},", regex.V1)
# A share and the answer that part gave: "54% backed", "40% of voters opposed".
_ANSWER = regex.compile(
    _SHARE + r"(?P<of>\s+of\s+(?:the\s+)?[\p{L}-]+(?:\s+[\p{L}-]+)?)?\s+(?:"
    r"(?P<yes>backed|supported|favou?red|approved|agreed|said\s+yes|say\s+yes|voted\s+yes"
    r"|were\s+in\s+favou?r)"
    r"|(?P<no>opposed|disapproved|disagreed|rejected|said\s+no|say\s+no|voted\s+no"
    r"|were\s+against)"
    r"|(?P<unsure>were\s+undecided|are\s+undecided|did\s+not\s+know|didn't\s+know"
    r"|had\s+no\s+opinion|were\s+unsure|were\s+not\s+sure))\b",
    regex.I | regex.V1,
)
# A poll's standing: "leads Smith 48% to 44%", then optionally "with Jones on 12%".
_STANDING = regex.compile(
    r"\b(?:leads?|led|leading|ahead|trails?|trailed|trailing|beat|beats|lead\s+of)\b"
    r"[^.;%\d]{0,40}?\b"
    + _SHARE.replace("value", "first")
    + r"\s+to\s+"
    + _SHARE.replace("value", "second")
    + r"(?:[^.;%\d]{0,60}?\bon\s+"
    + _SHARE.replace("value", "third")
    + ")?",
    regex.I | regex.V1,
)


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    doc = ctx.article
    for paragraph in doc.body:
        for sentence in paragraph.sentences:
            text = doc.text[sentence.start : sentence.end]
            for group in _wholes(text):
                finding = _over(doc, sentence.start, group)
                if finding is not None:
                    yield finding


def _wholes(text: str) -> list[list[tuple[int, int, float]]]:
    """Groups of (start, end, value) shares that are parts of one whole."""
    groups = []
    if _OF_WHOLE.match(text):
        groups.append([_part(m, "value") for m in _PERCENT.finditer(text)])
    else:
        answers = list(_ANSWER.finditer(text))
        kinds = {next(k for k in ("yes", "no", "unsure") if m.group(k)) for m in answers}
        groups_of = {(m.group("of") or "").lower() for m in answers}
        if len(kinds) >= 2 and len(groups_of) == 1:  # different answers of one group
            groups.append([_part(m, "value") for m in answers])
    for match in _STANDING.finditer(text):
        groups.append([_part(match, n) for n in ("first", "second", "third") if match.group(n)])
    return groups


def _part(match: regex.Match, name: str) -> tuple[int, int, float]:
    return match.start(name), match.end(name), float(match.group(name))


def _over(doc: Document, base: int, group: list[tuple[int, int, float]]) -> Finding | None:
    total = sum(value for _, _, value in group)
    if len(group) < 2 or total <= 101 or doc.in_quote(base + group[0][0]):
        return None
    start, end, _ = group[-1]
    shown = " + ".join(f"{value:g}%" for _, _, value in group)
    return Finding(
        base + start,
        end - start,
        f"these shares of one whole add up to {total:g}% ({shown})",
        related=tuple(Related(base + s, e - s, "a share") for s, e, _ in group[:-1]),
    )
