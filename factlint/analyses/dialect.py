"""Which spelling an article uses, British or American, read from its own words.

The evidence is the forms in ``data/dialect.yaml`` (colour/color, centre/center,
realise, travelled/traveled, defence/defense ...: only forms the other dialect's
dictionary rejects, so Oxford "-ize" and "program" say nothing), written in lower case in
the headline, body or bio, and the conventions listed there ("Mr Brown" or "Mr. Brown",
"per cent" or "percent", "£"), one vote each. Capitalised forms are left out: "Pearl
Harbor", "Labor Day" and "Department of Defense" are names, spelled as their owners
spell them.

An article is of one dialect when that dialect has at least two thirds of its dialect
spellings (:data:`MAJORITY`), and at least two (:data:`MIN_EVIDENCE`); otherwise (less
evidence, or as many of one as of the other) it is undecided, and ``dialect: auto``
falls back to the configured ``fallback-dialect``: by default ``none``, so such an
article gets no check of one dialect's (no house-style pack of one dialect, and spelling
only where both reject a word).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from factlint.article.document import Document
from factlint.core.resources import load as load_data

BRITISH, AMERICAN = "british", "american"
AUTO = "auto"
NONE = "none"  # fallback-dialect: an undecided article is checked in neither dialect
MAJORITY = (2, 3)  # the share of the dialect spellings one dialect needs to decide
# and how many it needs at least: one form is as often a quoted name or a slip as the
# article's dialect (BBC stories with one American form were read as American)
MIN_EVIDENCE = 2
_WORD = regex.compile(r"(?<![\p{L}\p{M}'’-])\p{Ll}+(?![\p{L}\p{M}-])")
_CHECKED = frozenset({"headline", "body", "bio"})


@dataclass(frozen=True)
class Spelling:
    offset: int
    word: str
    dialect: str  # british or american


@dataclass(frozen=True)
class DialectUse:
    spellings: tuple[Spelling, ...]  # in article order
    detected: str | None  # british, american, or None when undecided
    markers: tuple[int, int] = (0, 0)  # British and American conventions ("Mr", "per cent")

    def of(self, dialect: str) -> list[Spelling]:
        return [s for s in self.spellings if s.dialect == dialect]

    def mixed(self, dialect: str) -> list[Spelling]:
        """The spellings of the other dialect in an article of ``dialect`` that also uses
        its own (nothing when the article uses only one)."""
        own = self.of(dialect)
        return [s for s in self.spellings if s.dialect != dialect] if own else []


@cache
def _forms() -> dict[str, str]:
    data = load_data("dialect")
    forms = {word: BRITISH for word in data[BRITISH]}
    forms.update({word: AMERICAN for word in data[AMERICAN]})
    return forms


def is_dialect_form(word: str) -> bool:
    """Whether ``word`` (any case) is one dialect's spelling of a word ("Harbour")."""
    return word.lower() in _forms()


def counterpart(word: str) -> str | None:
    """The other dialect's spelling of a dialect form ("colour": "color")."""
    data = load_data("dialect")
    other = data[BRITISH].get(word) or data[AMERICAN].get(word)
    return None if other is None else str(other)


def dialect_use(doc: Document) -> DialectUse:
    forms = _forms()
    british_markers, american_markers = _markers()
    found = []
    markers = [0, 0]
    for paragraph in doc.paragraphs:
        if paragraph.kind not in _CHECKED:
            continue
        for match in _WORD.finditer(paragraph.text):
            dialect = forms.get(match.group())
            if dialect is not None:
                found.append(Spelling(paragraph.start + match.start(), match.group(), dialect))
        markers[0] += len(british_markers.findall(paragraph.text))
        markers[1] += len(american_markers.findall(paragraph.text))
    british_spellings = sum(s.dialect == BRITISH for s in found)
    british = british_spellings + markers[0]
    american = len(found) - british_spellings + markers[1]
    return DialectUse(tuple(found), _decide(british, american), (markers[0], markers[1]))


def _decide(british: int, american: int) -> str | None:
    total = british + american
    for dialect, count in ((BRITISH, british), (AMERICAN, american)):
        if count >= MIN_EVIDENCE and count * MAJORITY[1] >= MAJORITY[0] * total:
            return dialect
    return None


@cache
def _markers() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    data = load_data("dialect")
    return tuple(  # type: ignore[return-value]
        regex.compile("|".join(f"(?:{p})" for p in data[f"{d}_markers"]))
        for d in (BRITISH, AMERICAN)
    )


def resolve(configured: str, fallback: str, use: DialectUse) -> str | None:
    """The dialect to check the article in: the configured one, or with ``auto`` the
    article's own, else ``fallback``; None when that is ``none`` (neither dialect)."""
    if configured != AUTO:
        return configured
    chosen = use.detected or fallback
    return None if chosen == NONE else chosen


def explain(configured: str, fallback: str, use: DialectUse) -> str:
    """Why the article is checked in the dialect :func:`resolve` gives, in words:
    "british (its own: 5 British, 0 American spellings and conventions)"."""
    british = len(use.of(BRITISH)) + use.markers[0]
    american = len(use.of(AMERICAN)) + use.markers[1]
    evidence = f"{british} British, {american} American spellings and conventions"
    if configured != AUTO:
        return f"{configured} (set by the config or --dialect)"
    if use.detected:
        return f"{use.detected} (its own: {evidence})"
    if fallback != NONE:
        return f"{fallback} (fallback-dialect; its own spelling does not decide: {evidence})"
    return f"neither (its own spelling does not decide: {evidence})"
