"""What each kind of pack rule means, in one class a kind (:data:`KINDS`, one for each
:data:`~factlint.packs.rule.PackKind`): the keys a rule of the kind needs, how its patterns
are made from them, the scope it reads by default, what it matches in an article, and
what its fix is.

Every kind reads the paragraphs of the rule's scope (headline, body, bio) and leaves
quotations alone unless the scope names ``quotes``: a quote is verbatim. A pattern with a
group named ``target`` reports that group's span rather than the whole match. A rule's
patterns that take longer than :data:`MATCH_TIMEOUT` seconds on one article (catastrophic
backtracking in a user pack) raise :class:`PackTimeout`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import ClassVar

import regex

from factlint.article.document import Document
from factlint.core.diagnostics import Finding, Fix, Related
from factlint.core.wording import keeps_words, words
from factlint.core.words import TITLE_CASE, word_frequency
from factlint.packs.matching import Matcher, PackTimeout, message, span
from factlint.packs.patterns import PatternMaker, PatternSource, as_written
from factlint.packs.rule import (
    DEFAULT_SCOPE,
    CapitalizationStyle,
    PackError,
    PackKind,
    PackRule,
    PackScope,
)

MATCH_TIMEOUT = 2.0  # seconds one rule's patterns may take on one article
__all__ = ["KINDS", "MATCH_TIMEOUT", "Kind", "PackTimeout", "check_rule", "describe"]


_HEADLINE_WORD = regex.compile(r"\p{L}[\p{L}'’-]*")
_SMALL_WORDS = frozenset(
    ("a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "off",
     "on", "onto", "or", "per", "so", "than", "the", "to", "up", "via", "with", "yet", "vs")
)  # fmt: skip


def check_rule(
    rule: PackRule, doc: Document, scope: frozenset[PackScope] | None = None
) -> list[Finding]:
    """The findings of one pack rule on ``doc`` (``scope`` overrides the rule's own)."""
    matcher = Matcher(rule, doc, scope or rule.scope, MATCH_TIMEOUT)
    return list(KINDS[rule.kind].find(rule, matcher))


def describe(rule: PackRule) -> str:
    """The rule's documentation, as ``factlint explain`` prints it."""
    parts = [rule.message.replace("{match}", "…").replace("{replacement}", "…") + "."]
    if rule.description:
        parts.append(rule.description)
    parts.append(f"Pack: {rule.pack} ({rule.kind}). Source: {rule.source}.")
    fix = KINDS[rule.kind].fix_note(rule)
    if fix:
        parts.append(fix)
    examples = [
        f"{label + ':':<6}{example}"
        for label, key in (("Bad", "bad"), ("Good", "good"))
        for example in rule.examples.get(key, ())
    ]
    return "\n\n".join(parts) + "\n\n" + "\n".join(examples)


def _same_case(written: str, replacement: str) -> str:
    """ "Utilize" → "Use": a capital first letter is kept."""
    if written[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _key(match: regex.Match) -> str:
    return match.group(1) if match.re.groups else match.group()


def _not_title(words: list[regex.Match]) -> list[str]:
    return [w.group() for w in words if w.group()[0].islower() and w.group() not in _SMALL_WORDS]


def _not_sentence(words: list[regex.Match]) -> list[str]:
    """Capitalised common words ("Withdraws", "From"): title case, when they are most of
    the headline's common words. Names are rarely common words."""
    common = [w.group() for w in words if word_frequency(w.group().lower()) >= TITLE_CASE]
    capital = [w for w in common if w[0].isupper() and not w.isupper()]
    return capital if len(capital) >= 2 and len(capital) * 2 > len(common) else []


Made = tuple[tuple[PatternSource, ...], tuple[str, ...]]  # pattern sources, replacements


class Kind:
    """One kind of pack rule. A rule needs at least one of ``one_of`` and all of
    ``required``; ``ignorecase`` is its patterns' default; ``fixes``: its findings carry a
    fix."""

    name: ClassVar[PackKind]
    one_of: ClassVar[frozenset[str]] = frozenset({"tokens", "pattern"})
    required: ClassVar[frozenset[str]] = frozenset()
    default_scope: ClassVar[frozenset[PackScope]] = DEFAULT_SCOPE
    ignorecase: ClassVar[bool] = True
    fixes: ClassVar[bool] = False

    def needs(self) -> str:
        """What a rule of this kind needs, as an error says it (``tokens or pattern``)."""
        return " or ".join(sorted(self.one_of)) + "".join(
            f" and {k}" for k in sorted(self.required)
        )

    def patterns(self, item: dict, make: PatternMaker) -> Made:
        """The pattern sources of a rule of this kind (and its replacements)."""
        if "pattern" in item:
            return (make.source(item["pattern"], wrap=False),), ()
        tokens = item["tokens"]
        if not isinstance(tokens, list) or not tokens:
            raise PackError(f"{make.where}: tokens must be a list")
        return (make.source("|".join(f"(?:{t})" for t in tokens)),), ()

    def style(self, item: dict, where: str) -> CapitalizationStyle | None:
        return None

    def find(self, rule: PackRule, m: Matcher) -> Iterable[Finding]:
        raise NotImplementedError

    def fix_note(self, rule: PackRule) -> str | None:
        """What ``factlint explain`` says of the rule's fix (None: it has none)."""
        return None


class Existence(Kind):
    """A word or pattern that should not be there."""

    name = "existence"

    def find(self, rule: PackRule, m: Matcher) -> Iterable[Finding]:
        for offset, length, text in m.found(rule.patterns[0], m.whole()):
            yield Finding(offset, length, message(rule, match=text))


class Substitution(Kind):
    """A form to swap for another (``swap:`` pattern to replacement): a fix, safe when
    the pack says so and it changes no word."""

    name = "substitution"
    one_of = frozenset({"swap"})
    fixes = True

    def patterns(self, item: dict, make: PatternMaker) -> Made:
        where, swap = make.where, item["swap"]
        if not isinstance(swap, dict) or not swap:
            raise PackError(f"{where}: swap must map patterns to their replacements")
        pairs = [(k, v) for k, v in swap.items() if k != "__line__"]
        if not all(isinstance(v, str) for _, v in pairs):
            raise PackError(f"{where}: swap: each replacement must be text")
        sources = tuple(make.source(k) for k, _ in pairs)
        replacements = tuple(v for _, v in pairs)
        if make.compile_now:
            for number, pair in enumerate(zip(sources, replacements, strict=True), 1):
                make.check_replacement(*pair, f"{where}: swap: replacement {number}")
        return sources, replacements

    def find(self, rule: PackRule, m: Matcher) -> Iterable[Finding]:
        for text, base in m.whole():
            if rule.prefilter is not None and not rule.prefilter.search(text):
                continue
            for pattern, replacement in zip(rule.patterns, rule.replacements, strict=True):
                for match in m.matches(pattern, text, base):
                    start, end = span(match)
                    written = text[start:end]
                    wanted = _same_case(written, match.expand(replacement))
                    if wanted == written:
                        continue
                    offset = base + start
                    # A safe fix changes only spacing and punctuation: one that changes a
                    # word is offered as unsafe, whatever the pack says (the safe-fix
                    # contract).
                    safe = rule.safe and keeps_words(written, wanted)
                    yield Finding(
                        offset,
                        end - start,
                        message(rule, match=written, replacement=wanted),
                        fix=Fix(wanted, offset, end - start, safe=safe),
                    )

    def fix_note(self, rule: PackRule) -> str | None:
        if rule.safe:
            return (
                "Fix: the replacement, safe (`factlint check --fix` applies it) where it "
                "changes no word, only spacing and punctuation."
            )
        return (
            "Fix: the replacement, unsafe: applied only with `--unsafe-fixes` or "
            "by an editor, never by `factlint check --fix` alone."
        )


class Occurrence(Kind):
    """A word used more than ``max`` times in a sentence, paragraph or article."""

    name = "occurrence"
    required = frozenset({"max"})

    def find(self, rule: PackRule, m: Matcher) -> Iterable[Finding]:
        for unit in m.units(rule.per):
            found = list(m.found(rule.patterns[0], unit))
            if len(found) > rule.limit:
                offset, length, text = found[rule.limit]
                yield Finding(
                    offset,
                    length,
                    message(rule, match=text, count=len(found), max=rule.limit),
                    related=tuple(Related(o, n, f'"{t}"') for o, n, t in found[: rule.limit]),
                )


class Repetition(Kind):
    """The same word again in a sentence, paragraph or article."""

    name = "repetition"

    def find(self, rule: PackRule, m: Matcher) -> Iterable[Finding]:
        for unit in m.units(rule.per):
            seen: dict[str, tuple[int, int]] = {}
            for offset, length, text in m.found(rule.patterns[0], unit):
                key = text.lower()
                if key in seen:
                    before = (Related(*seen[key], "before"),)
                    yield Finding(offset, length, message(rule, match=text), related=before)
                else:
                    seen[key] = (offset, length)


class Consistency(Kind):
    """Two or more forms of one thing (``either:``): the article's usual one wins."""

    name = "consistency"
    one_of = frozenset({"either"})

    def patterns(self, item: dict, make: PatternMaker) -> Made:
        forms = item["either"]
        if not isinstance(forms, list) or len(forms) < 2:
            raise PackError(f"{make.where}: either must list two or more forms")
        return tuple(make.source(f) for f in forms), ()

    def find(self, rule: PackRule, m: Matcher) -> Iterable[Finding]:
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
                    message(rule, match=text, other=other),
                    related=(Related(uses[house][0][0], uses[house][0][1], f'"{other}"'),),
                )


class Conditional(Kind):
    """A use (``first``, an abbreviation) that needs a definition (``second``) before it."""

    name = "conditional"
    one_of = frozenset({"first"})
    required = frozenset({"second"})

    def patterns(self, item: dict, make: PatternMaker) -> Made:
        flags = make.flags & ~regex.I
        first = make.source(item["first"], wrap=False, flags=flags)
        second = make.source(item["second"], wrap=False, flags=flags)
        return (first, second), ()

    def find(self, rule: PackRule, m: Matcher) -> Iterable[Finding]:
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
                    yield Finding(offset, len(match.group()), message(rule, match=match.group()))


class Capitalization(Kind):
    """A headline not in the house case (``style:`` sentence or title)."""

    name = "capitalization"
    one_of = frozenset({"style"})
    default_scope = frozenset({"headline"})
    ignorecase = False

    def patterns(self, item: dict, make: PatternMaker) -> Made:
        return (), ()

    def style(self, item: dict, where: str) -> CapitalizationStyle | None:
        style = item.get("style")
        if style not in ("sentence", "title"):
            raise PackError(f"{where}: style must be sentence or title")
        return style

    def find(self, rule: PackRule, m: Matcher) -> Iterable[Finding]:
        for paragraph in m.paragraphs:
            if paragraph.kind != "headline":
                continue
            words = list(_HEADLINE_WORD.finditer(paragraph.text))[1:]
            wrong = _not_title(words) if rule.style == "title" else _not_sentence(words)
            if wrong:
                yield Finding(
                    paragraph.start,
                    len(paragraph.text.rstrip()),
                    message(rule, match=paragraph.text.strip(), words=", ".join(wrong)),
                )


# Every kind, in the order error messages list them.
KINDS: dict[PackKind, Kind] = {
    kind.name: kind()
    for kind in (
        Existence,
        Substitution,
        Occurrence,
        Repetition,
        Consistency,
        Conditional,
        Capitalization,
    )
}
Find = Callable[[PackRule, Matcher], Iterable[Finding]]
MATCHERS: dict[PackKind, Find] = {name: kind.find for name, kind in KINDS.items()}


_GROUP_REFERENCE = regex.compile(r"\\(?:\d+|g<[^>]*>)")


def safe_fix_failures(rule: PackRule) -> list[str]:
    """What is wrong with a rule marked ``safe`` whose fix changes words: a safe fix may
    change only spacing and punctuation (a word the replacement writes itself, or one a
    bad example's fix changes). Such a fix is offered as unsafe when the rule runs."""
    if not rule.safe or not KINDS[rule.kind].fixes:
        return []
    changes = [
        f"{as_written(pattern)} -> {replacement!r}"
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
