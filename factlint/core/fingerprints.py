"""Fingerprints that follow a finding from one run to the next: SARIF's
``partialFingerprints``, GitLab's ``fingerprint`` and the entries of a baseline
(``factlint check --write-baseline``) are all made here, by one recipe."""

from __future__ import annotations

import hashlib
from collections import Counter

from factlint.core.lines import LineIndex, diagnostic_lines
from factlint.core.results import FileResult

FINGERPRINT_KEY = "factlintLineHash/v1"  # the recipe's name (SARIF partialFingerprints key)


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
