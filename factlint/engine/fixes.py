"""Applying fixes (``factlint check --fix``, ``--unsafe-fixes``, ``--diff``).

Fixes are applied in passes. Each pass takes the fixes of the current text (safe ones,
and unsafe ones when asked) that would change it, in offset order (earliest first, ties
by rule code), skips any that overlaps one already taken, checks each (below), applies
those that pass and checks the new text again; it stops when a pass has nothing to
apply, or after :data:`MAX_PASSES`. So overlapping fixes are resolved deterministically,
and a second run finds nothing to fix.

Every fix is checked before it is applied (:func:`refusal`), and the text it gives is
checked again before anything is written. A fix is refused when the text after it

- has a doubled mark of punctuation at its span that was not there ("the U.S.."),
- changes a word the fix does not name: a word outside its span, or one that its span's
  edges cut into (the fix may change only the words inside its own span), or
- has a finding that the text before it did not have, outside the fix's own span (a
  finding on the fix's own words is the next pass's to check).

A refused fix is not applied, in this pass or a later one: its finding stays in the
report with the reason (``Diagnostic.fix_skipped``) and the summary counts it.

Fixes are made to the stored text, not the decoded one: a fix's offsets (code points of
the decoded text) are mapped with :func:`factlint.article.loader.stored_offset`, so the
byte-order mark, CRLF line ends and every byte outside a fixed span stay as they were. A
file is written atomically (a temporary file in its folder, fsync, ``os.replace``),
keeping its permissions, and only if it still holds the bytes that were read: a file
edited (or removed, or replaced) while factlint worked on it is left as the writer left
it and reported as changed during the run (:data:`CHANGED`), so no one's edit is lost.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import stat
import tempfile
from collections import Counter
from collections.abc import Container, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from factlint.article import loader
from factlint.core.diagnostics import Diagnostic, Fix
from factlint.core.errors import EmptyArticle, InputError
from factlint.core.results import FileResult
from factlint.core.wording import doubled_marks, splits_word, word_at
from factlint.engine.config import Config
from factlint.engine.run import check_text

MAX_PASSES = 10
CHANGED = "changed during the run; not fixed"
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
            write_atomic(path, outcome.fixed_bytes(), expected=data)
        except ChangedOnDisk:
            return FixOutcome(FileResult(str(path), error=CHANGED, fail_on=config.fail_on), data)
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
    refused: dict[Fix, str] = {}  # fixes not to apply, at the current text's offsets: why
    for _ in range(MAX_PASSES):
        chosen = choose(result.diagnostics, result.text or "", unsafe, refused)
        if not chosen:
            break
        step = _Pass(display, config, path, text, result)
        step.run(chosen)
        refused = {**_moved(refused, step.fixes), **_moved(step.refused, step.fixes)}
        text, result = step.text, step.result
        fixed += step.applied
    for diagnostic in result.diagnostics:
        if diagnostic.fix is not None and diagnostic.fix in refused:
            diagnostic.fix_skipped = refused[diagnostic.fix]
    result.fixed = fixed if text != stored else 0
    data = stored.encode("utf-8") if data is None else data
    return FixOutcome(result, data, stored, text, original=first)


class _Pass:
    """One pass: the chosen fixes checked, those that pass applied, the text checked anew.

    ``refused`` are the fixes refused, at the offsets of the text the pass began with;
    ``fixes`` those applied (non-overlapping, in offset order), ``applied`` how many
    diagnostics they fix, ``text`` and ``result`` the text after them."""

    def __init__(
        self, display: str, config: Config, path: Path | None, text: str, result: FileResult
    ) -> None:
        self.display, self.config, self.path = display, config, path
        self.text, self.result = text, result
        self.refused: dict[Fix, str] = {}
        self.fixes: list[Fix] = []
        self.applied = 0

    def run(self, chosen: list[Diagnostic]) -> None:
        decoded = self.result.text or ""
        passing: dict[Fix, int] = {}  # each fix that passes, and how many diagnostics it fixes
        for diagnostic in chosen:
            fix = diagnostic.fix
            assert fix is not None
            reason = refusal(decoded, fix)
            if reason is not None:
                self.refused[fix] = reason
            else:
                passing[fix] = passing.get(fix, 0) + 1
        if not passing:
            return
        text = apply(self.text, passing)
        result = self._check(text)
        if not added_findings(self.result, result, list(passing)):
            self._take(text, result, list(passing), sum(passing.values()))
            return
        # Some fix adds a finding: apply them one at a time, the last first (so the
        # offsets of those before it still hold), and refuse each that adds one.
        base_text, base_result, count = self.text, self.result, 0
        taken: list[Fix] = []
        for fix in reversed(passing):
            text = apply(base_text, [fix])
            result = self._check(text)
            added = added_findings(base_result, result, [fix])
            if added:
                self.refused[fix] = _added_reason(added[0])
            else:
                base_text, base_result = text, result
                taken.insert(0, fix)
                count += passing[fix]
        self._take(base_text, base_result, taken, count)

    def _take(self, text: str, result: FileResult, fixes: list[Fix], count: int) -> None:
        self.text, self.result, self.fixes, self.applied = text, result, fixes, count

    def _check(self, text: str) -> FileResult:
        return _check(self.display, text, self.config, self.path)


def refusal(text: str, fix: Fix) -> str | None:
    """Why ``fix`` may not be applied to decoded ``text`` by what it does where it
    stands (None if it may): a doubled mark of punctuation that was not there, or a word
    it does not name changed (a word outside its span, or one its edges cut into)."""
    start, end = fix.offset, fix.offset + fix.length
    after = text[:start] + fix.replacement + text[end:]
    new_end = start + len(fix.replacement)
    doubled = Counter(doubled_marks(after, start, new_end))
    doubled -= Counter(doubled_marks(text, start, end))
    if doubled:
        return f'it would leave "{next(iter(doubled))}"'
    # The text outside the span is kept as it is, so a word outside it changes only where
    # the span's edges cut into it, before the fix or after it.
    for edge in (start, end):
        if splits_word(text, edge):
            return f'it would change "{word_at(text, edge)}", a word it does not name'
    for edge in (start, new_end):
        if splits_word(after, edge):
            return f'it would run words together ("{word_at(after, edge)}")'
    return None


def added_findings(before: FileResult, after: FileResult, fixes: list[Fix]) -> list[Diagnostic]:
    """The diagnostics of ``after`` (the text once ``fixes`` were applied to ``before``'s)
    that ``before`` did not have, less those on or beside a fix's new text, which the fix
    explains. A diagnostic is the same when its code and span are (its span moved by the
    fixes before it); its message may differ (a count in it)."""
    ordered = sorted(fixes, key=lambda f: (f.offset, f.length))
    known = set()
    for d in before.diagnostics:
        start, end = _mapped(d.offset, ordered), _mapped(d.offset + d.length, ordered)
        if start is not None and end is not None:
            known.add((d.code, start, end - start))
    spans = _new_spans(ordered)
    return [
        d
        for d in after.diagnostics
        if (d.code, d.offset, d.length) not in known
        and not any(d.offset <= end and start <= d.offset + d.length for start, end in spans)
    ]


def _mapped(position: int, fixes: list[Fix]) -> int | None:
    """``position`` of the text before ``fixes`` (in offset order) in the text after
    them; None inside a fix's span."""
    shift = 0
    for fix in fixes:
        if position <= fix.offset:
            break
        if position < fix.offset + fix.length:
            return None
        shift += len(fix.replacement) - fix.length
    return position + shift


def _new_spans(fixes: list[Fix]) -> list[tuple[int, int]]:
    """Where each of ``fixes`` (in offset order) stands in the text after them."""
    spans, shift = [], 0
    for fix in fixes:
        start = fix.offset + shift
        spans.append((start, start + len(fix.replacement)))
        shift += len(fix.replacement) - fix.length
    return spans


def _moved(refused: dict[Fix, str], fixes: list[Fix]) -> dict[Fix, str]:
    """``refused`` at the offsets of the text after ``fixes``, less any that one overlaps
    (its text was fixed another way: it is checked again if still reported)."""
    ordered = sorted(fixes, key=lambda f: (f.offset, f.length))
    moved = {}
    for fix, reason in refused.items():
        if any(_conflict(*sorted((fix, other), key=_position)) for other in ordered):
            continue
        offset = _mapped(fix.offset, ordered)
        if offset is not None:
            moved[replace(fix, offset=offset)] = reason
    return moved


def _position(fix: Fix) -> tuple[int, int]:
    return (fix.offset, fix.length)


def _added_reason(diagnostic: Diagnostic) -> str:
    where = f"{diagnostic.start.line}:{diagnostic.start.column}"
    return f"it would add a finding: {diagnostic.code} at {where} ({diagnostic.message})"


def _check(display: str, stored: str, config: Config, path: Path | None) -> FileResult:
    return check_text(display, stored.removeprefix(loader.BOM), config, path=path)


def choose(
    diagnostics: Iterable[Diagnostic],
    text: str,
    unsafe: bool,
    refused: Container[Fix] = (),
) -> list[Diagnostic]:
    """The diagnostics whose fixes one pass applies to decoded ``text``: those that change
    it, in offset order (ties by code), less any that conflicts with one taken before and
    any whose fix was ``refused``."""
    chosen: list[Diagnostic] = []
    last: Fix | None = None
    for diagnostic in sorted(_candidates(diagnostics, text, unsafe, refused), key=_order):
        fix = diagnostic.fix
        assert fix is not None
        if last is None or fix == last or not _conflict(last, fix):
            chosen.append(diagnostic)
            last = fix
    return chosen


def _candidates(
    diagnostics: Iterable[Diagnostic], text: str, unsafe: bool, refused: Container[Fix]
) -> list[Diagnostic]:
    return [
        d
        for d in diagnostics
        if d.fix is not None
        and (d.fix.safe or unsafe)
        and d.fix not in refused
        and _changes(d.fix, text)
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


class ChangedOnDisk(OSError):
    """The file no longer holds the bytes it was read with: someone else wrote it."""


def write_atomic(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace the file at ``path`` (a symbolic link's target) with ``data`` all at once,
    keeping its permissions (and its owner, where allowed). With ``expected``, only if
    the file still holds exactly those bytes, compared just before the replace (else
    :class:`ChangedOnDisk`, the file untouched). Raises :class:`OSError`."""
    target = Path(os.path.realpath(path))
    if expected is not None and not _holds(target, expected):  # removed or replaced already
        raise ChangedOnDisk(f"{path}: {CHANGED}")
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
        if expected is not None and not _holds(target, expected):
            raise ChangedOnDisk(f"{path}: {CHANGED}")
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(target.parent)


def _holds(path: Path, expected: bytes) -> bool:
    """Whether ``path`` is still a regular file of exactly the bytes ``expected``."""
    try:
        return loader.read_bytes(path, len(expected)) == expected
    except InputError:  # removed, a folder now, grown past what was read, unreadable
        return False


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
