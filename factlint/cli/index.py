"""``factlint index``: the desk's archive index (``build``, ``update``, ``stats``, ``show``).

The index is the file ``--index`` names, else the one the config names under ``archive:``.
``build PATH...`` reads articles as ``audit`` does (files, folders, JSON Lines archives) and
replaces the index's rows; ``update`` reads the same paths again and re-indexes only what
changed, dropping what is gone, in one transaction. Articles are parsed in ``--jobs``
processes, or on Dask (``--scheduler``, ``--workers``, as ``audit``); the rows come back to
this process, which alone writes the index.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from factlint.analyses.archive_facts import name_key, near_forms
from factlint.archive.store import Archive, ArchiveError, ArchiveWriter, open_archive, stored_path
from factlint.cli.check import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from factlint.cli.commands import IndexCommand
from factlint.cli.jobs import default_jobs
from factlint.engine.config import ConfigError, Resolver
from factlint.engine.indexing import (
    Source,
    Unread,
    Written,
    batches,
    digest_of,
    records,
    write,
)

BATCH = 16  # articles a worker task


def index_command(args: IndexCommand) -> int:
    path, root = _index_path(args)
    if args.action in ("stats", "show"):
        try:
            archive = open_archive(path)
        except ArchiveError as exc:
            print(f"factlint: error: {exc}", file=sys.stderr)
            return EXIT_ERROR
        try:
            return _stats(archive, args) if args.action == "stats" else _show(archive, args)
        finally:
            archive.close()
    if args.action == "update" and not path.is_file():
        print(f"factlint: error: archive {path}: no such file: run `factlint index build` first",
              file=sys.stderr)  # fmt: skip
        return EXIT_ERROR
    try:
        writer = ArchiveWriter(path, fresh=args.action == "build")
    except ArchiveError as exc:
        print(f"factlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    started = time.perf_counter()
    try:
        if args.action == "build":
            paths = list(args.paths)
            done = _build(args, writer, paths, root)
        else:
            done = _update(args, writer)
    except ArchiveError as exc:
        print(f"factlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        writer.close()
    for unread in done.unread:
        print(f"{unread.path}: error: {unread.error}", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(
        f"factlint index {args.action}: {done.indexed} articles indexed, {done.unchanged} "
        f"unchanged, {done.removed} removed, {len(done.unread)} not readable, in {seconds:.1f} s "
        f"-> {path}",
        file=sys.stderr,
    )
    return EXIT_FINDINGS if done.unread else EXIT_OK


def _index_path(args: IndexCommand) -> tuple[Path, Path]:
    """The index's path and the folder its stored paths are relative to (the config's
    folder, or the current one)."""
    config = Resolver(args.config).for_file(None)
    root = config.root if config.source is not None else Path.cwd()
    if args.index is not None:
        return args.index, root.resolve()
    if config.archive_path is None:
        raise ConfigError("factlint index: no index: name one with --index or `archive:`")
    return config.archive_path, root.resolve()


# --- build and update -------------------------------------------------------------------


def _build(args: IndexCommand, writer: ArchiveWriter, paths: list[str], root: Path) -> Written:
    sources = [str(Path(p).resolve()) for p in paths]
    unread: list[Unread] = []
    read = _sources(paths, args, unread)
    done = write(writer, _records(args, read, root), fresh=True, sources=sources, root=root)
    done.unread[:0] = unread
    return done


def _update(args: IndexCommand, writer: ArchiveWriter) -> Written:
    meta = writer.meta()
    paths = json.loads(meta.get("sources", "[]"))
    if not paths:
        raise ArchiveError(f"archive {writer.path}: no paths to update from: run `index build`")
    root = Path(meta.get("root") or Path.cwd())
    stored = writer.digests()
    seen: set[str] = set()
    unread: list[Unread] = []
    unchanged = 0

    def changed() -> Iterator[Source]:
        nonlocal unchanged
        for source in _sources(paths, args, unread):
            key = stored_path(source.path, root)
            seen.add(key)
            if stored.get(key) == digest_of(source):
                unchanged += 1
            else:
                yield source

    pending = list(changed())  # read all first: which are gone is known only then
    done = write(writer, _records(args, pending, root), fresh=False, keep=seen)
    done.unchanged = unchanged
    done.unread[:0] = unread
    return done


def _sources(paths: list[str], args: IndexCommand, unread: list[Unread]) -> Iterator[Source]:
    """The articles of ``paths`` as ``audit`` reads them; what cannot be read goes to
    ``unread``."""
    from factlint.cli.audit import read_inputs

    for item in read_inputs(paths, args.config, not args.no_respect_gitignore):
        text = getattr(item, "text", None)
        if text is None:
            unread.append(Unread(item.path, item.error))
        else:
            yield Source(item.path, text)


def _records(args: IndexCommand, sources: Iterable[Source], root: Path) -> Iterator[Any]:
    """The rows of every article: from Dask workers, worker processes or this process."""
    if args.scheduler:
        from factlint.audit.index_cluster import dask_records

        yield from dask_records(args.scheduler, args.workers or default_jobs(), sources, root)
        return
    jobs = args.jobs or default_jobs()
    if jobs == 1:
        for batch in batches(sources, BATCH):
            yield from records(batch, str(root))
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs) as pool:
        window: list[Any] = []
        for batch in batches(sources, BATCH):
            window.append(pool.submit(records, batch, str(root)))
            if len(window) >= 2 * jobs:
                yield from window.pop(0).result()
        for future in window:
            yield from future.result()


# --- stats and show ---------------------------------------------------------------------


def _stats(archive: Archive, args: IndexCommand) -> int:
    stats = archive.stats()
    entry = {
        "index": str(stats.path),
        "schema": stats.schema,
        "articles": stats.articles,
        "authors": stats.authors,
        "people": stats.forms,
        "person_rows": stats.people,
        "quotes": stats.quotes,
        "bytes": stats.size,
        "updated": stats.updated,
        "sources": stats.sources,
    }
    if args.format == "json":
        print(json.dumps({"version": 1, **entry}, indent=2))
        return EXIT_OK
    print(
        f"{stats.path}: {stats.articles} articles, {stats.forms} people (name forms), "
        f"{stats.quotes} quotes, {stats.authors} bylined names, {stats.size / 1e6:.1f} MB, "
        f"last updated {stats.updated or 'never'} (schema {stats.schema})"
    )
    return EXIT_OK


def _show(archive: Archive, args: IndexCommand) -> int:
    key = name_key(args.name)
    record = archive.person(key)
    mentions = record["mentions"]
    articles = sorted({row[3] for row in mentions})
    dates = sorted(row[2] for row in mentions if row[2])
    entry: dict[str, Any] = {
        "name": args.name,
        "articles": len(articles),
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
        "forms": sorted({row[0] for row in mentions}),
        "titles": [
            {"title": title, "date": date, "path": path}
            for form, title, date, path in mentions
            if title
        ],
        "quotes": [{"text": t, "date": d, "path": p} for t, d, p in record["quotes"]],
        "bylines": [{"date": d, "path": p} for d, p in record["bylines"]],
    }
    if args.format == "json":
        print(json.dumps({"version": 1, **entry}, indent=2, ensure_ascii=False))
        return EXIT_OK if mentions or record["bylines"] else EXIT_FINDINGS
    if not mentions and not record["bylines"]:
        near = ", ".join(
            f"{s.form} ({s.articles} articles)" for s in near_forms(archive, args.name)
        )
        print(f"{args.name}: not in the index {archive.path}" + (f"; near: {near}" if near else ""))
        return EXIT_FINDINGS
    seen = f"first seen {entry['first_seen']}, last {entry['last_seen']}" if dates else "undated"
    print(f"{args.name}: {len(articles)} articles ({seen}); forms: {', '.join(entry['forms'])}")
    for title in entry["titles"]:
        print(f"  title  {title['title']}  ({title['date'] or 'undated'}, {title['path']})")
    for quote in entry["quotes"]:
        text = quote["text"] if len(quote["text"]) <= 70 else quote["text"][:69] + "…"
        print(f"  quote  “{text}”  ({quote['date'] or 'undated'}, {quote['path']})")
    if record["bylines"]:
        print(f"  byline on {len(record['bylines'])} articles")
    return EXIT_OK
