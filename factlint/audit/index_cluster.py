"""``factlint index build|update --scheduler``: articles read on Dask (``dask.distributed``).

Batches of articles go to the workers with a bounded window (the client never holds the
archive); each worker gives back the rows of its batch
(:func:`factlint.engine.indexing.records`), and the client merges them into the index in
the order the batches were sent, so a build on Dask writes what ``--jobs 1`` writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from factlint.audit.cluster import connect, default_window
from factlint.engine.indexing import Source, batches, records

BATCH = 16  # articles a task


def dask_records(
    scheduler: str, workers: int, sources: Iterable[Source], root: Path
) -> Iterator[Any]:
    """The rows of every article of ``sources``, batch by batch in order."""
    client, local = connect(scheduler, workers)
    try:
        window = default_window(client)
        pending: list[Any] = []
        for batch in batches(sources, BATCH):
            pending.append(client.submit(records, batch, str(root), pure=False))
            if len(pending) >= window:
                yield from _take(pending.pop(0))
        for future in pending:
            yield from _take(future)
    finally:
        client.close()
        if local is not None:
            local.close()


def _take(future: Any) -> list[Any]:
    try:
        return future.result()
    finally:
        future.release()
