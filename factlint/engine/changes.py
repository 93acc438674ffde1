"""``--changed-since REF``: which lines of which files changed between a git revision and
the working tree, and the findings that lie on them.

Git says what changed (``git diff REF`` with no context lines, read by ``unidiff``);
factlint says what to report: a finding is kept when a line of its span, or of one of its
related places (a byline against its bio), changed. The rules always read the whole
article, and run before this filter; the result cache is unaffected.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from factlint.core.diagnostics import Diagnostic
from factlint.core.lines import LineIndex, diagnostic_lines
from factlint.core.results import FileResult
from factlint.engine.config import ConfigError

GIT_TIMEOUT = 60  # seconds for one git command


@dataclass(frozen=True)
class FileChanges:
    """What changed in one file: all of it (new since the revision), or these lines."""

    whole: bool = False
    lines: frozenset[int] = frozenset()

    def keeps(self, diagnostic: Diagnostic, index: LineIndex | None) -> bool:
        """Whether ``diagnostic`` lies on a changed line: its span, or a related place."""
        if self.whole:
            return True
        lines = set(diagnostic_lines(diagnostic))
        for position, related in diagnostic.related:
            if index is not None:
                lines.update(index.span_lines(related.offset, related.length))
            else:
                lines.add(position.line)
        return not self.lines.isdisjoint(lines)


@dataclass
class ChangedLines:
    """The changes of a git work tree since ``ref``, by path relative to ``root``."""

    ref: str
    root: Path
    files: dict[str, FileChanges] = field(default_factory=dict)

    def relative(self, path: Path) -> str | None:
        """``path`` relative to the work tree's top (POSIX), or None when outside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    def of(self, path: Path) -> FileChanges | None:
        """The changes of the file at ``path``; None when it did not change."""
        relative = self.relative(path)
        return None if relative is None else self.files.get(relative)

    def filter(self, result: FileResult) -> FileResult:
        """``result`` with only the findings on changed lines (in place)."""
        changes = self.of(Path(result.path))
        if changes is None:
            result.diagnostics = []
        elif not changes.whole and result.diagnostics:
            index = LineIndex(result.text) if result.text is not None else None
            result.diagnostics = [d for d in result.diagnostics if changes.keeps(d, index)]
        return result


def changed_lines(ref: str, cwd: Path | None = None) -> ChangedLines:
    """What changed in the git work tree around ``cwd`` since the revision ``ref``.
    Raises :class:`ConfigError` outside a work tree or for a revision git does not know."""
    where = cwd or Path.cwd()
    root = repository_root(where)
    if root is None:
        raise ConfigError(f"--changed-since: {where} is not inside a git work tree")
    if not ref or ref.startswith("-"):
        raise ConfigError(f"--changed-since: {ref!r} is not a git revision")
    known = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if known.returncode != 0:
        raise ConfigError(f"--changed-since: unknown git revision {ref!r} in {root}")
    changes = ChangedLines(ref, root)
    diff = _git(
        root,
        "diff",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--unified=0",
        "--find-renames",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        ref,
        "--",
    )
    if diff.returncode != 0:
        raise ConfigError(f"--changed-since: git diff {ref} failed: {_first_line(diff.stderr)}")
    changes.files.update(parse_diff(diff.stdout))
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    for name in untracked.stdout.split("\0"):
        if name:
            changes.files[name] = FileChanges(whole=True)
    return changes


def parse_diff(diff: str) -> dict[str, FileChanges]:
    """The added or modified lines (numbered in the new file) of each file of a unified
    diff; a file added by it counts whole, a removed one not at all."""
    from unidiff import PatchSet  # only when --changed-since is given

    files: dict[str, FileChanges] = {}
    for patched in PatchSet(diff):
        if patched.is_removed_file or patched.is_binary_file:
            continue
        path = patched.target_file.removeprefix("b/")
        if patched.is_added_file:
            files[path] = FileChanges(whole=True)
            continue
        lines = frozenset(
            line.target_line_no
            for hunk in patched
            for line in hunk
            if line.is_added and line.target_line_no is not None
        )
        if lines:
            files[path] = FileChanges(lines=lines)
    return files


def repository_root(cwd: Path | None = None) -> Path | None:
    """The top folder of the git work tree around ``cwd``; None outside one (or without
    git)."""
    try:
        top = _git(cwd or Path.cwd(), "rev-parse", "--show-toplevel")
    except ConfigError:
        return None
    if top.returncode != 0 or not top.stdout.strip():
        return None
    return Path(top.stdout.strip()).resolve()


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise ConfigError("--changed-since needs git, and git is not installed") from None
    except subprocess.TimeoutExpired:
        raise ConfigError(f"--changed-since: git {args[0]} took over {GIT_TIMEOUT} s") from None


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or ["no message"])[0]
