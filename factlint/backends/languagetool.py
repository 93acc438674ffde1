"""LanguageTool through language-tool-python: a local LanguageTool (Java, found through
language-tool-python's own settings such as ``LTP_JAR_DIR_PATH``) or, as newsrooms usually
run it, a LanguageTool server (``grammar.url`` / ``--languagetool-url``)."""

from __future__ import annotations

import json
from functools import cache, cached_property
from typing import Any

from factlint.backends.base import BackendUnavailable, GrammarMatch
from factlint.core.installed import installed_version, is_installed

TIMEOUT_SECONDS = 20.0  # the default of grammar: {timeout: N}
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

    def __init__(self, language: str, url: str | None, timeout: float = TIMEOUT_SECONDS) -> None:
        if not is_installed("language_tool_python"):
            raise BackendUnavailable(_NEEDS_LIBRARY)
        self.version = installed_version("language-tool-python", "language_tool_python")
        self._language, self._url, self._timeout = language, url, timeout
        self._where = f"the LanguageTool server at {url}" if url else "a local LanguageTool"

    @cached_property
    def _tool(self) -> Any:
        try:
            import language_tool_python
        except ImportError:
            raise BackendUnavailable(_NEEDS_LIBRARY) from None
        try:
            if self._url:
                client = _server_client(language_tool_python.LanguageTool, self._timeout)
                tool = client(self._language, remote_server=self._url)
            else:
                tool = language_tool_python.LanguageTool(self._language)
                tool._TIMEOUT = self._timeout  # type: ignore[assignment]  # Literal[300]
        except ServerProblem as exc:
            raise BackendUnavailable(_cannot_use(self._where, str(exc))) from None
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
        except ServerProblem as exc:
            raise BackendUnavailable(_cannot_use(self._where, str(exc))) from None
        except Exception as exc:  # an answer the library could not read
            reason = f"gave a malformed answer ({type(exc).__name__})"
            raise BackendUnavailable(_cannot_use(self._where, reason)) from None
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
def languagetool_backend(
    language: str, url: str | None, timeout: float = TIMEOUT_SECONDS
) -> LanguageToolBackend:
    return LanguageToolBackend(language, url, timeout)


def _cannot_use(where: str, problem: str) -> str:
    return f"LanguageTool: cannot use {where}: it {problem}; {_HOW_TO}"


class ServerProblem(Exception):
    """What went wrong with a LanguageTool server, as the end of a sentence that begins
    with the server ("refused the connection", "answered HTTP 500", ...)."""


def _server_client(base: type, timeout: float) -> type:
    """language-tool-python's client, asking the server once, with a connect and a read
    timeout, and saying what went wrong (:class:`ServerProblem`) instead of retrying."""

    class ServerClient(base):  # type: ignore[misc, valid-type]
        def _query_server(
            self,
            url: str,
            params: dict[str, str] | None = None,
            num_tries: int = 1,
            method: str = "get",
        ) -> Any:
            return query_server(url, params, method, timeout)

    return ServerClient


def query_server(url: str, params: dict[str, str] | None, method: str, timeout: float) -> Any:
    """The JSON a LanguageTool server answers at ``url``; raises :class:`ServerProblem`."""
    import requests

    connect = min(timeout, 10.0)
    try:
        if method == "post":
            response = requests.post(url, data=params, timeout=(connect, timeout))
        else:
            response = requests.get(url, params=params, timeout=(connect, timeout))
    except requests.exceptions.ConnectTimeout:
        raise ServerProblem(f"did not take the connection within {connect:g} s") from None
    except requests.exceptions.Timeout:
        raise ServerProblem(f"timed out: no answer within {timeout:g} s") from None
    except requests.exceptions.ConnectionError:
        raise ServerProblem("refused the connection (is it running, at that address?)") from None
    except requests.exceptions.RequestException as exc:
        raise ServerProblem(f"could not be asked ({type(exc).__name__})") from None
    with response:
        if response.status_code >= 400:
            raise ServerProblem(f"answered with HTTP error {response.status_code}")
        try:
            return response.json()
        except (ValueError, json.JSONDecodeError):
            raise ServerProblem("gave a malformed answer (not LanguageTool's JSON)") from None
