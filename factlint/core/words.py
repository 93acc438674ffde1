"""How common an English word is, and the three levels at which factlint reads that.

Frequencies are pyspellchecker's English word counts (0 for a word it lacks), loaded once
per process, on first use. Each level is kept here, once:

- :data:`COMMON` (2,000): a capitalised word this common is an ordinary word, not part of
  a name: it does not open a name at the start of a sentence ("Later Kishida said") and a
  slip rarely makes it ("Union" is not a misspelt "Unison"). "meanwhile" 4,457, "chelsea"
  878, "kishida" 0.
- :data:`NAME_LIKE` (5,000): where every word may be capitalised (title-case headlines),
  a word at least this common is not taken for a name ("Senior", "Angry", "Rock").
- :data:`TITLE_CASE` (20,000): a capitalised word this common in a headline marks the
  headline as title case rather than a name ("Withdraws", "From").
"""

from __future__ import annotations

from functools import cache
from typing import Any

COMMON = 2000
NAME_LIKE = 5000
TITLE_CASE = 20000


@cache
def _frequencies() -> Any:
    from spellchecker import SpellChecker

    return SpellChecker(distance=1).word_frequency


def word_frequency(word: str) -> int:
    """How common an English word is (pyspellchecker's counts; 0 for a word it lacks)."""
    return _frequencies()[word]
