"""Which files are not articles: the default exclude list and gitignore-style patterns.

Patterns have gitignore semantics (``pathspec``'s ``GitIgnoreSpec``) and are relative to
a base folder: the config file's folder for ``exclude``/``extend-exclude``, the folder of
the ``.gitignore`` for its lines. pathspec matches them with RE2 (``google-re2``, its
``re2`` extra), in time linear in the path: a pattern of many stars (``*a*a*a*...*b``)
cannot make a folder walk hang, as it would with backtracking regular expressions. A
list RE2 cannot hold (some thousands of patterns, or a construct it lacks) is matched
with Python's ``re`` instead, and then a pattern of more than :data:`TAME_STARS` runs
of stars is refused.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

# Files every repository has that are not articles, matched in any case, bare or with any
# extension (README, readme.md, License.txt, CHANGELOG.markdown ...); a folder of one of
# these names is not excluded (a desk may keep its articles in security/).
NON_ARTICLE_NAMES = (
    "AUTHORS",
    "CHANGELOG",
    "CODEOWNERS",
    "CODE_OF_CONDUCT",
    "CONTRIBUTING",
    "CONTRIBUTORS",
    "COPYING",
    "LICENCE",
    "LICENSE",
    "MAINTAINERS",
    "NOTICE",
    "README",
    "SECURITY",
)
# Other files and folders that hold no articles: pip's requirement lists, hidden files
# and folders (.github/, .venv/ ...), installed packages and build output.
OTHER_EXCLUDES = (
    "requirements*.txt",
    ".*",
    "node_modules/",
    "venv/",
    "site-packages/",
    "__pypackages__/",
    "_build/",
    "_site/",
    "build/",
    "dist/",
)


def any_case(name: str) -> str:
    """A glob matching ``name`` in any case: ``ab`` -> ``[Aa][Bb]``."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in name)


def _name_globs(name: str) -> tuple[str, ...]:
    """The file ``name`` bare or with an extension, in any case, but not a folder."""
    glob = any_case(name)
    return glob, f"{glob}.*", f"!{glob}/", f"!{glob}.*/"


DEFAULT_EXCLUDE: tuple[str, ...] = (
    *(glob for name in NON_ARTICLE_NAMES for glob in _name_globs(name)),
    *OTHER_EXCLUDES,
)


class PatternError(ValueError):
    """A pattern that is not a valid gitignore pattern."""


@dataclass(frozen=True)
class Patterns:
    """Gitignore-style patterns relative to ``base`` (an absolute, resolved folder)."""

    base: Path
    spec: pathspec.GitIgnoreSpec

    @classmethod
    def parse(cls, lines: Iterable[str], base: Path) -> Patterns:
        import pathspec  # ~10 ms: loaded when a folder is searched or excludes are applied

        lines = list(lines)
        try:
            try:  # RE2 where installed: time linear in the path, whatever the patterns
                spec = pathspec.GitIgnoreSpec.from_lines(lines)
            except _re2_error():  # more patterns than one RE2 set holds, or "[[:alpha:]]"
                if not all(map(tame, lines)):
                    raise PatternError(_WILD) from None
                spec = pathspec.GitIgnoreSpec.from_lines(lines, backend="simple")
        except (ValueError, re.error) as exc:  # pathspec's, or its regex's ("[z-a]")
            raise PatternError(str(exc)) from None
        return cls(base.resolve(), spec)

    def verdict(self, path: Path, is_dir: bool) -> bool | None:
        """True when a pattern excludes ``path``, False when a negation (``!``) takes it
        back, None when no pattern matches or ``path`` is not under ``base``."""
        relative = self.relative(path)
        if relative is None:
            return None
        return self._verdict(relative, is_dir)

    def excludes(self, path: Path, is_dir: bool = False) -> bool:
        """Whether ``path`` or a folder it is in (below ``base``) is excluded. A path
        outside ``base`` is matched by its name alone."""
        relative = self.relative(path) or PurePosixPath(absolute(path).name)
        folders = [p for p in reversed(relative.parents) if p.name]
        return any(self._verdict(folder, True) for folder in folders) or bool(
            self._verdict(relative, is_dir)
        )

    def relative(self, path: Path) -> PurePosixPath | None:
        try:
            return PurePosixPath(absolute(path).relative_to(self.base).as_posix())
        except ValueError:
            return None

    def _verdict(self, relative: PurePosixPath, is_dir: bool) -> bool | None:
        if not relative.name:
            return None
        return self.spec.check_file(f"{relative}/" if is_dir else str(relative)).include


# Without RE2, a pattern's stars backtrack: matching costs up to the path's length to the
# power of their number. Past this many, such a pattern is refused rather than matched.
TAME_STARS = 3
_STARS = re.compile(r"\*+")
_WILD = f"a pattern with more than {TAME_STARS} runs of * in a list too long for RE2"


def tame(line: str) -> bool:
    """Whether ``line`` is cheap to match even without RE2."""
    return len(_STARS.findall(line)) <= TAME_STARS


def _re2_error() -> type[Exception]:
    """RE2's error: a pattern it cannot match ("[[:alpha:]]"), met once one is refused."""
    try:
        import re2
    except ImportError:
        return ValueError
    error: type[Exception] = re2.error
    return error


def absolute(path: Path) -> Path:
    """``path`` made absolute, the symbolic links of its folders resolved (its own name
    is kept: a pattern matches a link by the link's name, as git does)."""
    if path.name in ("", ".."):
        return path.resolve()
    return _resolved(os.getcwd(), path.parent) / path.name


@lru_cache(maxsize=4096)
def _resolved(cwd: str, folder: Path) -> Path:  # relative folders depend on the cwd
    return folder.resolve()
