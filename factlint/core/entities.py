"""HTML character references in article text ("risqu&#233;", "AT&amp;T"), decoded before
words are read, with a map back to the offsets of the text as written."""

from __future__ import annotations

import html
from dataclasses import dataclass

import regex

_REFERENCE = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass(frozen=True)
class Decoded:
    """A text with its character references decoded, and where each of its characters
    was written: ``starts[i]`` .. ``ends[i]`` in the text as written."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def written(self, offset: int, length: int) -> tuple[int, int]:
        """The (offset, length) in the text as written of a span of the decoded text."""
        if not self.starts:
            return offset, length
        start = self.starts[offset] if offset < len(self.starts) else self.ends[-1]
        end = self.ends[offset + length - 1] if length else start
        return start, end - start


def decode_entities(text: str) -> Decoded:
    """``text`` with its HTML character references decoded ("&#233;": "é"); with nothing
    to decode, the text as it is and empty maps."""
    if "&" not in text:
        return Decoded(text, (), ())
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for match in _REFERENCE.finditer(text):
        decoded = html.unescape(match.group())
        if decoded == match.group():
            continue
        parts.extend((text[at : match.start()], decoded))
        starts.extend(range(at, match.start()))
        ends.extend(range(at + 1, match.start() + 1))
        starts.extend([match.start()] * len(decoded))
        ends.extend([match.end()] * len(decoded))
        at = match.end()
    if not parts:
        return Decoded(text, (), ())
    parts.append(text[at:])
    starts.extend(range(at, len(text)))
    ends.extend(range(at + 1, len(text) + 1))
    return Decoded("".join(parts), tuple(starts), tuple(ends))
