"""Finding the mentions of people in a paragraph: runs of capitalised words, with their
title split off and what only looks like a name trimmed (a sentence opener, a nationality,
post-nominals), and whether a title, a speech verb or an appositive marks a run as a
person's. :class:`factlint.analyses.people.NameIndex` groups them by person."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from factlint.analyses.name_lists import given_names, name_particles, place_names
from factlint.article.document import Document, Paragraph
from factlint.core.matching import match_at
from factlint.core.resources import load as load_data
from factlint.core.words import COMMON, word_frequency

_WORD = regex.compile(r"\p{Lu}[\p{L}\p{M}'’.-]*(?<![.'’-])\.?|\p{Lu}\.")
_POSSESSIVE = regex.compile(r"['’]s?$")


@dataclass(frozen=True)
class Word:
    text: str  # as written, possessive and trailing full stop removed
    offset: int


@dataclass
class Mention:
    """One mention of a person (or of something capitalised that might be one)."""

    words: list[Word]  # the name words, title removed
    title: str | None  # the title before the name, as written ("Mr.", "Prime Minister")
    title_offset: int | None  # where the title starts
    courtesy: bool  # the title is a courtesy title (Mr., Mrs., Ms., Miss)
    paragraph: Paragraph
    in_quote: bool
    person_context: bool  # a title, speech verb or appositive marks it as a person
    in_list: bool = False  # an item of a list of names ("Murphy, Horgan, O'Driscoll")
    attributive: bool = False  # names a group or thing: "the Ambani family", "a Trump presidency"

    @property
    def offset(self) -> int:
        return self.words[0].offset

    @property
    def end(self) -> int:
        return self.words[-1].offset + len(self.words[-1].text)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def full(self) -> bool:
        return len(self.words) >= 2

    @property
    def surname(self) -> Word:
        return self.words[-1]

    @property
    def in_body(self) -> bool:
        return self.paragraph.kind == "body"


@dataclass(frozen=True)
class _Lists:
    courtesy: frozenset[str]
    titles: frozenset[str]
    organisations: frozenset[str]
    never: frozenset[str]
    speech: frozenset[str]
    attributive: frozenset[str]


@cache
def _lists() -> _Lists:
    data = load_data("names")
    return _Lists(
        courtesy=frozenset(data["courtesy_titles"]),
        titles=frozenset(data["formal_title_words"] + data["honorifics"] + data["courtesy_titles"]),
        organisations=frozenset(data["organisation_words"]),
        never=frozenset(data["never_names"]),
        speech=frozenset(data["speech_verbs"]),
        attributive=frozenset(data["attributive_nouns"]),
    )


_APPOSITIVE = regex.compile(r"^,\s+(?:the|a|an|who|whose|\d)\b|^\s+\((?:\p{Lu}-|\d)")
_NEXT_WORD = regex.compile(r"^,?\s+(\p{L}+)")
_DETERMINER_BEFORE = regex.compile(r"\b(?:the|a|an)\s+$", regex.I)
_LIST_BEFORE = regex.compile(r"\p{L}[,;]\s+$")
_LIST_AFTER = regex.compile(r"\s*[,;]\s*\p{Lu}")
_INVERTED_ATTRIBUTION = regex.compile(r"[,.!?…—–-][\"”’']?\s+(\p{Ll}+)\s+$")


def paragraph_mentions(
    doc: Document, paragraph: Paragraph, lowercase: frozenset[str]
) -> list[Mention]:
    """The mentions in one paragraph; ``lowercase`` holds the article's lower-case words."""
    lists = _lists()
    text = paragraph.text
    mentions = []
    starts = {s.start - paragraph.start for s in paragraph.sentences}
    for run in _runs(text):
        title_words, name_words = _split_title(run, lists)
        sentence_start = run[0].offset in starts
        while title_words and title_words[0].text not in lists.titles:
            title_words = title_words[1:]  # "Later Mr Brown": the title is "Mr"
        sentence_start = sentence_start and not title_words
        name_words = _trim(name_words, lists, lowercase, sentence_start)
        if not name_words or len(name_words) > 4:
            continue
        title = " ".join(w.text for w in title_words) or None
        courtesy = bool(title_words) and title_words[-1].text in lists.courtesy
        start = name_words[0].offset
        end = name_words[-1].offset + len(name_words[-1].text)
        context = bool(title_words) or _speech_context(text, start, end, lists)
        words = [Word(w.text, paragraph.start + w.offset) for w in name_words]
        title_offset = paragraph.start + title_words[0].offset if title_words else None
        in_quote = doc.in_quote(words[0].offset)
        in_list = bool(
            _LIST_BEFORE.search(text[max(0, start - 4) : start])
            and match_at(_LIST_AFTER, text, end)
        )
        attributive = not title_words and _attributive(text, start, end, lists)
        mentions.append(
            Mention(
                words,
                title,
                title_offset,
                courtesy,
                paragraph,
                in_quote,
                context,
                in_list,
                attributive,
            )
        )
    return mentions


def _trim(
    words: list[Word], lists: _Lists, lowercase: frozenset[str], sentence_start: bool
) -> list[Word]:
    """Drop what only looks like part of a name: a word the article also writes in lower
    case ("The Blair government"), a common English word opening a sentence ("Later
    Kishida said", "Bringing MCI": not a given name), a nationality or party before the
    name ("Democrat Hillary Clinton"), and post-nominals ("Margaret Moran MP", "Jr")."""
    start, end = 0, len(words)
    while start < end and (
        words[start].text in lists.never
        or words[start].text.lower() in lowercase
        or (start < end - 1 and words[start].text in place_names())
        or (sentence_start and start == 0 and end > 1 and _common_opener(words[0].text))
    ):
        start += 1
    while end > start + 1 and (
        _is_acronym(words[end - 1].text) or words[end - 1].text in _SUFFIXES
    ):
        end -= 1
    return words[start:end]


_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})


def _common_opener(word: str) -> bool:
    return word not in given_names() and word_frequency(word.lower()) >= COMMON


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and "." not in word


def _runs(text: str) -> list[list[Word]]:
    """Runs of capitalised words separated by single spaces (name particles allowed)."""
    particles = name_particles()
    runs: list[list[Word]] = []
    current: list[Word] = []
    last_end = -1
    for match in _WORD.finditer(text):
        raw = match.group()
        gap = text[last_end : match.start()] if current else ""
        joined = current and (gap == " " or (gap.strip() in particles and gap.count(" ") == 2))
        if current and not joined:
            runs.append(current)
            current = []
        word, possessive = _strip_possessive(raw)
        full_stop = word.endswith(".") and len(word) > 2 and not _is_abbreviation(word)
        if full_stop:
            word = word[:-1]
        current.append(Word(word, match.start()))
        last_end = match.start() + len(raw)
        if possessive or full_stop:  # "Japan’s goal", "... Kishida. The": the run ends
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _strip_possessive(raw: str) -> tuple[str, bool]:
    if raw.endswith(("'s.", "’s.", "s'.", "s’.")):
        raw = raw[:-1]
    match = _POSSESSIVE.search(raw)
    if match and len(raw) > 2:
        return raw[: match.start()], True
    return raw, False


def _is_abbreviation(word: str) -> bool:
    return word in _lists().titles or word in _lists().never


def _split_title(run: list[Word], lists: _Lists) -> tuple[list[Word], list[Word]]:
    """The title before a name, and the name: "Chief Cabinet Secretary" | "Hirokazu Matsuno".

    A run of title words alone ("the Prime Minister") has no name.
    """
    if all(w.text in lists.titles for w in run):
        return run, []
    for index in range(len(run) - 2, -1, -1):
        if run[index].text in lists.titles:
            return run[: index + 1], run[index + 1 :]
    return [], run


def _speech_context(text: str, start: int, end: int, lists: _Lists) -> bool:
    after = text[end : end + 40]
    next_word = _NEXT_WORD.match(after)
    if next_word and next_word.group(1).lower() in lists.speech:
        return True
    if _APPOSITIVE.match(after):
        return True
    before = _INVERTED_ATTRIBUTION.search(text[max(0, start - 40) : start])  # ',” said X'
    return bool(before) and before.group(1) in lists.speech


def _attributive(text: str, start: int, end: int, lists: _Lists) -> bool:
    if _DETERMINER_BEFORE.search(text[max(0, start - 6) : start]):
        return True
    following = _NEXT_WORD.match(text[end : end + 30])
    return bool(following) and following.group(1) in lists.attributive


def name_like(mention: Mention) -> bool:
    """Not an organisation, a place or an acronym; a demonym is a surname only in a full
    name a title or speech verb marks as a person's ("Mark Cuban said")."""
    lists = _lists()
    last = mention.surname.text
    if last in lists.organisations or last in lists.never:
        return False
    if last in place_names() and not (mention.full and mention.person_context):
        return False
    return not any(_is_acronym(w.text) for w in mention.words)
