"""Which files a command checks: the paths named, folders searched for articles.

A folder is searched for ``*.txt``, ``*.md`` and ``*.markdown``, leaving out hidden files
and folders, what the config's ``exclude``/``extend-exclude`` name and, unless told not
to, what ``.gitignore`` files ignore. A file named on the command line is checked unless
``--force-exclude`` is given and the excludes name it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from factlint.article import loader
from factlint.core.errors import InputError
from factlint.core.safefile import read_regular
from factlint.engine.config import ConfigError, Resolver
from factlint.engine.exclude import PatternError, Patterns, absolute, tame
from factlint.output.sheets import Target

NO_ARTICLES = "no articles (*.txt, *.md, *.markdown) in this folder"


@dataclass
class Selection:
    """How folders are searched, and whether the excludes apply to the paths named."""

    resolver: Resolver = field(default_factory=Resolver)
    respect_gitignore: bool = True
    force_exclude: bool = False
    stdin_filename: str | None = None  # what `-` stands for, with --force-exclude

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        """Whether the config that governs ``path`` excludes it (a config that cannot be
        read excludes nothing: its files report its error)."""
        try:
            return self.resolver.for_file(path).excludes(path, is_dir)
        except ConfigError:
            return False


def targets(
    paths: Sequence[str],
    selection: Selection | None = None,
    counted: Callable[[int], None] | None = None,
) -> Iterator[Target]:
    """What to check: ``(display name, path or None for stdin, error or None)``.

    Folders recurse into articles; a file is checked once however often it is named.
    ``counted`` is told how many each path named gives, before they are given (a folder
    is searched when the first of its files is asked for).
    """
    selection = selection or Selection()
    seen: set[Path] = set()
    for target in paths or ["."]:
        count, found = _expand(target, selection)
        if counted is not None:
            counted(count)
        for display, path, error in found:
            key = _identity(path if path is not None else Path(display))
            if display == "-" or key not in seen:
                seen.add(key)
                yield display, path, error


def _identity(path: Path) -> Path:
    """What tells one file from another however it is named (a loop of links: itself)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a loop, before 3.13
        return path.absolute()


def _expand(target: str, selection: Selection) -> tuple[int, Iterable[Target]]:
    """How many targets a path named gives, and those targets."""
    if target == "-":
        name = selection.stdin_filename
        if selection.force_exclude and name and selection.excluded(Path(name)):
            return 0, ()
        return 1, [(target, None, None)]
    path = Path(target)
    problem = _missing(path)
    if problem is not None:
        return 1, [(target, None, problem)]
    if selection.force_exclude and selection.excluded(path, path.is_dir()):
        return 0, ()
    if not path.is_dir():
        return 1, [(target, path, None)]
    found = discover(path, selection)
    if not found:
        return 1, [(target, None, NO_ARTICLES)]
    return len(found), (
        (str(file), None, problem) if problem else (str(file), file, None)
        for file, problem in found
    )


def _missing(path: Path) -> str | None:
    """Why nothing can be read at ``path`` (missing, a loop of links), or None."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return "no such file or directory"
    except OSError as exc:
        return f"cannot read: {exc.strerror or type(exc).__name__}"
    except ValueError:  # a NUL in the name
        return "no such file or directory"
    return None


def discover(folder: Path, selection: Selection) -> list[tuple[Path, str | None]]:
    """The articles under ``folder`` that the excludes and ``.gitignore`` files leave in,
    each with None; and the entries that could not be searched or followed, with why."""
    ignored = GitIgnored(folder) if selection.respect_gitignore else None

    def skip(path: Path, is_dir: bool) -> bool:
        return selection.excluded(path, is_dir) or (ignored is not None and ignored(path, is_dir))

    return loader.walk(folder, skip, _note)


def _note(path: Path, why: str) -> None:
    """An entry a folder walk passes over (a FIFO, device or socket, a symbolic link
    that leads out of the folder), with a note."""
    print(f"{path}: note: {why}", file=sys.stderr)


class GitIgnored:
    """What git ignores in a folder walk: the ``.gitignore`` files from the repository's
    top (or, outside a repository, the walk's top) down, and ``.git/info/exclude``."""

    def __init__(self, top: Path) -> None:
        top = top.resolve()
        self._repository = repository_root(top)
        self._top = self._repository or top
        self._chains: dict[Path, tuple[Patterns, ...]] = {}

    def __call__(self, path: Path, is_dir: bool) -> bool:
        """Whether the nearest ignore file with a pattern for ``path`` ignores it."""
        for patterns in reversed(self._chain(absolute(path).parent)):
            verdict = patterns.verdict(path, is_dir)
            if verdict is not None:
                return verdict
        return False

    def _chain(self, folder: Path) -> tuple[Patterns, ...]:
        """The ignore files in force in ``folder``, outermost first."""
        if folder not in self._chains:
            above: tuple[Patterns, ...] = ()
            if folder == self._repository:
                above = _ignore_file(folder / ".git" / "info" / "exclude", folder)
            elif folder != self._top and folder.parent != folder:
                above = self._chain(folder.parent)
            self._chains[folder] = (*above, *_ignore_file(folder / ".gitignore", folder))
        return self._chains[folder]


def repository_root(folder: Path) -> Path | None:
    """The nearest folder at or above ``folder`` that holds a ``.git``."""
    return next((d for d in (folder, *folder.parents) if (d / ".git").exists()), None)


def _ignore_file(path: Path, base: Path) -> tuple[Patterns, ...]:
    """The patterns of a gitignore file (none when it is absent, unreadable or not a
    regular file); lines that are not valid patterns are passed over, as git does."""
    try:  # a FIFO or device named .gitignore is never read (nor waited for)
        lines = read_regular(path).decode("utf-8", errors="replace").splitlines()
    except InputError:
        return ()
    try:
        return (Patterns.parse(lines, base),)
    except PatternError:
        pass
    valid = [line for line in lines if _valid(line)]
    try:
        return (Patterns.parse(valid, base),)
    except PatternError:  # too many for RE2, and some too wild to match without it
        return (Patterns.parse([line for line in valid if tame(line)], base),)


def _valid(line: str) -> bool:
    """Whether ``line`` is a pattern at all (checked without RE2: a set per line is slow)."""
    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([line], backend="simple")
    except (ValueError, re.error):
        return False
    return True
