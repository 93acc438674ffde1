"""Names across an archive: a person's name spelled one way in most articles and another way
in a few (NM100, ``archive-name-variant``), which no single article can show.

Three steps, so that a distributed audit never gathers the archive in one place:

- :func:`article_names`: the full names (two words or more) that one article gives its
  people (:class:`~factlint.analyses.people.NameIndex`), each form once, with where it is
  first written. Cheap: the index is the one NM001 already built.
- :class:`NameTally`: per form, how many articles write it, and up to ``keep`` of those
  articles with the place (only a rare form is ever reported, so a form's places are not
  needed past that). Tallies combine by :meth:`NameTally.merge`, in any order and grouping
  (a tree reduction).
- :func:`archive_variants`: the rare forms that are a common form with one word slipped:
  as many words (case, accents, initials and courtesy titles aside), all equal but one, and
  that one a near miss of the other's by NM001's test of a word
  (:func:`~factlint.analyses.name_similarity.near_miss`: the same initial, one or two
  edits, five letters or more, not an inflection). A form is *common* when at least
  ``min_majority`` articles write it, *rare* when at most ``max_odd`` do and no more than
  ``max_share`` of the common form's count. Across an archive, two similar names are more
  often two people than in one article, hence a test stricter than
  :func:`~factlint.analyses.name_similarity.compare_names`: "John Kirby" is not "John
  Kerry" (two edits in a short word), "Josh Bivens" not "Joe Biden" (two words differ),
  "Loretta Lynn" not "Loretta Lynch" (under five letters).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from factlint.analyses.name_similarity import name_parts, near_miss
from factlint.analyses.people import NameIndex

CODE = "NM100"
NAME = "archive-name-variant"
SEVERITY = "warning"


@dataclass(frozen=True)
class NamePlace:
    """Where an article first writes a form of a name."""

    path: str
    offset: int
    length: int
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Thresholds:
    """When a rare form is reported against a common one (see the module's docstring)."""

    min_majority: int = 5
    max_odd: int = 2
    max_share: float = 0.2


def article_names(path: str, index: NameIndex) -> dict[str, NamePlace]:
    """Each full name form the article gives a person, with its first place."""
    found: dict[str, NamePlace] = {}
    doc = index.doc
    for person in index.people.values():
        for mention in person.full_mentions:
            if mention.in_list or mention.attributive:
                continue
            form = mention.text
            if form in found or form.isupper():
                continue
            start, end = doc.position(mention.offset), doc.position(mention.end)
            found[form] = NamePlace(
                path,
                mention.offset,
                mention.end - mention.offset,
                start.line,
                start.column,
                end.line,
                end.column,
            )
    return found


@dataclass
class FormCount:
    articles: int = 0
    places: list[NamePlace] = field(default_factory=list)  # up to the tally's ``keep``


@dataclass
class NameTally:
    """How many articles write each name form, with the places of a few of them."""

    keep: int = 3
    forms: dict[str, FormCount] = field(default_factory=dict)

    def add_article(self, names: dict[str, NamePlace]) -> None:
        for form, place in names.items():
            count = self.forms.setdefault(form, FormCount())
            count.articles += 1
            if len(count.places) < self.keep:
                count.places.append(place)

    def merge(self, other: NameTally) -> NameTally:
        """This tally with ``other``'s counts added (in place; returns self)."""
        for form, theirs in other.forms.items():
            mine = self.forms.get(form)
            if mine is None:
                mine = self.forms[form] = FormCount()
            mine.articles += theirs.articles
            room = self.keep - len(mine.places)
            if room > 0:
                mine.places.extend(theirs.places[:room])
        return self


def combine(tallies: Iterable[NameTally | None]) -> NameTally:
    """A new tally of many (None: a batch with nothing to tally); the tallies are left as
    they were, so that a reduction step can run again on the same inputs."""
    present = [tally for tally in tallies if tally is not None]
    total = NameTally(max((tally.keep for tally in present), default=NameTally.keep))
    for tally in present:
        total.merge(tally)
    return total


@dataclass(frozen=True)
class ArchiveVariant:
    """A rare form of a name, in one article, against the archive's common form."""

    form: str
    place: NamePlace
    articles: int  # how many articles write the rare form
    expected: str  # the common form
    expected_articles: int

    def message(self) -> str:
        times = "1 article" if self.articles == 1 else f"{self.articles} articles"
        return (
            f'"{self.form}" is written "{self.expected}" in {self.expected_articles} articles '
            f"of the archive (this spelling: {times})"
        )

    def to_json(self) -> dict:
        """The finding as a JSON version 1 diagnostic."""
        place = self.place
        return {
            "code": CODE,
            "name": NAME,
            "severity": SEVERITY,
            "message": self.message(),
            "line": place.line,
            "column": place.column,
            "end_line": place.end_line,
            "end_column": place.end_column,
            "offset": place.offset,
            "length": place.length,
            "fix": {
                "replacement": self.expected,
                "offset": place.offset,
                "length": place.length,
                "safe": False,
            },
            "related": [],
        }


def archive_variants(tally: NameTally, thresholds: Thresholds) -> list[ArchiveVariant]:
    """The rare forms of common names, one finding per article that writes one."""
    common: dict[str, list[tuple[str, int, list[str]]]] = {}
    for form, count in tally.forms.items():
        parts = name_parts(form)
        if count.articles >= thresholds.min_majority and len(parts) >= 2:
            common.setdefault(parts[-1][:1], []).append((form, count.articles, parts))
    found: list[ArchiveVariant] = []
    for form, count in tally.forms.items():
        if count.articles > thresholds.max_odd:
            continue
        parts = name_parts(form)
        if len(parts) < 2:
            continue
        candidates = common.get(parts[-1][:1], [])
        expected = _common_form(form, parts, count.articles, candidates, thresholds.max_share)
        if expected is None:
            continue
        found.extend(
            ArchiveVariant(form, place, count.articles, *expected) for place in count.places
        )
    found.sort(key=lambda v: (v.place.path, v.place.offset))
    return found


def _one_slip(parts: list[str], other: list[str]) -> bool:
    """The same name but for one word, a slip of the other's (NM001's test of one word:
    the same initial, one or two edits, five letters or more, not an inflection)."""
    if len(parts) != len(other):
        return False
    differing = [
        (mine, theirs) for mine, theirs in zip(parts, other, strict=True) if mine != theirs
    ]
    return len(differing) == 1 and near_miss(*differing[0])


def _common_form(
    form: str,
    parts: list[str],
    articles: int,
    candidates: list[tuple[str, int, list[str]]],
    max_share: float,
) -> tuple[str, int] | None:
    """The most written common form that ``form`` misspells, with its count."""
    best: tuple[int, str] | None = None
    for other, other_articles, other_parts in candidates:
        if other_parts == parts or articles > other_articles * max_share:
            continue
        if _one_slip(parts, other_parts) and (best is None or other_articles > best[0]):
            best = (other_articles, other)
    return None if best is None else (best[1], best[0])
