"""Harper (harper-py): Automattic's grammar checker, in-process and offline."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, cached_property
from typing import Any

import regex

from factlint.backends.base import BackendUnavailable, GrammarMatch
from factlint.core.installed import installed_version, is_installed

SPELLING_KINDS = frozenset({"Spelling"})
_NEEDS_HARPER = "grammar backend harper needs harper-py: pip install harper-py"


class HarperBackend:
    """Harper for one dialect. Its name and version (what a cached result depends on) are
    known at once; harper itself is imported, and its Linter built (the expensive step:
    about half a second, for the curated dictionary), only when a paragraph is checked."""

    name = "harper"

    def __init__(self, dialect: str) -> None:
        if not is_installed("harper"):  # pragma: no cover - harper-py is a dependency
            raise BackendUnavailable(_NEEDS_HARPER)
        self.dialect = dialect
        self.version = installed_version("harper-py", "harper")

    def check(self, texts: list[str]) -> list[list[GrammarMatch]]:
        return [self._check_one(text) for text in texts]

    @cached_property
    def _harper(self) -> Any:
        try:
            import harper
        except ImportError:  # pragma: no cover - harper-py is a dependency
            raise BackendUnavailable(_NEEDS_HARPER) from None
        except Exception as exc:  # a broken install (its native library): the others go on
            raise BackendUnavailable(_cannot_load(exc)) from None
        return harper

    @cached_property
    def _linter(self) -> Any:
        dialects = self._harper.Dialect.__members__
        if self.dialect.upper() not in dialects:
            raise BackendUnavailable(
                f"grammar.dialect {self.dialect!r} is not one Harper knows "
                f"({', '.join(d.lower() for d in dialects)})"
            )
        try:
            return self._harper.Linter(dialect=dialects[self.dialect.upper()])
        except Exception as exc:  # its dictionary or native library cannot be loaded
            raise BackendUnavailable(_cannot_load(exc)) from None

    def _check_one(self, text: str) -> list[GrammarMatch]:
        matches = [m for start, piece in pieces(text) for m in self._check_piece(piece, start)]
        return sorted(matches, key=lambda m: (m.offset, m.rule))

    def _check_piece(self, text: str, base: int) -> list[GrammarMatch]:
        """Harper's matches in ``text``, which starts at ``base`` in its paragraph."""
        plain = self._harper.Language.PLAINTEXT
        matches = []
        for rule, lints in self._linter.organized_lints(text, language=plain).items():
            for lint in lints:
                kind = str(lint.lint_kind)
                replacements = tuple(s.replacement_text for s in lint.suggestions[:5])
                spelling = kind in SPELLING_KINDS
                flagged = text[lint.span.start : lint.span.end]
                names = (
                    tuple(r for r in replacements if self._written_capitalised(r))
                    if spelling and flagged[:1].isupper()
                    else ()
                )
                matches.append(
                    GrammarMatch(
                        offset=base + lint.span.start,
                        length=lint.span.end - lint.span.start,
                        rule=rule,
                        category=kind,
                        message=lint.message,
                        replacements=replacements,
                        spelling=spelling,
                        names=names,
                    )
                )
        return matches

    def _written_capitalised(self, word: str) -> bool:
        """Whether Harper's dictionary knows ``word`` only capitalised, as a name
        ("Nintendo", "Christmas"): it rejects the word in lower case, suggesting it
        capitalised. Asked once per word."""
        if not word[:1].isupper() or not word.isalpha():
            return False
        if word not in self._capitalised:
            lower = word.lower()
            text = f"see {lower} now."
            lints = self._linter.organized_lints(text, language=self._harper.Language.PLAINTEXT)
            self._capitalised[word] = any(
                text[lint.span.start : lint.span.end] == lower
                and word in [s.replacement_text for s in lint.suggestions]
                for lint in lints.get("SpellCheck", ())
            )
        return self._capitalised[word]

    @cached_property
    def _capitalised(self) -> dict[str, bool]:
        return {}


def _cannot_load(exc: Exception) -> str:
    return f"Harper could not be loaded ({type(exc).__name__}): reinstall harper-py"


# Harper's time grows faster than a sentence's length (45,000 "I " with no full stop: 5 s,
# twice as many: 16 s), so a paragraph longer than this is checked in pieces, each cut
# after a sentence's end where it can be. No paragraph of the BBC or PolNeAR corpora is
# as long (the longest has 2,573 characters): their checks are unchanged.
MAX_PIECE_CHARS = 4000
_SENTENCE_END = regex.compile(r"[.!?…][\"”’')\]]*\s|\n")
_WORD_CHAR = regex.compile(r"[\p{L}\p{M}\p{N}'’]")


def pieces(text: str, limit: int = MAX_PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """``text`` in pieces of at most ``limit`` characters, with where each starts: cut
    after the last sentence end of a piece, else at its last space, else before its last
    word (words are at most 64 letters: :mod:`factlint.article.limits`)."""
    start = 0
    while len(text) - start > limit:
        end = start + limit
        ends = [m.end() for m in _SENTENCE_END.finditer(text, start + limit // 2, end)]
        if ends:
            cut = ends[-1]
        elif (space := text.rfind(" ", start + 1, end)) > start:
            cut = space + 1
        else:
            cut = end
            while cut > start + 1 and _WORD_CHAR.match(text, cut - 1):
                cut -= 1
            cut = cut if cut > start + 1 else end
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


@cache
def harper_backend(dialect: str) -> HarperBackend:
    return HarperBackend(dialect)
