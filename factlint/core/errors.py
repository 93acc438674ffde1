"""The one error type a user sees: input factlint cannot use, said in one line."""

from __future__ import annotations

import re


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


_NAME_SHAPED = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,39}")


def named(value: object) -> str:
    """`` 'value'`` for a message that says which key, code or name was wrong, when the
    value is shaped like one (a letter, then up to 39 letters, digits, ``_.-``); otherwise
    nothing. A file that is not an article may be anything (a secret read by mistake), so
    its values, patterns and paths are never quoted: the message gives the line instead."""
    return f" '{value}'" if isinstance(value, str) and _NAME_SHAPED.fullmatch(value) else ""
