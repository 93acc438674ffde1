"""The server's checks, each in a worker process that can be stopped, so that no document's
check waits on another's and none runs past its time.

- **Workers**: up to ``size`` long-lived processes (:class:`~factlint.engine.worker.
  StoppableWorker`, each with its own warm engine); the first starts with the server, and
  whenever a check takes the last free one another starts (up to ``size``), so that one is
  ready, warm, for the next document when a check turns out slow. A document goes back to
  the worker that checked it last when that one is free (its grammar results are there).
- **Per document** (``key``): a newer check of a document supersedes the older one. One
  still waiting for a worker is dropped; one running is interrupted (its rules stopped,
  the worker kept) and, if it has not ended ``grace`` seconds later (in native code, or
  parsing), stopped. Either way its caller gets :class:`Superseded`.
- **Time**: a call that runs past its ``seconds`` is stopped and its worker replaced
  (:class:`~factlint.engine.worker.WorkerStopped` reaches the caller).
- Checks wait for a free worker first come, first served.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from factlint.engine.budget import RuleTimeout
from factlint.engine.worker import StoppableWorker, WorkerStopped

DEFAULT_SIZE = 2  # worker processes: a slow document leaves one free for the others
CANCEL_GRACE = 1.0  # seconds a superseded check may go on before its worker is stopped


class Superseded(Exception):
    """A newer check of the same document came: this one's result would be stale."""


@dataclass
class _Lane:
    worker: StoppableWorker
    key: str | None = None  # the document it is checking now
    last_key: str | None = None  # the document it checked last
    token: object | None = None  # the running call's


@dataclass
class _Waiter:
    key: str
    token: object
    ready: asyncio.Future[_Lane] = field(default_factory=asyncio.Future)


class Lanes:
    """Worker processes for the server's checks, given out per document."""

    def __init__(
        self,
        make_worker: Callable[[], StoppableWorker],
        size: int = DEFAULT_SIZE,
        grace: float = CANCEL_GRACE,
    ) -> None:
        self._make, self.size, self.grace = make_worker, max(1, size), grace
        self._lanes: list[_Lane] = []
        self._waiting: deque[_Waiter] = deque()
        self._latest: dict[str, object] = {}  # each document's newest call
        self._closed = False

    def start(self) -> None:
        """Start the first worker (it sets up while the server goes on)."""
        if not self._lanes and not self._closed:
            self._lanes.append(_Lane(self._new_worker()))

    async def run(self, key: str, function: Callable[..., Any], *args: Any, seconds: float) -> Any:
        """``function(*args)`` in a worker, for document ``key``. Raises
        :class:`Superseded` when a newer call for ``key`` overtook it, and what
        :meth:`StoppableWorker.call` raises."""
        token = self._latest[key] = object()
        for lane in self._lanes:
            if lane.key == key:  # the older check of this document: ended, at worst stopped
                lane.worker.interrupt()
                asyncio.get_running_loop().call_later(self.grace, self._stop, lane, lane.token)
        lane = await self._acquire(key, token)
        lane.key, lane.token = key, token
        if all(other.key is not None for other in self._lanes) and len(self._lanes) < self.size:
            self._lanes.append(_Lane(self._new_worker()))  # a spare, setting up meanwhile
        call = asyncio.get_running_loop().run_in_executor(
            None, lambda: lane.worker.call(function, *args, seconds=seconds)
        )
        call.add_done_callback(lambda done: self._release(lane, done))
        try:
            result = await asyncio.shield(call)
        except WorkerStopped as exc:
            if exc.cancelled:
                raise Superseded() from None
            raise
        except RuleTimeout:  # the alarm (an interrupt's, or the limit's) rang outside a rule
            if self._latest.get(key) is not token:
                raise Superseded() from None
            raise WorkerStopped(cancelled=False) from None
        except asyncio.CancelledError:  # the caller went: its call is stopped after the grace
            asyncio.get_running_loop().call_later(self.grace, self._stop, lane, token)
            raise
        if self._latest.get(key) is not token:  # interrupted, or just overtaken: stale
            raise Superseded()
        return result

    def cancel(self, key: str) -> None:
        """End the checks of document ``key`` (it was closed), as a newer one would."""
        self._latest.pop(key, None)
        for lane in self._lanes:
            if lane.key == key:
                lane.worker.interrupt()
                asyncio.get_running_loop().call_later(self.grace, self._stop, lane, lane.token)
        for waiter in [w for w in self._waiting if w.key == key]:
            self._waiting.remove(waiter)
            if not waiter.ready.done():
                waiter.ready.set_exception(Superseded())

    def close(self) -> None:
        """End every worker, without waiting for their checks."""
        self._closed = True
        for waiter in self._waiting:
            if not waiter.ready.done():
                waiter.ready.set_exception(Superseded())
        self._waiting.clear()
        for lane in self._lanes:
            lane.worker.close()

    # --- giving out workers ------------------------------------------------------------

    def _new_worker(self) -> StoppableWorker:
        worker = self._make()
        worker.start()
        return worker

    async def _acquire(self, key: str, token: object) -> _Lane:
        free = [lane for lane in self._lanes if lane.key is None]
        if free and not self._waiting:
            return next((lane for lane in free if lane.last_key == key), free[0])
        if not free and len(self._lanes) < self.size and not self._closed:
            lane = _Lane(self._new_worker())
            self._lanes.append(lane)
            return lane
        waiter = _Waiter(key, token)
        self._waiting.append(waiter)
        try:
            return await waiter.ready
        except asyncio.CancelledError:  # given a worker just as the caller went: give it on
            ready = waiter.ready
            if ready.done() and not ready.cancelled() and ready.exception() is None:
                self._release(ready.result())
            raise

    def _release(self, lane: _Lane, done: asyncio.Future[Any] | None = None) -> None:
        if done is not None and not done.cancelled():
            done.exception()  # seen here: its caller may have gone
        lane.last_key, lane.key, lane.token = lane.key, None, None
        while self._waiting:
            waiter = self._waiting.popleft()
            if waiter.ready.done():
                continue
            if self._latest.get(waiter.key) is not waiter.token:
                waiter.ready.set_exception(Superseded())
                continue
            lane.key, lane.token = waiter.key, waiter.token  # taken: not free meanwhile
            waiter.ready.set_result(lane)
            return

    def _stop(self, lane: _Lane, token: object | None) -> None:
        """Stop ``lane``'s call, if it is still the one with ``token``."""
        if token is not None and lane.token is token:
            lane.worker.stop()
