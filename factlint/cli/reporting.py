"""Which report ``factlint check`` writes, and where: the format (``--format``, github
under GitHub Actions; the formats are :data:`factlint.output.formats.FORMATS`), its
layout, and ``--output-file`` (written aside and moved into place at the end)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO, cast

from factlint.cli.commands import CheckCommand
from factlint.cli.progress import Progress
from factlint.core.safefile import is_special
from factlint.engine.config import ConfigError
from factlint.engine.fixes import FixSettings
from factlint.output.atomic import open_atomic
from factlint.output.baseline import BaselineWriter
from factlint.output.formats import FORMATS, ReporterContext
from factlint.output.reporters import Layout, Reporter
from factlint.rules import Rule


def make_reporter(
    args: CheckCommand,
    fixing: FixSettings | None,
    progress: Progress,
    rules: Sequence[Rule] = (),
) -> Reporter:
    """The report; made while ``progress`` is on, so that it writes above the bar. With
    --write-baseline, the baseline in its place."""
    stream = progress.stream(report_stream(args, fixing))
    reporter: Reporter
    if args.write_baseline is not None:
        reporter = BaselineWriter(args.write_baseline, stream, sys.stderr, quiet=args.quiet)
    else:
        reporter = _new_reporter(args, stream, rules)
    if fixing is not None:
        reporter.fixing(dry_run=not fixing.write)
    return reporter


def report_stream(args: CheckCommand, fixing: FixSettings | None) -> TextIO:
    """Standard error when standard output carries a diff or a fixed article."""
    if fixing is not None and (not fixing.write or "-" in args.paths):
        return sys.stderr
    return sys.stdout


def _new_reporter(args: CheckCommand, stream: TextIO, rules: Sequence[Rule] = ()) -> Reporter:
    on_github = os.environ.get("GITHUB_ACTIONS") == "true"
    output = args.format or ("github" if on_github else "text")
    chosen = FORMATS[output]
    if args.statistics and not chosen.statistics:
        raise ConfigError(f"--statistics is for text and github output, not --format {output}")
    out, commit = _destination(args.output_file, stream)
    summary = os.environ.get("GITHUB_STEP_SUMMARY") if on_github else None
    context = ReporterContext(
        out,
        sys.stderr,
        commit,
        _layout(args, terminal=out.isatty()),
        rules,
        step_summary=summary or None,
        since=args.changed_since,
    )
    return chosen.make(context)


def _layout(args: CheckCommand, terminal: bool) -> Layout:
    """What the report shows: context and fixes on a terminal unless --quiet, or as asked."""
    shown = terminal and not args.quiet
    return Layout(
        summary=not args.quiet,
        statistics=args.statistics,
        context=shown if args.context is None else args.context,
        fixes=shown if args.show_fixes is None else args.show_fixes,
        color=args.color,
        crop=terminal,
    )


def _destination(path: Path | None, stream: TextIO) -> tuple[TextIO, Callable[[], None] | None]:
    """``stream``, or the --output-file: written aside and moved into place at the end (a
    device or FIFO, e.g. /dev/stdout, is written to as it is: never replaced)."""
    if path is None and stream is sys.stdout:
        stdout = ReaderSafe(stream)
        return cast(TextIO, stdout), stdout.flush
    if path is None:
        return stream, None
    try:
        file = ReportFile(path)
    except OSError as exc:
        raise unwritable(path, exc) from None
    return cast(TextIO, file), file.commit


class ReportFile(io.TextIOBase):
    """The --output-file. A write that fails (a full disk) is the error that names the
    file (exit 2), the partial report is removed, and the file is left as it was."""

    encoding = "utf-8"

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._file: TextIO = _open_special(path) or open_atomic(path)

    def write(self, text: str) -> int:
        try:
            return self._file.write(text)
        except OSError as exc:
            raise self._failed(exc) from None

    def flush(self) -> None:
        if self._file.closed:
            return
        try:
            self._file.flush()
        except OSError as exc:
            raise self._failed(exc) from None

    def isatty(self) -> bool:
        return False

    def commit(self) -> None:
        """The finished report in place (or, for a device, written out)."""
        try:
            commit = getattr(self._file, "commit", None)
            if commit is not None:
                commit()
            else:
                self._file.close()
        except OSError as exc:
            raise self._failed(exc) from None

    def close(self) -> None:
        """Without a commit: the partial report removed."""
        _discard(self._file)
        super().close()

    def _failed(self, exc: OSError) -> ConfigError:
        self.close()
        return unwritable(self.path, exc)


class ReaderSafe(io.TextIOBase):
    """Standard output for the report. When its reader closes the pipe early (``| head``),
    the rest of the report goes to /dev/null and the run goes on, so that the exit status
    is still the one the findings call for (never 0 for findings that fail the gate)."""

    encoding = "utf-8"

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream
        self.reader_gone = False

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._gone()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._gone()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def _gone(self) -> None:
        """Point standard output at /dev/null: what is left in its buffer, and whatever
        else is written (and Python's flush at exit), goes nowhere, without an error."""
        self.reader_gone = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, self._stream.fileno())
        finally:
            os.close(devnull)
        with contextlib.suppress(BrokenPipeError):
            self._stream.flush()


def _open_special(path: Path) -> TextIO | None:
    """``path`` opened as it is when it is a device or a FIFO (/dev/stdout, /dev/null): a
    report is written into it, never renamed over it. None for a file or no file."""
    if is_special(path) is None:
        return None
    return open(path, "w", encoding="utf-8")  # ReportFile closes it


def _discard(file: TextIO) -> None:
    """Close ``file`` whatever its buffer says (the disk is full: nothing more to write)."""
    with contextlib.suppress(OSError):
        file.close()


def unwritable(path: Path, exc: OSError) -> ConfigError:
    """The error for a report file that cannot be written: the file and the reason."""
    return ConfigError(f"--output-file {path}: cannot write it ({exc.strerror or exc})")
