"""Grammar and spelling engines behind one small interface.

A backend checks paragraphs of plain text and returns :class:`GrammarMatch` objects with
offsets into each paragraph. ``harper`` (Automattic's Harper, in-process, offline) is the
default; ``languagetool`` talks to a LanguageTool server through language-tool-python;
``none`` checks nothing. Results are cached per paragraph (see ``cache.py``), so an
unchanged paragraph is never checked twice.
"""

from __future__ import annotations

from factlint.backends.base import (
    BACKENDS,
    Backend,
    BackendUnavailable,
    GrammarMatch,
    GrammarSettings,
)

__all__ = [
    "BACKENDS",
    "Backend",
    "BackendUnavailable",
    "GrammarMatch",
    "GrammarSettings",
    "get_backend",
]


def get_backend(settings: GrammarSettings) -> Backend | None:
    """The backend the settings name (created once per process), or None for ``none``."""
    if settings.backend == "none":
        return None
    if settings.backend == "harper":
        from factlint.backends.harper import harper_backend

        return harper_backend(settings.dialect)
    from factlint.backends.languagetool import languagetool_backend

    return languagetool_backend(settings.language, settings.url, settings.timeout)
