"""Sentence boundaries, from sentencex (Wikimedia's rule-based segmenter, in Rust).

sentencex knows the abbreviations of news copy (Mr., Dr., Gov., Sen., U.S., Jan., No. 10),
decimals and initials, and its segments concatenate back to the input exactly, so the
offsets it implies are exact. ``bench/eval_sentences.py`` measures it on the corpora.
"""

from __future__ import annotations

from functools import cache


@cache
def _segment():
    from sentencex import segment

    return segment


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each sentence of ``text``, surrounding space trimmed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in _segment()("en", text):
        start, end = pos, pos + len(piece)
        pos = end
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            spans.append((start + left, start + right))
    if pos != len(text):  # never expected: fall back to one sentence rather than bad offsets
        return [(0, len(text.rstrip()))] if text.strip() else []
    return spans
