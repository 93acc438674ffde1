"""Whole-file results cached on disk, as ruff caches them: a file whose bytes, configuration
and factlint are unchanged is not checked again.

- **Key** (:mod:`~factlint.engine.result_key`): a SHA-256 of factlint's version and
  installation (:func:`~factlint.engine.result_key.installation`), the file's bytes and
  :func:`~factlint.engine.result_key.fingerprint`, everything of the configuration in
  force for the file that can change its result. The path the file is shown under is not
  in it: a hit is labelled with the current path.
- **Value**: the result less the article's text, as JSON (:func:`result_value`); on a hit
  the text is decoded again from the bytes already read, for the reporters' context
  lines. A result with an error (unreadable, a rule's internal error, a pack's timeout)
  or a skipped (empty) article is never stored. A value is only ever read as JSON, and
  one that is not exactly what :func:`result_value` writes for the text is a miss: a
  cache that others can write (a shared ``--cache-dir``, a CI cache) can at worst give
  wrong findings for an unchanged file, never run code or stop the run.
- **Storage** (:mod:`~factlint.engine.result_store`): one SQLite file,
  ``<cache dir>/results/cache.db`` (safe for several processes at once), bounded
  (:data:`~factlint.engine.result_store.SIZE_LIMIT`), the least recently stored entries
  evicted first. Opened lazily once per process, never across a fork.
- **Failures**: a cache that cannot be opened, read or written is moved aside (renamed,
  never deleted, said on stderr) when it is damaged, else left alone for the rest of the
  process; the run goes on uncached. A cache problem is never an error of the run, and
  factlint deletes nothing in the cache folder but its own entries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factlint.core.diagnostics import Diagnostic
from factlint.core.results import FileResult
from factlint.engine.config import Config
from factlint.engine.result_key import cache_key
from factlint.engine.result_store import ResultCache
from factlint.engine.run import check_text, read_article, rule_runs

VALUE_FORMAT = 1  # of the stored JSON: a new format never reads an old value


def check_file_cached(path: Path, config: Config, cache: ResultCache | None) -> FileResult:
    """Check the file at ``path`` with ``config``, or take its result from ``cache`` (None:
    no cache). The one per-file entry point of ``factlint check``; safe in any process."""
    article = read_article(path, config)
    if isinstance(article, FileResult):
        return article
    data, text = article
    if cache is None:
        return check_text(str(path), text, config, path=path)
    runs = rule_runs(config, path)
    key = cache_key(config, path, data, runs)
    stored = cache.get(key)
    hit = None if stored is None else result_from_value(stored, str(path), text, config)
    if hit is not None:
        return hit
    result = check_text(str(path), text, config, path=path, runs=runs)
    if result.error is None and result.skipped is None:
        cache.put(key, result_value(result))
    return result


# --- the value -----------------------------------------------------------------------


def result_value(result: FileResult) -> dict[str, Any]:
    """What the cache stores of a result: all but its path and text."""
    return {
        "format": VALUE_FORMAT,
        "diagnostics": [d.to_json(spans=True) for d in result.diagnostics],
        "words": result.words,
    }


def result_from_value(
    value: dict[str, Any], display: str, text: str, config: Config
) -> FileResult | None:
    """The result a stored value gives, shown as ``display`` with ``text``; None when the
    value is not exactly one that :func:`result_value` could have written for ``text``
    (another shape, format or type, a span outside the text): a cache shared by others
    may hold anything, and anything else is a miss, never an error."""
    try:
        if set(value) != _VALUE_KEYS or value["format"] != VALUE_FORMAT:
            return None
        words, stored = value["words"], value["diagnostics"]
        diagnostics = [Diagnostic.from_json(d) for d in stored]
        if not (_count(words) and [d.to_json(spans=True) for d in diagnostics] == stored):
            return None
        if not all(_fits(d, text) for d in diagnostics):
            return None
    except Exception:  # whatever a value factlint did not write makes the code above raise
        return None
    return FileResult(display, diagnostics, fail_on=config.fail_on, words=words, text=text)


_VALUE_KEYS = {"format", "diagnostics", "words"}


def _count(value: object) -> bool:
    return type(value) is int and value >= 0


def _fits(diagnostic: Diagnostic, text: str) -> bool:
    """Whether every field of ``diagnostic`` has its type and every span lies in ``text``."""
    lines = text.count("\n") + 1
    fix = diagnostic.fix
    spans = [(diagnostic.offset, diagnostic.length)]
    spans += [(related.offset, related.length) for _, related in diagnostic.related]
    positions = [diagnostic.start, diagnostic.end, *(where for where, _ in diagnostic.related)]
    words = [diagnostic.code, diagnostic.name, diagnostic.message]
    words += [related.message for _, related in diagnostic.related]
    if fix is not None:
        spans.append((fix.offset, fix.length))
        words.append(fix.replacement)
    optional = (diagnostic.engine_rule, diagnostic.fix_skipped)
    return (
        all(
            _count(start) and _count(length) and start + length <= len(text)
            for start, length in spans
        )
        and all(
            _count(p.line) and _count(p.column) and 1 <= p.line <= lines + 1 and p.column >= 1
            for p in positions
        )
        and all(isinstance(word, str) for word in words)
        and all(item is None or isinstance(item, str) for item in optional)
        and (fix is None or type(fix.safe) is bool)
    )
