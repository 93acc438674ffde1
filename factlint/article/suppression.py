"""Suppression directives written inside an article, and what they silence.

Grammar, in plain text and Markdown alike (``ws`` is a space or a tab, and inside a
comment also a line break; ``text`` is anything up to the end of the directive)::

    directive = comment | line
    comment   = "<!--" ws* body ws* "-->"
    line      = [ \t]* body [ \t]*
    body      = "factlint" ( "-" | ":" [ \t]* ) verb [ arguments ]
    verb      = "disable" | "enable" | "ignore" | "disable-next-line" | "disable-line"
    arguments = ws+ "--" [ ws+ text ]                          no codes, a reason
              | sep selector { sep selector } [ sep reason ]    codes, perhaps a reason
    sep       = ( ws | "," ) { ws | "," }
    reason    = "--" [ ws+ text ]
              | word [ text ]
    selector  = "ALL" | UPPER UPPER [ DIGIT [ DIGIT [ DIGIT ] ] ]   (ASCII)

- A ``comment`` may stand anywhere in a line and run over several lines, but not over a
  blank line. A ``line`` is a whole line of its own, starting (after indentation) with
  ``factlint-`` or ``factlint:``. ``factlint-disable`` and ``factlint: disable`` are the
  same directive, as are ``factlint: ignore`` and ``factlint-ignore``.
- A ``selector`` is any syntactically valid code or prefix, a built-in family's or a desk
  pack's own (``QT001``, ``GR``, ``DK0``), matched case-sensitively as ``factlint rules``
  writes it; ``ALL`` is every code. Whether any rule has the code is the engine's concern.
- A ``word`` that begins the reason is a token (a run of characters other than ``ws`` and
  commas) that is not a selector, is not preceded by a ``sep`` holding a comma, and does
  not both start with a letter and hold a digit (``QT0001``, ``qt001``, ``GR001.`` are
  codes wrongly written). So the reason never starts at the first argument: a directive
  without codes takes a reason only after ``--``, and a miscased or misspelt code can
  never widen a directive to every code. A dash (``-``, ``–``, ``—``) opening a reason
  is dropped.

What each verb silences (every code when it names none):

- ``disable``: from the directive to an ``enable`` that ends it, or to the article's end.
- ``enable``: ends exactly what it names. A disabled selector that one of its selectors
  covers ends here (``enable QT001`` ends ``QT001`` in ``disable QT001, GR``; GR stays
  off); a selector inside a wider disabled one is carved out of it from here on
  (``enable GR001`` after ``disable GR``, or after a bare ``disable``). A bare ``enable``
  ends every disable. An enable never ends what the other verbs silence.
- ``ignore``: the next paragraph.
- ``disable-next-line``: the first line after the directive's (last) line that has
  paragraph text: blank lines, lines holding only directives and, in Markdown, lines
  outside paragraphs (HTML blocks, thematic breaks) are skipped.
- ``disable-line``: the line(s) the comment is on. Comment syntax only, at the end of (or
  within) the line it is about; as a line of its own, or in a comment alone on its line,
  it would silence nothing, so it is a problem.

An attempted directive is an HTML comment whose text starts with the word ``factlint``
(in any case) or a line of its own that starts with ``factlint-`` or ``factlint:``;
prose that merely mentions factlint is neither. An attempted directive that does not
follow the grammar is a :class:`DirectiveProblem`, silences nothing and is for the engine
to report: ``factlint`` not in lower case or with no ``-``/``:`` and verb, an unknown
verb, a stray ``disable-line``, a first argument that is neither a selector nor ``--``,
a non-selector after a comma, a letter-and-digit token that is not a selector, or a
comment not closed before a blank line.

The text of every directive and problem is blanked from the article's prose.
:meth:`Suppressions.suppressed` records which directive silenced what, so that the engine
can report the directives that silenced nothing (:meth:`Suppressions.unused`) and the
selectors that name no rule (:meth:`Suppressions.named_codes`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal, cast, get_args

import regex

from factlint.core.codes import ALL, is_selector

Verb = Literal["disable", "enable", "ignore", "disable-next-line", "disable-line"]
VERBS: tuple[Verb, ...] = get_args(Verb)


@dataclass(frozen=True)
class Directive:
    """A directive as read: ``codes`` empty means every code."""

    verb: Verb
    codes: tuple[str, ...]  # selectors as written: "QT001", "GR", "DK0", "ALL"
    start: int  # the directive's text: the whole comment, or the line's text
    end: int
    reason: str  # "" when none is given
    code_offsets: tuple[int, ...]  # where each of ``codes`` is written


@dataclass(frozen=True)
class DirectiveProblem:
    """An attempted directive that factlint cannot read; it silences nothing.

    ``offset`` and ``length`` point at what is wrong (a verb, a code), ``start`` and
    ``end`` span the whole attempted directive."""

    offset: int
    length: int
    message: str
    start: int
    end: int


# --- finding directives --------------------------------------------------------------

_FACTLINT = "[Ff][Aa][Cc][Tt][Ll][Ii][Nn][Tt](?![A-Za-z0-9])"
_COMMENT_OPEN = regex.compile(r"<!--[ \t]*(?:\n[ \t]*)?(?=" + _FACTLINT + ")")
_BLANK_LINE = regex.compile(r"\n[ \t]*(?:\n|$)")
_LINE = regex.compile(r"(?m)^[ \t]*+(factlint[-:][^\n]*+)")  # its trailing spaces cut after
_BODY = regex.compile(
    r"(?s)(?P<head>" + _FACTLINT + r")(?:(?P<sep>-|:[ \t]*)(?P<verb>[^\s,]*))?(?P<rest>.*)"
)
_TOKEN = regex.compile(r"[^\s,]+")
_LEADING_DASH = regex.compile(r"^[-–—]+\s*")
_LETTER_AND_DIGIT = regex.compile(r"[A-Za-z][^\s,]*[0-9]")

_Found = Directive | DirectiveProblem


def find_directives(text: str, start: int = 0) -> tuple[list[Directive], list[DirectiveProblem]]:
    """Every directive in ``text[start:]``, and every attempted one that cannot be read;
    each sorted by position. Where a comment and a directive line overlap, the one
    that starts first is kept."""
    found = sorted([*_comments(text, start), *_lines(text, start)], key=_span)
    kept: list[_Found] = []
    for item in found:
        if not kept or _span(item)[0] >= _span(kept[-1])[1]:
            kept.append(item)
    return (
        [d for d in kept if isinstance(d, Directive)],
        [p for p in kept if isinstance(p, DirectiveProblem)],
    )


def _span(item: _Found) -> tuple[int, int]:
    return item.start, item.end


def _comments(text: str, start: int) -> Iterable[_Found]:
    for opening in _COMMENT_OPEN.finditer(text, start):
        close = text.find("-->", opening.end())
        blank = _BLANK_LINE.search(text, opening.end())
        if close == -1 or (blank is not None and blank.start() < close):
            end = text.find("\n", opening.end())
            end = len(text) if end == -1 else end
            message = "a factlint comment with no '-->' before the end of its paragraph"
            yield DirectiveProblem(
                opening.start(), end - opening.start(), message, opening.start(), end
            )
            continue
        body = text[opening.end() : close].rstrip()
        found = _parse(body, opening.end(), opening.start(), close + 3)
        if isinstance(found, Directive) and found.verb == "disable-line":
            found = _alone_on_line(text, found) or found
        yield found


def _lines(text: str, start: int) -> Iterable[_Found]:
    for match in _LINE.finditer(text, start):
        body = match.group(1).rstrip(" \t")  # not by the pattern: quadratic in the spaces
        end = match.start(1) + len(body)
        found = _parse(body, match.start(1), match.start(), end)
        if isinstance(found, Directive) and found.verb == "disable-line":
            yield _stray_disable_line(found)
        else:
            yield found


_DISABLE_LINE_ALONE = (
    "'disable-line' silences the line it is on, and this line has nothing else: "
    "put '<!-- factlint-disable-line CODES -->' at the end of the line, "
    "or use 'disable-next-line'"
)


def _alone_on_line(text: str, directive: Directive) -> DirectiveProblem | None:
    line_start = text.rfind("\n", 0, directive.start) + 1
    line_end = text.find("\n", directive.end)
    line_end = len(text) if line_end == -1 else line_end
    if (text[line_start : directive.start] + text[directive.end : line_end]).strip():
        return None
    return _stray_disable_line(directive)


def _stray_disable_line(d: Directive) -> DirectiveProblem:
    return DirectiveProblem(d.start, d.end - d.start, _DISABLE_LINE_ALONE, d.start, d.end)


# --- reading one directive -----------------------------------------------------------


class _Unreadable(Exception):
    def __init__(self, offset: int, length: int, message: str) -> None:
        super().__init__(message)
        self.offset, self.length, self.message = offset, length, message


def _parse(body: str, base: int, start: int, end: int) -> _Found:
    """Read ``body`` (the directive's text, at ``base`` in the article) spanning
    ``start``..``end``; a problem when it does not follow the grammar."""
    match = _BODY.match(body)
    try:
        verb = _verb(match, base)
        codes, offsets, reason = _arguments(match.group("rest"), base + match.start("rest"))
    except _Unreadable as exc:
        return DirectiveProblem(exc.offset, exc.length, exc.message, start, end)
    return Directive(verb, codes, start, end, reason, offsets)


def _verb(match: regex.Match, base: int) -> Verb:
    head, verb = match.group("head"), match.group("verb")
    if head != "factlint":
        raise _Unreadable(base, len(head), f"write '{head}' in lower case: 'factlint'")
    if match.group("sep") is None or not verb:
        raise _Unreadable(base, len(head), f"'factlint' must be followed by {_VERB_CHOICE}")
    if verb not in VERBS:
        at = base + match.start("verb")
        raise _Unreadable(at, len(verb), f"unknown directive '{verb}'{_suggest(verb)}")
    return cast(Verb, verb)


_VERB_CHOICE = "'-' or ':' and one of " + ", ".join(VERBS)


def _suggest(verb: str) -> str:
    close = difflib.get_close_matches(verb.lower(), VERBS, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"{hint}: expected one of {', '.join(VERBS)}"


def _arguments(rest: str, base: int) -> tuple[tuple[str, ...], tuple[int, ...], str]:
    """The codes, their offsets and the reason in what follows the verb."""
    codes: list[str] = []
    offsets: list[int] = []
    previous_end = 0
    for token in _TOKEN.finditer(rest):
        text = token.group()
        if _is_selector(text):
            codes.append(text)
            offsets.append(base + token.start())
            previous_end = token.end()
            continue
        if text == "--":
            return tuple(codes), tuple(offsets), rest[token.end() :].strip()
        after_comma = "," in rest[previous_end : token.start()]
        if not codes or after_comma or _LETTER_AND_DIGIT.match(text):
            message = _not_a_code(text, "first" if not codes else "comma" if after_comma else "")
            raise _Unreadable(base + token.start(), len(text), message)
        return tuple(codes), tuple(offsets), _LEADING_DASH.sub("", rest[token.start() :]).strip()
    return tuple(codes), tuple(offsets), ""


def _is_selector(token: str) -> bool:
    return token.isascii() and is_selector(token)


def _not_a_code(token: str, where: str) -> str:
    """Why ``token`` makes the directive unreadable: ``where`` is "first" (no code
    before it), "comma" (after a comma) or "" (after the codes)."""
    upper = token.upper()
    if _is_selector(upper):
        why = f"codes are written in capitals ('{upper}')"
    else:
        why = "a code is two capital letters and up to three digits (QT001), a prefix (QT) or ALL"
    if where == "comma":
        return f"expected a code after ',': '{token}' is not one ({why})"
    hint = "; a directive without codes gives its reason after '--'" if where == "first" else ""
    return f"'{token}' is not a code: {why}{hint}"


# --- what the directives silence -----------------------------------------------------


@dataclass(frozen=True)
class _Range:
    """``directive`` (an index) silences ``selector`` in ``start..end``, but not
    ``excepted`` (carved out by later enables)."""

    start: int
    end: int
    directive: int
    selector: str  # ALL for a directive that names no code
    excepted: tuple[str, ...] = ()

    def covers(self, code: str, offset: int) -> bool:
        return (
            self.start <= offset < self.end
            and _selects(self.selector, code)
            and not any(_selects(e, code) for e in self.excepted)
        )


def _selects(selector: str, code: str) -> bool:
    """Whether ``selector`` selects every code that ``code`` (a code or selector) does."""
    return selector == ALL or (code != ALL and code.startswith(selector))


@dataclass
class Suppressions:
    """The directives of an article, the problems among its attempted directives, and,
    once :meth:`resolve` has run, the ranges each directive silences."""

    directives: list[Directive] = field(default_factory=list)
    problems: list[DirectiveProblem] = field(default_factory=list)
    _ranges: list[_Range] = field(default_factory=list, init=False, repr=False)
    _used: set[tuple[int, str]] = field(default_factory=set, init=False, repr=False)

    def spans(self) -> list[tuple[int, int]]:
        """The text of every directive and problem: none of it is the article's prose."""
        items: list[Directive | DirectiveProblem] = [*self.directives, *self.problems]
        return sorted((item.start, item.end) for item in items)

    def resolve(self, prose: str, paragraph_spans: Iterable[tuple[int, int]]) -> None:
        """Work out what each directive silences. ``prose`` is the article's text with
        the directives blanked; ``paragraph_spans`` are the paragraphs' ``(start, end)``
        in it (the lines with text are the paragraphs' lines)."""
        paragraphs = sorted(paragraph_spans)
        self._ranges = []
        open_ranges: list[_Range] = []
        for index, directive in enumerate(self.directives):
            if directive.verb == "disable":
                open_ranges += [
                    _Range(directive.end, len(prose), index, s) for s in _selectors(directive)
                ]
            elif directive.verb == "enable":
                open_ranges = self._enable(open_ranges, directive)
            else:
                self._add_target(index, directive, prose, paragraphs)
        self._ranges += open_ranges

    def _enable(self, open_ranges: list[_Range], enable: Directive) -> list[_Range]:
        """Close what ``enable`` names: a disabled selector it covers ends here; a code
        or prefix within a wider disabled selector is carved out of it from here on."""
        named = _selectors(enable)
        still_open = []
        for entry in open_ranges:
            if any(_selects(e, entry.selector) for e in named):
                self._ranges.append(replace(entry, end=enable.start))
                continue
            carved = tuple(e for e in named if _selects(entry.selector, e))
            if carved:
                self._ranges.append(replace(entry, end=enable.start))
                entry = replace(entry, start=enable.end, excepted=entry.excepted + carved)
            still_open.append(entry)
        return still_open

    def _add_target(
        self, index: int, directive: Directive, prose: str, paragraphs: list[tuple[int, int]]
    ) -> None:
        target = _target(directive, prose, paragraphs)
        if target is not None:
            self._ranges += [_Range(*target, index, s) for s in _selectors(directive)]

    def suppressed(self, code: str, offset: int) -> bool:
        """Whether a diagnostic ``code`` at ``offset`` is silenced; every directive that
        silences it is recorded as used."""
        hits = [r for r in self._ranges if r.covers(code, offset)]
        self._used.update((r.directive, r.selector) for r in hits)
        return bool(hits)

    def unused(self) -> list[tuple[Directive, tuple[str, ...]]]:
        """Directives that silenced nothing so far (enables aside), each with the codes it
        names that silenced nothing; an empty tuple is a directive naming no code."""
        found = []
        for index, directive in enumerate(self.directives):
            if directive.verb == "enable":
                continue
            selectors = dict.fromkeys(_selectors(directive))
            idle = tuple(s for s in selectors if (index, s) not in self._used)
            if idle:
                found.append((directive, idle if directive.codes else ()))
        return found

    def named_codes(self) -> list[tuple[str, int]]:
        """Every code or prefix (or ``ALL``) that a directive names, with its offset, in
        the order they are written; see :func:`factlint.codes.selects`."""
        return [
            (c, o) for d in self.directives for c, o in zip(d.codes, d.code_offsets, strict=True)
        ]


def _selectors(directive: Directive) -> tuple[str, ...]:
    return directive.codes or (ALL,)


def _target(
    directive: Directive, prose: str, paragraphs: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """What an ``ignore`` or a line form silences: a paragraph or a line."""
    if directive.verb == "ignore":
        return next(((s, e) for s, e in paragraphs if s >= directive.end), None)
    if directive.verb == "disable-line":
        return _line_start(prose, directive.start), _next_line_start(prose, directive.end)
    after = _next_line_start(prose, directive.end)
    for start, end in paragraphs:
        text = _NOT_SPACE.search(prose, max(start, after), end) if end > after else None
        if text is not None:
            return _line_start(prose, text.start()), _next_line_start(prose, text.start())
    return None


_NOT_SPACE = regex.compile(r"\S")


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _next_line_start(text: str, offset: int) -> int:
    """The start of the line after the one ``offset`` is on (``len(text)`` at the end).
    An ``offset`` just past a line's last character is still on that line."""
    newline = text.find("\n", offset)
    return len(text) if newline == -1 else newline + 1
