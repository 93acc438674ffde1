"""YAML files whose errors name a line: style packs and the fact register."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from factlint.core.errors import InputError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 5x faster


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader that keeps each mapping's line (1-based) under ``__line__``."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def load_with_lines(path: Path, what: str, error: type[InputError]) -> Any:
    """Parse ``path``; every mapping carries its line under ``__line__``. Unreadable or
    invalid YAML raises ``error`` naming ``what``, the file and the line."""
    return parse_with_lines(read_text(path, what, error), path, what, error)


def read_text(path: Path, what: str, error: type[InputError]) -> str:
    """The text of ``path``; an unreadable file raises ``error`` naming ``what``."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{what} {path}: cannot read: {exc}") from None


def parse_with_lines(text: str, path: Path, what: str, error: type[InputError]) -> Any:
    """Parse ``text``, read from ``path``, as :func:`load_with_lines` does."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise error(f"{what} {where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
