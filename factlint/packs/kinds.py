"""What each kind of pack rule matches in an article (:data:`MATCHERS`, one for each
:data:`~factlint.packs.schema.PackKind`; what each needs in a pack is the schema's).

Every kind reads the paragraphs of the rule's scope (headline, body, bio) and leaves
quotations alone unless the scope names ``quotes``: a quote is verbatim. A pattern with a
group named ``target`` reports that group's span rather than the whole match. A rule's
patterns that take longer than :data:`MATCH_TIMEOUT` seconds on one article (catastrophic
backtracking in a user pack) raise :class:`PackTimeout`.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import regex

from factlint.article.document import Document, ParagraphKind
from factlint.core.diagnostics import Finding, Fix, Related
from factlint.core.wording import keeps_words, words
from factlint.core.words import TITLE_CASE, word_frequency
from factlint.packs.schema import PackKind, PackRule, PackScope, Per

MATCH_TIMEOUT = 2.0  # seconds one rule's patterns may take on one article


class PackTimeout(Exception):
    """A pack rule's pattern ran past the time limit on one article."""


_HEADLINE_WORD = regex.compile(r"\p{L}[\p{L}'’-]*")
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "off",
        "on",
        "onto",
        "or",
        "per",
        "so",
        "than",
        "the",
        "to",
        "up",
        "via",
        "with",
        "yet",
        "vs",
    ]
)


def check_rule(
    rule: PackRule, doc: Document, scope: frozenset[PackScope] | None = None
) -> list[Finding]:
    """The findings of one pack rule on ``doc`` (``scope`` overrides the rule's own)."""
    matcher = _Matcher(rule, doc, scope or rule.scope)
    return list(MATCHERS[rule.kind](rule, matcher))


class _Matcher:
    """Runs a rule's patterns over its scope within one time budget for the article."""

    def __init__(self, rule: PackRule, doc: Document, scope: frozenset[PackScope]) -> None:
        self.rule, self.doc, self.scope = rule, doc, scope
        self.deadline = time.monotonic() + MATCH_TIMEOUT
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
                start = base + _span(match)[0]
                if match.group().lower() not in self.rule.exceptions and self._keep(start):
                    yield match
        except TimeoutError:
            raise PackTimeout(
                f"pack {self.rule.pack}, rule {self.rule.code} ({self.rule.name}): its pattern "
                f"ran for over {MATCH_TIMEOUT:g} s on this article and was stopped; "
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
                start, end = _span(match)
                yield base + start, end - start, text[start:end]


def _span(match: regex.Match) -> tuple[int, int]:
    if "target" in match.re.groupindex and match.start("target") >= 0:
        return match.span("target")
    return match.span()


def _message(rule: PackRule, **values: Any) -> str:
    message = rule.message
    for key, value in values.items():
        message = message.replace("{" + key + "}", str(value))
    return message


def _existence(rule: PackRule, m: _Matcher) -> Iterable[Finding]:
    for offset, length, text in m.found(rule.patterns[0], m.whole()):
        yield Finding(offset, length, _message(rule, match=text))


def _substitution(rule: PackRule, m: _Matcher) -> Iterable[Finding]:
    for text, base in m.whole():
        if rule.prefilter is not None and not rule.prefilter.search(text):
            continue
        for pattern, replacement in zip(rule.patterns, rule.replacements, strict=True):
            for match in m.matches(pattern, text, base):
                start, end = _span(match)
                written = text[start:end]
                wanted = _same_case(written, match.expand(replacement))
                if wanted == written:
                    continue
                offset = base + start
                # A safe fix changes only spacing and punctuation: one that changes a
                # word is offered as unsafe, whatever the pack says (the safe-fix contract).
                safe = rule.safe and keeps_words(written, wanted)
                yield Finding(
                    offset,
                    end - start,
                    _message(rule, match=written, replacement=wanted),
                    fix=Fix(wanted, offset, end - start, safe=safe),
                )


def _same_case(written: str, replacement: str) -> str:
    """ "Utilize" → "Use": a capital first letter is kept."""
    if written[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _occurrence(rule: PackRule, m: _Matcher) -> Iterable[Finding]:
    for unit in m.units(rule.per):
        found = list(m.found(rule.patterns[0], unit))
        if len(found) > rule.limit:
            offset, length, text = found[rule.limit]
            yield Finding(
                offset,
                length,
                _message(rule, match=text, count=len(found), max=rule.limit),
                related=tuple(Related(o, n, f'"{t}"') for o, n, t in found[: rule.limit]),
            )


def _repetition(rule: PackRule, m: _Matcher) -> Iterable[Finding]:
    for unit in m.units(rule.per):
        seen: dict[str, tuple[int, int]] = {}
        for offset, length, text in m.found(rule.patterns[0], unit):
            key = text.lower()
            if key in seen:
                first = seen[key]
                yield Finding(
                    offset, length, _message(rule, match=text), related=(Related(*first, "before"),)
                )
            else:
                seen[key] = (offset, length)


def _consistency(rule: PackRule, m: _Matcher) -> Iterable[Finding]:
    uses = [list(m.found(pattern, m.whole())) for pattern in rule.patterns]
    used = [i for i, found in enumerate(uses) if found]
    if len(used) < 2:
        return
    counts = Counter({i: len(uses[i]) for i in used})
    top = max(counts.values())
    house = min((i for i in used if counts[i] == top), key=lambda i: uses[i][0][0])
    other = uses[house][0][2]
    for i in used:
        if i == house:
            continue
        for offset, length, text in uses[i]:
            yield Finding(
                offset,
                length,
                _message(rule, match=text, other=other),
                related=(Related(uses[house][0][0], uses[house][0][1], f'"{other}"'),),
            )


def _conditional(rule: PackRule, m: _Matcher) -> Iterable[Finding]:
    use, definition = rule.patterns
    defined: dict[str, int] = {}
    for text, base in m.whole():
        for match in m.matches(definition, text, base):
            defined.setdefault(_key(match), base + match.start())
    reported: set[str] = set()
    for text, base in m.whole():
        for match in m.matches(use, text, base):
            key = _key(match)
            offset = base + match.start()
            if key in reported or key.lower() in rule.exceptions:
                continue
            if key not in defined or defined[key] > offset + len(match.group()):
                reported.add(key)
                yield Finding(offset, len(match.group()), _message(rule, match=match.group()))


def _key(match: regex.Match) -> str:
    return match.group(1) if match.re.groups else match.group()


def _capitalization(rule: PackRule, m: _Matcher) -> Iterable[Finding]:
    for paragraph in m.paragraphs:
        if paragraph.kind != "headline":
            continue
        words = list(_HEADLINE_WORD.finditer(paragraph.text))[1:]
        wrong = _not_title(words) if rule.style == "title" else _not_sentence(words)
        if wrong:
            yield Finding(
                paragraph.start,
                len(paragraph.text.rstrip()),
                _message(rule, match=paragraph.text.strip(), words=", ".join(wrong)),
            )


def _not_title(words: list[regex.Match]) -> list[str]:
    return [w.group() for w in words if w.group()[0].islower() and w.group() not in _SMALL_WORDS]


def _not_sentence(words: list[regex.Match]) -> list[str]:
    """Capitalised common words ("Withdraws", "From"): title case, when they are most of
    the headline's common words. Names are rarely common words."""
    common = [w.group() for w in words if word_frequency(w.group().lower()) >= TITLE_CASE]
    capital = [w for w in common if w[0].isupper() and not w.isupper()]
    return capital if len(capital) >= 2 and len(capital) * 2 > len(common) else []


Matcher = Callable[[PackRule, _Matcher], Iterable[Finding]]

MATCHERS: dict[PackKind, Matcher] = {
    "existence": _existence,
    "substitution": _substitution,
    "occurrence": _occurrence,
    "repetition": _repetition,
    "consistency": _consistency,
    "conditional": _conditional,
    "capitalization": _capitalization,
}


_GROUP_REFERENCE = regex.compile(r"\\(?:\d+|g<[^>]*>)")


def safe_fix_failures(rule: PackRule) -> list[str]:
    """What is wrong with a rule marked ``safe`` whose fix changes words: a safe fix may
    change only spacing and punctuation (a word the replacement writes itself, or one a
    bad example's fix changes). Such a fix is offered as unsafe when the rule runs."""
    if not rule.safe or rule.kind != "substitution":
        return []
    changes = [
        f"{_shown(pattern)} -> {replacement!r}"
        for (pattern, _), replacement in zip(rule.sources, rule.replacements, strict=True)
        if words(_GROUP_REFERENCE.sub("", replacement))
    ]
    for example in rule.examples.get("bad", ()):
        doc, scope = _example(rule, example)
        for finding in check_rule(rule, doc, scope):
            fix = finding.fix
            if fix is not None and not fix.safe:
                old = doc.text[fix.offset : fix.offset + fix.length]
                changes.append(f"{old!r} -> {fix.replacement!r}")
    if not changes:
        return []
    said = "; ".join(dict.fromkeys(changes))
    return [
        f"{rule.code} {rule.name} is marked safe, but its fix changes words ({said}): "
        "a safe fix changes only spacing and punctuation, so it is offered as unsafe "
        "(mark the rule `safe: false`)"
    ]


def _shown(pattern: str) -> str:
    """A swap's pattern as the pack writes it (without the word boundaries added)."""
    opening = r"(?<![\p{L}\p{N}])(?:"
    closing = r")(?![\p{L}\p{N}])"
    if pattern.startswith(opening) and pattern.endswith(closing):
        pattern = pattern[len(opening) : -len(closing)]
    return repr(pattern)


def example_failures(rule: PackRule) -> list[str]:
    """What is wrong with a rule against its own examples: a bad one it misses, a good
    one it flags. A headline-only rule reads each example as a headline; the others as a
    body paragraph (a bio rule too, since a one-line example has no bio)."""
    failures = []
    for label in ("bad", "good"):
        for example in rule.examples.get(label, ()):
            found = check_rule(rule, *_example(rule, example))
            if (label == "bad") != bool(found):
                wrong = "misses" if label == "bad" else "flags"
                failures.append(f"{rule.code} {rule.name} {wrong} its {label} example {example!r}")
    return failures


def _example(rule: PackRule, example: str) -> tuple[Document, frozenset[PackScope]]:
    """An example as the article it is read as, and the scope that reads it."""
    from factlint.article.document import parse

    headline_only = rule.scope == {"headline"}
    body = frozenset("body" if s in ("bio", "headline") else s for s in rule.scope)
    text = f"{example}\n" if headline_only else f"Example\n\n{example}\n"
    doc = parse("example.txt", text, markdown=False)
    return doc, rule.scope if headline_only else body
