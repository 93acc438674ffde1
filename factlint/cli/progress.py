"""The progress of ``factlint check``: on a terminal, a bar on standard error.

The bar shows for runs of more than ``SHOWN_OVER`` files: files done out of how many (known
once every folder named has been searched: a folder is searched as its first file is
reached, so until then the files done alone), the rate, and the time left. It is never
shown when standard error is not a terminal. While it is shown, what the run prints to
standard error (rich's ``redirect_stderr``), and the report when it goes to a terminal
(:meth:`Progress.stream`), is printed above it through the bar's console, so findings and
the bar do not interleave; the bar is gone when the run ends.
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, TextIO, cast

SHOWN_OVER = 5  # files


class Progress:
    """A run's progress as it goes, told to nobody."""

    def found(self, count: int) -> None:
        """One more path named was searched: it gives ``count`` files."""

    def advance(self) -> None:
        """One more file is done (reported, skipped or not checked)."""

    def stream(self, out: TextIO) -> TextIO:
        """What to write the report to, for it to go to ``out``."""
        return out

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def progress_for(paths: Sequence[str], wanted: bool) -> Progress:
    """A bar for a run of the ``paths`` named when ``wanted`` and standard error is a
    terminal; else nothing."""
    if wanted and sys.stderr.isatty():
        return ProgressBar(paths)
    return Progress()


class ProgressBar(Progress):
    """rich's progress bar on standard error; shown once there are more than
    ``SHOWN_OVER`` files."""

    def __init__(self, paths: Sequence[str]) -> None:
        from rich import progress as bar
        from rich.console import Console

        self._count, self._done = _Count(paths), 0
        self._task: Any = None  # rich's TaskID, once shown
        self._above: list[_Above] = []
        self._start = time.monotonic()
        self._console = Console(
            file=sys.stderr, highlight=False, markup=False, emoji=False, soft_wrap=True
        )
        self._bar = bar.Progress(
            bar.TextColumn("checking"),
            bar.BarColumn(),
            bar.MofNCompleteColumn(),
            bar.TextColumn("{task.fields[status]}"),
            console=self._console,
            transient=True,
            redirect_stdout=False,  # the report: see stream()
            redirect_stderr=True,
        )

    def __enter__(self) -> ProgressBar:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()
        for above in self._above:
            above.close()  # an unfinished line, after the bar

    def stream(self, out: TextIO) -> TextIO:
        """``out`` itself unless it is a terminal (taken to be the bar's): then a stream
        that prints each line above the bar."""
        if not out.isatty():
            return out
        self._above.append(_Above(self._console, out))
        return cast(TextIO, self._above[-1])

    def found(self, count: int) -> None:
        self._count.found(count)
        self._show()

    def advance(self) -> None:
        self._done += 1
        self._show()

    def _show(self) -> None:
        total = self._count.total
        if self._task is None and max(self._done, total or 0) <= SHOWN_OVER:
            return
        status = self._status(total)
        if self._task is None:
            self._task = self._bar.add_task("", total=total, status=status)
        self._bar.update(self._task, total=total, completed=self._done, status=status)

    def _status(self, total: int | None) -> str:
        """``12.5 files/s``, and ``0:01:20 left`` when the total is known."""
        rate = self._done / max(time.monotonic() - self._start, 1e-3)
        status = f"{rate:.1f} files/s"
        if total is not None and rate > 0:
            status += f", {timedelta(seconds=round((total - self._done) / rate))} left"
        return status


class _Count:
    """How many files a run has: the files of the paths searched so far, and one for each
    path still to search, once none of those is a folder (a named file gives one, unless
    an exclude leaves it out)."""

    def __init__(self, paths: Sequence[str]) -> None:
        self._folders = [path != "-" and os.path.isdir(path) for path in paths]
        self._folders_left = sum(self._folders)
        self._searched = self._found = 0

    def found(self, count: int) -> None:
        """The next path named was searched: it gives ``count`` files."""
        self._folders_left -= self._folders[self._searched]
        self._searched += 1
        self._found += count

    @property
    def total(self) -> int | None:
        if self._folders_left:
            return None
        return self._found + len(self._folders) - self._searched


class _Above(io.TextIOBase):
    """A terminal's stream whose lines are printed above the progress bar, through the bar's
    console (rich's own ``redirect_stdout`` would not serve: a rich console writing to it,
    as the text report's does, writes past it)."""

    def __init__(self, console: Any, out: TextIO) -> None:
        self._console, self._out, self._partial = console, out, ""

    def write(self, text: str) -> int:
        from rich.text import Text

        *lines, self._partial = (self._partial + text).split("\n")
        if lines:
            self._console.print(Text("\n").join(Text.from_ansi(line) for line in lines))
        return len(text)

    def close(self) -> None:
        if self._partial:
            self._out.write(self._partial)
            self._out.flush()
            self._partial = ""
        super().close()

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._out.fileno()
