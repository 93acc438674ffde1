"""Quote spans: where each direct quotation opens and closes.

Double marks (straight ``"`` and curly “ ”) delimit quotations; single marks (‘ ’ and
``'``) delimit quotations nested inside them, or a British-style headline quote. A single
mark is also an apostrophe, so single quotes are recorded only when they close, and an
unclosed one is never reported.

The continuation convention of news copy is respected: a quotation left open at the end
of a paragraph continues when the next paragraph opens with a quotation mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

DOUBLE_OPENERS = "“"
DOUBLE_CLOSERS = "”"
STRAIGHT_DOUBLE = '"'
SINGLE_OPENER = "‘"
STRAIGHT_SINGLE = "'"
_MARK = re.compile("[“”\"‘’']")
# An HTML or XML tag left in plain text (<tweet tweet-author="@x">): its quotation marks
# delimit attribute values, not quotations.
_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]{0,500})?/?>")
_FEET_AND_INCHES = re.compile(r"\d['’′]\d{1,2}$")  # 6’2” : the ” is an inch mark
_OPENING_CONTEXT = frozenset(" \t\n([{—–-/“‘\"'")
_CLOSING_CONTEXT = frozenset(".,;:!?)]}…—–-")

QuoteKind = Literal["double", "single"]


@dataclass
class Quote:
    """One quotation inside one paragraph; offsets are into the document's text."""

    kind: QuoteKind
    start: int  # offset of the opening mark (or the paragraph start for a continuation)
    end: int  # offset just past the closing mark, or the paragraph end when left open
    closed: bool
    continuation: bool = False  # continues a quotation left open in the previous paragraph
    continues: bool = False  # left open here, continued by the next paragraph
    depth: int = 0  # 0 for an outer quotation, 1 for a quotation nested inside it

    @property
    def content_start(self) -> int:
        return self.start + 1

    @property
    def content_end(self) -> int:
        return self.end - 1 if self.closed else self.end


@dataclass(frozen=True)
class QuoteProblem:
    """A quotation mark with no partner: ``unclosed`` opener or ``unopened`` closer."""

    kind: Literal["unclosed", "unopened"]
    offset: int
    mark: str


@dataclass
class _Open:
    kind: QuoteKind
    offset: int
    mark: str
    continuation: bool = False


def opens_with_quote(text: str) -> bool:
    """Whether a paragraph's text opens with a double quotation mark."""
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in DOUBLE_OPENERS + STRAIGHT_DOUBLE


def scan_paragraph(
    text: str, base: int, continuing: bool, next_opens_with_quote: bool
) -> tuple[list[Quote], list[QuoteProblem], bool]:
    """Find the quotes of one paragraph whose text starts at document offset ``base``.

    ``continuing``: the previous paragraph left a quotation open and this paragraph opens
    with a quotation mark. Returns the quotes, the problems, and whether a quotation is
    left open to continue in the next paragraph.
    """
    scanner = _Scanner(text, base)
    scanner.run(continuing)
    return scanner.finish(next_opens_with_quote)


class _Scanner:
    def __init__(self, text: str, base: int) -> None:
        self.text = text
        self.base = base
        self.stack: list[_Open] = []
        self.quotes: list[Quote] = []
        self.problems: list[QuoteProblem] = []
        self.first_char = len(text) - len(text.lstrip())
        self.tags = [m.span() for m in _TAG.finditer(text)] if "<" in text else []

    def run(self, continuing: bool) -> None:
        first_mark_seen = False
        for match in _MARK.finditer(self.text):
            i, char = match.start(), match.group()
            if self.tags and any(start < i < end for start, end in self.tags):
                continue  # an attribute's quotation mark
            if char in DOUBLE_OPENERS or char in DOUBLE_CLOSERS or char == STRAIGHT_DOUBLE:
                continuation = continuing and not first_mark_seen
                first_mark_seen = True
                self._double(i, char, continuation)
            else:
                self._single(i, char)

    def _double(self, i: int, char: str, continuation: bool) -> None:
        if continuation:
            self.stack.append(_Open("double", i, char, continuation=True))
            return
        role = self._role(i, char)
        if role == "inch":
            return
        if role == "close":
            self._close_double(i, char)
        elif self._has_open("double") and self._after_sentence_end(i):
            self._continue_within(i, char)
        else:
            self.stack.append(_Open("double", i, char))

    def _role(self, i: int, char: str) -> str:
        """Whether a double mark opens or closes, from the mark and what stands around it.

        A curly mark turned the wrong way (”Like this“, a common typesetting slip) is read
        by its position, as a reader does; a straight mark always is.
        """
        at_start = i <= self.first_char
        before_space = at_start or self.text[i - 1] in _OPENING_CONTEXT
        after_space = self._next(i).isspace() or self._next(i) in _CLOSING_CONTEXT
        if (
            char == STRAIGHT_DOUBLE
            and not self._has_open("double")
            and self._looks_like_inch_mark(i)
        ) or (char != "“" and _FEET_AND_INCHES.search(self.text, max(0, i - 6), i)):
            return "inch"
        if (before_space and not after_space) or at_start:
            return "open"
        if after_space and not before_space:
            return "close"
        if char in DOUBLE_OPENERS:
            return "open"
        if char in DOUBLE_CLOSERS:
            return "close"
        return "close" if self._has_open("double") else "open"

    def _after_sentence_end(self, i: int) -> bool:
        """An opening mark right after a finished sentence, inside an open quotation."""
        before = self.text[max(0, i - 12) : i].rstrip().rstrip("'’)")
        return bool(before) and before[-1] in ".!?…"

    def _continue_within(self, i: int, char: str) -> None:
        """Paragraphs run together (as in many archives) keep the continuation convention:
        a quotation still open when a new one opens after a full stop continues there."""
        while self.stack and self.stack[-1].kind == "single":
            self.stack.pop()
        opened = self.stack.pop()
        end = i
        while end > 0 and self.text[end - 1].isspace():
            end -= 1
        quote = self._quote(opened, end, closed=False)
        quote.continues = True
        self.quotes.append(quote)
        self.stack.append(_Open("double", i, char, continuation=True))

    def _single(self, i: int, char: str) -> None:
        prev = self.text[i - 1] if i else " "
        nxt = self.text[i + 1] if i + 1 < len(self.text) else " "
        if char == SINGLE_OPENER or (
            char == STRAIGHT_SINGLE and prev in _OPENING_CONTEXT and nxt.isalnum()
        ):
            if prev in _OPENING_CONTEXT:
                self.stack.append(_Open("single", i, char))
            return
        # A closing single mark or an apostrophe: it closes only an open single quote and
        # only when no letter follows it ("Japan’s" is an apostrophe).
        if not nxt.isalpha() and self.stack and self.stack[-1].kind == "single":
            opened = self.stack.pop()
            self.quotes.append(self._quote(opened, i + 1, closed=True))

    def _close_double(self, i: int, char: str) -> None:
        while self.stack and self.stack[-1].kind == "single":
            self.stack.pop()  # an unclosed single inside a double was an apostrophe
        if not self._has_open("double"):
            self.problems.append(QuoteProblem("unopened", self.base + i, char))
            return
        opened = self.stack.pop()
        self.quotes.append(self._quote(opened, i + 1, closed=True))

    def _has_open(self, kind: QuoteKind) -> bool:
        return any(entry.kind == kind for entry in self.stack)

    def _looks_like_inch_mark(self, i: int) -> bool:
        return i > 0 and self.text[i - 1].isdigit() and not self._next(i).isalpha()

    def _next(self, i: int) -> str:
        return self.text[i + 1] if i + 1 < len(self.text) else " "

    def _quote(self, opened: _Open, end: int, closed: bool) -> Quote:
        return Quote(
            kind=opened.kind,
            start=self.base + opened.offset,
            end=self.base + end,
            closed=closed,
            continuation=opened.continuation,
            depth=sum(1 for entry in self.stack if entry.kind == "double"),
        )

    def finish(self, next_opens_with_quote: bool) -> tuple[list[Quote], list[QuoteProblem], bool]:
        open_doubles = [entry for entry in self.stack if entry.kind == "double"]
        left_open = False
        if open_doubles:
            outer, inner = open_doubles[0], open_doubles[1:]
            for entry in inner:
                self.problems.append(QuoteProblem("unclosed", self.base + entry.offset, entry.mark))
            self.stack = []
            quote = self._quote(outer, len(self.text.rstrip()), closed=False)
            if next_opens_with_quote:
                quote.continues = True
                left_open = True
            else:
                self.problems.append(QuoteProblem("unclosed", self.base + outer.offset, outer.mark))
            self.quotes.append(quote)
        self.quotes.sort(key=lambda quote: quote.start)
        return self.quotes, self.problems, left_open
