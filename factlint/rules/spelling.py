"""Spelling, from the configured engine, never flagging the article's own names.

A capitalised word the article spells one way only (names such as Kishida, Matsuno,
Kyodo) and the words of the user dictionary (``dictionary:`` in the config, one word a
line) are never misspellings; a name spelled two ways is NM001's business. Misspellings
inside direct quotations are SP101.

Bad:  The goverment said the talks were over.
Good: The government said the talks were over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from factlint.diagnostics import Finding
from factlint.grammar.rules_common import findings

CODE = "SP100"
NAME = "spelling"
SEVERITY = "warning"


def check(doc: Any, options: Mapping[str, Any]) -> Iterable[Finding]:
    return findings(doc, spelling=True, in_quotes=False)
