"""How common an English word is, and the three levels at which factlint reads that.

Frequencies are pyspellchecker's English word counts (0 for a word it lacks), as its
``word_frequency[word]`` gives them (the word lower-cased). Read once per process, on first
use, from a compact table that the first run builds into the cache folder (keyed by
pyspellchecker's version; see :mod:`factlint.core.cachefile`). Each level is kept here, once:

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

from array import array
from bisect import bisect_left
from functools import cache

from factlint.core.cachefile import load_or_build
from factlint.core.installed import installed_version

COMMON = 2000
NAME_LIKE = 5000
TITLE_CASE = 20000


class _Frequencies:
    """pyspellchecker's English counts as a sorted word list and a parallel count array."""

    def __init__(self, table: tuple[str, bytes]) -> None:
        words, counts = table
        self._words = words.split("\n")
        self._counts = array("q")
        self._counts.frombytes(counts)
        if len(self._counts) != len(self._words):
            raise ValueError("a frequency table whose words and counts disagree")

    def __getitem__(self, word: str) -> int:
        i = bisect_left(self._words, word)
        return self._counts[i] if i < len(self._words) and self._words[i] == word else 0


@cache
def _frequencies() -> _Frequencies:
    """Built once from pyspellchecker's data into the cache folder, then read from there."""
    key = f"pyspellchecker {installed_version('pyspellchecker', 'spellchecker')}"
    try:
        return _Frequencies(load_or_build("word-frequencies", key, _spellchecker_table))
    except ValueError:  # a table that reads but does not fit together: build it here
        return _Frequencies(_spellchecker_table())


def _spellchecker_table() -> tuple[str, bytes]:
    """The words, sorted, joined by newlines, and their counts as 64-bit integers."""
    from spellchecker import SpellChecker

    counts = SpellChecker(distance=1).word_frequency.dictionary
    words = sorted(w for w in counts if w == w.lower() and w and "\n" not in w)
    return "\n".join(words), array("q", (counts[w] for w in words)).tobytes()


def word_frequency(word: str) -> int:
    """How common an English word is (pyspellchecker's counts; 0 for a word it lacks)."""
    return _frequencies()[word.lower()]
