"""Who the article says wrote it: the bio and front-matter authors set against the byline.

Shared by the byline rules: each check is one name (the bio's, or a front-matter author)
with the verdict of comparing it with the bylined names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from factlint.analyses.name_similarity import Comparison, compare_names
from factlint.article.document import Document
from factlint.article.story_parts import NameRef

AuthorSource = Literal["bio", "byline", "front matter"]  # where the article names an author


@dataclass(frozen=True)
class AuthorCheck:
    name: NameRef  # the name checked
    where: AuthorSource  # "bio" or "front matter"
    verdict: Comparison  # against the closest of ``against``
    closest: NameRef | None  # the bylined name it matches or nearly matches
    against: tuple[NameRef, ...]  # the bylined names it was compared with
    against_where: AuthorSource  # "byline" or "front matter"


def author_checks(doc: Document) -> list[AuthorCheck]:
    people = [n for b in doc.bylines if not b.agency for n in b.names]
    written = [n for b in doc.bylines if b.paragraph is not None and not b.agency for n in b.names]
    front_matter = [n for b in doc.bylines if b.paragraph is None and not b.agency for n in b.names]
    checks = []
    if doc.bio is not None and people:
        where: AuthorSource = "byline" if written else "front matter"
        checks.append(_check(doc.bio.name, "bio", people, where))
    if written:
        checks.extend(_check(name, "front matter", written, "byline") for name in front_matter)
    return checks


def _check(
    name: NameRef, where: AuthorSource, against: list[NameRef], against_where: AuthorSource
) -> AuthorCheck:
    verdicts = [(compare_names(name.text, other.text), other) for other in against]
    for wanted in ("same", "variant"):
        closest = next((other for verdict, other in verdicts if verdict == wanted), None)
        if closest is not None:
            return AuthorCheck(name, where, wanted, closest, tuple(against), against_where)
    return AuthorCheck(name, where, "different", None, tuple(against), against_where)
