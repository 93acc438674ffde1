"""How large a pack's pattern compiles: counted before it is compiled, so that a pattern
whose repeats multiply out (``(?:(?:a{1000}){1000}){1000}``: 10^9 elements, 22 GB) is
refused at load time rather than exhausting memory.

``regex`` writes each counted repeat (``a{1000}``, ``(?:ab){500}``) out in full: one
element costs about 270 bytes and 0.3 microseconds to compile (``a{1000000}``: 273 MB,
0.3 s). It has no size limit of its own, so :func:`pattern_size` counts an upper bound of
the elements: each character, escape or class one, a group the sum of its parts (all its
alternatives), and a counted repeat its part times the largest count written. The count
never falls short of what ``regex`` builds: a construct it cannot read (an unclosed class
or group) is counted as the characters it is made of.
"""

from __future__ import annotations

import regex

# 100,000 elements compile in about 30 MB and 0.03 s. The shipped packs' largest
# pattern has a few hundred.
MAX_PATTERN_SIZE = 100_000

_COUNTED_REPEAT = regex.compile(r"\{(\d*)(?:,(\d*))?\}")
_BRACED_ESCAPE = regex.compile(r"\\[pPNx]\{[^{}]*\}|\\g<[^<>]*>")


def pattern_size(pattern: str) -> int:
    """An upper bound of the elements ``regex`` compiles ``pattern`` into."""
    groups: list[list[int]] = [[0, 0]]  # per open group: its size so far, its last part's
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "(":
            groups.append([0, 0])
            i += 1
            continue
        if char == ")" and len(groups) > 1:
            size = max(1, groups.pop()[0])
            _add(groups[-1], size)
            i += 1
            continue
        repeat = _COUNTED_REPEAT.match(pattern, i) if char == "{" else None
        if repeat is not None and (repeat.group(1) or repeat.group(2)):
            count = max(int(repeat.group(1) or 0), int(repeat.group(2) or 0))
            group = groups[-1]
            group[0] += group[1] * (count - 1)
            group[1] *= count
            i = repeat.end()
            continue
        i = _part_end(pattern, i)
        _add(groups[-1], 1)
    while len(groups) > 1:  # an unclosed group (a bad pattern): its parts still count
        size = groups.pop()[0]
        _add(groups[-1], size)
    return groups[0][0]


def _add(group: list[int], size: int) -> None:
    group[0] += size
    group[1] = size


def _part_end(pattern: str, i: int) -> int:
    """Where the one-element part at ``i`` ends: an escape, a class or a character."""
    if pattern[i] == "\\":
        braced = _BRACED_ESCAPE.match(pattern, i)
        return braced.end() if braced else i + 2
    if pattern[i] == "[":
        end = _class_end(pattern, i)
        return end if end is not None else i + 1
    return i + 1


def _class_end(pattern: str, i: int) -> int | None:
    """The end of the character class opening at ``i`` (None if it never closes). Read as
    regex's default (version 0) does: "]" first in the class is a member, "[" never opens
    another. A version 1 set of sets ends later than this, so its rest is counted as parts:
    more, never less."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern):
        if pattern[j] == "\\":
            j += 2
            continue
        if pattern[j] == "]":
            return j + 1
        j += 1
    return None
