"""Work for the worker processes of tests/test_pool.py: a module a spawned worker imports
by name (tests/ is on the path it is given)."""

from __future__ import annotations

import os
import signal

POISON = "poison"  # an item that kills the worker checking it, every time
started: list[str] = []  # in a worker: what its initializer was given


def start(tag: str) -> None:
    started.append(tag)


def shout(batch: list[str]) -> list[str]:
    """Each item in capitals, after the worker's tag; a poisoned item kills the worker."""
    results = []
    for item in batch:
        if item == POISON:
            os.kill(os.getpid(), signal.SIGKILL)
        results.append(f"{started[-1] if started else ''}{item.upper()}")
    return results


def die(batch: list[str]) -> list[str]:
    """Kill the worker, whatever the items."""
    os.kill(os.getpid(), signal.SIGKILL)
    return batch
