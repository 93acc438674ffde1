"""What the reports for CI systems share (SARIF, reviewdog's rdjson, GitLab's Code
Quality): fixes described in words, paths relative to the repository and fixes as line
and column ranges. Their fingerprints are :mod:`factlint.core.fingerprints`' (a baseline's
too)."""

from __future__ import annotations

import json
from pathlib import Path

from factlint import __version__
from factlint.core.diagnostics import Fix, Position
from factlint.core.lines import LineIndex

TOOL_NAME = "factlint"
TOOL_VERSION = __version__


def describe_fix(fix: Fix, text: str | None) -> str:
    """``replace "Mr. Matsuno" with "Matsuno" (safe)``, or ``delete``/``insert`` when one
    side is empty; ``text`` is the article the fix's offsets count in."""
    old = None if text is None else text[fix.offset : fix.offset + fix.length]
    new = json.dumps(fix.replacement, ensure_ascii=False)  # quoted, control characters escaped
    if old is None:
        change = f"replace with {new}"
    elif not fix.replacement:
        change = f"delete {json.dumps(old, ensure_ascii=False)}"
    elif not old:
        change = f"insert {new}"
    else:
        change = f"replace {json.dumps(old, ensure_ascii=False)} with {new}"
    return f"{change} ({'safe' if fix.safe else 'unsafe'})"


def repository_path(path: str, root: Path) -> str | None:
    """``path`` (as reported) relative to ``root``, with forward slashes; None when it
    lies outside ``root`` (or is standard input)."""
    if path == "-":
        return None
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return None


def fix_range(fix: Fix, index: LineIndex) -> tuple[Position, Position]:
    """Where a fix's span starts and ends (just past it), as lines and columns."""
    return index.position(fix.offset), index.position(fix.offset + fix.length)
