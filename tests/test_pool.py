"""The worker pool of `factlint check --jobs`: results in input order, a bounded number of
batches in flight, a worker that dies costs only the items that kill it, and workers that
keep dying end the run."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pool_work
import pytest

from factlint.cli.jobs import PoolBroken, default_jobs
from factlint.cli.pool import GIVE_UP, OrderedPool, batched

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kills workers with SIGKILL")


def _lost(item: str) -> str:
    return f"lost {item}"


@pytest.mark.slow
def test_results_come_in_input_order_from_every_worker() -> None:
    items = [f"item{n}" for n in range(23)]
    with OrderedPool(3, pool_work.shout, _lost, pool_work.start, ("w:",)) as pool:
        results = list(pool.map(batched(items, 2)))
    assert results == [f"w:{item.upper()}" for item in items]  # the initializer ran first


@pytest.mark.slow
def test_items_are_read_only_as_batches_go_out() -> None:
    read: list[int] = []

    def items() -> Iterator[str]:
        for n in range(1000):
            read.append(n)
            yield str(n)

    with OrderedPool(1, pool_work.shout, _lost) as pool:
        results = pool.map(batched(items(), 2))
        assert next(results) == "0"
        assert len(read) <= (pool.window + 1) * 2  # the batches in flight, and one more
        results.close()


@pytest.mark.slow
def test_a_worker_that_dies_costs_only_the_item_that_killed_it() -> None:
    breaks: list[int] = []
    items = [f"item{n}" for n in range(12)]
    items[5] = pool_work.POISON
    with OrderedPool(2, pool_work.shout, _lost, on_break=lambda: breaks.append(1)) as pool:
        results = list(pool.map(batched(items, 3)))
    expected = [f"lost {item}" if item == pool_work.POISON else item.upper() for item in items]
    assert results == expected
    assert breaks == [1]


@pytest.mark.slow
def test_workers_that_keep_dying_end_the_run() -> None:
    with OrderedPool(2, pool_work.die, _lost) as pool, pytest.raises(PoolBroken) as error:
        list(pool.map(batched(["a", "b", "c", "d", "e"], 2)))
    assert f"{GIVE_UP} files in a row" in str(error.value)


def test_batched_and_default_jobs() -> None:
    assert list(batched(iter("abcdefghij"), 4)) == [["a"], ["b", "c"], [*"defg"], [*"hij"]]
    assert list(batched(iter("abcde"), 2, first=2)) == [["a", "b"], ["c", "d"], ["e"]]
    assert list(batched([], 3)) == []
    assert default_jobs() >= 1
