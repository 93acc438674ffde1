"""One HTTP exchange with a grammar server, bounded in every way a server could stretch it:
a total deadline (connecting, sending, the headers and the whole body: a server trickling
a byte a second is cut off at the deadline, not at each read's timeout), a size limit on
the answer after decompression (a gzip bomb is stopped at the limit, never inflated in
memory), and no redirects followed (the article is sent to the address configured and
nowhere else, or through the HTTP proxy the environment names, as requests did).

urllib3 (requests' own transport) does the HTTP; its connection is opened here, so the
deadline's watchdog can shut the socket whatever the exchange is waiting for.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
import urllib.parse
import urllib.request
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from urllib3.connection import HTTPConnection

MAX_ANSWER_BYTES = 10 * 2**20  # an answer (decompressed) past this is refused
CONNECT_SECONDS = 10.0  # of the deadline, at most this to take the connection
CHUNK = 64 * 1024


class ServerProblem(Exception):
    """What went wrong with a server, as the end of a sentence that begins with the server
    ("refused the connection", "answered with HTTP error 500", ...)."""


def exchange(
    url: str,
    params: dict[str, str] | None,
    method: str,
    seconds: float,
    limit: int = MAX_ANSWER_BYTES,
) -> bytes:
    """The body a server answers to one request (``method`` get or post, ``params`` in
    the query or as a form), within ``seconds`` in all and ``limit`` bytes once decoded.
    Raises :class:`ServerProblem`."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ServerProblem("is not an http:// or https:// address")
    try:
        port = parts.port
    except ValueError:
        raise ServerProblem("is not an address with a valid port") from None
    https = parts.scheme == "https"
    proxy = _proxy(parts)
    watchdog = _Watchdog(seconds)
    connection = _connection_class(https)(
        proxy.hostname if proxy else parts.hostname,
        (proxy.port or 80) if proxy else port,
        timeout=min(seconds, CONNECT_SECONDS),
        blocksize=CHUNK,
    )
    connection.watchdog = watchdog
    if proxy is not None and https:  # through the proxy's tunnel: TLS with the server
        connection.set_tunnel(parts.hostname, port or 443, headers=_login(proxy, proxy=True))
    late = f"timed out: no complete answer within {seconds:g} s"
    try:
        body = _exchange(connection, watchdog, parts, params, method, limit, proxy)
    except ServerProblem:
        raise
    except Exception as exc:  # every failure gets its own words (_failure)
        raise ServerProblem(late if watchdog.fired else _failure(exc, seconds)) from None
    finally:
        watchdog.cancel()
        connection.close()
    if watchdog.fired:  # the socket shut at the deadline reads as the answer's end
        raise ServerProblem(late)
    return body


@cache
def _connection_class(https: bool) -> type[Any]:
    """urllib3's connection, telling its watchdog of the socket as soon as it has one
    (so that a TLS handshake is under the deadline too)."""
    from urllib3.connection import HTTPConnection, HTTPSConnection

    class Watched(HTTPSConnection if https else HTTPConnection):  # type: ignore[misc]
        watchdog: _Watchdog

        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            self.watchdog.watch(sock)
            return sock

    return Watched


def _exchange(
    connection: HTTPConnection,
    watchdog: _Watchdog,
    parts: urllib.parse.SplitResult,
    params: dict[str, str] | None,
    method: str,
    limit: int,
    proxy: urllib.parse.SplitResult | None,
) -> bytes:
    from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

    try:
        connection.connect()
    except NewConnectionError:  # refused, unreachable, no such host: said by _failure
        raise
    except ConnectTimeoutError:
        raise ServerProblem(
            f"did not take the connection within {connection.timeout:g} s"
        ) from None
    watchdog.connected(connection.sock)
    target, body, headers = _request(parts, params, method)
    if proxy is not None and parts.scheme == "http":  # to the proxy: the whole address
        target = f"http://{parts.hostname}{'' if parts.port is None else f':{parts.port}'}{target}"
        headers.update(_login(proxy, proxy=True))
    connection.request(method.upper(), target, body=body, headers=headers, preload_content=False)
    response = connection.getresponse()
    if 300 <= response.status < 400:
        raise ServerProblem(
            f"answered with a redirect (HTTP {response.status}), which factlint does not "
            "follow: give the server's own address"
        )
    if response.status >= 400:
        raise ServerProblem(f"answered with HTTP error {response.status}")
    return _body(response, limit)


def _request(
    parts: urllib.parse.SplitResult, params: dict[str, str] | None, method: str
) -> tuple[str, str | None, dict[str, str]]:
    """The request's target (path and query), body and headers: ``params`` in the query
    (get) or as a form (post); a login in the address as basic authentication."""
    query = urllib.parse.urlencode(params or {})
    headers = {
        "Accept": "application/json",
        "Accept-Encoding": "gzip, deflate",
        "Connection": "close",
    }
    headers.update(_login(parts))
    body = None
    if method == "post":
        body, headers["Content-Type"] = query, "application/x-www-form-urlencoded"
        query = parts.query
    elif parts.query:
        query = f"{parts.query}&{query}" if query else parts.query
    target = parts.path or "/"
    return (f"{target}?{query}" if query else target), body, headers


def _login(parts: urllib.parse.SplitResult, proxy: bool = False) -> dict[str, str]:
    """The header of a login in an address (``http://user:password@host/``), as requests
    sends it: ``Authorization``, or for a proxy ``Proxy-Authorization``."""
    if parts.username is None:
        return {}
    from urllib3.util import make_headers

    login = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
    if proxy:
        return dict(make_headers(proxy_basic_auth=login))
    return dict(make_headers(basic_auth=login))


def _proxy(parts: urllib.parse.SplitResult) -> urllib.parse.SplitResult | None:
    """The HTTP proxy the environment names for the address (``HTTP_PROXY``,
    ``HTTPS_PROXY``, less ``NO_PROXY``), as requests used it; None to go straight."""
    proxy = urllib.request.getproxies().get(parts.scheme)
    if not proxy or urllib.request.proxy_bypass(parts.netloc.rpartition("@")[2]):
        return None
    found = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    return found if found.scheme == "http" and found.hostname else None


def _body(response: Any, limit: int) -> bytes:
    """The answer's body, decompressed a chunk at a time, refused past ``limit`` bytes."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ServerProblem(_too_large(limit))
    chunks, size = [], 0
    for chunk in response.stream(CHUNK, decode_content=True):
        size += len(chunk)
        if size > limit:
            raise ServerProblem(_too_large(limit))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> str:
    return f"gave an answer over the limit of {limit // 2**20} MB (decompressed)"


def _failure(exc: Exception, seconds: float) -> str:
    """The end of the sentence for a failed exchange, by kind."""
    from urllib3.exceptions import (
        DecodeError,
        NameResolutionError,
        NewConnectionError,
        ProtocolError,
        ReadTimeoutError,
    )

    cause = exc.__cause__ or exc.__context__
    if isinstance(exc, NameResolutionError) or isinstance(cause, socket.gaierror):
        return "could not be found (no such host name)"
    if isinstance(exc, NewConnectionError | ConnectionRefusedError):
        if isinstance(cause, ConnectionRefusedError) or isinstance(exc, ConnectionRefusedError):
            return "refused the connection (is it running, at that address?)"
        return f"could not be connected to ({type(cause or exc).__name__})"
    if isinstance(exc, DecodeError):
        return "gave a malformed answer (its compression could not be read)"
    if isinstance(exc, TimeoutError | ReadTimeoutError):  # a read past the deadline
        return f"timed out: no complete answer within {seconds:g} s"
    if isinstance(exc, ssl.SSLError):
        return f"could not be spoken to securely (TLS: {exc.reason or type(exc).__name__})"
    if isinstance(exc, OSError) and str(exc).startswith("Tunnel connection failed"):
        return "could not be reached: the proxy (HTTPS_PROXY) refused the tunnel to it"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "closed the connection without answering"
    if isinstance(exc, http.client.HTTPException):
        return "gave a malformed answer (not an HTTP answer)"
    if isinstance(exc, OSError | ProtocolError):
        return "closed the connection before a complete answer"
    return f"could not be asked ({type(exc).__name__})"


class _Watchdog:
    """Shuts the connection's socket when ``seconds`` have passed since the start,
    whatever the exchange is waiting for (connecting, a TLS handshake, the headers, the
    body); each read waits at most the time left."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.fired = False
        self._fd: int | None = None  # the socket's: TLS wraps it in another socket object
        self._done = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._fd = sock.fileno()
            if self.fired:
                _shut(self._fd)

    def connected(self, sock: socket.socket | None) -> None:
        """Once connected: each read waits at most the time left (the watchdog cuts at
        the deadline whatever a read waits for)."""
        left = self.end - time.monotonic()
        if sock is not None:
            sock.settimeout(max(left, 0.001))

    def _fire(self) -> None:
        with self._lock:
            if not self._done:
                self.fired = True
                _shut(self._fd)

    def cancel(self) -> None:
        """Before the socket is closed: the watchdog never touches it (nor its number,
        which the system may give to another socket) after this."""
        with self._lock:
            self._done = True
        self._timer.cancel()


def _shut(fd: int | None) -> None:
    """Shut the socket ``fd`` both ways, waking whatever waits on it, without closing it
    (its owner does)."""
    if fd is None or fd < 0:
        return
    sock = socket.socket(fileno=fd)
    try:
        with contextlib.suppress(OSError):  # closed already
            sock.shutdown(socket.SHUT_RDWR)
    finally:
        sock.detach()
