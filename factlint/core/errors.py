"""The one error type a user sees: input factlint cannot use, said in one line."""

from __future__ import annotations


class InputError(Exception):
    """A file (or config) that cannot be checked; the message is one line for the user."""


class EmptyArticle(InputError):
    """An article with nothing in it (empty, or white space only): skipped, not an error."""


# What no boundary catch may swallow: the user's Ctrl-C, an exit, a generator's close.
FATAL: tuple[type[BaseException], ...] = (KeyboardInterrupt, SystemExit, GeneratorExit)


def internal_error(where: str, exc: BaseException) -> str:
    """The one line for a crash caught at a boundary (a bug, or a native library's panic,
    which is a BaseException): never the user's fault, so it asks for a report."""
    lines = str(exc).splitlines()
    what = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return f"internal error {where} ({what}); please report it"
