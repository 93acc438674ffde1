"""The evidence that a capitalised word is a typing slip, word by word: which word or name
it is one slip from, and the word lists those tests read.
:class:`~factlint.analyses.spelling_judge.SpellingJudge` weighs them for each word of an
article."""

from __future__ import annotations

from functools import cache, lru_cache

import regex

from factlint.analyses.dates import MONTHS
from factlint.analyses.letter_runs import unattested_opening, unattested_runs
from factlint.analyses.name_lists import given_names, place_names, surnames
from factlint.analyses.name_similarity import slip_corrections, slip_kind, typing_slip
from factlint.core.resources import load as load_data
from factlint.core.words import COMMON, NAME_LIKE, word_frequency

CAPITALISED = regex.compile(r"(?<![\p{L}\p{M}'’-])\p{Lu}[\p{L}\p{M}]*")  # a capitalised word
MIN_SLIP_LENGTH = 4  # shorter capitalised words are initials, codes and short names
MIN_OPENING_SLIP_LENGTH = 7  # "Jeb", "Alain", "Ravi" open sentences as names
MIN_NAME_SLIP_LENGTH = 6  # "Dade", "Cate", "Jonny": short names are often a slip from a word
# How common (pyspellchecker's count) a lower-case word must be for a capitalised one-off
# unknown word one slip from it to be, weakly, its slip (SP100): "financial", "budget"
VERY_COMMON = NAME_LIKE
LONG_WORD = 7  # a word this long one slip from a known word is rarely a name by chance
MIN_PROPER_SLIP_LENGTH = 6  # "Toho", "Cech", "Aires": short names by chance near a place
_WORD_BEFORE = regex.compile(r"([\p{L}][\p{L}\p{M}'’.-]*)[ \t]+$")
# How far back the word before another is looked for: a search from the paragraph's start
# for each word made a paragraph of thousands of capitalised words quadratic.
_BEFORE_WINDOW = 256


def word_before(text: str, at: int) -> regex.Match[str] | None:
    """The word just before ``at`` in ``text`` (spaces or tabs between), if any."""
    return _WORD_BEFORE.search(text, max(0, at - _BEFORE_WINDOW), at)


WORD_AFTER = regex.compile(r"[ \t]+([\p{L}][\p{L}\p{M}'’.-]*)")
NOT_LETTER = r"(?![\p{L}\p{M}])"
# How common (pyspellchecker's count) a word must be for a capitalised word one slip from
# it, and unknown itself, to be its misspelling: "italy" 353, "westminster" 130.
WELL_KNOWN = 100


def bare_word(text: str) -> str:
    """The word without quotes around it or a possessive ("Nadal's" is Nadal)."""
    return regex.sub(r"['’]s?$", "", text.strip("'’ "))


def name_suggestion(word: str, names: tuple[str, ...]) -> str | None:
    """The first of the engine's suggestions that its dictionary knows only capitalised
    (``names``) and that is one typing slip from ``word`` ("Nintenddo": "Nintendo",
    "Chelea": "Chelsea"); for a short word, no person's name ("Tara" for "Tata"). Weak
    evidence (SP100's): the engine suggests what it knows for a name it does not. A
    suggestion of a lower-case word ("Parka" for "Parma") is none, and a word of a
    person's name is never judged by the engine's suggestions ("Olson" for "Olsson")."""
    for suggestion in names:
        if (
            len(word) >= MIN_SLIP_LENGTH
            and typing_slip(word, suggestion)
            and (len(word) > SHORT_NAME or not _person_name(suggestion))
        ):
            return suggestion
    return None


SHORT_NAME = 4  # "Tata": a word this short is as often a name as a slip of a person's name


def _person_name(word: str) -> bool:
    return word in given_names() or word in surnames()


@lru_cache(maxsize=65536)  # asked by SP100 and SP103 alike, and of every repeat of a word
def common_correction(word: str) -> str | None:
    """The common word that ``word``, unknown to the English word list, is one typing slip
    from ("Financual": "Financial", "Ths": "This"): a very common one for a word of up to
    six letters, where names collide with words by chance ("Servat", "Hemet"), a known
    one for a longer word ("Prjeudice": "Prejudice")."""
    if len(word) < 3 or word_frequency(word) > 0:
        return None
    found = max(((word_frequency(w), w) for w in slip_corrections(word)), default=(0, ""))
    if len(found[1]) < MIN_SLIP_LENGTH:
        return None
    needed = WELL_KNOWN if len(word) >= LONG_WORD else VERY_COMMON
    return found[1].capitalize() if found[0] >= needed else None


def common_suggestion(word: str, suggestions: tuple[str, ...], opening: bool = False) -> str | None:
    """The first of the engine's suggestions that is a common word one typing slip from
    ``word`` ("Ths": "This", "Bnks": "Banks", "Lorrd": "Lord"); as a sentence's first word, a common
    word one edit away, two from a word of 8+ letters ("Gouverment": "Government"): a
    sentence's first word is capitalised whatever it is."""
    from rapidfuzz.distance import DamerauLevenshtein

    edits = 2 if len(word) >= 8 else 1
    for suggestion in suggestions:
        frequency = word_frequency(suggestion)
        long_enough = max(len(word), len(suggestion)) >= MIN_SLIP_LENGTH
        if frequency >= COMMON and long_enough and typing_slip(word, suggestion):
            return suggestion
        if (
            opening
            and len(word) >= MIN_OPENING_SLIP_LENGTH
            and frequency >= COMMON
            and DamerauLevenshtein.distance(word.casefold(), suggestion.casefold()) <= edits
        ):
            return suggestion
    return None


def slipped_month(word: str, text: str, at: int) -> str | None:
    """The month's name that ``word`` (at ``at`` in ``text``) is one typing slip from,
    where a day of the month stands next to it ("Apil 15", "15 Apil")."""
    before, after = text[max(0, at - 8) : at], text[at + len(word) : at + len(word) + 6]
    if not (_DAY_AFTER.match(after) or _DAY_BEFORE.search(before)):
        return None
    return next((month for month in _MONTH_NAMES if typing_slip(word, month)), None)


_MONTH_NAMES = tuple(m.capitalize() for m in MONTHS if len(m) > 3)
_DAY_AFTER = regex.compile(r"\s(?:[12]?\d|3[01])(?:st|nd|rd|th)?(?!\d)")
_DAY_BEFORE = regex.compile(r"(?<!\d)(?:[12]?\d|3[01])(?:st|nd|rd|th)?\s$")


def listed_name(word: str) -> bool:
    return word in given_names() or word in surnames() or word in place_names()


def unknown_everywhere(word: str) -> bool:
    """No English word, given name or surname of the lists."""
    return word_frequency(word) == 0 and word not in given_names() and word not in surnames()


def unspellable_slip(word: str, suggestions: tuple[str, ...], person: bool) -> str | None:
    """Weak evidence (SP100's): the engine's suggestion that mends ``word``, unknown
    everywhere and holding a run of letters no English word or listed name has ("Cntre":
    "Centre", "Lorrd": "Lord", "Exhbitor": "Exhibitor"), with a letter dropped, doubled or
    two swapped: such a word is no name of a language the lists know, and the slip
    explains it. A key next to the right one only where the word opens with letters no
    word or listed name opens with ("Mwta": "Meta") and is no word of a person's name:
    elsewhere such a run is as often a name the lists lack ("Moxey" is not "Mosey"
    mistyped). Weak, as a brand or a song may drop or double a letter on purpose
    ("Dirrty")."""
    if len(word) < MIN_SLIP_LENGTH or not plain_unknown_word(word) or not unattested_runs(word):
        return None
    any_slip = not person and unattested_opening(word)
    for suggestion in suggestions:
        kind = slip_kind(word, suggestion) if suggestion.isalpha() else None
        if kind in CLEAR_SLIPS or (kind is not None and any_slip):
            return suggestion
    return None


CLEAR_SLIPS = frozenset({"dropped", "doubled", "swapped"})


def plain_unknown_word(word: str) -> bool:
    """Letters only, capitalised only at the start ("LCDs", "McDonalds" and "Wer'e" are
    other shapes), and no word or name the lists know."""
    return word.isalpha() and word[1:].islower() and unknown_everywhere(word)


def slip_of_suggestion(word: str, suggestions: tuple[str, ...], alone: bool) -> str | None:
    """Weak evidence (SP100's): the engine's suggestion that ``word``, unknown everywhere,
    is with two neighbouring letters swapped, where ``word`` stands alone and has 6+
    letters ("Claico": "Calico"); or, for a word of 8+ letters, with a letter dropped,
    doubled or swapped ("Meddicaid": "Medicaid"). Names differ from words by a swap of
    neighbouring letters far less often than by a changed letter, and long words seldom
    by chance."""
    if not plain_unknown_word(word):
        return None
    for suggestion in suggestions:
        kind = slip_kind(word, suggestion) if suggestion.isalpha() else None
        if kind == "swapped" and alone and len(word) >= MIN_PROPER_SLIP_LENGTH:
            return suggestion
        if kind in CLEAR_SLIPS and len(word) >= LONG_SLIP_LENGTH:
            return suggestion
    return None


LONG_SLIP_LENGTH = 8
MIN_CAPITALS_SLIP_LENGTH = 5  # "NASA", "AIPAC": shorter words in capitals are acronyms


def word_ends(word: str) -> tuple[str, str]:
    """A word's first and last letters, which :func:`typing_slip` never changes."""
    return word[:1].casefold(), word[-1:].casefold()


def slip_of_name(word: str, name: str, short: bool = False) -> bool:
    """``word`` is one typing slip from the article's name ``name`` ("Brwn", "Brown");
    a word of three letters only when ``short`` (a word of a person's name, "Mtu" for
    "Mutu"): "Sen." is no slip of "Sean"."""
    length = max(len(word), len(name)) if short else min(len(word), len(name))
    return length >= MIN_SLIP_LENGTH and typing_slip(word, name)


@cache
def title_abbreviations() -> frozenset[str]:
    return frozenset(load_data("names")["title_abbreviations"])


@cache
def capitalised_words() -> dict[str, str]:
    """Words written capitalised, by their lower-case form: countries and peoples, title
    and organisation words, and ``data/proper_words.yaml``."""
    names = load_data("names")
    words = [*place_names(), *names["formal_title_words"], *names["organisation_words"]]
    words += load_data("proper_words")["proper_words"]
    return {w.casefold(): w for w in words if w.isalpha() and len(w) >= MIN_SLIP_LENGTH}


@cache
def news_words() -> frozenset[str]:
    return frozenset(load_data("grammar")["news_words"])
