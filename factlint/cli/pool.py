"""Worker processes for ``factlint check --jobs N``: batches of files checked in a pool,
their results given back in input order, each batch as soon as it and those before it
are done.

- **Start method: spawn.** A worker is a fresh interpreter, on every platform alike. Fork
  is unsafe here: the parent may have threads (rich's progress bar refreshes from one,
  Harper starts its own), and a forked child would inherit their locks but not the
  threads; and Harper's linter cannot be built once before forking for the same reason.
  forkserver (the imports done once) measured no faster here, within the noise. Each
  worker builds its engine state once (``initializer``) and reuses it.
- **Memory.** At most ``window`` batches are in flight (given to the pool and not yet
  handed back); the items come from an iterator that is read only as batches are sent,
  and a result is handed on as soon as it is in order.
- **Ctrl-C.** Workers start with SIGINT blocked and then ignore it: the parent alone
  stops, terminates its workers and says nothing more (no worker's traceback). SIGTERM
  to the parent does the same (:class:`Terminated`, exit status 143); and on Linux each
  worker asks the kernel for SIGTERM when its parent ends, so that none outlives a parent
  killed outright (SIGKILL).
- **A worker that dies** (killed, out of memory, a crash in native code) breaks the pool:
  ``on_break`` is told, a new pool takes the next batches, and each item of the batches
  lost is tried again on its own, in a one-worker pool of its own, so only an item that
  stops its worker again is reported lost (``lost(item)``). After ``GIVE_UP`` such items in
  a row the run stops with :class:`PoolBroken`: the workers cannot check anything.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from itertools import islice
from types import TracebackType
from typing import Any, Generic, TypeVar

from factlint.cli.jobs import PoolBroken

T = TypeVar("T")
R = TypeVar("R")
GIVE_UP = 3  # items in a row that stop their lone worker: the workers are broken
WINDOW_PER_JOB = 4  # batches in flight per worker


def batched(items: Iterable[T], size: int, first: int = 1) -> Iterator[list[T]]:
    """``items`` in lists of ``first`` items, then twice as many each time up to ``size``
    (so that the first results come soon), read as they are needed."""
    iterator, count = iter(items), max(1, min(first, size))
    while batch := list(islice(iterator, count)):
        yield batch
        count = min(count * 2, size)


Work = Callable[[list[T]], list[R]]


class OrderedPool(Generic[T, R]):
    """``jobs`` worker processes that run ``work`` (a module-level function, run in the
    workers) on batches of items; :meth:`map` gives the results in input order."""

    def __init__(
        self,
        jobs: int,
        work: Work[T, R],
        lost: Callable[[T], R],
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
        on_break: Callable[[], None] | None = None,
    ) -> None:
        self.jobs, self.window = jobs, WINDOW_PER_JOB * jobs
        self._work, self._lost, self._on_break = work, lost, on_break
        self._init = (initializer, initargs)
        self._main: ProcessPoolExecutor | None = None
        self._generation = 0  # of the main pool: a new one after each break
        self._retry: ProcessPoolExecutor | None = None
        self._lost_in_a_row = 0
        self._sigterm: Any = None  # the SIGTERM handler before the pool's

    def __enter__(self) -> OrderedPool[T, R]:
        self._sigterm = _on_sigterm(_terminated)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self.close(kill=exc is not None)
        finally:
            _on_sigterm(self._sigterm)

    def map(self, batches: Iterable[list[T]]) -> Iterator[R]:
        """The results of every batch, in order; at most ``window`` batches in flight."""
        pending: deque[tuple[list[T], Future[list[R]], int]] = deque()
        for batch in batches:
            pending.append((batch, *self._submit(batch)))
            while pending and (len(pending) >= self.window or pending[0][1].done()):
                yield from self._collect(*pending.popleft())
        while pending:
            yield from self._collect(*pending.popleft())

    def close(self, kill: bool = False) -> None:
        """Let the workers finish and exit, or (``kill``) terminate them at once."""
        for executor in (self._main, self._retry):
            if executor is not None:
                _stop(executor, kill)
        self._main = self._retry = None

    def _submit(self, batch: list[T]) -> tuple[Future[list[R]], int]:
        try:
            return self._executor().submit(self._work, batch), self._generation
        except BrokenProcessPool:  # it broke since the last batch was sent
            self._broke(self._generation)
            return self._executor().submit(self._work, batch), self._generation

    def _collect(self, batch: list[T], future: Future[list[R]], generation: int) -> Iterator[R]:
        try:
            results = future.result()
        except BrokenProcessPool:
            self._broke(generation)
            for item in batch:
                yield self._alone(item)
            return
        self._lost_in_a_row = 0
        yield from results

    def _broke(self, generation: int) -> None:
        """The main pool of ``generation`` broke: the next batches go to a new one."""
        if generation == self._generation and self._main is not None:
            _stop(self._main, kill=True)
            self._main = None
            self._generation += 1
            if self._on_break is not None:
                self._on_break()

    def _alone(self, item: T) -> R:
        """``item``'s result from a worker that has nothing else to do, or ``lost``."""
        if self._retry is None:
            self._retry = self._new(1)
        try:
            result = self._retry.submit(self._work, [item]).result()[0]
        except BrokenProcessPool:
            _stop(self._retry, kill=True)
            self._retry = None
            self._lost_in_a_row += 1
            if self._lost_in_a_row >= GIVE_UP:
                raise PoolBroken(
                    f"worker processes keep stopping ({GIVE_UP} files in a row stopped theirs); "
                    "try --jobs 1"
                ) from None
            return self._lost(item)
        self._lost_in_a_row = 0
        return result

    def _executor(self) -> ProcessPoolExecutor:
        if self._main is None:
            self._main = self._new(self.jobs)
        return self._main

    def _new(self, workers: int) -> ProcessPoolExecutor:
        return _Executor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(*self._init, os.getpid()),
        )


class _Executor(ProcessPoolExecutor):
    """Workers are started (by ``submit``) with SIGINT blocked, so that a Ctrl-C while one
    is starting cannot interrupt it with a traceback; it ignores SIGINT once started."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with _sigint_blocked():
            return super().submit(fn, *args, **kwargs)


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)  # a pending Ctrl-C is raised now


class Terminated(SystemExit):
    """SIGTERM while the pool works: the parent stops as for Ctrl-C (its workers ended)."""


def _terminated(signum: int, frame: Any) -> None:
    raise Terminated(128 + signum)


def _on_sigterm(handler: Any) -> Any:
    """Set SIGTERM's handler (in the main thread: only it may), giving the one before."""
    if handler is None or threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, handler)


def _start_worker(
    initializer: Callable[..., None] | None, initargs: tuple[Any, ...], parent: int = 0
) -> None:
    """In a worker: leave Ctrl-C to the parent, end with it, then build the engine's
    state."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _end_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def _end_with_parent(parent: int) -> None:
    """On Linux, have the kernel send this worker SIGTERM when the process that started it
    ends, however it ends (SIGKILL included): no worker outlives its run."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if parent and os.getppid() != parent:  # it ended before prctl took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _stop(executor: ProcessPoolExecutor, kill: bool) -> None:
    """Shut ``executor`` down; ``kill``: cancel what waits and terminate its workers."""
    if not kill:
        executor.shutdown(wait=True)
        return
    terminate = getattr(executor, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)
    # Before Python 3.12 the executor's manager thread, closing its wake-up pipe as it ends,
    # races the interpreter's exit (which writes to that pipe): "Bad file descriptor" on
    # standard error after a Ctrl-C. Waiting for the thread here ends the race.
    manager = getattr(executor, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(5)
