"""Reading one article for one pack rule: the paragraphs of the rule's scope, quotations
kept or left alone as the scope says, all within one time budget for the article."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import regex

from factlint.article.document import Document, ParagraphKind
from factlint.packs.rule import PackRule, PackScope, Per


class PackTimeout(Exception):
    """A pack rule's pattern ran past the time limit on one article."""


class Matcher:
    """Runs a rule's patterns over its scope within one time budget for the article."""

    def __init__(
        self, rule: PackRule, doc: Document, scope: frozenset[PackScope], timeout: float
    ) -> None:
        self.rule, self.doc, self.scope, self.timeout = rule, doc, scope, timeout
        self.deadline = time.monotonic() + timeout
        kinds: set[ParagraphKind] = set()
        if "headline" in scope:
            kinds.add("headline")
        if "body" in scope or scope == {"quotes"}:
            kinds.update(("body", "heading"))
        if "bio" in scope:
            kinds.add("bio")
        self.paragraphs = [p for p in doc.paragraphs if p.kind in kinds]

    def matches(self, pattern: regex.Pattern, text: str, base: int) -> Iterator[regex.Match]:
        """Matches in ``text`` (which starts at ``base``) that the scope keeps."""
        try:
            for match in pattern.finditer(
                text, timeout=max(0.001, self.deadline - time.monotonic())
            ):
                start = base + span(match)[0]
                if match.group().lower() not in self.rule.exceptions and self._keep(start):
                    yield match
        except TimeoutError:
            raise PackTimeout(
                f"pack {self.rule.pack}, rule {self.rule.code} ({self.rule.name}): its pattern "
                f"ran for over {self.timeout:g} s on this article and was stopped; "
                "simplify the pattern"
            ) from None

    def whole(self) -> list[tuple[str, int]]:
        """Every paragraph of the scope. A pattern runs over one paragraph at a time, so
        ``^`` and ``$`` are its start and end."""
        return [(p.text, p.start) for p in self.paragraphs]

    def _keep(self, offset: int) -> bool:
        if self.doc.in_quote(offset):
            return "quotes" in self.scope
        return self.scope != {"quotes"}

    def units(self, per: Per) -> Iterator[list[tuple[str, int]]]:
        """Texts with their offsets, grouped by sentence, paragraph or the whole article."""
        if per == "article":
            yield self.whole()
            return
        for paragraph in self.paragraphs:
            if per == "paragraph" or not paragraph.sentences:
                yield [(paragraph.text, paragraph.start)]
                continue
            for sentence in paragraph.sentences:
                text = paragraph.text[
                    sentence.start - paragraph.start : sentence.end - paragraph.start
                ]
                yield [(text, sentence.start)]

    def found(
        self, pattern: regex.Pattern, unit: list[tuple[str, int]]
    ) -> Iterator[tuple[int, int, str]]:
        """(offset, length, text) of each kept match in a unit."""
        for text, base in unit:
            for match in self.matches(pattern, text, base):
                start, end = span(match)
                yield base + start, end - start, text[start:end]


def span(match: regex.Match) -> tuple[int, int]:
    if "target" in match.re.groupindex and match.start("target") >= 0:
        return match.span("target")
    return match.span()


def message(rule: PackRule, **values: Any) -> str:
    message = rule.message
    for key, value in values.items():
        message = message.replace("{" + key + "}", str(value))
    return message
