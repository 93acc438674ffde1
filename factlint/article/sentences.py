"""Sentence boundaries, from sentencex (Wikimedia's rule-based segmenter, in Rust).

sentencex knows the abbreviations of news copy (Mr., Dr., Gov., Sen., U.S., Jan., No. 10),
decimals and initials, and its segments concatenate back to the input exactly, so the
offsets it implies are exact. ``bench/eval_sentences.py`` measures it on the corpora.
"""

from __future__ import annotations

from functools import cache

import regex

# sentencex sometimes ends a sentence inside an abbreviation ("Sino-U." | "S. talks") or
# after a title that never ends a sentence ("Ms." | "Nguyen"): such pieces are joined.
_TITLES = "Mr|Mrs|Ms|Dr|Prof|Gov|Sen|Rep|Gen|Col|Lt|Sgt|Capt|Rev|Hon|Adm|Maj|Cpl|Supt|Det|Insp"
_TITLE_END = regex.compile(rf"\b(?:{_TITLES})\.\s*$")
_INITIAL_END = regex.compile(r"\b\p{Lu}\.\s*$")
_NEXT_INITIAL = regex.compile(r"\p{Lu}\.")
# sentencex panics (a Rust slice inside a multi-byte character) on an initial followed by a
# space that is not ASCII ("I\u00a0."): the splitter sees such spaces as ASCII spaces, one
# character for one, so the pieces' lengths are still offsets into the original text.
_WIDE_SPACE = regex.compile(r"[^\S\x00-\x7f]")


@cache
def _segment():
    from sentencex import segment

    return segment


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each sentence of ``text``, surrounding space trimmed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in _joined(_segment()("en", _WIDE_SPACE.sub(" ", text))):
        start, end = pos, pos + len(piece)
        pos = end
        piece = text[start:end]  # the original characters, not the splitter's spaces
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            spans.append((start + left, start + right))
    if pos != len(text):  # never expected: fall back to one sentence rather than bad offsets
        return [(0, len(text.rstrip()))] if text.strip() else []
    return spans


def _joined(pieces: list[str]) -> list[str]:
    joined: list[str] = []
    for piece in pieces:
        if joined and _wrongly_split(joined[-1], piece):
            joined[-1] += piece
        else:
            joined.append(piece)
    return joined


def _wrongly_split(before: str, after: str) -> bool:
    if not after[:1].isupper():
        return False
    if _TITLE_END.search(before):
        return True
    return bool(_INITIAL_END.search(before)) and bool(_NEXT_INITIAL.match(after))
