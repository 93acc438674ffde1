"""``factlint lsp`` fed raw bytes: for tests/test_lsp_limits.py, and the entry point of the
language-server fuzz target (``tests/fuzzer/fuzz.py``).

:func:`feed_messages` starts a server (or uses one given), initializes it, writes the raw
messages, and says whether the server survived them:

- messages that are all well framed (each ``Content-Length`` matches the bytes after its
  headers): a probe request sent after them must be answered within ``timeout``;
- otherwise (the server cannot find the next message: it waits for bytes that never
  come, as the protocol says): its input is closed and it must exit within ``timeout``.

``crash``: the server died (a signal, or an exit status other than 0 where 0 was due),
or wrote a traceback or a MemoryError on standard error; ``hang``: no answer, or no exit,
in time. Use one :class:`RawServer` for many runs of well
framed messages (``feed_messages(messages, server=...)``): a server that crashed or hung is
replaced.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NO_GRAMMAR = "grammar:\n  backend: none\n  cache: false\n"
_HEADER = re.compile(rb"Content-Length: (\d+)\r\n", re.IGNORECASE)
_LENGTH_LINE = re.compile(rb"content-length:[ \t]*(\d{1,20})[ \t]*\r?\n", re.IGNORECASE)
MAX_HEADER_LINE = 4096
FAULTS = ("Traceback", "MemoryError", "internal error")


def frame(message: dict[str, Any] | bytes) -> bytes:
    """A message with its header (a dict is written as JSON)."""
    body = message if isinstance(message, bytes) else json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def well_framed(data: bytes) -> bool:
    """Whether ``data`` is whole messages, as the protocol frames them: header lines (one
    a usable ``Content-Length``), a blank line, then exactly so many bytes."""
    stream = io.BytesIO(data)
    while stream.tell() < len(data):
        length = None
        while True:
            line = stream.readline()
            if not line.endswith(b"\n") or len(line) > MAX_HEADER_LINE:
                return False
            if not line.strip():
                if length is not None:
                    break
                continue
            if match := _LENGTH_LINE.fullmatch(line):
                length = int(match.group(1))
        if stream.tell() + length > len(data):
            return False
        stream.seek(length, io.SEEK_CUR)
    return True


@dataclass
class Outcome:
    verdict: str  # "ok", "crash" or "hang"
    detail: str = ""


class RawServer:
    """A ``factlint lsp`` process in a folder of its own, initialized, read by a thread."""

    def __init__(
        self,
        command: Sequence[str] | None = None,
        folder: Path | None = None,
        config: str = NO_GRAMMAR,
        process_id: int | None = None,
    ) -> None:
        if folder is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="factlint-lsp-raw-")
            folder = Path(self._tmp.name)
        self.folder = folder
        (folder / ".factlint.yaml").write_text(config, encoding="utf-8")
        command = list(command or [sys.executable, "-m", "factlint", "lsp", "--debounce", "0"])
        cache = folder / ".cache"
        shared = Path(os.environ.get("FACTLINT_CACHE_DIR", cache)) / "tables"  # the test run's
        if shared.is_dir() and not (cache / "tables").exists():
            cache.mkdir(exist_ok=True)
            with contextlib.suppress(OSError):
                (cache / "tables").symlink_to(shared.resolve(), target_is_directory=True)
        self.process = subprocess.Popen(
            command,
            cwd=folder,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "FACTLINT_CACHE_DIR": str(cache)},
        )
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.stderr: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        self._next_id = 0
        client = process_id or os.getpid()
        params = {"processId": client, "rootUri": folder.as_uri(), "capabilities": {}}
        if self.request("initialize", params, 60) is None:
            raise RuntimeError(f"the server did not initialize: {self.error_text()}")
        self.send(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))

    def send(self, data: bytes) -> bool:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except OSError:
            return False
        return True

    def request(self, method: str, params: Any, timeout: float) -> dict[str, Any] | None:
        """Send a request; its response (None: none in ``timeout`` s, or the server ended)."""
        self._next_id += 1
        ident = f"probe-{self._next_id}"
        self.send(frame({"jsonrpc": "2.0", "id": ident, "method": method, "params": params}))
        return self.wait_for(lambda m: m.get("id") == ident and "method" not in m, timeout)

    def wait_for(self, wanted: Any, timeout: float) -> dict[str, Any] | None:
        """The first message read that ``wanted(message)`` accepts, within ``timeout`` s."""
        try:
            while True:
                message = self.messages.get(timeout=timeout)
                if message is None:
                    return None
                if wanted(message):
                    return message
        except queue.Empty:
            return None

    def probe(self, timeout: float) -> bool:
        """Whether the server still answers a request."""
        position = {"line": 0, "character": 0}
        params = {"textDocument": {"uri": "file:///no-such-probe.txt"}, "position": position}
        return self.request("textDocument/hover", params, timeout) is not None

    def close(self, timeout: float = 30) -> int | None:
        """Shut the server down; its exit status (None: it did not end, and was killed)."""
        if self.process.poll() is None:
            self.request("shutdown", None, timeout)
            self.send(frame({"jsonrpc": "2.0", "method": "exit"}))
        return self.end(timeout)

    def end(self, timeout: float) -> int | None:
        """Close the server's input; its exit status (None: it did not end, killed)."""
        assert self.process.stdin is not None
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None

    def error_text(self) -> str:
        return b"".join(self.stderr).decode("utf-8", "replace")[-2000:]

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.messages.put(None)
                    return
                if match := _HEADER.fullmatch(line):
                    length = int(match.group(1))
                elif line == b"\r\n" and length is not None:
                    break
            self.messages.put(json.loads(stream.read(length)))

    def _read_stderr(self) -> None:
        stream = self.process.stderr
        assert stream is not None
        for line in stream:
            self.stderr.append(line)


def feed_messages(
    messages: Sequence[bytes], timeout: float = 10.0, server: RawServer | None = None
) -> Outcome:
    """Feed raw ``messages`` (each with its headers, see :func:`frame`) to a server, after
    ``initialize``; whether it survived (see the module's docstring). A ``server`` given is
    used (and stays open when it survived); otherwise one is started and shut down."""
    own = server is None
    server = server or RawServer()
    logged = len(server.stderr)
    outcome = _fed(server, b"".join(messages), timeout, own)
    if outcome.verdict == "ok":
        time.sleep(0.1)  # what the server wrote last, read
        said = b"".join(server.stderr[logged:]).decode("utf-8", "replace")
        if any(fault in said for fault in FAULTS):
            return Outcome("crash", f"on standard error: {said[-2000:]}")
    return outcome


def _fed(server: RawServer, data: bytes, timeout: float, own: bool) -> Outcome:
    if not server.send(data):
        return _died(server, timeout)
    status: int | None
    if not well_framed(data):
        status = server.end(timeout)
        if status is None:
            return Outcome("hang", f"no exit {timeout:g} s after its input closed")
        if status != 0:
            return Outcome("crash", f"exit status {status}: {server.error_text()}")
        return Outcome("ok")
    if not server.probe(timeout):
        try:
            status = server.process.wait(timeout)
        except subprocess.TimeoutExpired:
            status = None
        if status is not None and status in (0, 1) and b'"exit"' in data:
            return Outcome("ok", "the messages asked it to exit")
        if status is not None:
            return _died(server, timeout)
        server.end(1)
        return Outcome("hang", f"no answer in {timeout:g} s")
    if own:
        status = server.close(timeout)
        if status != 0:
            return Outcome("crash", f"exit status {status} after shutdown: {server.error_text()}")
    return Outcome("ok")


def _died(server: RawServer, timeout: float) -> Outcome:
    status = server.end(timeout)
    return Outcome("crash", f"exit status {status}: {server.error_text()}")
