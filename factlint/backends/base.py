"""The types every grammar backend shares: a match, the settings, the interface."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Protocol

BACKENDS = ("harper", "languagetool", "none")


class BackendUnavailable(Exception):
    """The configured backend cannot be used; the message says what to do (one line)."""


@dataclass(frozen=True)
class GrammarMatch:
    offset: int  # in the paragraph's text
    length: int
    rule: str  # the engine's rule name ("RepeatedWords", "MORFOLOGIK_RULE_EN_US")
    category: str  # the engine's category ("Spelling", "Agreement", "TYPOS")
    message: str
    replacements: tuple[str, ...] = ()
    spelling: bool = False  # a spelling match (SP) rather than grammar (GR)
    # of the replacements, those the engine's dictionary knows only capitalised, as names
    # ("Nintendo", "Christmas"); asked while the engine runs, so a cached match keeps it
    names: tuple[str, ...] = ()

    def to_json(self) -> dict:
        data = asdict(self)
        data["replacements"] = list(self.replacements)
        data["names"] = list(self.names)
        return data

    @classmethod
    def from_json(cls, data: dict) -> GrammarMatch:
        return cls(
            **{
                **data,
                "replacements": tuple(data.get("replacements", ())),
                "names": tuple(data.get("names", ())),
            }
        )


@dataclass(frozen=True)
class GrammarSettings:
    backend: str = "harper"
    # harper: auto (the article's own, British or American; see analyses/dialect.py),
    # american, british, australian, canadian, indian
    dialect: str = "auto"
    # auto, when the article's spellings do not decide: "none" checks such an article in
    # neither dialect (a word is misspelt only where both dialects reject it)
    fallback_dialect: str = "none"
    language: str = "en-US"  # languagetool
    url: str | None = None  # a LanguageTool server, e.g. http://localhost:8081
    cache: bool = True
    cache_dir: str | None = None  # --cache-dir: instead of the environment's (cache.py)
    words: frozenset[str] = field(default_factory=frozenset)  # user dictionary
    disabled_rules: frozenset[str] | None = None  # None: the defaults in data/grammar.yaml
    timeout: float = 20.0  # languagetool: seconds to connect, and to wait for an answer

    def key(self) -> str:
        """What a cached result depends on, besides the text and the engine's version."""
        return f"{self.backend}|{self.dialect}|{self.language}|{self.url or ''}"

    def for_dialect(self, dialect: str) -> GrammarSettings:
        """These settings for one article of ``dialect`` (``auto`` resolved): Harper's
        dialect, and LanguageTool's British English when the language is left at en-US."""
        language = "en-GB" if dialect == "british" and self.language == "en-US" else self.language
        return replace(self, dialect=dialect, language=language)


class Backend(Protocol):
    name: str
    version: str

    def check(self, texts: list[str]) -> list[list[GrammarMatch]]: ...
