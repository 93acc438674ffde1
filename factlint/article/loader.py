"""Reading article bytes into text: size limit, binary and encoding checks, newlines.

Every problem is an :class:`InputError` with a one-line message; the command line shows
it next to the file's name instead of a traceback.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from factlint.core.errors import EmptyArticle, InputError
from factlint.core.safefile import MAX_FILE_BYTES, is_special, read_regular, too_large

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
MARKDOWN_SUFFIXES = (".md", ".markdown")
_BINARY_SNIFF_BYTES = 8192
BOM = "\ufeff"
_CRLF = re.compile("\r\n")


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The article's bytes: a regular file of at most ``limit`` bytes (a FIFO, device or
    socket is refused before it is read)."""
    return read_regular(path, limit, "articles")


def read_stream(stream: BinaryIO, limit: int = MAX_FILE_BYTES) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(too_large(None, limit, "articles"))
    return data


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) and normalise CRLF and CR line ends to LF."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError("UTF-16 text: save the article as UTF-8")
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        raise InputError("binary file (contains NUL bytes), not an article")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"invalid UTF-8 at line {line} (byte {exc.start}): save the article as UTF-8"
        ) from None
    text = normalize_newlines(text)
    if not text.strip():
        raise EmptyArticle("empty article")
    return text


def read_text(path: Path | None, stdin: BinaryIO | None = None) -> str:
    """The decoded article at ``path``, or on ``stdin`` when ``path`` is None."""
    if path is not None:
        return decode(read_bytes(path))
    if stdin is None:
        raise InputError("no input")
    return decode(read_stream(stdin))


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR line ends become LF: every offset and line count assumes LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def stored_offset(raw_text: str, offset: int) -> int:
    """Where ``offset`` (a diagnostic's or a fix's: code points of the decoded text) falls
    in ``raw_text``, the stored file decoded as UTF-8 and left as it is (a byte-order mark
    kept as U+FEFF, line ends as stored).

    The index is ``offset``, plus 1 when the file starts with a byte-order mark, plus the
    number of CRLF pairs before that point (each is one line end, "\n", in the decoded
    text). A lone CR is one line end in both texts, so it shifts nothing. An offset at a
    CRLF maps to its CR; a span's end (``offset + length``) maps just past the last
    character of the span. ``len(raw_text[:index].encode("utf-8"))`` is the byte offset.
    """
    return StoredOffsets(raw_text)(offset)


class StoredOffsets:
    """:func:`stored_offset` for many offsets of one text (its CRLFs found once)."""

    def __init__(self, raw_text: str) -> None:
        self.start = 1 if raw_text.startswith(BOM) else 0
        # The decoded offset of each CRLF's line end: the stored position less the BOM
        # and the CRs of the pairs before it.
        self.crlf = [m.start() - self.start - i for i, m in enumerate(_CRLF.finditer(raw_text))]

    def __call__(self, offset: int) -> int:
        return self.start + offset + bisect_left(self.crlf, offset)


def is_markdown(name: str) -> bool:
    return name.lower().endswith(MARKDOWN_SUFFIXES)


Note = Callable[[Path, str], None]  # told of an entry left out, and why


def discover(
    path: Path, skip: Callable[[Path, bool], bool] | None = None, note: Note | None = None
) -> list[Path]:
    """The article files of :func:`walk` (the entries that could not be searched or read
    left out)."""
    return [file for file, problem in walk(path, skip, note) if problem is None]


def walk(
    path: Path, skip: Callable[[Path, bool], bool] | None = None, note: Note | None = None
) -> list[tuple[Path, str | None]]:
    """Article files under a directory, in order, each with None; or a folder that cannot
    be searched or a file that cannot be followed, with why (an input error of that entry
    alone: the rest is still searched).

    Hidden folders and files (``.git`` among them) are left out, and those for which
    ``skip(path, is_dir)`` is true. The walk stays inside ``path``: a symbolic link to a
    folder is never followed, and a link to a file outside ``path`` is left out, with
    ``note(link, why)`` told, as are a FIFO, device or socket (never an article). A link
    that loops is an error of that entry."""
    tell = note or (lambda _path, _why: None)
    top = path.resolve()
    found: list[tuple[Path, str | None]] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else path
        found.append((where, f"cannot read the folder: {exc.strerror or type(exc).__name__}"))

    for root, dirs, files in os.walk(path, onerror=unreadable):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if _wanted(here / d, True, skip))
        for name in dirs:
            if os.path.islink(here / name) and _outside(here / name, top):
                tell(here / name, f"{_LEAVES} folder searched, not followed")
        for name in sorted(files):
            file = here / name
            if not _wanted(file, False, skip):
                continue
            problem = _link_problem(file, top)
            if problem == _OUTSIDE:
                tell(file, f"{_LEAVES} folder searched, not read")
                continue
            kind = None if problem else is_special(file)
            if kind is None:
                found.append((file, problem))
            else:
                tell(file, f"not a regular file ({kind}), skipped")
    return found


_OUTSIDE = "outside"
_LEAVES = "a symbolic link that leads outside the"


def _link_problem(file: Path, top: Path) -> str | None:
    """Why the symbolic link ``file`` is not read (:data:`_OUTSIDE`: it leads out of
    ``top``); None for a file that is not a link or a link inside ``top``."""
    if not os.path.islink(file):
        return None
    try:
        target = Path(os.path.realpath(file, strict=True))
    except FileNotFoundError:
        return "no such file or directory (a symbolic link to nothing)"
    except OSError as exc:  # ELOOP: a link that leads back to itself
        return f"cannot read: {exc.strerror or 'a loop of symbolic links'}"
    return None if target.is_relative_to(top) else _OUTSIDE


def _outside(link: Path, top: Path) -> bool:
    try:
        return not Path(os.path.realpath(link, strict=True)).is_relative_to(top)
    except OSError:
        return False


def _wanted(path: Path, is_dir: bool, skip: Callable[[Path, bool], bool] | None) -> bool:
    if path.name.startswith(".") or not (is_dir or path.name.lower().endswith(ARTICLE_SUFFIXES)):
        return False
    return skip is None or not skip(path, is_dir)
