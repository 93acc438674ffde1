"""How many worker processes ``factlint check`` checks with, and the error that ends a run
whose workers keep stopping. Light on purpose: the pool (``pool.py``, with
``concurrent.futures`` and ``multiprocessing``) is imported only when a run starts one."""

from __future__ import annotations

import os


class PoolBroken(Exception):
    """The worker processes keep stopping: the run cannot go on."""


def default_jobs() -> int:
    """How many processes to check with: the CPUs this process may use."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return max(1, counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
