"""The audit's output: ``OUT`` holds one JSON line per article, exactly an entry of the JSON
document's ``files`` (path, error, diagnostics), in the order the articles finish; beside it,
``OUT.hashes`` holds ``["<sha256 of the content>", "<path>"]`` for each line of ``OUT``, in
the same order, so that ``--resume`` knows which content each line was made from.

Each line is written whole by one write and flushed, ``OUT``'s line before its hash line.
What ``--resume`` reads back:

- a line of ``OUT`` that is torn (no newline: the run was killed while writing it), that is
  not a JSON entry, or whose hash line is missing, is dropped (its article is checked
  again), and so is an earlier line for the same path; both files are rewritten to what is
  kept (beside them, then renamed over them);
- an article whose path is kept with the same hash is not checked again;
- an article whose content changed is checked again: its old line is dropped from both
  files when the run ends.

So every path has one line in ``OUT``, however often the audit is killed and resumed.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from factlint.core.diagnostics import Severity

_Keep = Callable[[str, dict], bool]  # whether a line of OUT (its path, its entry) is kept


def hashes_path(out: Path) -> Path:
    return out.with_name(out.name + ".hashes")


@dataclass
class Contents:
    """What an output file holds: articles, those with an error, those that fail, codes."""

    articles: int = 0
    errors: int = 0
    failed: int = 0
    codes: Counter[str] = field(default_factory=Counter)

    def add(self, entry: dict, fail_on: Severity) -> None:
        self.articles += 1
        diagnostics = entry.get("diagnostics") or []
        error = entry.get("error") is not None
        self.errors += error
        self.codes.update(d.get("code", "?") for d in diagnostics)
        severities = [Severity.parse(d.get("severity", "error")) for d in diagnostics]
        self.failed += error or any(s >= fail_on for s in severities)


class AuditOutput:
    """``OUT`` and its hashes, appended line by line."""

    def __init__(self, out: Path, resume: bool) -> None:
        self.path, self.hashes = out, hashes_path(out)
        self.done: dict[str, str] = {}  # path -> digest of the lines kept from earlier runs
        self.changed: set[str] = set()  # paths whose earlier line is superseded this run
        self.resumed = resume and out.exists()
        if self.resumed:
            self._resume()
        else:
            out.write_text("", encoding="utf-8")
            self.hashes.write_text("", encoding="utf-8")
        self._out: TextIO = out.open("a", encoding="utf-8")
        self._hash_file: TextIO = self.hashes.open("a", encoding="utf-8")

    def is_done(self, path: str, digest: str) -> bool:
        """Whether ``path`` has a line for this content; a changed one is noted."""
        earlier = self.done.get(path)
        if earlier is None:
            return False
        if earlier == digest:
            return True
        self.changed.add(path)
        return False

    def write(self, path: str, digest: str, line: str) -> None:
        self._out.write(line + "\n")
        self._out.flush()
        self._hash_file.write(json.dumps([digest, path], ensure_ascii=False) + "\n")
        self._hash_file.flush()

    def close(self) -> None:
        self._out.close()
        self._hash_file.close()
        if self.changed:
            self._rewrite(_drop_first(self.changed))

    # --- resume ---------------------------------------------------------------------

    def contents(self, fail_on: Severity) -> Contents:
        """What the (closed) output holds, read back."""
        contents = Contents()
        for _, _, entry in _entries(self.path):
            contents.add(entry, fail_on)
        return contents

    def _resume(self) -> None:
        digests = dict(_hash_lines(self.hashes))  # the last hash written for each path
        lines = Counter(path for _, path, _ in _entries(self.path))
        seen: Counter[str] = Counter()
        kept: set[str] = set()

        def keep(path: str, entry: dict) -> bool:
            seen[path] += 1
            if path not in digests or seen[path] < lines[path]:
                return False  # no hash line, or a line that a later one supersedes
            kept.add(path)
            return True

        self._rewrite(keep)
        self.done = {path: digests[path] for path in kept}

    def _rewrite(self, keep: _Keep) -> None:
        """Keep the lines of ``OUT`` (and their hash lines) that ``keep`` takes, in order."""
        digests = dict(_hash_lines(self.hashes))
        out_temp = self.path.with_name(self.path.name + ".tmp")
        hash_temp = self.hashes.with_name(self.hashes.name + ".tmp")
        with (
            out_temp.open("w", encoding="utf-8") as out,
            hash_temp.open("w", encoding="utf-8") as hashes,
        ):
            for raw, path, entry in _entries(self.path):
                if path in digests and keep(path, entry):
                    out.write(raw)
                    hashes.write(json.dumps([digests[path], path], ensure_ascii=False) + "\n")
        os.replace(out_temp, self.path)
        os.replace(hash_temp, self.hashes)


def _drop_first(paths: set[str]) -> _Keep:
    """Keep every line but the first of each of ``paths`` (the superseded one)."""
    dropped: set[str] = set()

    def keep(path: str, entry: dict) -> bool:
        if path in paths and path not in dropped:
            dropped.add(path)
            return False
        return True

    return keep


def _entries(out: Path) -> Iterator[tuple[str, str, dict]]:
    """Each whole line of ``out`` that is a JSON entry: the line, its path, the entry."""
    with out.open("r", encoding="utf-8", errors="replace", newline="\n") as lines:
        for raw in lines:
            if not raw.endswith("\n"):
                continue  # torn: the run was killed while writing it
            try:
                entry = json.loads(raw)
            except (ValueError, RecursionError):  # not a line factlint wrote
                continue
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                yield raw, entry["path"], entry


def _hash_lines(hashes: Path) -> Iterator[tuple[str, str]]:
    if not hashes.exists():
        return
    with hashes.open("r", encoding="utf-8", errors="replace", newline="\n") as lines:
        for raw in lines:
            if not raw.endswith("\n"):
                continue
            try:
                digest, path = json.loads(raw)
            except (ValueError, TypeError, RecursionError):  # not a line factlint wrote
                continue
            if isinstance(digest, str) and isinstance(path, str):
                yield path, digest
