"""Checks in a child process that can be stopped: the time limit (``--timeout``) where no
alarm can be set (a thread: the language server's checks, ``audit``'s Dask workers), and
over what an alarm cannot stop (parsing, a native library's long call).

- **One long-lived child** per :class:`StoppableWorker`: started once, set up once (the
  grammar engine loads there, about a second for Harper), then given call after call.
- **Stopped by killing it**: a call that runs past its time, or that another thread
  cancels (:meth:`StoppableWorker.stop`), kills the child; a new one is started at once,
  set up while the caller gets on (its first call waits for it to be ready). A gentler
  way first (:meth:`StoppableWorker.interrupt`): the time limit's alarm in the child rung
  early, which ends the check at the rule that runs and keeps the child.
- **Not multiprocessing's Process**: a Dask worker is a daemonic process, which
  multiprocessing forbids to have children; the child is a plain subprocess, prepared as
  multiprocessing's spawn prepares one (the parent's ``sys.path``, folder and main script),
  and speaks over a socket pair with multiprocessing's ``Connection`` (pickle between two
  processes of this run: nothing a user or a cache can write).
- The child ignores Ctrl-C (the parent ends it) and exits when its parent has gone.
- Where this cannot be had (Windows), calls run in the calling thread as before.
"""

from __future__ import annotations

import contextlib
import multiprocessing.spawn
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from types import FrameType
from typing import Any

READY_WAIT = 300.0  # seconds a new child may take to set up (import, grammar engine)
PARENT_POLL = 1.0  # seconds between the child's looks at its parent
INTERRUPT = getattr(signal, "SIGUSR1", signal.SIGTERM)  # see StoppableWorker.interrupt
AVAILABLE = os.name == "posix"

Setup = Callable[..., None]


class WorkerStopped(Exception):
    """The call was stopped: it ran past its time, or it was cancelled."""

    def __init__(self, cancelled: bool) -> None:
        super().__init__("cancelled" if cancelled else "ran past its time")
        self.cancelled = cancelled


class WorkerFailed(Exception):
    """The child died during the call (a crash in native code, out of memory) or could
    not be started."""


class StoppableWorker:
    """A child process that runs module-level functions, each within a time limit."""

    def __init__(self, setup: Setup | None = None, setup_args: tuple[Any, ...] = ()) -> None:
        self._setup = (setup, setup_args)
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._ready = False
        self._busy = False  # a call is running
        self._cancelled = False  # the running call was cancelled
        self._killed = False  # the child was killed by stop(): start a new one
        self._closed = False
        self.starts = 0  # children started (the first, and one after each stop)

    # --- the caller's side -----------------------------------------------------------

    def call(self, function: Callable[..., Any], *args: Any, seconds: float | None = None) -> Any:
        """``function(*args)`` in the child, given ``seconds`` (None: no limit) from when
        the child takes it. Raises :class:`WorkerStopped`, :class:`WorkerFailed`, or what
        the function raised."""
        if not AVAILABLE:
            return self._in_this_thread(function, args)
        with self._lock:
            self._busy, self._cancelled = True, False
        try:
            return self._call(function, args, seconds)
        finally:
            with self._lock:
                self._busy = False

    def _call(
        self, function: Callable[..., Any], args: tuple[Any, ...], seconds: float | None
    ) -> Any:
        conn = self._ready_connection()
        with self._lock:
            cancelled, killed = self._cancelled, self._killed
        if cancelled:  # while the child was starting
            if killed:
                self._restart()
            raise WorkerStopped(cancelled=True)
        try:
            conn.send((function, args))
            if not conn.poll(seconds):
                self._restart()
                raise WorkerStopped(cancelled=False)
            kind, value = conn.recv()
        except (EOFError, OSError) as exc:
            with self._lock:
                cancelled = self._cancelled
            status = self._exit_status()
            self._restart()
            if cancelled:
                raise WorkerStopped(cancelled=True) from None
            raise WorkerFailed(f"the check process ended ({status})") from exc
        if kind == "raise":
            raise value
        return value

    def _in_this_thread(self, function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        setup, setup_args = self._setup
        if setup is not None and not self._ready:
            setup(*setup_args)
            self._ready = True
        return function(*args)

    def stop(self) -> None:
        """Cancel the running call, from any thread (its caller gets
        ``WorkerStopped(cancelled=True)``); nothing when the child is idle. A child still
        starting is left to start: the call is dropped when it is ready."""
        with self._lock:
            if not self._busy:
                return
            self._cancelled = True
            if self._ready and self._process is not None:
                self._killed = True
                _kill(self._process)

    def interrupt(self) -> None:
        """Ask the running call to end soon, keeping the child: its alarm (the time
        limit's, :mod:`factlint.engine.budget`), if one is set, rings now, which stops the
        rule that runs and the rules after it. Nothing when no alarm is set, or the call is
        in native code: :meth:`stop` is the sure way."""
        with self._lock:
            if self._busy and self._ready and self._process is not None:
                with contextlib.suppress(OSError):
                    self._process.send_signal(INTERRUPT)

    def start(self) -> None:
        """Start the child now (it sets up while the caller goes on)."""
        with self._lock:
            if self._process is None and not self._closed and AVAILABLE:
                self._spawn()

    def close(self) -> None:
        """End the child (without waiting for its call)."""
        with self._lock:
            self._closed = True
            process, conn = self._process, self._conn
            self._process = self._conn = None
        if process is not None:
            _kill(process)
            process.wait()
        if conn is not None:
            conn.close()

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None else None

    # --- the child's life ------------------------------------------------------------

    def _ready_connection(self) -> Connection:
        with self._lock:
            if self._closed:
                raise WorkerFailed("the check process was closed")
            if self._killed:  # stopped just as its call ended
                self._discard()
            if self._process is None:
                self._spawn()
            conn, ready = self._conn, self._ready
        assert conn is not None
        if ready:
            return conn
        try:
            if not conn.poll(READY_WAIT):
                raise WorkerFailed(f"the check process did not start in {READY_WAIT:g} s")
            kind, value = conn.recv()
        except (EOFError, OSError) as exc:
            status = self._exit_status()
            self._restart(again=False)
            raise WorkerFailed(f"the check process could not start ({status})") from exc
        if kind == "raise":
            self._restart(again=False)
            raise WorkerFailed(f"the check process could not start: {value}")
        with self._lock:
            self._ready = True
        return conn

    def _spawn(self) -> None:
        """Start a child (the lock held)."""
        ours, theirs = socket.socketpair()
        code = f"from {__name__} import child_main; child_main({theirs.fileno()})"
        self._process = subprocess.Popen(
            [sys.executable, "-c", code],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,  # the language server's standard output is its channel
        )
        theirs.close()
        self._conn = Connection(ours.detach())
        self._ready = False
        self.starts += 1
        preparation = multiprocessing.spawn.get_preparation_data("factlint-check")
        preparation.pop("authkey", None)  # not ours to share, and never needed
        self._conn.send(preparation)  # first: the setup may need its sys.path to unpickle
        self._conn.send(self._setup)

    def _restart(self, again: bool = True) -> None:
        """Kill the child, and start a new one (``again``) to set up at once."""
        with self._lock:
            self._discard()
            if again and not self._closed:
                self._spawn()

    def _discard(self) -> None:
        """Kill the child and forget it (the lock held)."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        self._ready = self._killed = False
        if process is not None:
            _kill(process)
            process.wait()
        if conn is not None:
            conn.close()

    def _exit_status(self) -> str:
        process = self._process
        try:
            code = process.wait(timeout=1) if process is not None else None
        except subprocess.TimeoutExpired:
            code = None
        if code is None:
            return "killed"
        if code < 0:
            try:
                return f"signal {signal.Signals(-code).name}"
            except ValueError:
                return f"signal {-code}"
        return f"exit status {code}"


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError):
        process.kill()


# --- in the child ---------------------------------------------------------------------


def child_main(fd: int) -> None:
    """The child: prepare as a spawned process, set up, then answer calls until the parent
    closes the connection."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(INTERRUPT, _ring_now)
    conn = Connection(fd)
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    try:
        preparation = conn.recv()
    except (EOFError, OSError):
        return
    try:
        multiprocessing.spawn.prepare(preparation)
        setup, setup_args = conn.recv()
        if setup is not None:
            setup(*setup_args)
    except BaseException as exc:  # said to the parent, which reports it
        conn.send(("raise", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    _serve(conn)


def _serve(conn: Connection) -> None:
    while True:
        try:
            function, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("return", function(*args))
        except BaseException as exc:
            answer = ("raise", exc)
        try:
            conn.send(answer)
        except (EOFError, OSError):
            return
        except Exception as exc:  # an answer that cannot be pickled
            conn.send(("raise", WorkerFailed(f"{type(exc).__name__}: {exc}")))


def _ring_now(signum: int, frame: FrameType | None) -> None:
    """The alarm set (by a time limit), rung now. Only while its timer runs: a handler
    that is about to be put back must not get a timer of ours."""
    handler = signal.getsignal(signal.SIGALRM)
    if callable(handler) and signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        signal.setitimer(signal.ITIMER_REAL, 1e-6)


def _exit_with_parent(parent: int) -> None:
    while True:
        time.sleep(PARENT_POLL)
        if os.getppid() != parent:
            os._exit(1)
