"""The client side of ``factlint audit`` on Dask (``dask.distributed``).

- **Batches.** Articles are read from their stream only as batches are sent: at most
  ``window`` batches are in flight (sent and not yet written), so the client's memory does
  not grow with the archive. Results are written as batches finish, in any order
  (``as_completed``).
- **Workers lost.** A worker that dies with a batch has it run again by Dask on another
  (``distributed.scheduler.allowed-failures`` times); its lines are written once, when the
  batch finally completes. A batch that fails every time is said on standard error, article
  by article, and not written, so ``--resume`` tries it again.
- **Names across the archive.** Each batch task gives its name tally, which stays on the
  workers: tallies are combined ``fan_in`` at a time into a tree as batches are sent
  (:func:`~factlint.audit.work.combine_tallies`), and the last step finds the rare forms on a
  worker (:func:`~factlint.audit.work.find_variants`); only the findings come back.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from distributed import Client, Future, LocalCluster, as_completed

from factlint.analyses.archive_names import ArchiveVariant, Thresholds
from factlint.audit.output import AuditOutput
from factlint.audit.work import (
    Article,
    AuditSettings,
    Checked,
    Item,
    ReadProblem,
    check_batch,
    checked_part,
    combine_tallies,
    find_variants,
    tally_part,
)

FAN_IN = 8  # name tallies combined by one reduction step


@dataclass
class Plan:
    batch_size: int = 32
    window: int = 8  # batches in flight
    thresholds: Thresholds | None = None  # None: no archive-level checks


@dataclass
class Tally:
    """What this run checked (``Earlier`` counts what an earlier run did)."""

    articles: int = 0
    errors: int = 0
    internal: int = 0
    failed: int = 0
    lost: int = 0  # articles whose batch failed on every worker it was given
    skipped: int = 0  # in the output already (--resume)
    lost_archive_checks: bool = False  # the name tallies could not be reduced
    codes: dict[str, int] = field(default_factory=dict)
    config_errors: list[str] = field(default_factory=list)

    def add(self, checked: Checked) -> None:
        self.articles += 1
        self.errors += checked.error is not None
        self.internal += checked.internal
        self.failed += checked.failed
        for code, count in checked.codes.items():
            self.codes[code] = self.codes.get(code, 0) + count


def connect(scheduler: str, workers: int) -> tuple[Client, LocalCluster | None]:
    """A client of the cluster at ``scheduler``, or of a new local one (``local``)."""
    if scheduler != "local":
        return Client(scheduler, timeout="20s"), None
    cluster = LocalCluster(
        host="127.0.0.1",
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return Client(cluster), cluster


def default_window(client: Client) -> int:
    """Batches in flight: enough to keep every worker thread busy, and a few queued."""
    threads = sum(client.nthreads().values()) or 1
    return 2 * threads + 2


class Audit:
    """One audit run on ``client``: writes to ``output``, says problems with ``say``."""

    def __init__(
        self,
        client: Client,
        settings: AuditSettings,
        output: AuditOutput,
        plan: Plan,
        say: Callable[[str], None],
    ) -> None:
        self.client, self.settings, self.output, self.plan = client, settings, output, plan
        self.say = say
        self.tally = Tally()
        self._levels: list[list[Future]] = []  # name tallies waiting to be combined, by level

    def run(self, items: Iterable[Item]) -> list[ArchiveVariant]:
        """Check ``items``; the archive-level findings (none without ``thresholds``)."""
        in_flight: dict[Any, list[tuple[str, str]]] = {}
        finished = as_completed()
        for batch in _batches(self._to_send(items), self.plan.batch_size):
            part = self._submit(batch)
            in_flight[part.key] = [(a.path, a.digest) for a in batch if a.check]
            finished.add(part)
            while len(in_flight) >= self.plan.window:
                self._collect(next(finished), in_flight)
        for part in finished:
            self._collect(part, in_flight)
        return self._findings()

    def _to_send(self, items: Iterable[Item]) -> Iterator[Article]:
        """The articles to send: those to check, and those in the output already when their
        names are tallied; what could not be read is written at once."""
        names = self.plan.thresholds is not None
        for item in items:
            done = self.output.is_done(item.path, item.digest)
            if done:
                self.tally.skipped += 1
            if isinstance(item, ReadProblem):
                if not done:
                    self._write_problem(item)
            elif not done:
                yield item
            elif names:
                yield Article(item.path, item.text, item.digest, check=False)

    def _write_problem(self, problem: ReadProblem) -> None:
        line = json.dumps(
            {"path": problem.path, "error": problem.error, "diagnostics": []}, ensure_ascii=False
        )
        self.output.write(problem.path, problem.digest, line)
        self.tally.add(Checked(problem.path, problem.digest, line, problem.error, False, True))
        self.say(f"{problem.path}: error: {problem.error}")

    def _submit(self, batch: list[Article]) -> Future:
        whole = self.client.submit(check_batch, self.settings, batch, pure=False)
        part = self.client.submit(checked_part, whole, pure=False)
        if self.plan.thresholds is not None:
            self._add_tally(self.client.submit(tally_part, whole, pure=False), 0)
        return part

    def _add_tally(self, tally: Future, level: int) -> None:
        """Add a tally to the reduction tree: ``FAN_IN`` of a level make one of the next."""
        while len(self._levels) <= level:
            self._levels.append([])
        waiting = self._levels[level]
        waiting.append(tally)
        if len(waiting) >= FAN_IN:
            combined = self.client.submit(combine_tallies, *waiting, pure=False)
            waiting.clear()
            self._add_tally(combined, level + 1)

    def _collect(self, part: Future, in_flight: dict[Any, list[tuple[str, str]]]) -> None:
        articles = in_flight.pop(part.key)
        try:
            checked, config_errors = part.result()
        except Exception as exc:  # the batch failed on every worker it was given
            for path, _ in articles:
                self.say(f"{path}: error: not checked: its batch failed ({_reason(exc)})")
            self.tally.lost += len(articles)
            return
        finally:
            part.release()
        for message in config_errors:
            if message not in self.tally.config_errors:
                self.tally.config_errors.append(message)
                self.say(f"factlint: error: {message}")
        for one in checked:
            self.output.write(one.path, one.digest, one.line)
            self.tally.add(one)
            if one.error is not None:  # as check says it
                self.say(f"{one.path}: error: {one.error}")

    def _findings(self) -> list[ArchiveVariant]:
        if self.plan.thresholds is None:
            return []
        rest = [tally for level in self._levels for tally in level]
        self._levels = []
        if not rest:
            return []
        total = self.client.submit(combine_tallies, *rest, pure=False)
        try:
            found: list[ArchiveVariant] = self.client.submit(
                find_variants, total, self.plan.thresholds, pure=False
            ).result()
        except Exception as exc:  # a batch whose names could not be tallied on any worker
            self.say(f"factlint: error: the archive-level checks were not done ({_reason(exc)})")
            self.tally.lost_archive_checks = True
            return []
        return found


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch


def _reason(exc: Any) -> str:
    return f"{type(exc).__name__}: {exc}".strip().rstrip(":")
