"""An article's YAML front matter: its mapping (dates checked), where each top-level key
is written, and where the front matter ends."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from factlint.core.errors import InputError
from factlint.core.yamlfile import LinedDict, YamlProblem, as_date, safe_load


@dataclass
class FrontMatter:
    data: dict[str, Any]
    start: int
    end: int
    key_offsets: dict[str, int]


_FRONT_MATTER_END = regex.compile(r"^(?:---|\.\.\.)[ \t]*$", regex.M)
_TOP_KEY = regex.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", regex.M)


def read_front_matter(text: str) -> tuple[FrontMatter | None, int]:
    """The front matter of normalised ``text`` (None when it has none) and where the body
    starts after it; malformed front matter is an :class:`InputError`."""
    if not regex.match(r"---[ \t]*\n", text):
        return None, 0
    first_newline = text.index("\n")
    closing = _FRONT_MATTER_END.search(text, first_newline + 1)
    if closing is None:
        raise InputError("malformed front matter: the opening '---' line is never closed")
    yaml_text = text[first_newline + 1 : closing.start()]
    data = _front_matter_data(yaml_text)
    end = closing.end()
    body_start = min(len(text), end + 1)
    key_offsets = {
        match.group(1): first_newline + 1 + match.start() for match in _TOP_KEY.finditer(yaml_text)
    }
    return FrontMatter(data, 0, end, key_offsets), body_start


def front_matter_end(text: str) -> int:
    """Where the front matter of normalised ``text`` ends (its closing line's end), 0
    when it has none. Suppression comments are read only after it."""
    if not regex.match(r"---[ \t]*\n", text):
        return 0
    closing = _FRONT_MATTER_END.search(text, text.index("\n") + 1)
    return closing.end() if closing else 0


_DATE_KEYS = ("date", "published", "pubdate")


def _front_matter_data(yaml_text: str) -> dict[str, Any]:
    """The front matter's mapping, its dates checked (kept as dates, as YAML wrote them);
    hostile or malformed YAML is an :class:`InputError` naming the line."""
    try:
        data = safe_load(yaml_text) if yaml_text.strip() else {}
    except YamlProblem as exc:
        last_line = yaml_text.count("\n") + 1  # the front matter's last line in the file
        where = f"line {min(exc.line + 1, last_line)}: " if exc.line is not None else ""
        raise InputError(f"malformed front matter: {where}{exc.problem}") from None
    if not isinstance(data, dict):
        raise InputError("malformed front matter: expected 'key: value' lines (a mapping)")
    for key in _DATE_KEYS:
        try:
            written = as_date(data.get(key))
        except ValueError as exc:
            line = data.line_of(key) + 1 if isinstance(data, LinedDict) else None
            where = f"line {line}: " if line else ""
            problem = f"{where}{key}: no such date ({exc})"
            raise InputError(f"malformed front matter: {problem}") from None
        if written is not None:
            data[key] = written
    return data
