"""The people an article names: every mention, grouped by person, built once per article.

A mention is a run of capitalised words in the headline or body ("Prime Minister Fumio
Kishida", "Mr. Matsuno", "Kishida’s"), with its title split off and what only looks like
a name trimmed (a sentence opener, a nationality, post-nominals). A run of two or more
name words is a *full name* when the article treats it as a person's: a title or a speech
verb stands next to it ("said Fumio Kishida"), an appositive follows (", the minister",
", who", ", 52"), it opens with a known given name (Faker's lists for some 80 locales),
or its surname is used again on its own. A single word is a person's surname when it
carries a title or a speech verb. People are grouped by surname. The mentions are found by
:mod:`name_mentions`; the lists of names are :mod:`name_lists`'.

The index also says which capitalised words the article spells consistently, so that the
spelling rule never flags a name the article uses the same way every time.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property

import regex

from factlint.analyses.name_lists import given_names, place_names, surnames
from factlint.analyses.name_lists import name_gender as name_gender  # callers import it here
from factlint.analyses.name_mentions import Mention, Word, name_like, paragraph_mentions
from factlint.analyses.name_similarity import MIN_VARIANT_LENGTH, near_miss, typing_slip
from factlint.article.document import STORY_KINDS, Document
from factlint.core.words import COMMON, word_frequency


@dataclass
class Person:
    """Mentions that share a surname: full names, titled and bare surnames."""

    surname: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def full_mentions(self) -> list[Mention]:
        return [m for m in self.mentions if m.full]


@dataclass
class Variant:
    """A name word spelled as a near miss of a more common form of the same name."""

    word: Word
    expected: str  # the article's usual spelling
    expected_count: int
    first_expected: Word
    tie: bool = False  # each form written as often: which one is right, the article can't say
    others: tuple[str, ...] = ()  # a third spelling or more: every form of the name but this


class NameIndex:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.mentions: list[Mention] = []
        self.people: dict[str, Person] = {}
        self.word_counts: Counter[str] = Counter()
        self._first_word: dict[str, Word] = {}
        self._roles: dict[str, set[str]] = {}  # form -> "given", "middle", "surname"
        self._build()
        self._owners = {id(m): p for p in self.people.values() for m in p.mentions}
        order = sorted(range(len(self.mentions)), key=lambda i: self.mentions[i].offset)
        self._order = order  # mention indices by offset, for range queries
        self._in_order = order == list(range(len(order)))  # mentions already by offset
        self._offsets = [self.mentions[i].offset for i in order]

    # --- building ----------------------------------------------------------------

    def _build(self) -> None:
        lowercase = frozenset(regex.findall(r"\b\p{Ll}+\b", self.doc.prose))
        for paragraph in self.doc.paragraphs:
            if paragraph.kind in STORY_KINDS:
                self.mentions.extend(paragraph_mentions(self.doc, paragraph, lowercase))
        for mention in self.mentions:
            for position, word in enumerate(mention.words):
                self.word_counts[word.text] += 1
                self._first_word.setdefault(word.text, word)
                self._roles.setdefault(word.text, set()).add(_role(mention, position))
        reused = {m.surname.text for m in self.mentions if not m.full and not m.in_list}
        for mention in self.mentions:
            if _is_person(mention, reused) and name_like(mention):
                key = mention.surname.text.casefold()
                self.people.setdefault(key, Person(mention.surname.text)).mentions.append(mention)
        joined = {id(m) for person in self.people.values() for m in person.mentions}
        for mention in self.mentions:  # bare surnames of known people join them
            key = mention.surname.text.casefold()
            person = self.people.get(key)
            if person is not None and not mention.full and id(mention) not in joined:
                person.mentions.append(mention)
                joined.add(id(mention))
        for person in self.people.values():
            person.mentions.sort(key=lambda m: m.offset)

    # --- queries -----------------------------------------------------------------

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """The mentions with ``start <= offset < end``, in the order of ``mentions``."""
        low = bisect.bisect_left(self._offsets, start)
        high = bisect.bisect_left(self._offsets, end, lo=low)
        if self._in_order:
            return self.mentions[low:high]
        return [self.mentions[i] for i in sorted(self._order[low:high])]

    def person_of(self, mention: Mention) -> Person | None:
        """The person ``mention`` belongs to, if any (the one of its surname)."""
        person = self._owners.get(id(mention))
        key = mention.surname.text.casefold()
        return person if person is not None and self.people.get(key) is person else None

    def person_words(self) -> dict[str, Person]:
        """Every name word of a known person (given names and surnames), case-folded."""
        words: dict[str, Person] = {}
        for person in self.people.values():
            for mention in person.full_mentions:
                for word in mention.words:
                    words.setdefault(word.text.casefold(), person)
            words.setdefault(person.surname.casefold(), person)
        return words

    @cached_property
    def variants(self) -> list[Variant]:
        """Name words spelled as a near miss of a more frequent spelling of a person's name.

        Given names are compared with given names and surnames with surnames, so that
        "David Davis" is one person, not a misspelling.
        """
        by_fold: dict[str, str] = {}
        for form in self.word_counts:  # "Clinton" over a transcript's "CLINTON"
            if form.casefold() not in by_fold or by_fold[form.casefold()].isupper():
                by_fold[form.casefold()] = form
        by_initial: dict[str, list[tuple[str, Person]]] = {}
        for fold, person in self.person_words().items():
            if fold in by_fold:
                by_initial.setdefault(fold[:1], []).append((by_fold[fold], person))
        found: list[Variant] = []
        places = place_names()
        people = self.person_words()
        for form, count in self.word_counts.items():
            candidates = by_initial.get(form[:1].casefold(), [])
            if form in places or len(form) < MIN_VARIANT_LENGTH:
                continue
            if word_frequency(form.lower()) >= COMMON or not _written_as_a_name(form):
                continue  # a slip rarely makes a common word: "Union" is not "Unison"
            expected = self._expected_form(form, count, candidates)
            if expected is None and form.casefold() in people:
                expected = self._bare_surname(form, count)
            if expected is None or self._two_names(form, expected):
                continue
            if self._marked_sic(form) or self._marked_sic(expected):
                continue  # "Correy [sic]": the source's spelling, kept on purpose
            first = self._first_word[expected]
            tie = self.word_counts[expected] == count
            found.extend(
                Variant(word, expected, self.word_counts[expected], first, tie)
                for word in self._occurrences(form)
            )
        found.sort(key=lambda v: v.word.offset)
        return _with_three_spellings(found)

    # --- helpers -----------------------------------------------------------------

    def _expected_form(
        self, form: str, count: int, candidates: list[tuple[str, Person]]
    ) -> str | None:
        best: tuple[int, str] | None = None
        for other, person in candidates:
            if other == form or not near_miss(form, other):
                continue
            slip = unknown_slip(form, other)  # "Mitttal Steel", "Cherie Blaair": a slip anywhere
            other_count = self.word_counts[other]
            if other_count < count or not (slip or self._roles[form] & self._roles[other]):
                continue
            if (
                other_count == count
                and self._first_word[other].offset > self._first_word[form].offset
            ):
                continue
            if not slip and self.belongs_to_someone_else(form, person):
                continue
            best = max(best or (other_count, other), (other_count, other))
        return best[1] if best else None

    def _bare_surname(self, form: str, count: int) -> str | None:
        """The name that ``form``, a word of a person's name unknown everywhere, is one
        typing slip from, where the article writes that name more often but never as a
        person's by its own tests ("Donald Turmp" once, "Trump" bare in every other
        paragraph)."""
        for other, other_count in self.word_counts.items():
            if other_count <= count or len(other) < MIN_VARIANT_LENGTH or other in place_names():
                continue
            if unknown_slip(form, other) and _written_as_a_name(other) and self._in_story(other):
                return other
        return None

    def _in_story(self, form: str) -> bool:
        return any(m.in_body and not m.in_list for m in self.mentions if form in m.text.split())

    def belongs_to_someone_else(self, form: str, person: Person) -> bool:
        """``form`` is part of a full name whose other words are not this person's.

        A person known only by surname ("Mr Brown", "Brown said") has no other words to
        compare: "Gordon Brwon" may well be them."""
        if not person.full_mentions:
            return False
        mine = {w.text.casefold() for m in person.full_mentions for w in m.words}
        mine.add(person.surname.casefold())
        for mention in self.mentions:
            texts = [w.text for w in mention.words]
            if form not in texts or not mention.full:
                continue
            others = {t.casefold() for t in texts if t != form}
            if others and not others & mine:
                return True
        return False

    def _occurrences(self, form: str) -> list[Word]:
        """Where ``form`` is written, except in lists of names (team sheets, line-ups)."""
        return [w for m in self.mentions if not m.in_list for w in m.words if w.text == form]

    def _two_names(self, form: str, other: str) -> bool:
        """Two names, not one misspelt: both known to the lists, and either differing only
        at the end, as a name and its pet form or its people do ("Steve" and "Stevie",
        "Texas" and "Texan"), or each given in full ("Shane Horgan", "Marcus Horan"). A
        slip that makes another word, written bare after the full name, is still a slip
        ("Clare" after "Charles Clarke")."""
        if not (_known_name(form) and _known_name(other)):
            return False
        a, b = form.casefold(), other.casefold()
        shared = next(
            (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
        )
        return shared >= min(len(a), len(b)) - 1 or (
            self._in_full_name(form) and self._in_full_name(other)
        )

    def _in_full_name(self, form: str) -> bool:
        return any(m.full and any(w.text == form for w in m.words) for m in self.mentions)

    def _marked_sic(self, form: str) -> bool:
        """A "[sic]" after ``form`` somewhere: its spelling is the source's, on purpose."""
        text = self.doc.text
        return any(_SIC.match(text, w.offset + len(w.text)) for w in self._occurrences(form))


_SIC = regex.compile(r"[^\n\[(]{0,40}[\[(]sic[\])]", regex.IGNORECASE)


def marked_sic(text: str, end: int) -> bool:
    """A "[sic]" (or "(sic)") follows the word ending at ``end`` closely: its spelling is
    the source's, kept on purpose."""
    return _SIC.match(text, end) is not None


def _with_three_spellings(found: list[Variant]) -> list[Variant]:
    """``found``, where a name is written three ways or more ("Hassell", "Hassel",
    "Hassall"), with each of its variants saying so: the most frequent form is then no
    sure guide to the right one."""
    groups: dict[str, set[str]] = {}
    for variant in found:
        group = groups.get(variant.expected) or groups.get(variant.word.text) or set()
        group |= {variant.expected, variant.word.text}
        for form in group:
            groups[form] = group
    return [
        replace(v, others=tuple(sorted(groups[v.expected] - {v.word.text})))
        if len(groups[v.expected]) >= 3
        else v
        for v in found
    ]


_JOINED_WORDS = regex.compile(r"\p{Ll}\p{Lu}")


def _written_as_a_name(form: str) -> bool:
    """Not a word in capitals (a tweet's, a transcript's) nor words run together by a
    page's furniture ("FoleyFlagShareLikeReply": more than one inner capital after a
    lower-case letter; "McDonald" and "DaimlerChrysler" have one)."""
    return not form.isupper() and len(_JOINED_WORDS.findall(form)) <= 1


def unknown_slip(form: str, other: str) -> bool:
    """``form`` is ``other`` with one typing slip (a letter dropped, doubled, swapped or a
    key next to the right one) and is itself no word, given name or surname the lists
    know: a slip wherever it stands, whoever's name it is in ("Mitttal Steel" beside
    "Lakshmi Mittal", "Cherie Blaair" beside "Tony Blair"). Two people's names a letter
    apart are names the lists mostly know ("Horan" and "Horgan")."""
    return (
        typing_slip(form, other)
        and word_frequency(form.lower()) == 0
        and form not in given_names()
        and form not in surnames()
    )


def _known_name(form: str) -> bool:
    """A word the English word list knows, or a given name ("Steve" and "Stevie" are two
    names; surnames are not asked: "Halvorson" for "Halvorsen" is still a slip)."""
    return word_frequency(form.lower()) > 0 or form in given_names()


def _role(mention: Mention, position: int) -> str:
    if not mention.full or position == len(mention.words) - 1:
        return "surname"
    return "given" if position == 0 else "middle"


def _is_person(mention: Mention, reused: set[str]) -> bool:
    """A person's name: a full name in a person's context, opening with a known given name,
    or whose surname the article uses again on its own; a surname with a title, or with a
    speech verb or an appositive beside it ("Trump said", "Trump, who")."""
    if mention.full:
        return (
            mention.person_context
            or mention.words[0].text in given_names()
            or mention.surname.text in reused
        )
    return mention.title is not None or mention.person_context
