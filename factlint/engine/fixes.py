"""Applying fixes (``factlint check --fix``, ``--unsafe-fixes``, ``--diff``).

Fixes are applied in passes. Each pass takes the fixes of the current text (safe ones,
and unsafe ones when asked) that would change it, in offset order (earliest first, ties
by rule code), skips any that overlaps one already taken, applies the rest and checks
the new text again; it stops when a pass has nothing to apply, or after
:data:`MAX_PASSES`. So overlapping fixes are resolved deterministically, and a second
run finds nothing to fix.

Fixes are made to the stored text, not the decoded one: a fix's offsets (code points of
the decoded text) are mapped with :func:`factlint.article.loader.stored_offset`, so the
byte-order mark, CRLF line ends and every byte outside a fixed span stay as they were. A
file is written atomically (a temporary file in its folder, fsync, ``os.replace``),
keeping its permissions.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from factlint.article import loader
from factlint.core.diagnostics import Diagnostic, Fix
from factlint.core.errors import EmptyArticle, InputError
from factlint.core.results import FileResult
from factlint.engine.config import Config
from factlint.engine.run import check_text

MAX_PASSES = 10
_LINE_END = re.compile(r"\r\n|\r|\n")
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


@dataclass(frozen=True)
class FixSettings:
    """What the command line asks: unsafe fixes too, and whether to write the files."""

    unsafe: bool = False
    write: bool = True  # False for --diff: leave the files as they are


@dataclass
class FixOutcome:
    """One file fixed: what remains in it, and its stored text before and after."""

    result: FileResult  # the diagnostics of the final text; ``fixed`` counts the fixes
    data: bytes = b""  # the stored bytes as read
    before: str = ""  # the stored text: byte-order mark (U+FEFF) and line ends as stored
    after: str = ""
    original: FileResult | None = None  # the diagnostics of the text as stored

    @property
    def changed(self) -> bool:
        return self.after != self.before

    def fixed_bytes(self) -> bytes:
        """The file as fixed: the bytes read, with only the fixed spans replaced."""
        return self.after.encode("utf-8") if self.changed else self.data

    def diff(self) -> str:
        return unified_diff(self.result.path, self.before, self.after)


def fix_file(path: Path, config: Config, settings: FixSettings) -> FixOutcome:
    """Fix the article at ``path`` with ``config`` and, unless ``settings.write`` is off,
    write it back."""
    try:
        data = loader.read_bytes(path)
    except InputError as exc:
        return FixOutcome(FileResult(str(path), error=str(exc)))
    outcome = fix_bytes(str(path), data, config, settings.unsafe, path)
    if settings.write and outcome.changed:
        try:
            write_atomic(path, outcome.fixed_bytes())
        except OSError as exc:
            return _unwritten(outcome, exc)
    return outcome


def fix_bytes(
    display: str, data: bytes, config: Config, unsafe: bool = False, path: Path | None = None
) -> FixOutcome:
    """Fix a stored article's bytes (UTF-8, with or without a byte-order mark)."""
    try:
        loader.decode(data)  # what reading checks: binary, encoding, empty
    except EmptyArticle as exc:
        return FixOutcome(FileResult(display, skipped=str(exc), fail_on=config.fail_on), data)
    except InputError as exc:
        return FixOutcome(FileResult(display, error=str(exc), fail_on=config.fail_on), data)
    return fix_stored(display, data.decode("utf-8"), config, unsafe, path, data)


def fix_stored(
    display: str,
    stored: str,
    config: Config,
    unsafe: bool = False,
    path: Path | None = None,
    data: bytes | None = None,
) -> FixOutcome:
    """Fix ``stored`` (text as stored: BOM and line ends kept) pass by pass."""
    result = _check(display, stored, config, path)
    first, text, fixed = result, stored, 0
    for _ in range(MAX_PASSES):
        chosen = choose(result.diagnostics, result.text or "", unsafe)
        if not chosen:
            break
        text = apply(text, dict.fromkeys(d.fix for d in chosen if d.fix is not None))
        fixed += len(chosen)
        result = _check(display, text, config, path)
    result.fixed = fixed if text != stored else 0
    data = stored.encode("utf-8") if data is None else data
    return FixOutcome(result, data, stored, text, original=first)


def _check(display: str, stored: str, config: Config, path: Path | None) -> FileResult:
    return check_text(display, stored.removeprefix(loader.BOM), config, path=path)


def choose(diagnostics: Iterable[Diagnostic], text: str, unsafe: bool) -> list[Diagnostic]:
    """The diagnostics whose fixes one pass applies to decoded ``text``: those that change
    it, in offset order (ties by code), less any that conflicts with one taken before."""
    chosen: list[Diagnostic] = []
    last: Fix | None = None
    for diagnostic in sorted(_candidates(diagnostics, text, unsafe), key=_order):
        fix = diagnostic.fix
        assert fix is not None
        if last is None or fix == last or not _conflict(last, fix):
            chosen.append(diagnostic)
            last = fix
    return chosen


def _candidates(diagnostics: Iterable[Diagnostic], text: str, unsafe: bool) -> list[Diagnostic]:
    return [
        d
        for d in diagnostics
        if d.fix is not None and (d.fix.safe or unsafe) and _changes(d.fix, text)
    ]


def _changes(fix: Fix, text: str) -> bool:
    """A fix inside ``text`` whose replacement differs from what is there."""
    end = fix.offset + fix.length
    return 0 <= fix.offset <= end <= len(text) and text[fix.offset : end] != fix.replacement


def _order(diagnostic: Diagnostic) -> tuple[int, str, int, str]:
    fix = diagnostic.fix
    assert fix is not None
    return (fix.offset, diagnostic.code, fix.length, fix.replacement)


def _conflict(earlier: Fix, later: Fix) -> bool:
    """Spans that overlap, or touch where one is an insertion (which goes first?)."""
    end = earlier.offset + earlier.length
    if later.offset != end:
        return later.offset < end
    return earlier.length == 0 or later.length == 0


def apply(stored: str, fixes: Iterable[Fix]) -> str:
    """Apply non-overlapping ``fixes`` (in offset order, offsets of the decoded text) to
    ``stored``; a line end in a replacement takes the stored text's line end."""
    to_stored = loader.StoredOffsets(stored)
    first_end = _LINE_END.search(stored)
    line_end = first_end.group() if first_end else "\n"
    parts: list[str] = []
    position = 0
    for fix in fixes:
        start, end = to_stored(fix.offset), to_stored(fix.offset + fix.length)
        parts += [stored[position:start], fix.replacement.replace("\n", line_end)]
        position = end
    parts.append(stored[position:])
    return "".join(parts)


def unified_diff(name: str, before: str, after: str) -> str:
    """A unified diff of ``before`` and ``after`` (line ends kept), "" when they agree."""
    if before == after:
        return ""
    lines = difflib.unified_diff(
        _LINES.findall(before), _LINES.findall(after), fromfile=name, tofile=name
    )
    return "".join(_terminated(line) for line in lines)


def _terminated(line: str) -> str:
    if line.endswith(("\n", "\r")):
        return line
    return line + "\n\\ No newline at end of file\n"


def write_atomic(path: Path, data: bytes) -> None:
    """Replace the file at ``path`` (a symbolic link's target) with ``data`` all at once,
    keeping its permissions (and its owner, where allowed). Raises :class:`OSError`."""
    target = Path(os.path.realpath(path))
    info = target.stat()
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        if hasattr(os, "chown"):
            with contextlib.suppress(OSError):
                os.chown(temporary, info.st_uid, info.st_gid)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable where the system allows it (not on Windows)."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _unwritten(outcome: FixOutcome, exc: OSError) -> FixOutcome:
    """The file could not be written: it is as it was, with its first diagnostics."""
    error = f"cannot write the fixes: {exc.strerror or exc}"
    result = replace(outcome.original or outcome.result, error=error, fixed=0)
    return FixOutcome(result, outcome.data, outcome.before, outcome.before, outcome.original)
