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

from collections.abc import Iterable, Mapping
from typing import Any

import regex

from factlint.attribution import Attribution, attributions, cue_before
from factlint.diagnostics import Finding

CODE = "QT003"
NAME = "broken-attribution"
SEVERITY = "error"
MIN_WORDS = 6

_NAME_BEFORE = regex.compile(r"(?<![\p{L}'’.-])(\p{Lu}[\p{L}-]*)(?<!['’]s)[ \t]*\Z")
_CLAUSE_OPENERS = frozenset(
    {"it", "i", "we", "you", "he", "she", "they", "there", "this", "these", "those"}
)


def check(doc: Any, options: Mapping[str, Any]) -> Iterable[Finding]:
    for item, name, offset in broken_attributions(doc):
        yield Finding(
            offset,
            item.quote.start + 1 - offset,
            f'the quotation follows "{name}" with no verb of saying: the attribution is broken',
        )


def broken_attributions(doc: Any) -> list[tuple[Attribution, str, int]]:
    """Quotes that follow a name with no cue in their sentence: the quote, the name, its offset."""
    found = []
    for item in attributions(doc):
        if item.how not in ("none", "partial"):
            continue
        quote = item.quote
        words = doc.text[quote.content_start : quote.content_end].split()
        if len(words) < MIN_WORDS or words[0].casefold().strip("'’") not in _CLAUSE_OPENERS:
            continue
        start = max(
            [s.start for s in item.paragraph.sentences if s.start <= quote.start]
            or [item.paragraph.start]
        )
        before = doc.prose[start : quote.start]
        match = _NAME_BEFORE.search(before)
        if match is None or match.start() == 0 or cue_before(before) or before.isupper():
            continue
        found.append((item, match.group(1), start + match.start(1)))
    return found
