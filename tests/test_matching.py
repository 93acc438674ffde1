"""match_at: the same match as pattern.match(text, pos), reading only a window when it can."""

from __future__ import annotations

import regex

from factlint.core.matching import WINDOW, match_at


def _same(pattern: regex.Pattern, text: str, pos: int) -> None:
    expected = pattern.match(text, pos)
    found = match_at(pattern, text, pos)
    assert (found and (found.span(), found.group())) == (
        expected and (expected.span(), expected.group())
    )


def test_match_at_agrees_inside_and_across_the_window() -> None:
    label = regex.compile(r"\s*(\p{Lu}{2,}(?:[ .-]\p{Lu}{2,}){0,3}):\s")
    word = regex.compile(r"\w+")
    long_text = "x " * WINDOW + " " * (WINDOW * 2) + "PENCE: well " + "a" * (WINDOW * 3) + " end"
    for pos in (0, 1, 2 * WINDOW, 2 * WINDOW + 1, long_text.index("PENCE"), len(long_text) - 3):
        _same(label, long_text, pos)
        _same(word, long_text, pos)
    _same(word, long_text, long_text.index("a"))  # a match longer than the window
