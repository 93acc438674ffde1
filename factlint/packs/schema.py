"""Rule packs: house style as data.

A pack is a YAML file of rules of a few generic kinds (after Vale's styles): existence,
substitution, occurrence, repetition, consistency, conditional and capitalization
(:data:`PackKind`; everything a kind means, from the keys it needs to what it matches,
is its class in :data:`factlint.packs.kinds.KINDS`). The packs factlint ships live in
``factlint/packs/shipped/``; a desk adds its own with ``pack-paths:`` in its config.
``factlint/packs/README.md`` documents the format. Each pack rule becomes an ordinary
:class:`~factlint.rules.Rule`, so selection, severity, suppression and output work as for
the Python rules.

A malformed pack is a :class:`PackError` naming the file and line. A pattern that takes
longer than :data:`~factlint.packs.kinds.MATCH_TIMEOUT` seconds on one article
(catastrophic backtracking in a user pack) raises
:class:`~factlint.packs.matching.PackTimeout` naming the pack and rule; the engine reports it
as the file's error and goes on with the other rules.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, get_args

import regex

from factlint.core.cachefile import load_or_build
from factlint.core.codes import CODE as _CODE
from factlint.core.codes import NAME as _NAME
from factlint.core.codes import PREFIX as _PREFIX
from factlint.core.codes import RESERVED_PREFIXES as _RESERVED_PREFIXES
from factlint.core.diagnostics import Severity
from factlint.core.installed import installed_version
from factlint.core.safefile import is_special
from factlint.core.settings_schema import (
    FLAG,
    TEXT,
    TEXT_OR_TEXTS,
    TEXTS,
    WHOLE,
    Place,
    Schema,
    bounded,
)
from factlint.core.settings_schema import check_types as _check_types
from factlint.core.yamlfile import LOADER_VERSION, parse_with_lines, read_text
from factlint.packs.kinds import KINDS
from factlint.packs.patterns import PatternMaker, PatternSource
from factlint.packs.rule import (
    DEFAULT_SCOPE,
    SCOPES,
    CapitalizationStyle,
    Pack,
    PackError,
    PackKind,
    PackRule,
    PackScope,
    Per,
)

__all__ = [
    "DEFAULT_SCOPE",
    "KIND_KEYS",
    "SCOPES",
    "CapitalizationStyle",
    "KindKeys",
    "Pack",
    "PackError",
    "PackKind",
    "PackRule",
    "PackScope",
    "PatternSource",
    "Per",
    "load_pack",
    "packs_in",
    "select_packs",
    "shipped_folder",
    "shipped_packs",
]


@dataclass(frozen=True)
class KindKeys:
    """What a rule of one kind needs: at least one of ``one_of``, and all of ``required``."""

    one_of: frozenset[str]
    required: frozenset[str] = frozenset()


# Every kind, in the order error messages list them (each kind's own: packs.kinds.KINDS).
KIND_KEYS: dict[PackKind, KindKeys] = {
    name: KindKeys(kind.one_of, kind.required) for name, kind in KINDS.items()
}
PACK_SUFFIXES = (".yaml", ".yml")
_COUNT = bounded(WHOLE, at_least=0)  # occurrence's max
PACK_DIALECTS = ("british", "american")
_PACK = Schema(
    ("pack", "description", "source", "link", "prefix", "default", "dialect", "rules"),
    {"pack": TEXT, "description": TEXT, "source": TEXT, "link": TEXT, "prefix": TEXT,
     "default": FLAG, "dialect": TEXT},
    unknown="unknown key (keys: {known})", sort=True, lined=True,
)  # fmt: skip
_RULE = Schema(
    ("code", "name", "kind", "message", "severity", "source", "link", "description", "scope",
     "tokens", "pattern", "ignorecase", "nonword", "exceptions", "swap", "safe", "max", "per",
     "either", "first", "second", "style", "defers-to", "examples", "default"),
    {"code": TEXT, "name": TEXT, "message": TEXT, "severity": TEXT,
     "source": TEXT, "link": TEXT, "description": TEXT, "scope": TEXT_OR_TEXTS,
     "tokens": TEXTS, "pattern": TEXT, "ignorecase": FLAG, "nonword": FLAG,
     "exceptions": TEXTS, "safe": FLAG, "max": WHOLE, "per": TEXT, "either": TEXTS,
     "first": TEXT, "second": TEXT, "style": TEXT, "defers-to": TEXTS, "default": FLAG},
    unknown="unknown key (keys: {known})", sort=True, lined=True,
)  # fmt: skip


# --- finding packs ------------------------------------------------------------------


def shipped_folder() -> Path:
    """The packs factlint ships: ``factlint/packs/shipped``."""
    return Path(str(resources.files("factlint").joinpath("packs", "shipped")))


@cache
def shipped_packs() -> tuple[Pack, ...]:
    return tuple(packs_in(shipped_folder()))


def packs_in(location: Path) -> list[Pack]:
    """The packs in a folder (every ``*.yaml``), or the one pack a file holds."""
    try:
        if location.is_file() or is_special(location):  # a FIFO or device: refused by name
            return [load_pack(location)]
        if not location.is_dir():
            raise PackError(f"pack folder {location}: no such file or folder")
        found = [p for p in sorted(location.iterdir()) if p.suffix in PACK_SUFFIXES]
    except OSError as exc:  # a name too long, a folder that cannot be listed
        what = exc.strerror or type(exc).__name__
        raise PackError(f"pack folder {location}: cannot read ({what})") from None
    return [load_pack(path) for path in found if path.is_file()]


# --- reading one pack ---------------------------------------------------------------


def load_pack(path: Path) -> Pack:
    """The pack in the YAML file at ``path``; a :class:`PackError` names what is wrong.

    A pack whose patterns all compile is kept in the cache folder as its parsed YAML, by
    its text's hash (and regex's version): the next run reads that instead of the YAML,
    checks the rest as ever, and compiles a rule's patterns only when the rule first runs."""
    text = read_text(path, "pack", PackError)
    digest = hashlib.sha256(text.encode()).hexdigest()
    key = f"yaml {LOADER_VERSION} regex {installed_version('regex', 'regex')} {digest}"
    data = load_or_build(
        "pack", key, lambda: _checked_data(path, text), valid=lambda d: isinstance(d, dict)
    )
    return _pack(path, data, compile_now=False)


def _checked_data(path: Path, text: str) -> dict:
    """The pack's parsed YAML, once the pack is checked in full, patterns compiled."""
    data = parse_with_lines(text, path, "pack", PackError)
    if not isinstance(data, dict):
        raise PackError(f"pack {path}: expected a mapping with `pack:` and `rules:`")
    _pack(path, data, compile_now=True)
    return data


def _pack(path: Path, data: dict, compile_now: bool) -> Pack:
    place = Place(f"pack {path}").of(data)
    _PACK.check(data, place, PackError)
    where = str(place)
    name = str(data.get("pack") or path.stem)
    if not _NAME.match(name):
        raise PackError(f"{where}: the pack name must be kebab-case (style-pack)")
    source = data.get("source") or data.get("link")
    if not source:
        raise PackError(f"{where}: a pack says what authority it follows (`source:`)")
    prefix = str(data.get("prefix", "ST"))
    if not _PREFIX.match(prefix) or prefix in _RESERVED_PREFIXES:
        raise PackError(f"{where}: prefix must be two capital letters and not a built-in family")
    items = data.get("rules")
    if not isinstance(items, list) or not items:
        raise PackError(f"{where}: `rules:` must be a list of rules")
    dialect = data.get("dialect")
    if dialect is not None and dialect not in PACK_DIALECTS:
        raise PackError(f"{where}: dialect must be one of {', '.join(PACK_DIALECTS)}")
    rules = tuple(
        replace(_rule(path, (name, prefix, str(source)), item, compile_now), dialect=dialect)
        for item in items
    )
    codes = [rule.code for rule in rules]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise PackError(f"{where}: rule code {twice[0]} used twice")
    return Pack(name, path, str(data.get("description", "")), str(source),
                bool(data.get("default", True)), rules)  # fmt: skip


def _rule(path: Path, pack_info: tuple[str, str, str], item: Any, compile_now: bool) -> PackRule:
    """One rule of the pack ``pack_info`` names (name, code prefix, source); ``compile_now``
    compiles its patterns, so that a bad one is named here rather than when it runs."""
    pack, prefix, pack_source = pack_info
    if not isinstance(item, dict):
        raise PackError(f"pack {path}: each rule is a mapping")
    line = item["__line__"]
    code = item.get("code")
    place = Place(f"pack {path}", line).under(
        "rule" + (f" {code}" if _CODE.match(str(code)) else "")
    )
    _RULE.check(item, place, PackError)
    where = str(place)
    code, name, kind = str(item.get("code", "")), str(item.get("name", "")), item.get("kind")
    if not _CODE.match(code) or not code.startswith(prefix):
        raise PackError(f"{where}: code must be {prefix} and three digits ({prefix}101)")
    if not _NAME.match(name):
        raise PackError(f"{where}: name must be kebab-case (what is wrong)")
    if not isinstance(kind, str) or kind not in KINDS:
        raise PackError(f"{where}: unknown kind (one of: {', '.join(KINDS)})")
    meaning = KINDS[kind]
    if not meaning.one_of & set(item) or not meaning.required <= set(item):
        raise PackError(f"{where}: a {kind} rule needs {meaning.needs()}")
    if not item.get("message"):
        raise PackError(f"{where}: a rule needs a message")
    try:
        severity = Severity.parse(str(item.get("severity", "warning")))
    except ValueError:
        raise PackError(f"{where}: severity must be error, warning or info") from None
    examples = item.get("examples")
    if not isinstance(examples, dict) or not examples.get("bad") or not examples.get("good"):
        raise PackError(f"{where}: a rule needs examples: {{bad: [...], good: [...]}}")
    _check_types(examples, {"bad": TEXTS, "good": TEXTS}, place.under("examples"), PackError)
    # VERSION0: with V1, (?i) means full case folding, which made a backreference pattern
    # a hundred times slower.
    flags = regex.I if item.get("ignorecase", meaning.ignorecase) else 0
    wrap = not item.get("nonword", False)
    make = PatternMaker(where, PackError, compile_now, flags, wrap)
    sources, replacements = meaning.patterns(item, make)
    return PackRule(
        pack=pack,
        code=code,
        name=name,
        kind=kind,
        message=str(item["message"]),
        severity=severity,
        source=str(item.get("source") or item.get("link") or pack_source),
        description=str(item.get("description", "")).strip(),
        scope=_scope(item.get("scope"), meaning.default_scope, where),
        sources=sources,
        replacements=replacements,
        safe=bool(item.get("safe", False)),
        default=bool(item.get("default", True)),
        exceptions=frozenset(str(e).lower() for e in item.get("exceptions") or ()),
        limit=_whole(item.get("max", 0), f"{where}: max"),
        per=_per(item.get("per", "sentence"), where),
        style=meaning.style(item, where),
        defers_to=tuple(str(c).upper() for c in item.get("defers-to") or ()),
        examples={k: tuple(str(e) for e in examples.get(k) or ()) for k in ("bad", "good")},
        line=line,
    )


def _scope(value: Any, default: frozenset[PackScope], where: str) -> frozenset[PackScope]:
    if value is None:
        return default
    scopes = [value] if isinstance(value, str) else value
    if not isinstance(scopes, list) or not set(scopes) <= set(SCOPES) or not scopes:
        raise PackError(f"{where}: scope must be some of: {', '.join(SCOPES)}")
    return frozenset(scopes)


def _whole(value: Any, where: str) -> int:
    if not _COUNT.valid(value):
        raise PackError(f"{where} must be a whole number")
    return int(value)


def _per(value: Any, where: str) -> Per:
    if value not in get_args(Per):
        raise PackError(f"{where}: per must be sentence, paragraph or article")
    return value


# --- which packs are on -------------------------------------------------------------


def select_packs(
    names: Iterable[str] | None, folders: Iterable[Path], where: str
) -> tuple[Pack, ...]:
    """The packs that are on: those named, or (no names given) the shipped packs marked
    ``default: true`` and every pack in ``folders``."""
    user = [pack for folder in folders for pack in packs_in(folder)]
    available = {pack.name: pack for pack in (*shipped_packs(), *user)}
    if names is None:
        chosen = [p for p in shipped_packs() if p.default] + user
    else:
        chosen = []
        for name in names:
            if name not in available:
                known = ", ".join(sorted(available))
                number = list(names).index(name) + 1
                raise PackError(f"{where}: unknown pack (item {number}) (available: {known})")
            chosen.append(available[name])
    codes: dict[str, str] = {}
    for pack in chosen:
        for rule in pack.rules:
            if rule.code in codes and codes[rule.code] != pack.name:
                raise PackError(
                    f"{where}: rule code {rule.code} is in packs {codes[rule.code]} and {pack.name}"
                )
            codes[rule.code] = pack.name
    return tuple({pack.name: pack for pack in chosen}.values())
