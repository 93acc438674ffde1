"""LanguageTool through language-tool-python: a local LanguageTool (Java, found through
language-tool-python's own settings such as ``LTP_JAR_DIR_PATH``) or, as newsrooms usually
run it, a LanguageTool server (``grammar.url`` / ``--languagetool-url``)."""

from __future__ import annotations

from functools import cache
from importlib import metadata

from factlint.backends.base import BackendUnavailable, GrammarMatch

TIMEOUT_SECONDS = 20
SPELLING_CATEGORIES = frozenset({"TYPOS"})
_HOW_TO = (
    "point factlint at a LanguageTool server with --languagetool-url URL "
    "or grammar: {backend: languagetool, url: URL} (or use --grammar harper)"
)


class LanguageToolBackend:
    name = "languagetool"

    def __init__(self, language: str, url: str | None) -> None:
        try:
            import language_tool_python
        except ImportError:
            raise BackendUnavailable(
                "LanguageTool needs language-tool-python: pip install 'factlint[languagetool]'"
            ) from None
        where = f"the LanguageTool server at {url}" if url else "a local LanguageTool"
        try:
            if url:
                self._tool = language_tool_python.LanguageTool(language, remote_server=url)
            else:
                self._tool = language_tool_python.LanguageTool(language)
            self._tool._TIMEOUT = TIMEOUT_SECONDS  # type: ignore[assignment]  # typed Literal[300]
        except Exception as exc:  # the library raises many kinds; all mean "not here"
            reason = (
                f"no answer: {type(exc).__name__}"
                if url
                else "none installed: it needs Java and a LanguageTool (LTP_JAR_DIR_PATH)"
            )
            raise BackendUnavailable(
                f"LanguageTool: cannot use {where} ({reason}); {_HOW_TO}"
            ) from None
        self.version = metadata.version("language-tool-python")
        self._where = where

    def check(self, texts: list[str]) -> list[list[GrammarMatch]]:
        return [self._check_one(text) for text in texts]

    def _check_one(self, text: str) -> list[GrammarMatch]:
        try:
            matches = self._tool.check(text)
        except Exception as exc:
            reason = type(exc).__name__
            raise BackendUnavailable(
                f"LanguageTool: {self._where} did not answer ({reason}); {_HOW_TO}"
            ) from None
        return [
            GrammarMatch(
                offset=m.offset,
                length=m.error_length,
                rule=m.rule_id,
                category=m.category,
                message=m.message,
                replacements=tuple(m.replacements[:5]),
                spelling=m.category in SPELLING_CATEGORIES,
            )
            for m in matches
        ]


@cache
def languagetool_backend(language: str, url: str | None) -> LanguageToolBackend:
    return LanguageToolBackend(language, url)
