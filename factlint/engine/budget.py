"""The time one file may take (``--timeout``, config ``timeout``): reading the article
(parsing it) and its rules.

Checked between rules; and, where a ``SIGALRM`` can be had (the main thread of this
process, which a ``--jobs`` worker's batches run in too, and no other timer set), an
alarm stops the parsing or the rule that is running when the time is up. The alarm only
ever raises inside such a step (:meth:`Budget.rule`), where the engine catches it: never
while the engine builds a result or a report is written.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

RING_AGAIN = 0.05  # seconds: how soon the alarm rings again while the stopped rule runs on


class RuleTimeout(BaseException):
    """Raised in the rule (or the parsing) that was running when the file's time was up
    (a BaseException, so that a rule's own ``except Exception`` cannot swallow it)."""


class Budget:
    """A file's time for its parsing and rules, from now."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self._in_rule = False

    def expired(self) -> bool:
        return time.monotonic() >= self.deadline

    @contextmanager
    def alarm(self) -> Iterator[None]:
        """An alarm for the deadline while the file is checked, where one can be set."""
        if not _alarm_free():
            yield
            return
        previous = signal.signal(signal.SIGALRM, self._ring)
        signal.setitimer(signal.ITIMER_REAL, max(0.001, self.deadline - time.monotonic()))
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    @contextmanager
    def rule(self) -> Iterator[None]:
        """The span in which the alarm may stop the running rule (or parsing)."""
        self._in_rule = True
        try:
            yield
            self._in_rule = False
        finally:
            self._in_rule = False

    def _ring(self, signum: int, frame: FrameType | None) -> None:
        if self._in_rule:
            # Rung inside a finalizer (a library's __del__), the exception is only logged
            # and the rule runs on: ring again soon, until the rule has stopped.
            signal.setitimer(signal.ITIMER_REAL, RING_AGAIN)
            raise RuleTimeout()


def _alarm_free() -> bool:
    """Whether this process's alarm is ours to set: the main thread, no timer running."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
    )
