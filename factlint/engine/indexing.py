"""Building the archive index: what a worker does with a batch of articles (the rows of
each, :func:`records`), and writing them, merged, in one transaction (:func:`write`).

A worker (a ``--jobs`` process or a Dask worker) parses its articles and sends back their
rows (:class:`~factlint.archive.store.ArticleRecord`, plain data); only the process that
writes holds the index open, and no process holds the archive. ``build`` replaces every row;
``update`` re-reads only the articles whose text changed (SHA-256 of the text) and drops
those no longer there, in one transaction, so a reader sees the index before or after it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from factlint.analyses.archive_facts import article_record, text_digest
from factlint.analyses.context import RuleContext
from factlint.archive.store import ArchiveWriter, ArticleRecord, stored_path
from factlint.article import loader
from factlint.article.document import parse
from factlint.core.errors import FATAL, InputError, internal_error


@dataclass(frozen=True)
class Source:
    """One article to index: its path as reported and its text (front matter included)."""

    path: str
    text: str


@dataclass(frozen=True)
class Unread:
    """An article that could not be indexed, and why (one line)."""

    path: str
    error: str


def digest_of(source: Source) -> str:
    return text_digest(loader.normalize_newlines(source.text))


def record(source: Source, root: Path) -> ArticleRecord | Unread:
    """The rows of one article (its path stored relative to ``root`` when inside it)."""
    text = loader.normalize_newlines(source.text)
    try:
        ctx = RuleContext(parse(source.path, text, loader.is_markdown(source.path)))
        return article_record(
            ctx.article,
            ctx.people,
            ctx.attributions,
            ctx.article_date,
            stored_path(source.path, root),
        )
    except InputError as exc:
        return Unread(source.path, str(exc))
    except FATAL:
        raise
    except BaseException as exc:  # one article, never the build
        return Unread(source.path, "not indexed: " + internal_error("while reading it", exc))


def records(batch: list[Source], root: str) -> list[ArticleRecord | Unread]:
    """The rows of a batch (a worker's task: a ``--jobs`` process or a Dask worker)."""
    return [record(source, Path(root)) for source in batch]


@dataclass
class Written:
    """What one build or update did."""

    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    unread: list[Unread] = field(default_factory=list)


def write(
    writer: ArchiveWriter,
    results: Iterable[ArticleRecord | Unread],
    *,
    fresh: bool,
    keep: set[str] | None = None,
    sources: list[str] | None = None,
    root: Path | None = None,
) -> Written:
    """Write ``results`` in one transaction: with ``fresh``, in place of every row; else on
    top, dropping the stored articles not in ``keep`` (the stored paths still there)."""
    done = Written()
    with writer.transaction() as changes:
        if fresh:
            changes.clear()
        elif keep is not None:
            gone = [path for path in writer.digests() if path not in keep]
            changes.delete(gone)
            done.removed = len(gone)
        for result in results:
            if isinstance(result, Unread):
                done.unread.append(result)
                continue
            changes.put(result)
            done.indexed += 1
        if sources is not None:
            changes.set_meta("sources", json.dumps(sources))
        if root is not None:
            changes.set_meta("root", str(root))
    return done


def batches(sources: Iterable[Source], size: int) -> Iterator[list[Source]]:
    batch: list[Source] = []
    for source in sources:
        batch.append(source)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
