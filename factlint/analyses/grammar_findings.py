"""Which of the grammar engine's matches each of the GR and SP rules reports, and the
findings they make of them, in factlint's words."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import regex

from factlint.analyses.dates import MONTHS, WEEKDAYS
from factlint.analyses.dialect import is_dialect_form
from factlint.analyses.grammar import Located
from factlint.analyses.name_lists import given_names, name_particles, place_names
from factlint.analyses.spelling_evidence import WELL_KNOWN, bare_word, news_words
from factlint.analyses.spelling_judge import LOWER, SPELLING_KINDS, STRONG, WEAK, SpellingJudge
from factlint.article.document import Document
from factlint.backends import GrammarMatch, GrammarSettings
from factlint.core.diagnostics import Finding, Fix
from factlint.core.resources import load as load_data
from factlint.core.words import word_frequency

# Engine rules that factlint's own rules already cover: GR001 (doubled words) and QT001
# (unbalanced quotation marks).
COVERED_ELSEWHERE = frozenset(
    {
        "RepeatedWords",
        "TheTheToThatThe",
        "ENGLISH_WORD_REPEAT_RULE",
        "UnclosedQuotes",
        "EN_UNPAIRED_QUOTES",
        "EN_UNPAIRED_BRACKETS",
    }
)


def findings(
    doc: Document,
    matches: list[Located],
    judge: SpellingJudge | None,
    settings: GrammarSettings,
    *,
    spelling: bool,
    in_quotes: bool,
    elsewhere: frozenset[int] = frozenset(),
    kinds: frozenset[str] = SPELLING_KINDS,
) -> Iterable[Finding]:
    """The matches one of the grammar and spelling rules reports: grammar or spelling
    (``spelling``), inside direct quotations or outside (``in_quotes``); ``judge`` tells
    names from misspellings, and spelling matches at the ``elsewhere`` offsets are
    another rule's (SP102's mixed dialect). Of spelling, ``kinds``: capitalised words
    with strong evidence of a slip (:data:`STRONG`, SP103's), with weak evidence
    (:data:`WEAK`), and the engine's other matches (:data:`LOWER`)."""
    disabled = _default_disabled() if settings.disabled_rules is None else settings.disabled_rules
    if spelling and judge is not None and kinds & {STRONG, WEAK}:
        matched = {item.offset for item in matches if item.match.spelling}
        yield from judge.missed(doc, matched, in_quotes, kinds)
    for item in matches:
        match = item.match
        if match.spelling != spelling or match.rule in COVERED_ELSEWHERE or match.rule in disabled:
            continue
        if doc.in_quote(item.offset) != in_quotes or _touches_markup(doc, item):
            continue
        if not spelling:
            if not wrong_on_edited_copy(item):
                yield _finding(item)
            continue
        if item.offset in elsewhere or judge is None:
            continue
        if item.text[:1].isupper() and not item.text.isupper():
            verdict = judge.verdict(item)
            if verdict is None or verdict.kind not in kinds:
                continue
            if verdict.of_name and verdict.fix is not None:
                yield _slip_finding(item, verdict.fix)
            else:
                yield _finding(item, [verdict.fix] if verdict.fix else None)
        elif item.text.isupper() and (name := judge.name_in_capitals(item)) is not None:
            if WEAK in kinds:
                yield _slip_finding(item, name)
        elif LOWER in kinds and not _accepted(item, judge.accepted):
            yield _finding(item)


SHORT_PART = 3  # SplitWords: a part this short marks words run together, not a compound
_BEFORE_SENTENCE = regex.compile(
    r"(?:[!?][\"”’')]*|\S*\w\.\w\S*|(?<!\S)\.\w*|(?<!\S)\p{Lu}{2,}\.)\s*$"
)
_NUMERAL = regex.compile(r"\s+(?:\d|(?:two|three|four|five|six|seven|eight|nine|ten)\b)", regex.I)
_NOT_SPOKEN_AS_VOWEL = regex.compile(r"\s+(?:\d|\p{Lu}{2}|[hH])")


def wrong_on_edited_copy(item: Located) -> bool:
    """A grammar match that is wrong on edited news copy, where the engine misreads it:

    - PronounVerbAgreement on a past tense ("as he beat Olympic champion X", "he struck",
      "he delisted") or on a plural noun after "you" ("thank you guys");
    - SentenceCapitalization after a title ending in "!" or "?" ("Which? magazine found",
      "Wham! along"), a dotted name ("gamesindustry.biz, said", ".m3u - which") or an
      abbreviation in capitals ("Leadplex LLC. and");
    - TheirToTheyre before a numeral ("their two children");
    - TransposedSpace between two capitalised words: names ("S Horgan", "Amit Yoran");
    - AnA before a figure, letters read one by one or an "h" ("an MEP", "an 18-year-old",
      "an historic": said, not spelled);
    - SplitWords on a compound the engine lacks, two words of 4+ letters ("shockwaves",
      "passcode", "flaxseed"): kept where a part is short, as in words run together
      ("allday", "inmany") or a misspelling the engine splits ("targetted": "target ted").
    """
    match, text = item.match, item.paragraph.text
    flagged = item.text.casefold()
    if match.rule == "PronounVerbAgreement":
        before = text[max(0, match.offset - 5) : match.offset].casefold()
        return (
            flagged in _past_tenses()
            or flagged.endswith("ed")
            or (before.endswith("you ") and flagged.endswith("s"))
        )
    if match.rule == "SentenceCapitalization":
        return bool(_BEFORE_SENTENCE.search(text[: match.offset]))
    if match.rule == "TransposedSpace":
        return all(word[:1].isupper() for word in item.text.split())
    if match.rule == "TheirToTheyre":
        return bool(_NUMERAL.match(text, match.offset + match.length))
    if match.rule == "AnA":
        after = text[match.offset + match.length : match.offset + match.length + 4]
        if after.startswith("."):  # "a.m.", "10 a.m.": not an article
            return True
        return flagged == "an" and bool(_NOT_SPOKEN_AS_VOWEL.match(after))
    if match.rule == "SplitWords" and match.replacements:
        parts = match.replacements[0].split()
        return all(len(part) > SHORT_PART for part in parts)
    return False


@cache
def _past_tenses() -> frozenset[str]:
    return frozenset(load_data("grammar")["past_tenses"])


def _touches_markup(doc: Document, item: Located) -> bool:
    """A match on Markdown markup that the model blanked (it sees "two spaces")."""
    end = item.offset + item.match.length
    return doc.text[item.offset : end] != doc.prose[item.offset : end]


def _slip_finding(item: Located, name: str) -> Finding:
    word = bare_word(item.text)
    return Finding(
        item.offset,
        len(word),
        f'"{word}" is one slip from "{name}", as the article spells it elsewhere',
        fix=Fix(name, item.offset, len(word), safe=False),
        engine_rule=item.match.rule,
    )


def _accepted(item: Located, accepted: frozenset[str]) -> bool:
    word = bare_word(item.text)  # "Nadal's" is Nadal
    if len(word) < 3 or not word.isalpha() or word.isupper():
        return True  # initials, "PS2", "ITV1", acronyms: codes and names, not words
    return (
        word in accepted
        or word.lower() in accepted
        or word.capitalize() in accepted
        or word in news_words()
        or word in name_particles()  # "Monte dei Paschi", "Baron von Trapp"
        or _well_known_word(word)
    )


def _well_known_word(word: str) -> bool:
    """A lower-case word the English word list counts often ("storyline", "bloke") is a
    word even where the engine's dictionary lacks it; misspellings are not in that list.
    Not a name written in lower case ("european", "friday", "trevor": the list is in
    lower case), nor a form of one dialect ("colour"), which the engine judges in the
    article's own dialect."""
    return (
        word.islower()
        and word_frequency(word) >= WELL_KNOWN
        and not is_dialect_form(word)
        and not _written_capitalised(word.capitalize())
    )


def _written_capitalised(word: str) -> bool:
    """A country, a people, a continent, a given name, a day or a month."""
    return word in place_names() or word in given_names() or word in _calendar_names()


@cache
def _calendar_names() -> frozenset[str]:
    return frozenset(name.capitalize() for name in (*WEEKDAYS, *MONTHS) if len(name) > 3)


@cache
def _default_disabled() -> frozenset[str]:
    return frozenset(load_data("grammar")["disabled_rules"])


def _finding(item: Located, preferred: list[str] | None = None) -> Finding:
    """The engine's match as a finding; its fix the first of ``preferred`` suggestions, or
    of the engine's."""
    match = item.match
    fix = None
    suggestions = preferred or match.replacements
    if suggestions:
        fix = Fix(suggestions[0], item.offset, match.length, safe=False)
    message = engine_message(item.text, match, None if fix is None else fix.replacement)
    return Finding(item.offset, match.length, message, fix=fix, engine_rule=match.rule)


_CODE_SPAN = regex.compile(r"`([^`\n]*)`")
SPELLING_RULES = frozenset({"SpellCheck", "MORFOLOGIK_RULE_EN_US", "MORFOLOGIK_RULE_EN_GB"})


def engine_message(flagged: str, match: GrammarMatch, suggestion: str | None) -> str:
    """What an engine's match says, in factlint's words: no markup, no rule tag, and the
    suggestion named. A misspelling: '"goverment" may be misspelt; did you mean
    "government"?'. Anything else: the engine's sentence, then 'Suggestion: replace " ,"
    with ","' (or 'delete ...')."""
    if match.spelling and (match.rule in SPELLING_RULES or match.category == "Spelling"):
        message = f'"{flagged}" may be misspelt'
        return message if suggestion is None else f'{message}; did you mean "{suggestion}"?'
    message = " ".join(_CODE_SPAN.sub(r'"\1"', match.message).split()).rstrip()
    if message and message[-1] not in ".?!":
        message += "."
    if suggestion is None:
        return message
    if not suggestion:
        return f'{message} Suggestion: delete "{flagged}".'
    return f'{message} Suggestion: replace "{flagged}" with "{suggestion}".'
