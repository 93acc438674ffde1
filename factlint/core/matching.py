"""Anchored regular-expression matches that cost what they read, not the text's length.

The ``regex`` module's ``pattern.match(text, pos)`` takes time in proportion to the whole of
``text`` (a 5 MB paragraph makes each call slow), while with an ``endpos`` it reads only up to
it. ``match_at`` looks in a short window first, with partial matching, and reads further only
when the window cannot decide: the result is always the one of ``pattern.match(text, pos)``.
"""

from __future__ import annotations

import regex

WINDOW = 256


def match_at(pattern: regex.Pattern, text: str, pos: int) -> regex.Match | None:
    """``pattern.match(text, pos)``, reading a window after ``pos`` when that decides it."""
    endpos = pos + WINDOW
    if endpos >= len(text):
        return pattern.match(text, pos)
    found = pattern.match(text, pos, endpos, partial=True)
    if found is None:
        return None  # no match, however the text goes on
    if found.partial or found.end() >= endpos:
        return pattern.match(text, pos)  # the window's end may have cut the match short
    return found
