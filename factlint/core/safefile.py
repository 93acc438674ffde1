"""Reading a file whatever it turns out to be: only regular files, and only so much.

A FIFO, a device or a socket is refused by name before anything is read (opening a FIFO
for reading would wait for a writer forever; ``/dev/zero`` never ends), and a file larger
than its limit is refused before it is read in full. Every problem is an
:class:`~factlint.core.errors.InputError` whose one-line message never quotes the file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from factlint.core.errors import InputError

MAX_FILE_BYTES = 5 * 1024 * 1024  # articles, configs, packs, registers and dictionaries
_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def special_kind(mode: int) -> str | None:
    """What a file of this ``st_mode`` is when it is neither a regular file nor a folder
    ("a FIFO", "a socket", ...); None for regular files and folders."""
    return next((name for test, name in _KINDS if test(mode)), None)


def is_special(path: Path) -> str | None:
    """:func:`special_kind` of ``path`` (following symbolic links); None when it cannot be
    told (a missing file: reading it will say so)."""
    try:
        return special_kind(os.stat(path).st_mode)
    except OSError:
        return None


def read_regular(path: Path, limit: int = MAX_FILE_BYTES, what: str = "files") -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them; anything else
    raises :class:`InputError` (``what`` names the kind of file in the size message)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO: no wait
    except FileNotFoundError:
        raise InputError("no such file or directory") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or type(exc).__name__}") from None
    try:  # what the file is, before a file object is made of it (a folder cannot be)
        mode = os.fstat(fd)
        if stat.S_ISDIR(mode.st_mode):
            raise InputError("is a directory")
        kind = special_kind(mode.st_mode)
        if kind is not None or not stat.S_ISREG(mode.st_mode):
            raise InputError(f"not a regular file ({kind or 'not a file'})")
        if mode.st_size > limit:
            raise InputError(too_large(mode.st_size, limit, what))
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or type(exc).__name__}") from None
    if len(data) > limit:
        raise InputError(too_large(None, limit, what))
    return data


def too_large(size: int | None, limit: int, what: str) -> str:
    """``what``: "articles" (factlint *checks* them) or the files it reads ("configs")."""
    actual = f" ({size / 1_048_576:.1f} MB)" if size is not None else ""
    verb = "checks" if what == "articles" else "reads"
    return f"file too large{actual}: factlint {verb} {what} up to {limit / 1_048_576:.0f} MB"
