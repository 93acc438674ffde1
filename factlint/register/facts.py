"""The fact register: what the desk knows about people, organisations and figures.

A YAML file named by ``facts:`` in the config (its format: ``docs/register.md``):

- ``people``: ``name`` (canonical), ``aliases``, ``roles`` (``title``, ``organisation``,
  ``start``, ``end``; a role without ``end`` is held still);
- ``organisations``: ``name`` (canonical), ``abbreviations`` (accepted short forms),
  ``variants`` (forms seen in copy that the desk corrects);
- ``figures``: ``what``, ``value``, ``unit``, ``source``, ``as-of``, and ``context`` (words
  that must share the sentence for a number of that unit to be this figure).

A malformed register is a :class:`FactsError` naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import regex

from factlint.core.errors import InputError
from factlint.core.settings_schema import Place, Schema
from factlint.core.yamlfile import as_date, load_with_lines


def _schema(kind: str, *keys: str) -> Schema:
    return Schema(keys, {}, unknown=f"unknown {kind} key ({{known}})", sort=True, lined=True)


_SCHEMAS = {
    "register": _schema("register", "people", "organisations", "organizations", "figures"),
    "person": _schema("person", "name", "aliases", "roles", "note"),
    "role": _schema("role", "title", "organisation", "organization", "start", "end"),
    "organisation": _schema("organisation", "name", "abbreviations", "variants", "note"),
    "figure": _schema("figure", "what", "value", "unit", "source", "as-of", "context"),
}


class FactsError(InputError):
    """A register that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Role:
    title: str
    organisation: str
    start: dt.date | None
    end: dt.date | None  # None: held still

    def held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def span(self) -> str:
        start = self.start.isoformat() if self.start else "?"
        return f"{start} to {self.end.isoformat() if self.end else 'now'}"


@dataclass(frozen=True)
class KnownPerson:
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Organisation:
    name: str
    abbreviations: tuple[str, ...]
    variants: tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    what: str
    value: float
    unit: str
    source: str
    as_of: dt.date | None
    context: tuple[str, ...]


@dataclass(frozen=True)
class Register:
    path: Path
    people: tuple[KnownPerson, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    figures: tuple[Figure, ...] = ()
    titles: frozenset[str] = field(default_factory=frozenset)  # every role title, lower case

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Every word of the register's names: never a misspelling."""
        names = [n for p in self.people for n in p.names]
        names += [n for o in self.organisations for n in (o.name, *o.abbreviations)]
        return frozenset(w for n in names for w in regex.findall(r"[\p{L}'’-]+", n))


def load_register(path: Path) -> Register:
    """Read and check a register, once per file version."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise FactsError(f"facts {path}: cannot read: {exc.strerror or exc}") from None
    return _load(path, stamp)


@cache
def _load(path: Path, stamp: int) -> Register:
    data = load_with_lines(path, "facts", FactsError)
    if data is None:
        return Register(path)
    where = f"facts {path}"
    if not isinstance(data, dict):
        raise FactsError(f"{where}: expected a mapping with people, organisations or figures")
    _known(data, "register", where)
    people = tuple(_person(item, where) for item in _list(data, "people", where))
    organisations = tuple(
        _organisation(item, where)
        for item in _list(data, "organisations", where) + _list(data, "organizations", where)
    )
    figures = tuple(_figure(item, where) for item in _list(data, "figures", where))
    titles = frozenset(role.title.lower() for person in people for role in person.roles)
    return Register(path, people, organisations, figures, titles)


def _at(where: str, item: dict) -> Place:
    """Where ``item`` is: the register (``where``) and the line it starts on."""
    return Place(where).of(item)


def _list(data: dict, key: str, where: str) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise FactsError(f"{_at(where, data)}: {key} must be a list")
    return value


def _known(item: Any, kind: str, where: str) -> None:
    if not isinstance(item, dict):
        raise FactsError(f"{where}: each {kind} is a mapping")
    _SCHEMAS[kind].refuse_unknown(item, _at(where, item), FactsError)


def _text(item: dict, key: str, where: str, kind: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FactsError(f"{_at(where, item)}: a {kind} needs {key}: (text)")
    return value.strip()


def _texts(item: dict, key: str, where: str) -> tuple[str, ...]:
    value = item.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FactsError(f"{_at(where, item)}: {key} must be a list of text")
    return tuple(v.strip() for v in value if v.strip())


def _date(item: dict, key: str, where: str) -> dt.date | None:
    value = item.get(key)
    if value is None:
        return None
    try:
        day = as_date(value)
    except ValueError:
        raise FactsError(f"{_at(where, item)}: {key}: no such date") from None
    if day is None:
        raise FactsError(f"{_at(where, item)}: {key}: not a date (YYYY-MM-DD)")
    return day


def _person(item: Any, where: str) -> KnownPerson:
    _known(item, "person", where)
    roles = []
    for role in _list(item, "roles", where):
        _known(role, "role", where)
        start, end = _date(role, "start", where), _date(role, "end", where)
        if start and end and end < start:
            raise FactsError(f"{_at(where, role)}: the role ends before it starts")
        organisation = role.get("organisation") or role.get("organization") or ""
        if not isinstance(organisation, str):
            raise FactsError(f"{_at(where, role)}: organisation must be text")
        roles.append(Role(_text(role, "title", where, "role"), organisation, start, end))
    return KnownPerson(
        _text(item, "name", where, "person"), _texts(item, "aliases", where), tuple(roles)
    )


def _organisation(item: Any, where: str) -> Organisation:
    _known(item, "organisation", where)
    return Organisation(
        _text(item, "name", where, "organisation"),
        _texts(item, "abbreviations", where),
        _texts(item, "variants", where),
    )


def _finite(value: int | float) -> bool:
    try:
        return math.isfinite(value)  # a whole number past a float's range overflows
    except OverflowError:
        return False


def _figure(item: Any, where: str) -> Figure:
    _known(item, "figure", where)
    value = item.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FactsError(f"{_at(where, item)}: a figure needs value: (a number)")
    if not _finite(value):
        raise FactsError(f"{_at(where, item)}: value: not a finite number")
    if not isinstance(item.get("source") or "", str):
        raise FactsError(f"{_at(where, item)}: source must be text")
    return Figure(
        _text(item, "what", where, "figure"),
        float(value),
        _text(item, "unit", where, "figure"),
        str(item.get("source") or ""),
        _date(item, "as-of", where),
        _texts(item, "context", where),
    )
