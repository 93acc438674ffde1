"""The Diagnostic type: what a rule found, where, and how bad the engine says it is.

Rules yield :class:`Finding` objects (a span, a message, an optional fix and related
places). The engine turns each into a :class:`Diagnostic` by adding the rule's code and
name, the severity that configuration gives it, and line/column positions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r} (expected error, warning or info)"
            ) from None


@dataclass(frozen=True)
class Fix:
    """Replace the text at ``offset`` .. ``offset + length`` with ``replacement``.

    ``safe`` fixes keep the meaning of the sentence; unsafe ones need an editor's eye.
    """

    replacement: str
    offset: int
    length: int
    safe: bool = False


@dataclass(frozen=True)
class Related:
    """Another place in the article that explains a finding (the other spelling...)."""

    offset: int
    length: int
    message: str


@dataclass(frozen=True)
class Finding:
    """What a rule yields: a span of the document's text and what is wrong with it."""

    offset: int
    length: int
    message: str
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    engine_rule: str | None = None  # the grammar engine's own rule, for GR and SP findings


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    offset: int
    length: int
    start: Position
    end: Position
    fix: Fix | None = None
    related: list[tuple[Position, Related]] = field(default_factory=list)
    engine_rule: str | None = None  # the grammar engine's own rule ("SpellCheck")
    fix_skipped: str | None = None  # --fix: why this safe fix was not applied (its check)

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.offset, self.length, self.code)

    def to_json(self, spans: bool = False) -> dict:
        """The diagnostic as JSON version 1 gives it. ``spans``: each related place's
        ``offset`` and ``length`` too, all that :meth:`from_json` needs to rebuild it."""
        fix = None
        if self.fix is not None:
            fix = {
                "replacement": self.fix.replacement,
                "offset": self.fix.offset,
                "length": self.fix.length,
                "safe": self.fix.safe,
            }
        data = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.label,
            "message": self.message,
            "line": self.start.line,
            "column": self.start.column,
            "end_line": self.end.line,
            "end_column": self.end.column,
            "offset": self.offset,
            "length": self.length,
            "fix": fix,
            "related": [_related_json(pos, rel, spans) for pos, rel in self.related],
            **({"fix_skipped": self.fix_skipped} if self.fix_skipped is not None else {}),
        }
        if self.engine_rule is not None:
            data["engine_rule"] = self.engine_rule
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Diagnostic:
        """The diagnostic that ``to_json(spans=True)`` gave ``data``. Raises KeyError,
        TypeError or ValueError for anything else."""
        fix = data["fix"]
        return cls(
            code=data["code"],
            name=data["name"],
            severity=Severity.parse(data["severity"]),
            message=data["message"],
            offset=data["offset"],
            length=data["length"],
            start=Position(data["line"], data["column"]),
            end=Position(data["end_line"], data["end_column"]),
            fix=None if fix is None else Fix(**fix),
            related=[
                (Position(r["line"], r["column"]), Related(r["offset"], r["length"], r["message"]))
                for r in data["related"]
            ],
            engine_rule=data.get("engine_rule"),
            fix_skipped=data.get("fix_skipped"),
        )


def _related_json(position: Position, related: Related, spans: bool) -> dict:
    data: dict[str, Any] = {
        "line": position.line,
        "column": position.column,
        "message": related.message,
    }
    if spans:
        data.update(offset=related.offset, length=related.length)
    return data
