"""The one error type a user sees: input factlint cannot use, said in one line."""

from __future__ import annotations


class InputError(Exception):
    """A file (or config) that cannot be checked; the message is one line for the user."""


class EmptyArticle(InputError):
    """An article with nothing in it (empty, or white space only): skipped, not an error."""
