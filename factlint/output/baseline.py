"""A baseline: the findings an archive has today, recorded so that only new ones are
reported (``factlint check --write-baseline FILE``; then ``--baseline FILE``, or
``baseline: FILE`` in the config).

The file is JSON, small and stable: the same findings write the same bytes, whatever the
order the files were checked in. One entry a finding, its code and fingerprint, under the
file's path::

    {
      "version": 1,
      "tool": "factlint",
      "fingerprint": "factlintLineHash/v1",
      "files": {
        "desk/story.md": [
          ["BY001", "4be1c0e7d5a3f2b19c8e6d4a2f0b1c3d"],
          ["NM003", "09af..."]
        ]
      }
    }

- **Paths** are relative to the top of the git work tree around the baseline file (outside
  one, to the baseline's folder), with forward slashes, sorted; a file's entries are
  sorted by code, then fingerprint.
- **Fingerprints** are SARIF's (:mod:`factlint.core.fingerprints`, named by
  ``fingerprint``): a hash of the path, the code, the text of the finding's lines (white
  space collapsed) and how many findings of that code on that text come before it, never
  the line number. A paragraph added or edited above a finding leaves it listed; editing
  the finding's own line makes it a new finding.
- **Entries are a multiset**: each matches one finding at most, so two identical findings
  on two identical lines are two entries, and a third is new.

Only JSON is read (never a pickle), and a file that is missing, unreadable or not such a
document is one :class:`~factlint.engine.config.ConfigError` line naming the file.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from factlint.core.diagnostics import Diagnostic
from factlint.core.errors import InputError
from factlint.core.fingerprints import FINGERPRINT_KEY, fingerprints
from factlint.core.results import FileResult
from factlint.core.safefile import read_regular
from factlint.engine.config import ConfigError
from factlint.output.atomic import open_atomic
from factlint.output.reporters import Layout, Reporter, plural

BASELINE_VERSION = 1
MAX_BASELINE_BYTES = 64 * 1024 * 1024  # some 1.3 million findings
SHRINK = "run --write-baseline to shrink the file"
Entry = tuple[str, str]  # a finding's code and fingerprint
_FINGERPRINT = re.compile(r"[0-9a-f]{32}")


def baseline_root(file: Path) -> Path:
    """The folder a baseline's paths are relative to: the top of the git work tree around
    ``file``, else the folder ``file`` is in."""
    from factlint.engine.changes import repository_root  # git: only when a baseline is used

    folder = Path(os.path.abspath(file)).parent.resolve()
    return repository_root(folder) or folder


def relative_path(path: str, root: Path) -> str | None:
    """A checked file's path (as reported) as a baseline names it: relative to ``root``,
    with forward slashes (``../`` for a file beside the root); None for standard input
    without a name."""
    if path == "-":
        return None
    resolved = Path(path).resolve()
    try:
        return Path(os.path.relpath(resolved, root)).as_posix()
    except ValueError:  # another drive (Windows): no relative path
        return resolved.as_posix()


def dumps(files: Mapping[str, Iterable[Entry]]) -> str:
    """The baseline document of ``files`` (path: entries), a finding a line."""
    lines = [
        "{",
        f'  "version": {BASELINE_VERSION},',
        '  "tool": "factlint",',
        f'  "fingerprint": "{FINGERPRINT_KEY}",',
    ]
    paths = sorted(path for path, entries in files.items() if entries)
    if not paths:
        return "\n".join([*lines, '  "files": {}', "}"]) + "\n"
    lines.append('  "files": {')
    for number, path in enumerate(paths, start=1):
        entries = [f"      {json.dumps(list(entry))}" for entry in sorted(files[path])]
        lines.append(f"    {json.dumps(path)}: [")
        lines.append(",\n".join(entries))
        lines.append("    ]" if number == len(paths) else "    ],")
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


@dataclass
class Baseline:
    """The entries of a baseline file, by path, and those found stale in this run."""

    path: Path
    root: Path
    files: dict[str, Counter[Entry]]
    stale: dict[str, int] = field(default_factory=dict)  # by path: entries matching nothing

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read the baseline at ``path``; :class:`ConfigError` if it cannot be used."""
        where = f"baseline {path}"
        try:
            data = read_regular(path, MAX_BASELINE_BYTES, "baselines")
        except InputError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        try:
            text = data.decode("utf-8-sig")  # an editor's byte-order mark is no matter
            document = json.loads(text, object_pairs_hook=_no_twice)
        except UnicodeDecodeError:
            raise ConfigError(f"{where}: not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise ConfigError(
                f"{where}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            ) from None
        except _Twice:
            raise ConfigError(f"{where}: a key is given twice in one object") from None
        except RecursionError:
            raise ConfigError(f"{where}: not a baseline (nested too deeply)") from None
        return cls(path, baseline_root(path), _entries(document, where))

    @property
    def stale_entries(self) -> int:
        return sum(self.stale.values())

    def match(
        self,
        result: FileResult,
        ran: Callable[[], Collection[str]] | None,
        known: Collection[str],
    ) -> list[Diagnostic] | None:
        """The findings of ``result`` that this baseline lists, each entry matching one
        finding at most; None for standard input without a name (no entry can be its).
        The entries of the file left over are counted as stale when their code ran on it
        (``ran()``, asked only then; ``ran`` None when the file was not fully checked: none
        are) or is no rule's at all (not in ``known``): a rule that did not run this time
        (``--select``, ``per-file-ignores``) says nothing of them."""
        key = relative_path(result.path, self.root)
        if key is None:
            return None
        remaining = Counter(self.files.get(key, ()))
        listed = []
        if remaining:
            for diagnostic, fingerprint in zip(
                result.diagnostics, fingerprints(result, key), strict=True
            ):
                entry = (diagnostic.code, fingerprint)
                if remaining[entry] > 0:
                    remaining[entry] -= 1
                    listed.append(diagnostic)
        left = {entry: count for entry, count in remaining.items() if count > 0}
        if ran is not None:
            codes = ran() if left else ()
            self.stale[key] = sum(
                count for (code, _), count in left.items() if code in codes or code not in known
            )
        return listed

    def stale_note(self) -> str | None:
        """The note for the entries no finding matched in this run, if any."""
        stale = self.stale_entries
        if not stale:
            return None
        entries, match = ("entry", "matches") if stale == 1 else ("entries", "match")
        return (
            f"factlint: note: {stale} {entries} of the baseline {self.path} no longer "
            f"{match} any finding ({SHRINK})"
        )


class _Twice(ValueError):
    """A JSON object with a key given twice (a baseline merged by hand)."""


def _no_twice(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _Twice
    return mapping


def _entries(document: Any, where: str) -> dict[str, Counter[Entry]]:
    """The entries of a parsed baseline document, checked; ConfigError if it is not one."""
    if not isinstance(document, dict) or "files" not in document:
        raise ConfigError(f"{where}: not a baseline (expected an object with version and files)")
    version = document.get("version")
    if version != BASELINE_VERSION or isinstance(version, bool):
        raise ConfigError(
            f"{where}: not a version {BASELINE_VERSION} baseline; write it again with "
            "--write-baseline"
        )
    if document.get("fingerprint") != FINGERPRINT_KEY:
        raise ConfigError(
            f"{where}: its fingerprints are not {FINGERPRINT_KEY}; write it again with "
            "--write-baseline"
        )
    files = document["files"]
    if not isinstance(files, dict):
        raise ConfigError(f"{where}: files: expected an object of paths and their findings")
    entries: dict[str, Counter[Entry]] = {}
    for number, (path, items) in enumerate(files.items(), start=1):
        if not isinstance(items, list) or not all(_is_entry(item) for item in items):
            raise ConfigError(
                f"{where}: files: the findings of file {number}: expected a list of "
                "[code, fingerprint] pairs"
            )
        entries[path] = Counter((code, fingerprint) for code, fingerprint in items)
    return entries


def _is_entry(item: Any) -> bool:
    return (
        isinstance(item, list)
        and len(item) == 2
        and isinstance(item[0], str)
        and isinstance(item[1], str)
        and _FINGERPRINT.fullmatch(item[1]) is not None
    )


class BaselineWriter(Reporter):
    """``--write-baseline FILE``: in place of a report, each file's findings recorded;
    at the end the baseline is written whole (under a temporary name, then renamed over
    FILE) and one line says how many findings it holds in how many files."""

    reads_text = True  # the fingerprints read the lines of each finding

    def __init__(self, path: Path, out: TextIO, err: TextIO, quiet: bool = False) -> None:
        self.path = path
        try:
            self.target = open_atomic(path)  # now: an unwritable FILE stops the run at once
        except OSError as exc:
            raise _unwritable(path, exc) from None
        self.root = baseline_root(path)
        super().__init__(out, err, Layout(summary=not quiet))

    def begin(self) -> None:
        self.files: dict[str, list[Entry]] = {}
        self.unnamed = 0  # findings of standard input without --stdin-filename

    def file(self, result: FileResult) -> None:
        super().file(result)
        if not result.diagnostics:
            return
        key = relative_path(result.path, self.root)
        if key is None:
            self.unnamed += len(result.diagnostics)
            return
        codes = (d.code for d in result.diagnostics)
        self.files[key] = list(zip(codes, fingerprints(result, key), strict=True))

    def end(self) -> None:
        try:
            self.target.write(dumps(self.files))
            self.target.commit()
        except OSError as exc:
            self.target.close()
            raise _unwritable(self.path, exc) from None
        if self.unnamed:
            self.err.write(
                f"factlint: warning: {plural(self.unnamed, 'finding')} of standard input "
                "not recorded: give it a name with --stdin-filename\n"
            )
        if self.layout.summary:
            findings = sum(len(entries) for entries in self.files.values())
            self.out.write(
                f"factlint: recorded {plural(findings, 'finding')} in "
                f"{plural(len(self.files), 'file')} in the baseline {self.path} "
                f"({plural(self.summary.checked, 'file')} checked)\n"
            )

    def discard(self) -> None:
        """Leave FILE as it was (the run could not check every file)."""
        self.target.close()


def _unwritable(path: Path, exc: OSError) -> ConfigError:
    return ConfigError(f"baseline {path}: cannot write it ({exc.strerror or exc})")
