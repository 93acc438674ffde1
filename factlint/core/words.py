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

from functools import cache

from factlint.core.cachefile import load_or_build
from factlint.core.installed import installed_version

COMMON = 2000
NAME_LIKE = 5000
TITLE_CASE = 20000


class _Frequencies:
    """pyspellchecker's English counts as sorted ``word<TAB>count`` lines of UTF-8, searched
    by bisection in place (as Unix ``look`` does): nothing to split or index on loading."""

    # Bisection costs no start-up but some microseconds a word: after this many lookups in
    # one process (an article of thousands of unknown words, a long audit), the table is
    # indexed in a dict once (a tenth of a second) and looked up there.
    INDEX_AFTER = 5000

    def __init__(self, table: bytes) -> None:
        self._lines = table
        self._lookups = 0
        self._index: dict[bytes, bytes] | None = None

    @staticmethod
    def valid(table: object) -> bool:
        """Whether ``table`` has the shape :func:`_spellchecker_table` gives."""
        return isinstance(table, bytes) and table.endswith(b"\n")

    def __getitem__(self, word: str) -> int:
        wanted = word.encode("utf-8", "surrogatepass")
        if self._index is not None:
            return int(self._index.get(wanted, 0))
        self._lookups += 1
        if self._lookups > self.INDEX_AFTER:
            self._index = dict(line.split(b"\t", 1) for line in self._lines.splitlines())
            return int(self._index.get(wanted, 0))
        return self._bisect(wanted)

    def _bisect(self, wanted: bytes) -> int:
        lines = self._lines
        low, high = 0, len(lines)  # whole lines between them are still in question
        while low < high:
            middle = (low + high) // 2
            start = lines.rfind(b"\n", low, middle) + 1 or low
            end = lines.find(b"\n", middle, high)
            tab = lines.find(b"\t", start, end)
            key = lines[start:tab]
            if key == wanted:
                return int(lines[tab + 1 : end])
            if key < wanted:
                low = end + 1
            else:
                high = start
        return 0


@cache
def _frequencies() -> _Frequencies:
    """Built once from pyspellchecker's data into the cache folder, then read from there."""
    key = f"pyspellchecker {installed_version('pyspellchecker', 'spellchecker')}"
    return _Frequencies(
        load_or_build("word-counts", key, _spellchecker_table, valid=_Frequencies.valid)
    )


def _spellchecker_table() -> bytes:
    """Every word pyspellchecker can be asked for (its keys are lower case), in UTF-8
    order, each with its count."""
    from spellchecker import SpellChecker

    counts = SpellChecker(distance=1).word_frequency.dictionary
    words = sorted(
        (w.encode("utf-8", "surrogatepass"), n)
        for w, n in counts.items()
        if w == w.lower() and "\t" not in w and "\n" not in w
    )
    return b"".join(b"%s\t%d\n" % (w, n) for w, n in words)


def word_frequency(word: str) -> int:
    """How common an English word is (pyspellchecker's counts; 0 for a word it lacks)."""
    return _frequencies()[word.lower()]
