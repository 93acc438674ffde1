"""A report file written whole or not at all: written under a temporary name beside it, and
renamed over it once the report is finished."""

from __future__ import annotations

import errno
import io
import os
import stat
import tempfile
from pathlib import Path


class AtomicFile(io.TextIOWrapper):
    """Text for ``target``, written to ``temp`` beside it until :meth:`commit` renames it
    over ``target``. Closed (or collected) without a commit, ``temp`` is removed and
    ``target`` is left as it was."""

    target: Path
    temp: Path
    committed: bool = False

    def commit(self) -> None:
        """Put the finished file in place of ``target``; when it cannot be written whole,
        the partial file is removed and OSError raised."""
        try:
            self.flush()
            os.fsync(self.fileno())
        except OSError:
            self.close()
            raise
        super().close()
        try:
            os.chmod(self.temp, _mode(self.target))
            os.replace(self.temp, self.target)
        except OSError:
            self.temp.unlink(missing_ok=True)
            raise
        self.committed = True

    def close(self) -> None:
        if not self.closed:
            try:
                super().close()  # may fail to write what is left (a full disk)
            finally:
                if not self.committed:
                    self.temp.unlink(missing_ok=True)


def open_atomic(path: Path) -> AtomicFile:
    """An :class:`AtomicFile` for ``path`` (a link's target); OSError if it cannot be."""
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if target.exists() and not target.is_file():  # a device or FIFO: never renamed over
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    file = AtomicFile(open(handle, "wb"), encoding="utf-8")  # noqa: SIM115 (the caller closes)
    file.target, file.temp = target, Path(temp)
    return file


def _mode(target: Path) -> int:
    """``target``'s permissions if it exists, else those the umask gives a new file."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
