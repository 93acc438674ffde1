"""The headline gives an action to one party; the body gives it to another.

"Japan's withdrawal from Russia's peace talks" over a story in which Russia withdrew from
the talks and Japan protested: the headline has the parties the wrong way round. For each
action word of the headline (withdraw, suspend, reject, ban, sue, sack ...), the party
named just before it in the headline (its subject, or its possessor: "Japan's
withdrawal", at most three words away) is compared with the parties that do that action
in the body (the headline's party named nearest before the verb, in the active voice).
When the body has the action done only by another party the headline names, the headline
is reported. Parties are the headline's capitalised words that are not common English
words (a title-case "Angry Williams rejects" has one party, Williams).

It is a heuristic with no parser: it checks only actions the body itself reports with the
same verb, and says nothing when the body never names who acted.

Bad:
    Japan's withdrawal from Russia's peace talks

    Russia withdrew from peace talks with Japan on Monday, and Tokyo protested.
Good:
    Russia withdraws from peace talks with Japan

    Russia withdrew from peace talks with Japan on Monday, and Tokyo protested.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import regex

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.article.document import Document
from factlint.core.diagnostics import Finding
from factlint.core.resources import load as load_data
from factlint.core.words import NAME_LIKE, word_frequency

CODE = "HL003"
NAME = "headline-actor-reversed"
SEVERITY = "warning"

_PARTY = regex.compile(r"\p{Lu}[\p{L}-]+")


@cache
def _actions() -> dict[str, regex.Pattern]:
    """Each action's stem and the pattern of its forms ("withdr" → withdraw, withdrew …)."""
    return {
        stem: regex.compile(rf"\b(?:{forms})\b", regex.I)
        for stem, forms in load_data("headline")["headline_actions"].items()
    }


def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
    doc = ctx.article
    headline = doc.headline
    if headline is None:
        return
    parties = {p for p in _PARTY.findall(headline.text) if _is_party(p)}
    for stem, pattern in _actions().items():
        match = pattern.search(headline.text)
        if match is None or _INFINITIVE.search(headline.text[: match.start()]):
            continue  # "Trump calls on Obama to resign": a call, not the act
        if _is_noun(match.group(), stem) and stem not in _possessive_doers():
            continue
        actor = _actor(headline.text[: match.start()], parties, max_words=HEADLINE_REACH)
        if actor is None:
            continue
        doers = _body_doers(doc, pattern, parties)
        if doers and actor not in doers:
            other = sorted(doers)[0]
            yield Finding(
                headline.start + match.start(),
                match.end() - match.start(),
                f'the headline has {actor} do "{match.group()}", but in the body it is '
                f"{other} who does it",
            )


HEADLINE_REACH = 3  # "Japan's 'strong protest' withdrawal": the actor stands close to the act


_INFINITIVE = regex.compile(r"\bto\s+$", regex.I)
_NOUN_ENDINGS = ("al", "als", "ion", "ions")


def _is_party(word: str) -> bool:
    return word_frequency(word.lower()) < NAME_LIKE


def _is_noun(form: str, stem: str) -> bool:
    """ "withdrawal", "suspension"; a bare "ban", "boycott" or "veto" in a headline."""
    form = form.lower()
    return form.endswith(_NOUN_ENDINGS) or (form == stem and stem in ("ban", "boycott", "veto"))


@cache
def _possessive_doers() -> frozenset[str]:
    return frozenset(load_data("headline")["possessive_doers"])


_PASSIVE_BEFORE = regex.compile(
    r"\b(?:was|were|been|be|being|is|are|get|got)\s+(?:\w+\s+)?$", regex.I
)
_PASSIVE_AFTER = regex.compile(r"^\s+by\b", regex.I)


def _actor(text: str, parties: set[str], max_words: int | None = None) -> str | None:
    """The party named last before an action (within ``max_words`` words of it)."""
    matches = [m for m in _PARTY.finditer(text) if m.group() in parties]
    if not matches:
        return None
    last = matches[-1]
    if max_words is not None and len(text[last.end() :].split()) > max_words:
        return None
    return last.group()


def _body_doers(doc: Document, pattern: regex.Pattern, parties: set[str]) -> set[str]:
    """The headline's parties that do the action in the body, in the active voice."""
    doers = set()
    for paragraph in doc.body:
        for span in paragraph.sentences:
            sentence = doc.prose[span.start : span.end]
            for match in pattern.finditer(sentence):
                before, after = sentence[: match.start()], sentence[match.end() :]
                if doc.in_quote(span.start + match.start()) or _PASSIVE_BEFORE.search(before):
                    continue
                if _INFINITIVE.search(before):
                    continue
                if _PASSIVE_AFTER.match(after):
                    continue
                actor = _actor(before, parties)
                if actor is not None:
                    doers.add(actor)
    return doers
