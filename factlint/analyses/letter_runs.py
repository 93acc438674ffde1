"""Whether a word could be spelt so at all: every run of three letters in it (counting the
word's start and end) is one that some English word or some listed name has.

"Cntre", "Cmmons", "Lorrd" and "Exhbitor" each hold a run that no word of pyspellchecker's
English list and no given name, surname or place of factlint's lists holds ("^cn", "rrd",
"xhb"): letters a typing slip puts together. Real names of any language keep to runs their
language uses ("Kwasniewski", "Tshabalala", "Srichaphan" pass), so such a run, together
with a slip that mends it, says slip where the slip alone would not. A word's opening is
the most constrained part of its spelling: three first letters that begin no word or
name of the lists ("Mwt", "Cnt") say it most clearly. The tables are built once from the
lists into the cache folder (keyed by the lists' versions).
"""

from __future__ import annotations

import unicodedata
from functools import cache

from factlint.core.cachefile import load_or_build
from factlint.core.installed import installed_version


def unattested_runs(word: str) -> list[str]:
    """The runs of three letters of ``word`` (``^`` its start, ``$`` its end, case and
    accents ignored) that no word or name of the lists has."""
    marked = f"^{_plain(word)}$"
    known = _runs()
    return [marked[i : i + 3] for i in range(len(marked) - 2) if marked[i : i + 3] not in known]


def unattested_opening(word: str) -> bool:
    """Whether no word or name of the lists begins with the first three letters of
    ``word`` (case and accents ignored; a shorter word is never unattested)."""
    opening = _plain(word)[:OPENING]
    return len(opening) == OPENING and opening not in _openings()


OPENING = 3


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _runs() -> frozenset[str]:
    return load_or_build("letter-runs", _key(), _gather_runs, valid=_are_runs)


@cache
def _openings() -> frozenset[str]:
    return load_or_build("letter-openings", _key(), _gather_openings, valid=_are_runs)


def _key() -> str:
    return (
        f"pyspellchecker {installed_version('pyspellchecker', 'spellchecker')}"
        f"|faker {installed_version('faker', 'faker')}|names 1"
    )


def _are_runs(table: object) -> bool:
    return isinstance(table, frozenset)


def _gather_runs() -> frozenset[str]:
    found: set[str] = set()
    for word in _listed_words():
        marked = f"^{_plain(word)}$"
        found.update(marked[i : i + 3] for i in range(len(marked) - 2))
    return frozenset(found)


def _gather_openings() -> frozenset[str]:
    return frozenset(_plain(word)[:OPENING] for word in _listed_words())


def _listed_words() -> list[str]:
    """English words (pyspellchecker's), given names, surnames, places, proper words."""
    from spellchecker import SpellChecker

    from factlint.analyses.name_lists import given_names, place_names, surnames
    from factlint.core.resources import load as load_data

    words = [w for w in SpellChecker(distance=1).word_frequency.dictionary if w.isalpha()]
    words += [*given_names(), *surnames(), *place_names()]
    words += load_data("proper_words")["proper_words"]
    return words
