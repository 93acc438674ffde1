"""LanguageTool through language-tool-python: a local LanguageTool (Java, found through
language-tool-python's own settings such as ``LTP_JAR_DIR_PATH``) or, as newsrooms usually
run it, a LanguageTool server (``grammar.url`` / ``--languagetool-url``)."""

from __future__ import annotations

from functools import cache, cached_property
from typing import Any

from factlint.backends.base import BackendUnavailable, GrammarMatch
from factlint.core.installed import installed_version, is_installed

TIMEOUT_SECONDS = 20
SPELLING_CATEGORIES = frozenset({"TYPOS"})
_NEEDS_LIBRARY = "LanguageTool needs language-tool-python: pip install 'factlint[languagetool]'"
_HOW_TO = (
    "point factlint at a LanguageTool server with --languagetool-url URL "
    "or grammar: {backend: languagetool, url: URL} (or use --grammar harper)"
)


class LanguageToolBackend:
    """LanguageTool for one language, local or at ``url``. Its name and version (what a
    cached result depends on) are known at once; the library is imported, and the server
    reached (or a local one started), only when a paragraph is checked."""

    name = "languagetool"

    def __init__(self, language: str, url: str | None) -> None:
        if not is_installed("language_tool_python"):
            raise BackendUnavailable(_NEEDS_LIBRARY)
        self.version = installed_version("language-tool-python", "language_tool_python")
        self._language, self._url = language, url
        self._where = f"the LanguageTool server at {url}" if url else "a local LanguageTool"

    @cached_property
    def _tool(self) -> Any:
        try:
            import language_tool_python
        except ImportError:
            raise BackendUnavailable(_NEEDS_LIBRARY) from None
        try:
            if self._url:
                tool = language_tool_python.LanguageTool(self._language, remote_server=self._url)
            else:
                tool = language_tool_python.LanguageTool(self._language)
            tool._TIMEOUT = TIMEOUT_SECONDS  # type: ignore[assignment]  # typed Literal[300]
        except Exception as exc:  # the library raises many kinds; all mean "not here"
            reason = (
                f"no answer: {type(exc).__name__}"
                if self._url
                else "none installed: it needs Java and a LanguageTool (LTP_JAR_DIR_PATH)"
            )
            raise BackendUnavailable(
                f"LanguageTool: cannot use {self._where} ({reason}); {_HOW_TO}"
            ) from None
        return tool

    def check(self, texts: list[str]) -> list[list[GrammarMatch]]:
        return [self._check_one(text) for text in texts]

    def _check_one(self, text: str) -> list[GrammarMatch]:
        tool = self._tool
        try:
            matches = tool.check(text)
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
