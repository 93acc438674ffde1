"""Hostile LanguageTool servers on 127.0.0.1, for the tests of the grammar engine's outage
handling: each answers ``GET /v2/languages`` as LanguageTool does (so factlint gets as far
as checking) and ``POST /v2/check`` in one bad way (:data:`MODES`).

``serve(mode)`` starts one in a thread and yields its URL; what it was asked, and how many
bytes of its answer it got out, are on the :class:`Server` it yields.
"""

from __future__ import annotations

import json
import socket
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from helpers import QUICK_SHUTDOWN

LANGUAGES = [
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
]
MODES = (
    "refusing",  # takes the connection and closes it without a word
    "hanging",  # takes the request and never answers
    "trickling",  # answers 200, then a byte a second, forever
    "garbage",  # answers 200 with a body that is not JSON
    "not-http",  # answers bytes that are not HTTP
    "http-error",  # answers 500
    "huge",  # a 400 MB JSON answer, streamed (never held in memory by the server)
    "gzip-bomb",  # 256 KB of gzip that inflates to 256 MB of JSON
    "redirect",  # 307 to another server (``Server.target``)
    "bad-offsets",  # well-formed JSON whose matches are not places in the text
    "out-of-range",  # the same, with integer offsets and lengths only
)
HUGE_BYTES = 400 * 2**20
BOMB_BYTES = 256 * 2**20


@dataclass
class Server:
    url: str
    mode: str
    checks: list[str] = field(default_factory=list)  # the texts POSTed to /v2/check
    logins: list[str | None] = field(default_factory=list)  # each GET's Authorization
    requests: list[str] = field(default_factory=list)  # each request's method and target
    sent: int = 0  # bytes of /v2/check answers' bodies written before the client went
    target: str | None = None  # redirect: where to
    stop: threading.Event = field(default_factory=threading.Event)


def _bomb() -> bytes:
    """gzip of ``{"matches": [], "pad": "000..."}`` inflating to :data:`BOMB_BYTES`: gzip
    members one after another (as gzip allows), the megabyte of zeros compressed once."""

    def member(data: bytes) -> bytes:
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip container
        return compressor.compress(data) + compressor.flush()

    zeros = member(b"0" * 2**20)
    middle = zeros * (BOMB_BYTES // 2**20)
    return member(b'{"matches": [], "pad": "') + middle + member(b'"}')


_BOMB: list[bytes] = []


def bad_matches(text: str) -> list[dict[str, Any]]:
    """Matches no text has: past its end, before its start, not integers, too long."""

    def match(offset: Any, length: Any) -> dict[str, Any]:
        return {
            "message": "Delete this.",
            "replacements": [{"value": ""}],
            "offset": offset,
            "length": length,
            "context": {"text": text, "offset": 0, "length": 1},
            "sentence": text,
            "rule": {"id": "HOSTILE", "category": {"id": "GRAMMAR"}, "issueType": "grammar"},
        }

    end = len(text)
    return [
        match(end + 10, 5),
        match(-3, 2),
        match("0", 4),
        match(1.5, 2),
        match(True, 1),
        match(0, end + 1000),
        match(0, -1),
        match(None, 3),
    ]


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        if parsed:
            self.server.state.requests.append(f"{self.command} {self.path}")
        return parsed

    def do_GET(self) -> None:
        self.server.state.logins.append(self.headers.get("Authorization"))
        if self.path.rstrip("/").endswith("/v2/languages"):
            self._send(json.dumps(LANGUAGES).encode(), "application/json", answer=False)
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        from urllib.parse import parse_qs

        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        state = self.server.state
        state.checks.append(form.get("text", ""))
        getattr(self, "_" + state.mode.replace("-", "_"))(form.get("text", ""))

    # --- the modes -----------------------------------------------------------------

    def _refusing(self, text: str) -> None:
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def _hanging(self, text: str) -> None:
        self.server.state.stop.wait(120)
        self.close_connection = True

    def _trickling(self, text: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")
        self.end_headers()
        self._stream(iter(lambda: b" ", None), pause=1.0)

    def _garbage(self, text: str) -> None:
        self._send(b"<html><body>Service Unavailable</body></html>", "text/html")

    def _http_error(self, text: str) -> None:
        self.send_error(500)

    def _not_http(self, text: str) -> None:
        self.close_connection = True
        self.wfile.write(b"\x00\xffSSH-2.0-OpenSSH_9.6\r\n\r\n")

    def _huge(self, text: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")  # no Content-Length: read to the end
        self.end_headers()
        chunk = b" " * 2**20
        chunks = (chunk for _ in range(HUGE_BYTES // len(chunk)))
        self._stream(iter([b'{"matches": [], "pad": "', *chunks, b'"}']))

    def _gzip_bomb(self, text: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(_BOMB[0])))
        self.end_headers()
        self._stream(iter([_BOMB[0]]))

    def _redirect(self, text: str) -> None:
        self.send_response(307)
        self.send_header("Location", f"{self.server.state.target}/v2/check")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _bad_offsets(self, text: str) -> None:
        self._send_json({"software": {"name": "LanguageTool"}, "matches": bad_matches(text)})

    def _out_of_range(self, text: str) -> None:
        matches = [m for m in bad_matches(text) if type(m["offset"]) is type(m["length"]) is int]
        self._send_json({"software": {"name": "LanguageTool"}, "matches": matches})

    # --- writing -------------------------------------------------------------------

    def _stream(self, chunks: Iterator[bytes], pause: float = 0.0) -> None:
        """Write ``chunks`` until they end, the client goes, or the server stops."""
        self.close_connection = True
        state = self.server.state
        try:
            for chunk in chunks:
                if state.stop.is_set():
                    return
                self.wfile.write(chunk)
                self.wfile.flush()
                state.sent += len(chunk)
                if pause:
                    state.stop.wait(pause)
        except OSError:
            return  # the client closed the connection: what a bounded client does

    def _send_json(self, payload: object) -> None:
        self._send(json.dumps(payload).encode(), "application/json")

    def _send(self, data: bytes, kind: str, answer: bool = True) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.server.state.sent += len(data) if answer else 0

    def log_message(self, *args: object) -> None:
        pass


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    state: Server


@contextmanager
def serve(mode: str, target: str | None = None) -> Iterator[Server]:
    """A hostile server of ``mode`` (one of :data:`MODES`) on 127.0.0.1, until the end."""
    assert mode in MODES, mode
    if mode == "gzip-bomb" and not _BOMB:
        _BOMB.append(_bomb())
    httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
    httpd.state = Server(f"http://127.0.0.1:{httpd.server_address[1]}", mode, target=target)
    thread = threading.Thread(target=httpd.serve_forever, kwargs=QUICK_SHUTDOWN, daemon=True)
    thread.start()
    try:
        yield httpd.state
    finally:
        httpd.state.stop.set()
        httpd.shutdown()
        httpd.server_close()


def dead_url() -> str:
    """An address nothing listens on (a port just freed): connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


TLS_RECORD = b"\x16\x03\x03\x40\x00"  # a TLS handshake record of 16 KB is coming
HEADERS = b"HTTP/1.1 200 OK\r\nX-Pad: "  # a header line is coming


@contextmanager
def trickling_socket(first: bytes) -> Iterator[Server]:
    """A TCP server that answers each connection with ``first``, then a byte a second
    (below HTTP: in the headers, or in a TLS handshake), until the test ends."""
    listener = socket.create_server(("127.0.0.1", 0))
    state = Server(f"127.0.0.1:{listener.getsockname()[1]}", "trickling")

    def trickle(conn: socket.socket) -> None:
        with conn:
            try:
                conn.sendall(first)
                while not state.stop.wait(1.0):
                    conn.sendall(b"a")
                    state.sent += 1
            except OSError:
                return

    def accept() -> None:
        while not state.stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=trickle, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield state
    finally:
        state.stop.set()
        listener.close()
