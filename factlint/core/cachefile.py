"""Data derived once from installed files and kept in the cache folder across runs.

Building some tables takes longer than reading them back: pyspellchecker's word counts
(a compressed JSON of 160,000 words), Faker's given names (80 modules to import), a
style pack checked in full. :func:`load_or_build` keeps such a table in the cache folder,
under a name made from what it was built from (a version, a file's content hash), and
builds it again whenever it cannot be read back whole.

A table is plain data (str, bytes, int, float, bool, None, and lists, tuples, dicts,
sets and frozensets of them), stored as JSON (tuples, sets, bytes and dicts with other
keys tagged: :func:`_encode`), never a pickle, so a cache file others can write (a CI
cache, a shared folder) can never run code; a digest of it is checked before it is read,
and a table of another shape than its builder makes is built again. The file is written
under a temporary name and renamed, so a reader sees the whole of it or nothing, and
processes writing the same table at once do no harm. A cache that cannot be read or
written is skipped, never an error.

The cache folder is ``$FACTLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/factlint``, else
``~/.cache/factlint``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from factlint import __version__

T = TypeVar("T")
_MAGIC = b"factlint-table-2 json\n"
_DIGEST = 32  # bytes of blake2b


def cache_dir(override: str | Path | None = None) -> Path:
    """The folder where factlint keeps what it can reuse across runs: ``override``
    (``--cache-dir``), else ``$FACTLINT_CACHE_DIR``, else the XDG cache folder's."""
    if override:
        return Path(override)
    if os.environ.get("FACTLINT_CACHE_DIR"):
        return Path(os.environ["FACTLINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "factlint"


def table_path(name: str, key: str) -> Path:
    """Where the table ``name`` built from ``key`` (and this factlint) is kept."""
    digest = hashlib.sha256(f"{__version__}\x00{key}".encode()).hexdigest()[:24]
    return cache_dir() / "tables" / f"{name}-{digest}.json"


def load_or_build(
    name: str, key: str, build: Callable[[], T], valid: Callable[[Any], bool] | None = None
) -> T:
    """The table ``name`` as ``build`` makes it from what ``key`` identifies (a version,
    a content hash): read from the cache folder when it is there, whole and ``valid``
    (of the shape ``build`` makes), else built and stored for the next run."""
    try:
        path = table_path(name, key)
    except (OSError, RuntimeError, KeyError):  # no home folder to keep a cache in
        return build()
    found = _read(path)
    if found is not None and (valid is None or valid(found)):
        return found
    table = build()
    _write(path, table)
    return table


def _read(path: Path) -> Any:
    try:
        data = path.read_bytes()
        if not data.startswith(_MAGIC):
            return None
        start = len(_MAGIC) + _DIGEST
        payload = memoryview(data)[start:]
        if hashlib.blake2b(payload, digest_size=_DIGEST).digest() != data[len(_MAGIC) : start]:
            return None
        return json.loads(bytes(payload), object_hook=_decode)
    except Exception:  # missing, unreadable, damaged, too deep: build it again
        return None


def _write(path: Path, table: object) -> None:
    try:
        payload = json.dumps(_encode(table), separators=(",", ":")).encode()
        digest = hashlib.blake2b(payload, digest_size=_DIGEST).digest()
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_MAGIC + digest + payload)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except Exception:  # a read-only or full disk, data that is not plain: built again
        pass


# What JSON has no type for is an object of one tagged key (a tag no str key has).
_TAG = "\x00"
_TUPLE, _SET, _FROZENSET, _BYTES, _DICT = (f"{_TAG}{name}" for name in "tsfbd")


def _encode(value: Any) -> Any:
    """``value`` as JSON can hold it; TypeError for anything but plain data."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        if all(isinstance(key, str) and not key.startswith(_TAG) for key in value):
            return {key: _encode(item) for key, item in value.items()}
        return {_DICT: [[_encode(key), _encode(item)] for key, item in value.items()]}
    if isinstance(value, tuple):
        return {_TUPLE: [_encode(item) for item in value]}
    if isinstance(value, (set, frozenset)):
        tag = _FROZENSET if isinstance(value, frozenset) else _SET
        return {tag: [_encode(item) for item in value]}
    if isinstance(value, bytes):
        return {_BYTES: base64.b64encode(value).decode("ascii")}
    raise TypeError(f"not plain data: {type(value).__name__}")


def _decode(value: dict[str, Any]) -> Any:
    """The value :func:`_encode` gave ``value`` (inner values already decoded)."""
    if len(value) != 1 or not next(iter(value)).startswith(_TAG):
        return value
    ((tag, items),) = value.items()
    if tag == _BYTES:
        return base64.b64decode(items, validate=True)
    if not isinstance(items, list):
        raise ValueError(f"not a table: {tag!r}")
    if tag == _TUPLE:
        return tuple(items)
    if tag == _SET:
        return set(items)
    if tag == _FROZENSET:
        return frozenset(items)
    if tag == _DICT:
        return {key: item for key, item in items}
    raise ValueError(f"not a table: {tag!r}")
