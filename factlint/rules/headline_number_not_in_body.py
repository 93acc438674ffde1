"""A number in the headline that the body never gives.

A headline's figure is the one readers remember; when the body says 339 and the headline
349, or the body never mentions the figure at all, one of them is wrong. Numbers are
compared by value, in digits or words ("2,000", "2000", "two thousand"; "£5m" and "£5
million").

Bad:  Headline "Police arrest 349 after protest"; the body says 339 people were arrested.
Good: Headline "Police arrest 339 after protest".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from factlint.diagnostics import Finding
from factlint.headline import body_text, headline_numbers, numbers

CODE = "HL001"
NAME = "headline-number-not-in-body"
SEVERITY = "warning"


def check(doc: Any, options: Mapping[str, Any]) -> Iterable[Finding]:
    claims = headline_numbers(doc)
    if not claims:
        return
    in_body = numbers(body_text(doc))
    for claim, value in claims:
        if value not in in_body:
            yield Finding(
                claim.offset,
                claim.length,
                f'the headline says "{claim.text}", which the body never gives',
            )
