"""A pack rule's patterns as they are compiled: word boundaries added, size bounded, and
(when a pack is first read) compiled, so that a bad pattern or replacement is named with
its rule rather than met on an article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from factlint.core.errors import InputError
from factlint.packs.pattern_size import MAX_PATTERN_SIZE, pattern_size

PatternSource = tuple[str, int]  # a pattern as compiled (word boundaries added) and its flags

_OPENING = r"(?<![\p{L}\p{N}])(?:"
_CLOSING = r")(?![\p{L}\p{N}])"


@dataclass(frozen=True)
class PatternMaker:
    """Makes one rule's pattern sources: ``where`` names the rule in errors, ``error`` is
    the pack's error type; ``compile_now`` compiles each (regex keeps it for the rule's first
    run); ``flags`` and ``wrap`` (whole words) are the rule's defaults."""

    where: str
    error: type[InputError]
    compile_now: bool
    flags: int
    wrap: bool

    def source(
        self, pattern: Any, wrap: bool | None = None, flags: int | None = None
    ) -> PatternSource:
        """The pattern as it is compiled, with its flags."""
        wrap = self.wrap if wrap is None else wrap
        flags = self.flags if flags is None else flags
        if not isinstance(pattern, str) or not pattern:
            raise self.error(f"{self.where}: a pattern must be a non-empty string")
        opening = _OPENING if wrap else ""
        text = f"{opening}{pattern}{_CLOSING}" if wrap else pattern
        size = pattern_size(text)
        if size > MAX_PATTERN_SIZE:  # compiling it would take memory without bound
            raise self.error(
                f"{self.where}: pattern too large to compile: its counted repeats make about "
                f"{size:,} elements (at most {MAX_PATTERN_SIZE:,}); use + or * for long repeats"
            )
        if self.compile_now:
            try:
                regex.compile(text, flags)
            except regex.error as exc:
                problem = _regex_problem(exc, pattern, opening)
                raise self.error(f"{self.where}: bad pattern ({problem})") from None
        return text, flags

    def check_replacement(self, pattern: PatternSource, replacement: str, where: str) -> None:
        """A replacement's group references (``\\1``, ``\\g<name>``) and escapes are what
        its pattern has, checked now rather than on the first article it matches. It is
        expanded on a partial match of the empty text, where every group exists and none
        has matched."""
        compiled = regex.compile(*pattern)
        probe = compiled.match("", partial=True) or regex.compile(f"(?:{pattern[0]})|", pattern[1])
        if isinstance(probe, regex.Pattern):
            probe = probe.match("")
        try:
            if probe is not None:
                probe.expand(replacement)
        except IndexError:
            raise self.error(f"{where} refers to a group its pattern does not have") from None
        except regex.error as exc:
            at = f" at character {exc.pos + 1}" if exc.pos is not None else ""
            raise self.error(f"{where} is not a valid replacement (a bad escape{at})") from None


def _regex_problem(exc: regex.error, pattern: str, opening: str) -> str:
    """regex's message, placed in the pattern as written (not as wrapped)."""
    if exc.pos is None:
        return exc.msg
    at = exc.pos - len(opening)
    return f"{exc.msg} at the end" if at >= len(pattern) else f"{exc.msg} at character {at + 1}"


def as_written(pattern: str) -> str:
    """A pattern as the pack writes it (without the word boundaries added), quoted."""
    if pattern.startswith(_OPENING) and pattern.endswith(_CLOSING):
        pattern = pattern[len(_OPENING) : -len(_CLOSING)]
    return repr(pattern)


_BACKREFERENCE = regex.compile(r"\\\d|\(\?P=")
_INLINE_FLAGS = regex.compile(r"\(\?[^:<=!P#>|(&']")  # or something else: compile to know


def prefilter(sources: tuple[PatternSource, ...]) -> regex.Pattern | None:
    """One pattern matching wherever any of several matches (none for a backreference,
    whose group numbers would shift, or for patterns that differ in ignoring case)."""
    if len(sources) < 3 or any(_BACKREFERENCE.search(text) for text, _ in sources):
        return None
    if any(_INLINE_FLAGS.search(text) for text, _ in sources):  # flags set inside a pattern
        ignorecase = {bool(regex.compile(text, flags).flags & regex.I) for text, flags in sources}
    else:
        ignorecase = {bool(flags & regex.I) for _, flags in sources}
    if len(ignorecase) > 1:
        return None
    flags = regex.I if ignorecase.pop() else 0
    return regex.compile("|".join(f"(?:{text})" for text, _ in sources), flags)
