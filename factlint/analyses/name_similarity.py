"""Comparing personal names the way a copy desk does. Two questions, two strictness levels,
both answered here:

- :func:`compare_names`: are two *written names* (a byline and a bio, an article's name and
  the register's) the same person, one person spelled two ways, or two people?
- :func:`near_miss`: is one *name word* a slip of another spelling of it in the same article
  (NM001)? Stricter, since it compares any capitalised words: the same initial, one or two
  edits, at least five letters, and never an inflection ("Russia"/"Russian").


``compare_names`` tells whether two written names are the same person ("same"), one
person spelled two ways ("variant"), or two people ("different"). Case, initials,
courtesy titles and punctuation do not matter; a given name that shortens the other
("Chris", "Christopher") is the same person. Each part of a variant must be a near miss
of its counterpart (rapidfuzz ratio, or a few typing slips with the same first letter),
so people who share only a surname (Bill and Hillary Clinton) are different people, not
a misspelling.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Literal

import regex
from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from factlint.article.limits import too_long
from factlint.core.resources import load as load_data

NEAR_MISS_RATIO = 70.0
MIN_VARIANT_LENGTH = 5
_TOKEN = regex.compile(r"[\p{L}'’-]+")

Comparison = Literal["same", "variant", "different"]


def name_parts(name: str) -> list[str]:
    """Case-folded, accent-free name parts without initials and courtesy titles."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    parts = [t.replace("’", "'") for t in _TOKEN.findall(plain)]
    titles = _titles()
    return [p for p in parts if len(p) > 1 and p not in titles]


@cache
def _titles() -> frozenset[str]:
    """Courtesy titles and honorifics (``data/names.yaml``), case-folded, without a full stop."""
    data = load_data("names")
    return frozenset(t.rstrip(".").casefold() for t in data["courtesy_titles"] + data["honorifics"])


def compare_names(a: str, b: str) -> Comparison:
    left, right = name_parts(a), name_parts(b)
    if not left or not right or any(too_long(part) for part in (*left, *right)):
        return "different"
    if left == right:
        return "same"
    if len(left) == len(right):
        pairs = list(zip(left, right, strict=True))
    elif min(len(left), len(right)) == 1:
        pairs = [(left[-1], right[-1])]  # a surname alone against a full name
    else:
        pairs = [(left[0], right[0]), (left[-1], right[-1])]  # a middle name on one side
    given = len(pairs) > 1
    if all(_same_part(x, y, given and i == 0) for i, (x, y) in enumerate(pairs)):
        return "same"
    if all(x == y or _near_miss(x, y) for x, y in pairs):
        return "variant"
    return "different"


def _same_part(x: str, y: str, given_name: bool) -> bool:
    """Equal, or a given name and its short form ("Chris", "Christopher")."""
    if x == y:
        return True
    shorter, longer = sorted((x, y), key=len)
    return (
        given_name
        and len(shorter) >= 3
        and len(longer) - len(shorter) >= 2
        and (longer.startswith(shorter))
    )


def _near_miss(x: str, y: str) -> bool:
    """One part spelled two ways: similar enough by ratio, or a few typing slips apart with
    the same first letter (a slip or two in a short name drops the ratio fast)."""
    if fuzz.ratio(x, y) >= NEAR_MISS_RATIO:
        return True
    longest = max(len(x), len(y))
    slips = 1 if longest <= 3 else 2 if longest <= 8 else 3
    return x[0] == y[0] and DamerauLevenshtein.distance(x, y) <= slips


# Suffixes that make another word or another common surname: Russia/Russian,
# Clark/Clarke, Malone/Maloney.
_INFLECTIONS = (
    "s",
    "es",
    "e",
    "y",
    "n",
    "an",
    "ian",
    "ns",
    "ese",
    "i",
    "ic",
    "ish",
    "ist",
    "ists",
    "ism",
)


def near_miss(a: str, b: str, min_length: int = MIN_VARIANT_LENGTH) -> bool:
    """Two spellings of one name: same initial, one or two edits apart, not an inflection;
    both at least ``min_length`` letters."""
    if min(len(a), len(b)) < min_length or a[0].casefold() != b[0].casefold():
        return False
    if too_long(a) or too_long(b):  # an edit distance is quadratic in the length
        return False
    x, y = a.casefold().replace("’", "'"), b.casefold().replace("’", "'")
    shorter, longer = sorted((x, y), key=len)
    suffix = longer[len(shorter) :]
    if longer.startswith(shorter) and suffix in _INFLECTIONS and suffix != shorter[-1]:
        return False
    limit = 1 if len(shorter) < 9 else 2
    return 0 < DamerauLevenshtein.distance(x, y) <= limit


_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_AT = {key: (row, col) for row, keys in enumerate(_KEYBOARD) for col, key in enumerate(keys)}


def _neighbouring_keys(a: str, b: str) -> bool:
    """Keys next to each other on a QWERTY keyboard (same row, or the staggered row)."""
    if a not in _KEY_AT or b not in _KEY_AT:
        return False
    (row_a, col_a), (row_b, col_b) = _KEY_AT[a], _KEY_AT[b]
    if row_a == row_b:
        return abs(col_a - col_b) == 1
    if abs(row_a - row_b) != 1:
        return False
    upper_col, lower_col = (col_a, col_b) if row_a < row_b else (col_b, col_a)
    return lower_col in (upper_col - 1, upper_col)


def typing_slip(word: str, other: str) -> bool:
    """``word`` is ``other`` with one typing slip in an inner letter (the first and last
    letters are rarely mistyped): a letter dropped, a letter doubled, two neighbouring
    letters swapped, or a letter changed for a key next to it. A letter changed for a
    distant one, or added without doubling, is as often another name ("Kyodo" and
    "Kyoto", "Strawn" and "Straw") as a slip."""
    if too_long(word) or too_long(other):
        return False
    a, b = word.casefold(), other.casefold()
    if a == b or abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 2:
        return False
    if a[0] != b[0] or a[-1] != b[-1]:
        return False
    if len(a) < len(b):  # a letter of ``other`` dropped
        return any(b[:i] + b[i + 1 :] == a for i in range(1, len(b) - 1))
    if len(a) > len(b):  # a letter doubled
        return any(a[i] == a[i - 1] and a[:i] + a[i + 1 :] == b for i in range(1, len(a) - 1))
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diffs) == 1:
        return _neighbouring_keys(a[diffs[0]], b[diffs[0]])
    i = diffs[0]
    return len(diffs) == 2 and diffs[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]


def slip_kind(word: str, other: str) -> str | None:
    """How ``word`` is ``other`` mistyped (:func:`typing_slip`): "dropped", "doubled",
    "swapped" (two neighbouring letters) or "mistyped" (a key next to the right one);
    None when it is no typing slip of it."""
    if not typing_slip(word, other):
        return None
    if len(word) != len(other):
        return "dropped" if len(word) < len(other) else "doubled"
    diffs = sum(a != b for a, b in zip(word.casefold(), other.casefold(), strict=True))
    return "swapped" if diffs == 2 else "mistyped"


def slip_corrections(word: str) -> set[str]:
    """Every lower-case word that ``word`` is one typing slip from (:func:`typing_slip`):
    each is built as such a slip, in time quadratic in the word's length (none for a word
    over :data:`~factlint.article.limits.MAX_WORD_CHARS`)."""
    if too_long(word):
        return set()
    w = word.casefold()
    found: set[str] = set()
    for i in range(1, len(w)):
        found.update(w[:i] + c + w[i:] for c in _LETTERS)  # a letter dropped
    for i in range(1, len(w) - 1):
        if w[i] == w[i - 1]:
            found.add(w[:i] + w[i + 1 :])  # a letter doubled
        found.update(w[:i] + c + w[i + 1 :] for c in _LETTERS if _neighbouring_keys(w[i], c))
    for i in range(1, len(w) - 2):
        found.add(w[:i] + w[i + 1] + w[i] + w[i + 2 :])
    found.discard(w)
    return found


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
