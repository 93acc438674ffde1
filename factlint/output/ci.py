"""What the reports for CI systems share (SARIF, reviewdog's rdjson, GitLab's Code
Quality): fixes described in words, paths relative to the repository, fixes as line and
column ranges, and fingerprints that follow a finding from one push to the next."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from factlint import __version__
from factlint.core.diagnostics import Fix, Position
from factlint.core.lines import LineIndex, diagnostic_lines
from factlint.core.results import FileResult

TOOL_NAME = "factlint"
TOOL_VERSION = __version__
INFORMATION_URI = "https://pypi.org/project/factlint/"
FINGERPRINT_KEY = "factlintLineHash/v1"  # SARIF partialFingerprints: the key names the recipe


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


def fingerprints(result: FileResult, path: str, index: LineIndex | None = None) -> list[str]:
    """One fingerprint per diagnostic of ``result``, in order: a hash of ``path`` (the
    file's, relative to the repository), the code, the text of the lines its span covers
    (white space collapsed) and how many diagnostics of the same code on the same text
    came before it. Not the line number: a paragraph inserted above leaves it as it was;
    editing the finding's own line changes it. ``index``: the text's, when the caller
    has one already."""
    if index is None and result.text is not None:
        index = LineIndex(result.text)
    seen: Counter[tuple[str, str]] = Counter()
    prints = []
    for d in result.diagnostics:
        if index is not None:
            lines = " ".join(index.line_text(n) for n in diagnostic_lines(d))
        else:
            lines = d.message  # no text at hand: the message stands for it
        key = (d.code, " ".join(lines.split()))
        occurrence = seen[key]
        seen[key] += 1
        parts = (path, *key, str(occurrence))
        prints.append(hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32])
    return prints
