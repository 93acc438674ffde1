"""Harper (harper-py): Automattic's grammar checker, in-process and offline."""

from __future__ import annotations

from functools import cache
from importlib import metadata

from factlint.backends.base import BackendUnavailable, GrammarMatch

SPELLING_KINDS = frozenset({"Spelling"})


class HarperBackend:
    name = "harper"

    def __init__(self, dialect: str) -> None:
        try:
            import harper
        except ImportError:  # pragma: no cover - harper-py is a dependency
            raise BackendUnavailable(
                "grammar backend harper needs harper-py: pip install harper-py"
            ) from None
        self._harper = harper
        dialects = harper.Dialect.__members__
        if dialect.upper() not in dialects:
            raise BackendUnavailable(
                f"grammar.dialect {dialect!r} is not one Harper knows "
                f"({', '.join(d.lower() for d in dialects)})"
            )
        self._linter = harper.Linter(dialect=dialects[dialect.upper()])
        self.version = metadata.version("harper-py")

    def check(self, texts: list[str]) -> list[list[GrammarMatch]]:
        return [self._check_one(text) for text in texts]

    def _check_one(self, text: str) -> list[GrammarMatch]:
        plain = self._harper.Language.PLAINTEXT
        matches = []
        for rule, lints in self._linter.organized_lints(text, language=plain).items():
            for lint in lints:
                kind = str(lint.lint_kind)
                matches.append(
                    GrammarMatch(
                        offset=lint.span.start,
                        length=lint.span.end - lint.span.start,
                        rule=rule,
                        category=kind,
                        message=lint.message,
                        replacements=tuple(s.replacement_text for s in lint.suggestions[:5]),
                        spelling=kind in SPELLING_KINDS,
                    )
                )
        return sorted(matches, key=lambda m: (m.offset, m.rule))


@cache
def harper_backend(dialect: str) -> HarperBackend:
    return HarperBackend(dialect)
