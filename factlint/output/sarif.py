"""SARIF 2.1.0 (OASIS), for GitHub code scanning and other SARIF viewers: one run, the
rules that can fire with their documentation, and a result per finding with its region,
related places, fix and a fingerprint that survives edits elsewhere in the article."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from factlint.core.codes import FAMILIES
from factlint.core.diagnostics import Diagnostic, Position, Severity
from factlint.core.fingerprints import FINGERPRINT_KEY, fingerprints
from factlint.core.lines import LineIndex
from factlint.core.results import FileResult
from factlint.output.ci import (
    TOOL_NAME,
    TOOL_VERSION,
    describe_fix,
    fix_range,
    repository_path,
)
from factlint.output.reporters import Reporter
from factlint.rules import Rule

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
ROOT_ID = "SRCROOT"  # the uriBaseId of every path: the repository's top folder
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_EXAMPLE = re.compile(r"^(Bad|Good)\b[^\n]*:", re.MULTILINE)


class SarifReporter(Reporter):
    """The SARIF log, written once at the end (``rules``: every rule that can fire;
    ``root``: the folder paths are relative to)."""

    reads_text = True

    def __init__(
        self,
        out: TextIO,
        err: TextIO,
        on_finish: Callable[[], None] | None = None,
        rules: Sequence[Rule] = (),
        root: Path | None = None,
    ) -> None:
        super().__init__(out, err, on_finish=on_finish)
        self.root = (root or Path.cwd()).resolve()
        self.rule_index: dict[str, int] = {}
        self.descriptors: list[dict[str, Any]] = []
        for rule in rules:
            self._describe(rule.code, rule.name, rule)

    def begin(self) -> None:
        self.results: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []

    def file(self, result: FileResult) -> None:
        super().file(result)
        location = self._artifact(result.path)
        if result.error is not None:
            self.notifications.append(
                {
                    "level": "error",
                    "message": {"text": result.error},
                    "locations": [{"physicalLocation": {"artifactLocation": location}}],
                }
            )
        index = LineIndex(result.text) if result.text is not None else None
        prints = fingerprints(result, location["uri"], index)
        for d, fingerprint in zip(result.diagnostics, prints, strict=True):
            self.results.append(self._result(d, location, index, fingerprint))

    def end(self) -> None:
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": TOOL_NAME,
                    "version": TOOL_VERSION,
                    "rules": self.descriptors,
                }
            },
            "originalUriBaseIds": {
                ROOT_ID: {
                    "uri": self.root.as_uri().rstrip("/") + "/",
                    "description": {"text": "The repository's top folder."},
                }
            },
            "columnKind": "unicodeCodePoints",
            "invocations": [
                {
                    "executionSuccessful": not self.notifications,
                    "toolExecutionNotifications": self.notifications,
                }
            ],
            "results": self.results,
        }
        log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
        json.dump(log, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")

    # --- pieces ---------------------------------------------------------------------

    def _artifact(self, path: str) -> dict[str, Any]:
        """The file's location: a URI relative to the repository's top (percent-encoded,
        so ``%``, ``:`` or a space in a name stay part of it); outside it, a file URI."""
        relative = repository_path(path, self.root)
        if relative is not None:
            return {"uri": quote(relative, safe="/"), "uriBaseId": ROOT_ID}
        if path == "-":
            return {"uri": "stdin"}
        return {"uri": Path(path).resolve().as_uri()}

    def _result(
        self, d: Diagnostic, location: dict, index: LineIndex | None, fingerprint: str
    ) -> dict[str, Any]:
        result: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": self._describe(d.code, d.name),
            "level": LEVELS[d.severity],
            "message": {"text": d.message},
            "locations": [_location(location, _region(d.start, d.end))],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        }
        related = []
        for number, (position, place) in enumerate(d.related, start=1):
            end = index.position(place.offset + place.length) if index is not None else None
            related.append(
                {
                    "id": number,
                    **_location(location, _region(position, end)),
                    "message": {"text": place.message},
                }
            )
        if related:
            result["relatedLocations"] = related
        if d.fix is not None and index is not None:
            start, end = fix_range(d.fix, index)
            text = index.text
            change = {
                "artifactLocation": location,
                "replacements": [
                    {
                        "deletedRegion": _region(start, end),
                        "insertedContent": {"text": d.fix.replacement},
                    }
                ],
            }
            result["fixes"] = [
                {"description": {"text": describe_fix(d.fix, text)}, "artifactChanges": [change]}
            ]
        return result

    def _describe(self, code: str, name: str, rule: Rule | None = None) -> int:
        """The index of ``code``'s descriptor among the driver's rules (added if new)."""
        if code in self.rule_index:
            return self.rule_index[code]
        self.rule_index[code] = len(self.descriptors)
        self.descriptors.append(_descriptor(code, name, rule))
        return self.rule_index[code]


def _descriptor(code: str, name: str, rule: Rule | None) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"id": code, "name": name}
    if rule is None:
        return descriptor
    doc = inspect.cleandoc(rule.doc)
    examples = _EXAMPLE.search(doc)
    explanation = (doc[: examples.start()] if examples else doc).strip()
    descriptor.update(
        shortDescription={"text": rule.summary or name},
        fullDescription={"text": explanation or rule.summary or name},
        help={"text": doc or name},
        defaultConfiguration={
            "level": LEVELS[rule.severity],
            "enabled": rule.enabled_by_default,
        },
        properties={"tags": [FAMILIES.get(code[:2], "style packs")]},
    )
    return descriptor


def _region(start: Position, end: Position | None) -> dict[str, int]:
    region = {"startLine": start.line, "startColumn": start.column}
    if end is not None:
        region.update(endLine=end.line, endColumn=end.column)
    return region


def _location(artifact: dict, region: dict) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}
