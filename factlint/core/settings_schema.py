"""What the YAML readers (the config, rule packs, the fact register) check alike: the
keys a mapping may have, the type of each value, and the one form of the error that says
what is wrong: the file, the line where known, the keys above it, then the problem
(``config .factlint.yaml:4: severity: QT001: unknown severity``).

A value is never quoted in an error: a file may hold anything (a token pasted in the
wrong place); the key and the type it needs say what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from factlint.core.errors import InputError
from factlint.core.yamlfile import LinedDict

LINE_KEY = "__line__"  # where packs and registers keep a mapping's line


class FieldType(NamedTuple):
    """A type a setting may need: the test, and its name in an error (``true or false``)."""

    valid: Callable[[Any], bool]
    name: str


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


TEXT = FieldType(lambda value: isinstance(value, str), "text")
TEXTS = FieldType(_is_texts, "a list of text")  # each item non-empty
ANY_TEXTS = FieldType(
    lambda value: isinstance(value, list) and all(isinstance(v, str) for v in value),
    "a list of text",
)
TEXT_OR_TEXTS = FieldType(lambda v: isinstance(v, str) or _is_texts(v), "text or a list of text")
FLAG = FieldType(lambda value: isinstance(value, bool), "true or false")
WHOLE = FieldType(_is_whole, "a whole number")
NUMBER = FieldType(
    lambda value: isinstance(value, (int, float)) and not isinstance(value, bool), "a number"
)
TYPE_OF_DEFAULT = {str: TEXT, bool: FLAG, int: WHOLE, float: NUMBER}  # an option's, by default


def bounded(
    kind: FieldType,
    at_least: float | None = None,
    above: float | None = None,
    below: float | None = None,
) -> FieldType:
    """``kind`` within a range (``at_least`` and ``above`` the low end, ``below`` the high
    one, never reached); named as ``kind`` is: the error says the range in its own words."""

    def valid(value: Any) -> bool:
        return (
            kind.valid(value)
            and (at_least is None or value >= at_least)
            and (above is None or value > above)
            and (below is None or value < below)
        )

    return FieldType(valid, kind.name)


@dataclass(frozen=True)
class Place:
    """Where a setting is, for errors: the file (``config x.yaml``, ``pack y.yaml``), the
    line (YAML gives lines, TOML does not) and the keys above it (``severity: QT001``)."""

    file: str
    line: int | None = None
    keys: tuple[str, ...] = ()

    def line_of(self, table: Mapping[Any, Any], key: Any) -> Place:
        """This place, at the line of ``key`` in ``table`` when the parser kept it."""
        line = table.line_of(key) if isinstance(table, LinedDict) else self.line
        return replace(self, line=line)

    def of(self, table: Mapping[Any, Any]) -> Place:
        """This place, at the line where ``table`` starts (a pack's or register's)."""
        line = table.get(LINE_KEY) if isinstance(table, Mapping) else None
        return replace(self, line=line if isinstance(line, int) else self.line)

    def at(self, table: Mapping[Any, Any], key: Any, label: str | None = None) -> Place:
        """The place of ``key`` in ``table``, named ``label`` (a key factlint knows)."""
        inner = self.line_of(table, key)
        return replace(inner, keys=(*self.keys, str(key) if label is None else label))

    def under(self, label: str) -> Place:
        """This place, with ``label`` after it (``rule ST101``)."""
        return replace(self, keys=(*self.keys, label))

    def __str__(self) -> str:
        return ": ".join((f"{self.file}:{self.line}" if self.line else self.file, *self.keys))


def which(table: Mapping[Any, Any], key: Any) -> str:
    """Which key of ``table`` is meant, when the parser kept no lines (TOML): " (key 3)".
    The key itself is never quoted: a file may hold anything (a secret read by mistake)."""
    if isinstance(table, LinedDict):
        return ""
    return f" (key {list(table).index(key) + 1})"


@dataclass(frozen=True)
class Schema:
    """The keys one kind of mapping may have, and the type of those that need one.

    ``unknown`` is how an unknown key is said, after its place: ``{which}`` says which key
    where the file gives no lines, ``{known}`` lists the keys (sorted when ``sort``).
    ``lined``: the mapping keeps its line under :data:`LINE_KEY` (packs, registers)."""

    keys: tuple[str, ...]
    types: Mapping[str, FieldType]
    unknown: str = "unknown key{which} (known keys: {known})"
    sort: bool = False
    lined: bool = False

    def check(self, table: Mapping[Any, Any], place: Place, error: type[InputError]) -> None:
        """Every key of ``table`` known and of its type, or ``error`` says the first that
        is not, at ``place``."""
        self.refuse_unknown(table, place, error)
        check_types(table, self.types, place, error)

    def refuse_unknown(
        self, table: Mapping[Any, Any], place: Place, error: type[InputError]
    ) -> None:
        """Every key of ``table`` known, or ``error`` says the first that is not."""
        for key in table:
            self.refuse_key(table, key, place, error)

    def refuse_key(
        self, table: Mapping[Any, Any], key: Any, place: Place, error: type[InputError]
    ) -> None:
        """``key`` of ``table`` known, or ``error`` says it is not (never quoting it)."""
        if key in self.keys or (self.lined and key == LINE_KEY):
            return
        known = ", ".join(sorted(self.keys) if self.sort else self.keys)
        said = self.unknown.format(which=which(table, key), known=known)
        raise error(f"{place.line_of(table, key)}: {said}")


def check_types(
    table: Mapping[Any, Any],
    types: Mapping[str, FieldType],
    place: Place,
    error: type[InputError],
) -> None:
    """Each value of ``table`` that ``types`` knows is of its type, or ``error`` names the
    key and the type (never the value)."""
    for key, (valid, name) in types.items():
        if key in table and not valid(table[key]):
            raise error(f"{place}: {key} must be {name}")


def one_of(value: Any, allowed: Iterable[Any], place: Place, error: type[InputError]) -> Any:
    """``value`` when it is one of ``allowed``, else ``error`` lists them."""
    allowed = tuple(allowed)
    if value not in allowed:
        raise error(f"{place}: must be one of {', '.join(map(str, allowed))}")
    return value
