"""Harper (harper-py): Automattic's grammar checker, in-process and offline."""

from __future__ import annotations

from functools import cache, cached_property
from typing import Any

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
                        offset=lint.span.start,
                        length=lint.span.end - lint.span.start,
                        rule=rule,
                        category=kind,
                        message=lint.message,
                        replacements=replacements,
                        spelling=spelling,
                        names=names,
                    )
                )
        return sorted(matches, key=lambda m: (m.offset, m.rule))

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


@cache
def harper_backend(dialect: str) -> HarperBackend:
    return HarperBackend(dialect)
