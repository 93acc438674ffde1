"""Reading the client's messages (the base protocol: ``Content-Length`` headers, then a
JSON body), with limits: pygls's own reader takes any length it is told, so one header
saying ``Content-Length: 1000000000000`` ended the server (MemoryError).

- A message over :data:`MAX_MESSAGE_BYTES` is read past, in chunks, never held; the
  server is told (:class:`Refused`: its length, and the request id, method and document
  found at its start, so that it can answer) and goes on with the next message.
- A header line is read up to :data:`MAX_HEADER_LINE` bytes; a longer one, or a header
  without a usable length, is passed over.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO

from pygls.protocol import JsonRPCProtocol

from factlint.core.safefile import MAX_FILE_BYTES

# JSON escapes may make a document of MAX_FILE_BYTES up to ~3 times longer (\uXXXX for
# each character outside ASCII): such a message still arrives, and its document is
# refused as too large (one diagnostic) rather than passed over unseen.
MAX_MESSAGE_BYTES = 4 * MAX_FILE_BYTES
MAX_HEADER_LINE = 4096
_CHUNK = 1 << 20
_PREFIX = 64 * 1024  # of a refused message: read for its id, method and document
_CONTENT_LENGTH = re.compile(rb"content-length:[ \t]*(\d{1,20})[ \t]*\r?\n", re.IGNORECASE)
_ID = re.compile(rb'"id"\s*:\s*(-?\d{1,18}|"(?:[^"\\]|\\.){0,200}")')
_METHOD = re.compile(rb'"method"\s*:\s*"([A-Za-z/$_]{1,100})"')
_URI = re.compile(rb'"uri"\s*:\s*("(?:[^"\\]|\\.){0,4000}")')
_LANGUAGE = re.compile(rb'"languageId"\s*:\s*"([A-Za-z0-9_.+-]{1,100})"')

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Refused:
    """A message too long to read: what its start says of it."""

    length: int
    id: int | str | None
    method: str | None
    uri: str | None
    language: str | None = None


def read_refused(prefix: bytes, length: int) -> Refused:
    """What the first bytes of a refused message say: its id (when it is a request: the
    id comes before ``params``, as clients write it), method and first document."""
    head = prefix.split(b'"params"', 1)[0]
    found_id = _ID.search(head)
    method = _METHOD.search(prefix)
    uri = _URI.search(prefix)
    language = _LANGUAGE.search(prefix)
    return Refused(
        length,
        _json(found_id.group(1)) if found_id else None,
        method.group(1).decode() if method else None,
        _json(uri.group(1)) if uri else None,
        language.group(1).decode() if language else None,
    )


def _json(raw: bytes):  # type: ignore[no-untyped-def]
    try:
        return json.loads(raw)
    except ValueError:
        return None


class MessageReader:
    """The client's messages from a binary stream, each under the size limit."""

    def __init__(self, stream: BinaryIO, limit: int = MAX_MESSAGE_BYTES) -> None:
        self.stream, self.limit = stream, limit

    def next(self) -> bytes | Refused | None:
        """The next message's body, a :class:`Refused` one, or None at the end."""
        while True:
            length = self._headers()
            if length is None:
                return None
            if length < 0:
                continue  # no usable length: the next message, if any
            if length > self.limit:
                return self._skip(length)
            body = self._exactly(length)
            if body is None:
                return None
            return body

    def _headers(self) -> int | None:
        """The Content-Length of the next message (-1: none usable), None at the end."""
        length = -1
        while True:
            line = self.stream.readline(MAX_HEADER_LINE)
            if not line:
                return None
            if not line.endswith(b"\n"):  # over-long: pass over the rest of the line
                while line and not line.endswith(b"\n"):
                    line = self.stream.readline(MAX_HEADER_LINE)
                if not line:
                    return None
                continue
            if not line.strip():
                if length >= 0:
                    return length
                continue  # a blank line before any header
            if match := _CONTENT_LENGTH.fullmatch(line):
                length = int(match.group(1))

    def _exactly(self, length: int) -> bytes | None:
        parts, left = [], length
        while left:
            part = self.stream.read(min(left, _CHUNK))
            if not part:
                return None
            parts.append(part)
            left -= len(part)
        return b"".join(parts)

    def _skip(self, length: int) -> Refused | None:
        prefix = self.stream.read(min(length, _PREFIX)) or b""
        left = length - len(prefix)
        while left > 0:
            part = self.stream.read(min(left, _CHUNK))
            if not part:
                break
            left -= len(part)
        return read_refused(prefix, length)


async def serve(
    stop: threading.Event,
    reader: MessageReader,
    protocol: JsonRPCProtocol,
    on_refused: Callable[[Refused], None],
) -> None:
    """Read messages and hand them to ``protocol`` until the stream ends or ``stop``."""
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="factlint-read") as reading:
        while not stop.is_set():
            message = await loop.run_in_executor(reading, reader.next)
            if message is None:
                break
            if isinstance(message, Refused):
                on_refused(message)
                continue
            try:
                text = message.decode("utf-8", errors="replace")  # bad bytes: U+FFFD, not lost
                protocol.handle_message(json.loads(text, object_hook=protocol.structure_message))
            except Exception as exc:  # a malformed message: pygls answers what it can parse
                logger.warning("a message was passed over: %s: %s", type(exc).__name__, exc)
