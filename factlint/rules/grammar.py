"""Grammar, from the configured engine (Harper by default, or LanguageTool).

Each match of the engine becomes a diagnostic with the engine's rule name in brackets and
its first suggestion as an unsafe fix. Matches inside direct quotations are GR101 (a quote
is verbatim); repeated words are GR001's. Choose the engine with ``grammar: {backend:
harper | languagetool | none}`` or ``--grammar``.

Bad:  The council have voted to closes the pier.
Good: The council has voted to close the pier.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from factlint.diagnostics import Finding
from factlint.grammar.rules_common import findings

CODE = "GR100"
NAME = "grammar"
SEVERITY = "warning"


def check(doc: Any, options: Mapping[str, Any]) -> Iterable[Finding]:
    return findings(doc, spelling=False, in_quotes=False)
