"""A pack rule and a pack as data (:class:`PackRule`, :class:`Pack`), the words a pack
may use for scopes and counts, and :class:`PackError`, the one error a pack that cannot be
used raises. What each kind of rule means is :mod:`factlint.packs.kinds`; reading a pack,
:mod:`factlint.packs.schema`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal, get_args

import regex

from factlint.core.diagnostics import Severity
from factlint.core.errors import InputError
from factlint.packs.patterns import PatternSource, prefilter

PackKind = Literal[
    "existence",
    "substitution",
    "occurrence",
    "repetition",
    "consistency",
    "conditional",
    "capitalization",
]
PackScope = Literal["headline", "body", "bio", "quotes"]
SCOPES: tuple[PackScope, ...] = get_args(PackScope)
DEFAULT_SCOPE: frozenset[PackScope] = frozenset({"headline", "body"})
Per = Literal["sentence", "paragraph", "article"]  # what occurrence and repetition count in
CapitalizationStyle = Literal["sentence", "title"]


class PackError(InputError):
    """A pack that cannot be used; the message names the file and line."""


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
        return prefilter(self.sources)


@dataclass(frozen=True)
class Pack:
    name: str
    path: Path
    description: str
    source: str
    default: bool
    rules: tuple[PackRule, ...]
