"""Suppression comments written inside an article.

Two forms, accepted in plain text and Markdown alike:

- ``<!-- factlint-disable QT001, GR -->`` ... ``<!-- factlint-enable -->``: no diagnostics
  with those codes (or code prefixes; every code when none is named) between the two
  comments. ``<!-- factlint-enable QT001 -->`` ends the suppression of QT001 only; a
  disable with no enable runs to the end of the article.
- ``factlint: ignore QT001`` on a line of its own (or ``<!-- factlint: ignore QT001 -->``):
  no diagnostics with those codes in the next paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import regex

from factlint.core.codes import FAMILIES

_COMMENT = regex.compile(r"<!--[ \t]*(factlint(?:-disable|-enable|:[ \t]*ignore)\b[^>]*?)[ \t]*-->")
_LINE = regex.compile(r"(?m)^[ \t]*(factlint:[ \t]*ignore\b[^\n]*?)[ \t]*$")
_DIRECTIVE = regex.compile(r"factlint(?P<verb>-disable|-enable|:[ \t]*ignore)(?P<codes>[^\n]*)")
_CODE = regex.compile(r"[A-Za-z]{2}\d{0,3}")


@dataclass(frozen=True)
class Directive:
    verb: str  # "disable", "enable" or "ignore"
    codes: tuple[str, ...]  # upper-case codes or prefixes; empty means every code
    start: int
    end: int


@dataclass
class Suppressions:
    """Suppressed ranges of an article: ``(start, end, codes)``; empty codes = all."""

    directives: list[Directive] = field(default_factory=list)
    ranges: list[tuple[int, int, tuple[str, ...]]] = field(default_factory=list)

    def resolve(self, paragraph_spans: Iterable[tuple[int, int]], text_end: int) -> None:
        spans = sorted(paragraph_spans)
        open_disables: list[Directive] = []
        for directive in sorted(self.directives, key=lambda d: d.start):
            if directive.verb == "ignore":
                following = next(((s, e) for s, e in spans if s >= directive.end), None)
                if following is not None:
                    self.ranges.append((following[0], following[1], directive.codes))
            elif directive.verb == "disable":
                open_disables.append(directive)
            else:
                open_disables = self._close(open_disables, directive)
        for disable in open_disables:
            self.ranges.append((disable.end, text_end, disable.codes))

    def _close(self, open_disables: list[Directive], enable: Directive) -> list[Directive]:
        still_open = []
        for disable in open_disables:
            if not enable.codes or (disable.codes and set(disable.codes) <= set(enable.codes)):
                self.ranges.append((disable.end, enable.start, disable.codes))
            else:
                still_open.append(disable)
        return still_open

    def suppressed(self, code: str, offset: int) -> bool:
        return any(
            start <= offset < end and (not codes or any(code.startswith(c) for c in codes))
            for start, end, codes in self.ranges
        )


def find_directives(text: str, start: int = 0) -> list[Directive]:
    """Every suppression directive in ``text[start:]``: comments and ignore lines."""
    found = []
    for pattern in (_COMMENT, _LINE):
        for match in pattern.finditer(text, start):
            directive = _parse(match.group(1), match.start(), match.end())
            if directive is not None:
                found.append(directive)
    found.sort(key=lambda d: d.start)
    return _without_overlaps(found)


def _without_overlaps(directives: list[Directive]) -> list[Directive]:
    kept: list[Directive] = []
    for directive in directives:
        if kept and directive.start < kept[-1].end:
            continue
        kept.append(directive)
    return kept


def _parse(body: str, start: int, end: int) -> Directive | None:
    match = _DIRECTIVE.match(body)
    if match is None:
        return None
    verb = match.group("verb")
    verb = "ignore" if verb.startswith(":") else verb[1:]
    codes = []
    for token in regex.split(r"[\s,]+", match.group("codes").strip()):
        if not _CODE.fullmatch(token) or token[:2].upper() not in FAMILIES:
            break  # what follows the codes is the editor's reason
        codes.append(token.upper())
    return Directive(verb, tuple(codes), start, end)
