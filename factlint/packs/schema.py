"""Rule packs: house style as data.

A pack is a YAML file of rules of a few generic kinds (after Vale's styles): existence,
substitution, occurrence, repetition, consistency, conditional and capitalization
(:data:`PackKind`; :data:`KIND_KEYS` says what each needs, and
:data:`factlint.packs.kinds.MATCHERS` what each matches). The packs factlint ships live in
``factlint/packs/shipped/``; a desk adds its own with ``pack-paths:`` in its config.
``factlint/packs/README.md`` documents the format. Each pack rule becomes an ordinary
:class:`~factlint.rules.Rule`, so selection, severity, suppression and output work as for
the Python rules.

A malformed pack is a :class:`PackError` naming the file and line. A pattern that takes
longer than :data:`~factlint.packs.kinds.MATCH_TIMEOUT` seconds on one article
(catastrophic backtracking in a user pack) raises
:class:`~factlint.packs.kinds.PackTimeout` naming the pack and rule; the engine reports it
as the file's error and goes on with the other rules.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, partial
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args

import regex

from factlint.core.cachefile import load_or_build
from factlint.core.codes import CODE as _CODE
from factlint.core.codes import NAME as _NAME
from factlint.core.codes import PREFIX as _PREFIX
from factlint.core.codes import RESERVED_PREFIXES as _RESERVED_PREFIXES
from factlint.core.diagnostics import Severity
from factlint.core.errors import InputError
from factlint.core.installed import installed_version
from factlint.core.safefile import is_special
from factlint.core.yamlfile import LOADER_VERSION, parse_with_lines, read_text
from factlint.packs.pattern_size import MAX_PATTERN_SIZE, pattern_size

PackKind = Literal[
    "existence",
    "substitution",
    "occurrence",
    "repetition",
    "consistency",
    "conditional",
    "capitalization",
]


@dataclass(frozen=True)
class KindKeys:
    """What a rule of one kind needs: at least one of ``one_of``, and all of ``required``."""

    one_of: frozenset[str]
    required: frozenset[str] = frozenset()


# Every kind, in the order error messages list them.
KIND_KEYS: dict[PackKind, KindKeys] = {
    "existence": KindKeys(frozenset({"tokens", "pattern"})),
    "substitution": KindKeys(frozenset({"swap"})),
    "occurrence": KindKeys(frozenset({"tokens", "pattern"}), frozenset({"max"})),
    "repetition": KindKeys(frozenset({"tokens", "pattern"})),
    "consistency": KindKeys(frozenset({"either"})),
    "conditional": KindKeys(frozenset({"first"}), frozenset({"second"})),
    "capitalization": KindKeys(frozenset({"style"})),
}
PackScope = Literal["headline", "body", "bio", "quotes"]
SCOPES: tuple[PackScope, ...] = get_args(PackScope)
DEFAULT_SCOPE: frozenset[PackScope] = frozenset({"headline", "body"})
Per = Literal["sentence", "paragraph", "article"]  # what occurrence and repetition count in
CapitalizationStyle = Literal["sentence", "title"]
PACK_SUFFIXES = (".yaml", ".yml")

_PACK_KEYS = {"pack", "description", "source", "link", "prefix", "default", "dialect", "rules"}
PACK_DIALECTS = ("british", "american")
_RULE_KEYS = {
    "code", "name", "kind", "message", "severity", "source", "link", "description", "scope",
    "tokens", "pattern", "ignorecase", "nonword", "exceptions", "swap", "safe", "max", "per",
    "either", "first", "second", "style", "defers-to", "examples", "default",
}  # fmt: skip


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


def _is_flag(value: Any) -> bool:
    return isinstance(value, bool)


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_TEXT, _TEXTS, _FLAG, _WHOLE = (
    (_is_text, "text"),
    (_is_texts, "a list of text"),
    (_is_flag, "true or false"),
    (_is_whole, "a whole number"),
)
_TEXT_OR_TEXTS = (lambda v: _is_text(v) or _is_texts(v), "text or a list of text")
FieldType = tuple[Any, str]
_PACK_TYPES: dict[str, FieldType] = {
    "pack": _TEXT, "description": _TEXT, "source": _TEXT, "link": _TEXT, "prefix": _TEXT,
    "default": _FLAG, "dialect": _TEXT,
}  # fmt: skip
_RULE_TYPES: dict[str, FieldType] = {
    "code": _TEXT, "name": _TEXT, "message": _TEXT, "severity": _TEXT,
    "source": _TEXT, "link": _TEXT, "description": _TEXT, "scope": _TEXT_OR_TEXTS,
    "tokens": _TEXTS, "pattern": _TEXT, "ignorecase": _FLAG, "nonword": _FLAG,
    "exceptions": _TEXTS, "safe": _FLAG, "max": _WHOLE, "per": _TEXT, "either": _TEXTS,
    "first": _TEXT, "second": _TEXT, "style": _TEXT, "defers-to": _TEXTS, "default": _FLAG,
}  # fmt: skip


def _check_types(item: dict, types: dict[str, FieldType], where: str) -> None:
    """Each field of ``item`` that ``types`` knows is of its type, or a :class:`PackError`
    names the field and the type (never the value)."""
    for key, (valid, what) in types.items():
        if key in item and not valid(item[key]):
            raise PackError(f"{where}: {key} must be {what}")


class PackError(InputError):
    """A pack that cannot be used; the message names the file and line."""


PatternSource = tuple[str, int]  # a pattern as compiled (word boundaries added) and its flags


@dataclass(frozen=True)
class PackRule:
    pack: str
    code: str
    name: str
    kind: PackKind
    message: str
    severity: Severity
    source: str
    description: str
    scope: frozenset[PackScope]
    sources: tuple[PatternSource, ...]  # what the kind matches (tokens, swap keys, either …)
    replacements: tuple[str, ...] = ()  # substitution: one per pattern
    safe: bool = False
    exceptions: frozenset[str] = frozenset()
    limit: int = 0  # occurrence: at most this many
    per: Per = "sentence"  # occurrence, repetition: sentence, paragraph or article
    style: CapitalizationStyle | None = None  # capitalization: sentence or title
    defers_to: tuple[str, ...] = ()
    examples: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    line: int = 0
    dialect: str | None = None  # the pack's: by default, only articles of this dialect
    default: bool = True  # False: runs only when a selector names it by code or prefix

    @cached_property
    def patterns(self) -> tuple[regex.Pattern, ...]:
        """The compiled ``sources``, compiled when the rule first runs."""
        return tuple(regex.compile(text, flags) for text, flags in self.sources)

    @cached_property
    def prefilter(self) -> regex.Pattern | None:
        """Any of the patterns: one pass to skip a paragraph (compiled on first use)."""
        return _prefilter(self.sources)

    @property
    def doc(self) -> str:
        """The rule's documentation, as ``factlint explain`` prints it."""
        parts = [self.message.replace("{match}", "…").replace("{replacement}", "…") + "."]
        if self.description:
            parts.append(self.description)
        parts.append(f"Pack: {self.pack} ({self.kind}). Source: {self.source}.")
        if self.kind == "substitution":
            parts.append(
                "Fix: the replacement, safe (`factlint check --fix` applies it) where it "
                "changes no word, only spacing and punctuation."
                if self.safe
                else "Fix: the replacement, unsafe: applied only with `--unsafe-fixes` or "
                "by an editor, never by `factlint check --fix` alone."
            )
        examples = [
            f"{label + ':':<6}{example}"
            for label, key in (("Bad", "bad"), ("Good", "good"))
            for example in self.examples.get(key, ())
        ]
        return "\n\n".join(parts) + "\n\n" + "\n".join(examples)


@dataclass(frozen=True)
class Pack:
    name: str
    path: Path
    description: str
    source: str
    default: bool
    rules: tuple[PackRule, ...]


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
    where = f"pack {path}:{data['__line__']}"
    _refuse_unknown_keys(data, _PACK_KEYS, where)
    _check_types(data, _PACK_TYPES, where)
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


def _refuse_unknown_keys(item: dict, known: set[str], where: str) -> None:
    unknown = sorted(map(str, set(item) - known - {"__line__"}))
    if unknown:
        keys = ", ".join(sorted(known))
        raise PackError(f"{where}: unknown key (keys: {keys})")


def _rule(path: Path, pack_info: tuple[str, str, str], item: Any, compile_now: bool) -> PackRule:
    """One rule of the pack ``pack_info`` names (name, code prefix, source); ``compile_now``
    compiles its patterns, so that a bad one is named here rather than when it runs."""
    pack, prefix, pack_source = pack_info
    if not isinstance(item, dict):
        raise PackError(f"pack {path}: each rule is a mapping")
    line = item["__line__"]
    code = item.get("code")
    where = f"pack {path}:{line}: rule" + (f" {code}" if _CODE.match(str(code)) else "")
    _refuse_unknown_keys(item, _RULE_KEYS, where)
    _check_types(item, _RULE_TYPES, where)
    code, name, kind = str(item.get("code", "")), str(item.get("name", "")), item.get("kind")
    if not _CODE.match(code) or not code.startswith(prefix):
        raise PackError(f"{where}: code must be {prefix} and three digits ({prefix}101)")
    if not _NAME.match(name):
        raise PackError(f"{where}: name must be kebab-case (what is wrong)")
    if not isinstance(kind, str) or kind not in KIND_KEYS:
        raise PackError(f"{where}: unknown kind (one of: {', '.join(KIND_KEYS)})")
    one_of, required = KIND_KEYS[kind].one_of, KIND_KEYS[kind].required
    if not one_of & set(item) or not required <= set(item):
        needs = " or ".join(sorted(one_of)) + "".join(f" and {k}" for k in sorted(required))
        raise PackError(f"{where}: a {kind} rule needs {needs}")
    if not item.get("message"):
        raise PackError(f"{where}: a rule needs a message")
    try:
        severity = Severity.parse(str(item.get("severity", "warning")))
    except ValueError:
        raise PackError(f"{where}: severity must be error, warning or info") from None
    examples = item.get("examples")
    if not isinstance(examples, dict) or not examples.get("bad") or not examples.get("good"):
        raise PackError(f"{where}: a rule needs examples: {{bad: [...], good: [...]}}")
    _check_types(examples, {"bad": _TEXTS, "good": _TEXTS}, f"{where}: examples")
    sources, replacements = _patterns(item, kind, where, compile_now)
    return PackRule(
        pack=pack,
        code=code,
        name=name,
        kind=kind,
        message=str(item["message"]),
        severity=severity,
        source=str(item.get("source") or item.get("link") or pack_source),
        description=str(item.get("description", "")).strip(),
        scope=_scope(item.get("scope"), kind, where),
        sources=sources,
        replacements=replacements,
        safe=bool(item.get("safe", False)),
        default=bool(item.get("default", True)),
        exceptions=frozenset(str(e).lower() for e in item.get("exceptions") or ()),
        limit=_whole(item.get("max", 0), f"{where}: max"),
        per=_per(item.get("per", "sentence"), where),
        style=_style(item, kind, where),
        defers_to=tuple(str(c).upper() for c in item.get("defers-to") or ()),
        examples={k: tuple(str(e) for e in examples.get(k) or ()) for k in ("bad", "good")},
        line=line,
    )


_BACKREFERENCE = regex.compile(r"\\\d|\(\?P=")
_INLINE_FLAGS = regex.compile(r"\(\?[^:<=!P#>|(&']")  # or something else: compile to know


def _prefilter(sources: tuple[PatternSource, ...]) -> regex.Pattern | None:
    """One pattern matching wherever any of several matches (none for a backreference,
    whose group numbers would shift, or for patterns that differ in ignoring case)."""
    if len(sources) < 3 or any(_BACKREFERENCE.search(text) for text, _ in sources):
        return None
    if any(_INLINE_FLAGS.search(text) for text, _ in sources):  # flags set inside a pattern
        ignorecase = {bool(regex.compile(text, flags).flags & regex.I) for text, flags in sources}
    else:
        ignorecase = {bool(flags & regex.I) for _, flags in sources}
    if len(ignorecase) > 1:
        return None
    flags = regex.I if ignorecase.pop() else 0
    return regex.compile("|".join(f"(?:{text})" for text, _ in sources), flags)


def _patterns(
    item: dict, kind: PackKind, where: str, compile_now: bool
) -> tuple[tuple[PatternSource, ...], tuple[str, ...]]:
    # VERSION0: with V1, (?i) means full case folding, which made a backreference pattern
    # a hundred times slower.
    flags = regex.I if item.get("ignorecase", kind != "capitalization") else 0
    wrap = not item.get("nonword", False)
    source = partial(_source, where=where, compile_now=compile_now)
    if kind == "substitution":
        swap = item["swap"]
        if not isinstance(swap, dict) or not swap:
            raise PackError(f"{where}: swap must map patterns to their replacements")
        pairs = [(k, v) for k, v in swap.items() if k != "__line__"]
        if not all(isinstance(v, str) for _, v in pairs):
            raise PackError(f"{where}: swap: each replacement must be text")
        sources = tuple(source(k, wrap, flags) for k, _ in pairs)
        replacements = tuple(v for _, v in pairs)
        if compile_now:
            for number, pair in enumerate(zip(sources, replacements, strict=True), 1):
                _check_replacement(*pair, f"{where}: swap: replacement {number}")
        return sources, replacements
    if kind == "consistency":
        forms = item["either"]
        if not isinstance(forms, list) or len(forms) < 2:
            raise PackError(f"{where}: either must list two or more forms")
        return tuple(source(f, wrap, flags) for f in forms), ()
    if kind == "conditional":
        first = source(item["first"], False, flags & ~regex.I)
        second = source(item["second"], False, flags & ~regex.I)
        return (first, second), ()
    if kind == "capitalization":
        return (), ()
    if "pattern" in item:
        return (source(item["pattern"], False, flags),), ()
    tokens = item["tokens"]
    if not isinstance(tokens, list) or not tokens:
        raise PackError(f"{where}: tokens must be a list")
    return (source("|".join(f"(?:{t})" for t in tokens), wrap, flags),), ()


def _source(pattern: Any, wrap: bool, flags: int, where: str, compile_now: bool) -> PatternSource:
    """The pattern as it is compiled, with its flags; ``compile_now`` compiles it (regex
    keeps it for the rule's first run), so that a bad one is named with its rule."""
    if not isinstance(pattern, str) or not pattern:
        raise PackError(f"{where}: a pattern must be a non-empty string")
    opening = r"(?<![\p{L}\p{N}])(?:" if wrap else ""
    text = rf"{opening}{pattern})(?![\p{{L}}\p{{N}}])" if wrap else pattern
    size = pattern_size(text)
    if size > MAX_PATTERN_SIZE:  # compiling it would take memory without bound
        raise PackError(
            f"{where}: pattern too large to compile: its counted repeats make about "
            f"{size:,} elements (at most {MAX_PATTERN_SIZE:,}); use + or * for long repeats"
        )
    if compile_now:
        try:
            regex.compile(text, flags)
        except regex.error as exc:
            raise PackError(
                f"{where}: bad pattern ({_regex_problem(exc, pattern, opening)})"
            ) from None
    return text, flags


def _check_replacement(pattern: PatternSource, replacement: str, where: str) -> None:
    """A replacement's group references (``\\1``, ``\\g<name>``) and escapes are what its
    pattern has, checked now rather than on the first article it matches. It is expanded
    on a partial match of the empty text, where every group exists and none has matched."""
    compiled = regex.compile(*pattern)
    probe = compiled.match("", partial=True) or regex.compile(f"(?:{pattern[0]})|", pattern[1])
    if isinstance(probe, regex.Pattern):
        probe = probe.match("")
    try:
        if probe is not None:
            probe.expand(replacement)
    except IndexError:
        raise PackError(f"{where} refers to a group its pattern does not have") from None
    except regex.error as exc:
        at = f" at character {exc.pos + 1}" if exc.pos is not None else ""
        raise PackError(f"{where} is not a valid replacement (a bad escape{at})") from None


def _regex_problem(exc: regex.error, pattern: str, opening: str) -> str:
    """regex's message, placed in the pattern as written (not as wrapped)."""
    if exc.pos is None:
        return exc.msg
    at = exc.pos - len(opening)
    return f"{exc.msg} at the end" if at >= len(pattern) else f"{exc.msg} at character {at + 1}"


def _scope(value: Any, kind: PackKind, where: str) -> frozenset[PackScope]:
    if value is None:
        return frozenset({"headline"}) if kind == "capitalization" else DEFAULT_SCOPE
    scopes = [value] if isinstance(value, str) else value
    if not isinstance(scopes, list) or not set(scopes) <= set(SCOPES) or not scopes:
        raise PackError(f"{where}: scope must be some of: {', '.join(SCOPES)}")
    return frozenset(scopes)


def _whole(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise PackError(f"{where} must be a whole number")
    return value


def _per(value: Any, where: str) -> Per:
    if value not in get_args(Per):
        raise PackError(f"{where}: per must be sentence, paragraph or article")
    return value


def _style(item: dict, kind: PackKind, where: str) -> CapitalizationStyle | None:
    if kind != "capitalization":
        return None
    style = item.get("style")
    if style not in get_args(CapitalizationStyle):
        raise PackError(f"{where}: style must be sentence or title")
    return style


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
