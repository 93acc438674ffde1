"""Which files a command checks: the paths named, folders searched for articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from factlint.article import loader
from factlint.output.sheets import Target


def targets(paths: list[str]) -> Iterator[Target]:
    """What to check: ``(display name, path or None for stdin, error or None)``.

    Folders recurse into articles; a file is checked once however often it is named.
    """
    seen: set[Path] = set()
    for target in paths or ["."]:
        if target == "-":
            yield target, None, None
            continue
        path = Path(target)
        if path.is_dir():
            files = loader.discover(path)
            if not files:
                yield target, None, "no articles (*.txt, *.md, *.markdown) in this folder"
        elif path.exists():
            files = [path]
        else:
            yield target, None, "no such file or directory"
            continue
        for file in files:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield str(file), file, None
