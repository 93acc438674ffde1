"""What a fix may change: the words of a text and the punctuation between them.

A safe fix never changes a word it does not name and never leaves a doubled mark of
punctuation (the "U.S.." of an abbreviation put before a sentence's full stop). A *word*
here is a run of letters, digits and combining marks: "U.S." is the words "U" and "S",
"e-mail" the words "e" and "mail", "Kishida's" the words "Kishida" and "s". A *doubled
mark* is the same mark of ``. , ; : ! ?`` twice or more in a row, except an ellipsis of
three full stops.
"""

from __future__ import annotations

import regex

_WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+")
_WORD_CHAR = regex.compile(r"[\p{L}\p{N}\p{M}]")
_DOUBLED_MARK = regex.compile(r"([.,;:!?])\1+")


def words(text: str) -> list[str]:
    """The words of ``text``, in order, as written."""
    return _WORD.findall(text)


def keeps_words(old: str, new: str) -> bool:
    """Whether ``new`` has the words of ``old``, in order and letter for letter (capitals
    included): only spacing and punctuation between them differ."""
    return words(old) == words(new)


def word_at(text: str, index: int) -> str:
    """The word that ``text[index]`` or ``text[index - 1]`` belongs to ("" if none)."""
    start = index
    while start > 0 and _WORD_CHAR.match(text, start - 1):
        start -= 1
    end = index
    while end < len(text) and _WORD_CHAR.match(text, end):
        end += 1
    return text[start:end]


def splits_word(text: str, index: int) -> bool:
    """Whether ``index`` falls inside a word of ``text`` (a word character on each side)."""
    return 0 < index < len(text) and bool(
        _WORD_CHAR.match(text, index - 1) and _WORD_CHAR.match(text, index)
    )


def doubled_marks(text: str, start: int, end: int) -> list[str]:
    """The doubled marks of ``text`` that touch ``start`` .. ``end`` (each as written)."""
    found = []
    for match in _DOUBLED_MARK.finditer(text, max(0, start - 8), min(len(text), end + 8)):
        if match.group() == "..." or match.end() < start or match.start() > end:
            continue
        found.append(match.group())
    return found
