"""The one safe YAML loader for what users write: front matter, configs, packs and the
fact register (``factlint/data``'s own files keep libyaml's loader, in ``resources``).

- Dates and times stay text (``date: 2020-02-30`` is the string ``"2020-02-30"``); a
  reader that expects a date checks it with :func:`as_date`.
- Aliases are refused past :data:`MAX_ALIASES` uses, and so is a document whose aliases
  expand it by more than :data:`MAX_EXPANSION` nodes ("billion laughs").
- Collections nested more than :data:`MAX_DEPTH` deep are refused.
- A key given twice in one mapping is an error naming the key and its line.
- Errors (:class:`YamlProblem`) give the line and the problem, never the file's text.
- Every mapping knows its line: ``__line__`` in packs and registers
  (:func:`load_with_lines`), or :class:`LinedDict`'s ``line`` and ``key_lines``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from factlint.core.errors import InputError
from factlint.core.safefile import read_regular

LOADER_VERSION = 3  # what the loader accepts changed: tables of parsed YAML are rebuilt
MAX_ALIASES = 100
MAX_EXPANSION = 100_000  # nodes that aliases may add to a document
MAX_DEPTH = 100  # collections inside collections
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
# PyYAML quotes the text in some problems (an alias's or a tag's name): dropped. Its own
# tokens (',', '<stream end>') and single characters ('\t') are kept.
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`")
_KEPT = re.compile(r".|\\.|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}|<[a-z ]+>|")


def unquoted(problem: str) -> str:
    """A parser's ``problem`` with what it quotes of the text dropped (``'…'``), its own
    tokens and single characters kept."""
    return _QUOTED.sub(lambda m: m[0] if _KEPT.fullmatch(m[0][1:-1]) else "…", problem)


class YamlProblem(Exception):
    """Text that is not YAML factlint accepts: ``line`` (1-based, of the text parsed; None
    when unknown) and ``problem`` (never quoting the text)."""

    def __init__(self, problem: str, line: int | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


class LinedDict(dict):
    """A mapping as parsed: ``line`` is where it starts, ``key_lines`` where each key is."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return getattr(self, "key_lines", {}).get(key, self.line)


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader without timestamps, with an alias budget and duplicate keys
    refused (pure Python: its composer is what counts the aliases)."""

    line_key = False  # put each mapping's line under "__line__" instead of a LinedDict

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                line = self.peek_event().start_mark.line + 1
                raise YamlProblem(f"more than {MAX_ALIASES} aliases (*name)", line)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                line = self.peek_event().start_mark.line + 1
                raise YamlProblem(f"nested more than {MAX_DEPTH} deep", line)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def compose_document(self) -> Any:
        node = super().compose_document()
        if self.aliases:
            _check_expansion(node)
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError):  # 5,000 digits, or "!!int nine"
            problem = "a value cannot be read (a number too long, or a tag)"
            raise YamlProblem(problem, node.start_mark.line + 1) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        _check_duplicates(node)
        mapping = super().construct_mapping(node, deep=deep)
        if self.line_key:
            mapping["__line__"] = node.start_mark.line + 1
            return mapping
        lined = LinedDict(mapping)
        lined.line = node.start_mark.line + 1
        lined.key_lines = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value in lined:
                lined.key_lines[key_node.value] = key_node.start_mark.line + 1
        return lined

    def construct_yaml_map(self, node: yaml.MappingNode) -> Any:
        yield self.construct_mapping(node)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_constructor(_TIMESTAMP, yaml.SafeLoader.construct_yaml_str)
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)


class _LineKeyLoader(_Loader):
    line_key = True


def _check_duplicates(node: yaml.MappingNode) -> None:
    seen: set[tuple[str, str]] = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
            continue
        key = (key_node.tag, key_node.value)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise YamlProblem("a key given twice", line)
        seen.add(key)


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a document whose aliases make it more than MAX_EXPANSION nodes larger."""
    sizes: dict[int, int] = {}
    distinct = 0

    def size(node: yaml.Node) -> int:
        nonlocal distinct
        if id(node) in sizes:
            return sizes[id(node)]
        sizes[id(node)] = 1  # a recursive alias counts once
        distinct += 1
        children = node.value if isinstance(node, yaml.SequenceNode) else ()
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        total = 1 + sum(size(child) for child in children)
        if total > distinct + MAX_EXPANSION:
            raise YamlProblem("aliases expand the document too far", node.start_mark.line + 1)
        sizes[id(node)] = total
        return total

    size(root)


def safe_load(text: str, line_key: bool = False) -> Any:
    """Parse ``text`` with the safe loader; :class:`YamlProblem` says what is wrong."""
    loader = None
    try:
        loader = (_LineKeyLoader if line_key else _Loader)(text)  # checks the characters
        return loader.get_single_data()
    except YamlProblem:
        raise
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise YamlProblem(f"a control character ({what}) is not allowed", line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise YamlProblem(unquoted(problem), mark.line + 1 if mark else None) from None
    except RecursionError:
        raise YamlProblem("nested too deep", None) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a tagged value (!!int x)
        raise YamlProblem(f"a value cannot be read ({type(exc).__name__})", None) from None
    finally:
        if loader is not None:
            loader.dispose()


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether lists and mappings in ``value`` (as a TOML or JSON parser gives them) are
    nested more than ``limit`` deep; counted without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if not isinstance(item, (dict, list)):
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def as_date(value: Any) -> dt.date | None:
    """The date a YAML value writes (``2021-10-04``, or a timestamp's date part); None when
    it is not written as one. A date that does not exist (``2020-02-30``) raises
    ValueError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    match = yaml.SafeLoader.timestamp_regexp.match(value.strip())
    if match is None:
        return None
    return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))


def load_with_lines(path: Path, what: str, error: type[InputError]) -> Any:
    """Parse ``path``; every mapping carries its line under ``__line__``. Unreadable or
    invalid YAML raises ``error`` naming ``what``, the file and the line."""
    return parse_with_lines(read_text(path, what, error), path, what, error)


def read_text(path: Path, what: str, error: type[InputError], kind: str = "") -> str:
    """The text of the regular file ``path`` (5 MB at most); a file that cannot be read
    raises ``error`` naming ``what`` and the file, never quoting it. ``kind``: what such
    files are called in the size message (``what`` + " files" by default)."""
    try:
        data = read_regular(path, what=kind or f"{what} files")
    except InputError as exc:
        text = str(exc)
        said = text.startswith(("cannot read", "file too large"))
        raise error(f"{what} {path}: {text if said else f'cannot read: {text}'}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(f"{what} {path}:{line}: cannot read: not UTF-8") from None


def parse_with_lines(text: str, path: Path, what: str, error: type[InputError]) -> Any:
    """Parse ``text``, read from ``path``, as :func:`load_with_lines` does."""
    return parse(text, path, what, error, line_key=True)


def parse(text: str, path: Path, what: str, error: type[InputError], line_key: bool = False) -> Any:
    """Parse ``text`` from ``path``; invalid YAML raises ``error`` naming ``what``, the
    file, the line and the problem."""
    try:
        return safe_load(text, line_key)
    except YamlProblem as exc:
        where = f"{path}:{exc.line}" if exc.line else str(path)
        raise error(f"{what} {where}: invalid YAML: {exc.problem}") from None
