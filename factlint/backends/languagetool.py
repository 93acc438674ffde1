"""LanguageTool through language-tool-python: a local LanguageTool (Java, found through
language-tool-python's own settings such as ``LTP_JAR_DIR_PATH``) or, as newsrooms usually
run it, a LanguageTool server (``grammar.url`` / ``--languagetool-url``).

Every request goes through :func:`bounded_http.exchange` (a total deadline, a size limit,
no redirects); the server's matches are read here, not by the library, and a match whose
place is not in the text sent (an offset out of range, not an integer, inside a character)
is dropped. A server that failed is not asked again for :data:`RETRY_AFTER_SECONDS`: the
run goes on without it (each file says so) instead of waiting the deadline for every file.
"""

from __future__ import annotations

import json
import time
import unicodedata
import urllib.parse
from bisect import bisect_left
from functools import cache, cached_property
from typing import Any

from factlint.backends.base import BackendUnavailable, GrammarMatch
from factlint.backends.bounded_http import ServerProblem, exchange
from factlint.core.installed import installed_version, is_installed

TIMEOUT_SECONDS = 20.0  # the default of grammar: {timeout: N}: one request, in all
RETRY_AFTER_SECONDS = 300.0  # a server that failed is asked again after this (the LSP)
SPELLING_CATEGORIES = frozenset({"TYPOS"})
_NEEDS_LIBRARY = "LanguageTool needs language-tool-python: pip install 'factlint[languagetool]'"
_HOW_TO = (
    "point factlint at a LanguageTool server with --languagetool-url URL "
    "or grammar: {backend: languagetool, url: URL} (or use --grammar harper)"
)
_MALFORMED = "gave a malformed answer (not LanguageTool's JSON)"


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

    def check(self, texts: list[str]) -> list[list[GrammarMatch]]:
        failed = _failures.get(self._url)
        if failed is not None:
            when, message = failed
            if time.monotonic() - when < RETRY_AFTER_SECONDS:
                raise BackendUnavailable(message)
            _failures.pop(self._url, None)  # asked again: the retry time has passed
        try:
            return [self._check_one(text) for text in texts]
        except BackendUnavailable as exc:
            _failures[self._url] = (time.monotonic(), str(exc))
            raise

    @cached_property
    def _tool(self) -> Any:
        try:
            import language_tool_python
        except ImportError:
            raise BackendUnavailable(_NEEDS_LIBRARY) from None
        client = _bounded_client(language_tool_python.LanguageTool, self._timeout)
        try:
            if self._url:
                return client(self._language, remote_server=self._url)
            return client(self._language)
        except ServerProblem as exc:
            raise BackendUnavailable(_cannot_use(self._where, str(exc))) from None
        except Exception as exc:  # the library raises many kinds; all mean "not here"
            raise BackendUnavailable(_cannot_use(self._where, self._why(exc))) from None

    def _why(self, exc: Exception) -> str:
        """Why the library could not set up the client (raised other than by a request)."""
        if not self._url:
            return "is not installed: it needs Java and a LanguageTool (LTP_JAR_DIR_PATH)"
        if isinstance(exc, ValueError):  # the language is not in the server's list
            return f"does not offer the language {self._language}"
        return "gave a malformed list of languages (not LanguageTool's JSON)"

    def _check_one(self, text: str) -> list[GrammarMatch]:
        tool = self._tool
        try:
            answer = tool.ask_check(text)
        except ServerProblem as exc:
            raise BackendUnavailable(_cannot_use(self._where, str(exc))) from None
        matches = answer.get("matches") if isinstance(answer, dict) else None
        if not isinstance(matches, list):
            raise BackendUnavailable(_cannot_use(self._where, _MALFORMED))
        places = _Utf16Places(text)
        return [m for m in (_match(item, places) for item in matches) if m is not None]


# The servers (None: the local LanguageTool) that failed in this process: when, and why.
# Every backend of one server (one a language) shares its entry.
_failures: dict[str | None, tuple[float, str]] = {}


@cache
def languagetool_backend(
    language: str, url: str | None, timeout: float = TIMEOUT_SECONDS
) -> LanguageToolBackend:
    return LanguageToolBackend(language, url, timeout)


def _cannot_use(where: str, problem: str) -> str:
    return f"LanguageTool: cannot use {where}: it {problem}; {_HOW_TO}"


def _bounded_client(base: type, timeout: float) -> type:
    """language-tool-python's client, asking the server once per request through
    :func:`exchange` (:class:`ServerProblem` says what went wrong), and giving the server's
    answer to a check as it came (:func:`_match` reads it)."""

    class BoundedClient(base):  # type: ignore[misc, valid-type]
        def _query_server(
            self,
            url: str,
            params: dict[str, str] | None = None,
            num_tries: int = 1,
            method: str = "get",
        ) -> Any:
            return ask_json(url, params, method, timeout)

        def ask_check(self, text: str) -> Any:
            url = urllib.parse.urljoin(self._url, "check")
            return self._query_server(url, self._create_params(text), method="post")

    return BoundedClient


def ask_json(url: str, params: dict[str, str] | None, method: str, timeout: float) -> Any:
    """The JSON a server answers at ``url``; raises :class:`ServerProblem`."""
    body = exchange(url, params, method, timeout)
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested past Python's
        raise ServerProblem(_MALFORMED) from None


class _Utf16Places:
    """LanguageTool counts places in UTF-16 code units (Java's); Python in code points. A
    place inside a character (between the halves of a surrogate pair) is no place."""

    def __init__(self, text: str) -> None:
        # where each character outside the BMP (two units) starts, in units
        self.pairs = [i + n for n, i in enumerate(i for i, ch in enumerate(text) if ch > "\uffff")]
        self.units = len(text) + len(self.pairs)

    def index(self, unit: int) -> int | None:
        """The code point at UTF-16 offset ``unit``; None when that is no place in the text."""
        if unit < 0 or unit > self.units:
            return None
        before = bisect_left(self.pairs, unit - 1)  # pairs starting before unit - 1: passed
        if before < len(self.pairs) and self.pairs[before] == unit - 1:
            return None  # between the halves of a pair
        return unit - before


def _integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _match(item: Any, places: _Utf16Places) -> GrammarMatch | None:
    """One match of the server's answer, placed in the text sent; None when it is not a
    well-formed match, or its place is not in the text."""
    if not isinstance(item, dict):
        return None
    offset, length = _integer(item.get("offset")), _integer(item.get("length"))
    message, rule = item.get("message"), _rule(item.get("rule"))
    if offset is None or length is None or not isinstance(message, str) or rule is None:
        return None
    start, end = places.index(offset), places.index(offset + length)
    if start is None or end is None or end < start:
        return None
    return GrammarMatch(
        offset=start,
        length=end - start,
        rule=rule[0],
        category=rule[1],
        message=unicodedata.normalize("NFKC", message),
        replacements=_replacements(item.get("replacements"))[:5],
        spelling=rule[1] in SPELLING_CATEGORIES,
    )


def _rule(rule: Any) -> tuple[str, str] | None:
    """A match's rule id and category id, when it has both."""
    if not isinstance(rule, dict) or not isinstance(rule.get("category"), dict):
        return None
    rule_id, category_id = rule.get("id"), rule["category"].get("id")
    return (
        (rule_id, category_id)
        if isinstance(rule_id, str) and isinstance(category_id, str)
        else None
    )


def _replacements(items: Any) -> tuple[str, ...]:
    if not isinstance(items, list):
        return ()
    values = (item.get("value") for item in items if isinstance(item, dict))
    return tuple(value for value in values if isinstance(value, str))
