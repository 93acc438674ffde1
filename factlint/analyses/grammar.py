"""The grammar engine over an article: its matches (cached per paragraph), the words that are
never misspellings here, and which matches each of the GR and SP rules reports."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache

import regex

from factlint.analyses.dates import MONTHS, WEEKDAYS
from factlint.analyses.dialect import is_dialect_form
from factlint.analyses.letter_runs import unattested_opening, unattested_runs
from factlint.analyses.name_similarity import (
    MIN_VARIANT_LENGTH,
    slip_corrections,
    slip_kind,
    typing_slip,
)
from factlint.analyses.people import NameIndex, given_names, marked_sic, place_names, surnames
from factlint.article.document import STORY_KINDS, Document, Paragraph, ParagraphKind
from factlint.backends import Backend, GrammarMatch, GrammarSettings, get_backend
from factlint.backends.cache import GrammarCache
from factlint.core.diagnostics import Finding, Fix
from factlint.core.entities import Decoded, decode_entities
from factlint.core.resources import load as load_data
from factlint.core.words import COMMON, NAME_LIKE, word_frequency

CHECKED_KINDS: frozenset[ParagraphKind] = STORY_KINDS | {"bio"}
MATCHES_FORMAT = "decoded-entities+names"  # cached matches of paragraphs read this way


@dataclass(frozen=True)
class Located:
    paragraph: Paragraph
    match: GrammarMatch

    @property
    def offset(self) -> int:
        return self.paragraph.start + self.match.offset

    @property
    def text(self) -> str:
        return self.paragraph.text[self.match.offset : self.match.offset + self.match.length]


@cache
def _cache(persistent: bool, directory: str | None) -> GrammarCache:
    return GrammarCache(persistent, directory)


def grammar_matches(doc: Document, settings: GrammarSettings) -> list[Located]:
    """Every match of the configured backend in the article's prose, cached per paragraph."""
    backend = get_backend(settings)
    return [] if backend is None else _run(doc, settings, backend)


def _run(doc: Document, settings: GrammarSettings, backend: Backend) -> list[Located]:
    store = _cache(settings.cache, settings.cache_dir)
    prefix = f"{backend.name}|{backend.version}|{settings.key()}|{MATCHES_FORMAT}"
    paragraphs = [p for p in doc.paragraphs if p.kind in CHECKED_KINDS]
    results: dict[int, list[GrammarMatch]] = {}
    missing = []
    for paragraph in paragraphs:
        cached = store.get(GrammarCache.key(prefix, paragraph.text))
        if cached is None:
            missing.append(paragraph)
        else:
            results[paragraph.index] = cached
    if missing:
        texts = list(dict.fromkeys(p.text for p in missing))  # one check of a text repeated
        decoded = [decode_entities(text) for text in texts]
        checked = backend.check([d.text for d in decoded])
        by_text: dict[str, list[GrammarMatch]] = {}
        for text, written, found in zip(texts, decoded, checked, strict=True):
            by_text[text] = [_as_written(match, written) for match in found]
            store.put(GrammarCache.key(prefix, text), by_text[text])
        for paragraph in missing:
            results[paragraph.index] = by_text[paragraph.text]
    return [Located(p, m) for p in paragraphs for m in results[p.index]]


PROBE = "We saw {} there."  # a word read alone, mid-sentence, as the engine reads it in prose
Probe = Callable[[list[str]], dict[str, GrammarMatch]]


def probe_words(words: list[str], settings: list[GrammarSettings]) -> dict[str, GrammarMatch]:
    """The engine's spelling match on each of ``words`` read alone in a short sentence,
    for the words it rejects in every one of ``settings`` (an article of undecided
    dialect: American and British); cached as paragraphs are. The engine leaves some
    words of a long paragraph unchecked: this asks it about them."""
    found: dict[str, GrammarMatch] | None = None
    at = PROBE.index("{}")
    for each in settings:
        backend = get_backend(each)
        if backend is None:
            return {}
        store = _cache(each.cache, each.cache_dir)
        prefix = f"{backend.name}|{backend.version}|{each.key()}|{MATCHES_FORMAT}"
        results: dict[str, list[GrammarMatch]] = {}
        missing = []
        for word in words:
            cached = store.get(GrammarCache.key(prefix, PROBE.format(word)))
            if cached is None:
                missing.append(word)
            else:
                results[word] = cached
        if missing:
            checked = backend.check([PROBE.format(word) for word in missing])
            for word, matches in zip(missing, checked, strict=True):
                store.put(GrammarCache.key(prefix, PROBE.format(word)), matches)
                results[word] = matches
        spelt = {
            word: match
            for word, matches in results.items()
            for match in matches
            if match.spelling and match.offset == at and match.length == len(word)
        }
        found = spelt if found is None else {w: m for w, m in found.items() if w in spelt}
    return found or {}


def _as_written(match: GrammarMatch, text: Decoded) -> GrammarMatch:
    """A match on a paragraph read with its character references decoded ("risqu&#233;"
    is the word "risqué"), placed in the paragraph as written."""
    if not text.starts:
        return match
    offset, length = text.written(match.offset, match.length)
    return replace(match, offset=offset, length=length)


def in_both(first: list[Located], second: list[Located]) -> list[Located]:
    """The matches of ``first`` that ``second`` makes too (same place, same engine rule):
    what two checks of one article in two dialects agree on."""
    also = {(item.offset, item.match.length, item.match.rule) for item in second}
    return [item for item in first if (item.offset, item.match.length, item.match.rule) in also]


def accepted_words(doc: Document, names: NameIndex, settings: GrammarSettings) -> frozenset[str]:
    """Words that are never misspellings here: the authors' names (BY001's business) and
    the words of the user's dictionary (the fact register's names among them).
    Hyphenated names count part by part ("Pryce-Jones")."""
    words = {w for byline in doc.bylines for name in byline.names for w in name.text.split()}
    if doc.bio is not None:
        words.update(doc.bio.name.text.split())
    parts = {part for word in words for part in regex.split(r"[-‐'’]", word) if part}
    return frozenset(words | parts) | settings.words


_CAPITALISED = regex.compile(r"(?<![\p{L}\p{M}'’-])\p{Lu}[\p{L}\p{M}]*")


class SpellingJudge:
    """Decides, word by word, whether a capitalised word the engine does not know is a
    name or a misspelling. A capitalised word is a name unless the evidence says slip:

    - one typing slip (:func:`typing_slip`) from another name or word the same article
      spells more often (no common word it capitalises), or as often where that one
      names a person and this one does not, or from a name of the fact register or the
      desk's dictionary; a word of a person's name is NM001's;
    - or, used once and unknown everywhere (the engine's dictionary and the English word
      list), one typing slip from a very common word ("Christtmas", "Olymipc");
    - or, used once and unknown everywhere, one slip from a word of a name of several
      words the article writes right elsewhere ("Lorrd Scarwell" beside "Lord Scarwell"),
      or from a month's name next to a day ("Apil 15");
    - weaker evidence (:attr:`Verdict.weak`, SP100's): the engine's suggestion of a name,
      a short word or a word of a longer name near such a word, or, as a sentence's first
      word, one or two edits from a common word; the engine's suggestion one clear slip
      from a word no list knows (:func:`_unspellable_slip`, :func:`_slip_of_suggestion`);
      a name in capitals (:meth:`name_in_capitals`); of a name written once each way,
      the spelling no list knows (:meth:`_known_name_once`).

    The engine's own suggestions are no evidence: for a name it does not know ("Olsson",
    "Tata", "Parma") it suggests a word it does ("Olson", "Tara", "Parka"). Never a
    misspelling: a word of the user dictionary (the register's names included) or of an
    author's name, one dialect's spelling of a word ("Labour", "Harbor": names keep their
    own), a given name, a word the article spells the same way at least twice. NM001's
    variants are its own, not reported twice.
    """

    def __init__(
        self,
        doc: Document,
        names: NameIndex,
        accepted: frozenset[str],
        reported: frozenset[int],
        probe: Probe | None = None,
    ) -> None:
        self.accepted = accepted
        self.reported = reported  # offsets NM001 reports
        self.text = doc.text
        self.probe = probe  # the engine's match on words it left unchecked, read alone
        self.probed: dict[str, GrammarMatch] | None = None
        self.counts: dict[str, int] = {}
        self.first_seen: dict[str, int] = {}
        for paragraph in doc.paragraphs:
            if paragraph.kind in CHECKED_KINDS:
                for match in _CAPITALISED.finditer(paragraph.text):
                    word = match.group()
                    self.counts[word] = self.counts.get(word, 0) + 1
                    self.first_seen.setdefault(word, paragraph.start + match.start())
        # A word of a person's name used once is still checked against common words: a
        # "person" may be an organisation after a given name ("Clinton Foundation")
        self.person_words = {
            _plain(w.text)
            for person in names.people.values()
            for m in person.mentions
            for w in m.words
        }
        # Where a one-off name may stand: a list of names, a name opening with a given name
        self.name_spans = [
            (m.offset, m.end)
            for m in names.mentions
            if m.in_list or (m.full and m.words[0].text in given_names())
        ]
        self.sentence_starts = {s.start for p in doc.paragraphs for s in p.sentences}
        self.names_by_initial: dict[str, list[str]] = {}
        self.by_initial: dict[str, list[str]] = {}  # every capitalised word, by its initial
        for word in self.counts:
            self.by_initial.setdefault(word[:1].casefold(), []).append(word)
        known = self.person_words | {w for w, n in self.counts.items() if n >= 2}
        for word in known | {w for w in accepted if w[:1].isupper()}:
            self.names_by_initial.setdefault(word[:1].casefold(), []).append(word)

    def verdict(self, item: Located) -> Verdict | None:
        """What is wrong with ``item``, a capitalised spelling match, if anything."""
        return self.judge(_plain(item.text), item.offset, item.paragraph, item.match)

    def judge(
        self,
        word: str,
        offset: int,
        paragraph: Paragraph,
        match: GrammarMatch | None = None,
        probed: bool = False,
    ) -> Verdict | None:
        """What is wrong with the capitalised ``word`` at ``offset``, if anything: strong
        evidence of a slip (SP103), weak evidence (SP100), or none. ``match``: the engine's,
        when it flagged the word; ``probed``: when it flagged it read alone, its suggestions
        serve only the clear slips (a word out of its sentence draws looser ones)."""
        if offset in self.reported or word in self.accepted or word in _news_words():
            return None
        if is_dialect_form(word) or word in given_names():
            return None  # "Labour", "Harbour Bridge": a name in its own dialect; "Cate"
        count = self.counts.get(word, 0)
        person = word in self.person_words or self._in_name(offset, paragraph)
        name = self._name_slipped(word, count, people=person)
        if name is None and count == 1 and _unknown_everywhere(word):
            if marked_sic(self.text, offset + len(word)):
                return None  # "Correy [sic]": the source's spelling, kept on purpose
            name = self._slipped_in_same_name(word, offset, paragraph)
            month = _slipped_month(word, paragraph.text, offset - paragraph.start)
            if name is None and month is not None:
                return Verdict(month)
            known = None if name is not None or person else self._known_name_once(word)
            if known is not None:
                return Verdict(known, of_name=True, weak=True)
        if name is not None:  # a person's name is NM001's: what it misses is weak evidence
            return Verdict(name, of_name=True, weak=person)
        if count >= 2 or word_frequency(word) > 0:
            return None  # the article's own spelling, or a word English knows
        suggestions = () if match is None else match.replacements
        correction = self._capitalised_correction(word)
        alone = self._stands_alone(word, offset, paragraph)
        if correction is not None and not person and alone:
            return Verdict(correction)
        unspellable = _unspellable_slip(word, suggestions, person)
        if unspellable is not None:  # a word written capitalised is the likelier fix
            return Verdict(correction or unspellable, weak=True)
        if self._short_name_word(word, offset, paragraph):
            return None
        weak = correction or _common_correction(word)
        if weak is None and match is not None and not person and not probed:
            weak = _name_suggestion(word, match.names) or _common_suggestion(
                word, match.replacements, opening=offset in self.sentence_starts
            )
        if weak is None and match is not None and not person:
            weak = _slip_of_suggestion(word, match.replacements, alone)
        return None if weak is None else Verdict(weak, weak=True)

    def _known_name_once(self, word: str) -> str | None:
        """Weak evidence (SP100's): a name the lists know (a given name, a surname, a
        country or a people) that the article writes as often as ``word`` (unknown
        everywhere, no word of a person's name) and that ``word`` is one typing slip from
        ("Prais" beside "Paris"): of two spellings of a name, the one no list knows is the
        slip. Not a word of a person's name, which no list need know ("Wimes" beside
        "Wines"), nor a word that is no name ("Fondation" beside "Foundation")."""
        for other in self.by_initial.get(word[:1].casefold(), ()):
            if len(other) < MIN_VARIANT_LENGTH or self.counts[other] != self.counts.get(word, 0):
                continue
            if _listed_name(other) and typing_slip(word, other):
                return other
        return None

    def name_in_capitals(self, item: Located) -> str | None:
        """Weak evidence (SP100's): a word in capitals ("TRMUP", a transcript's speaker),
        written once, of 5+ letters and unknown everywhere, that is one typing slip from
        a person's name the article writes at least twice ("Trump"): that name in
        capitals."""
        word = _plain(item.text)
        if len(word) < MIN_CAPITALS_SLIP_LENGTH or not word.isalpha() or self.counts.get(word) != 1:
            return None
        if item.offset in self.reported or not _unknown_everywhere(word.capitalize()):
            return None
        for other in self.names_by_initial.get(word[:1].casefold(), ()):
            written = other in self.person_words and self.counts.get(other, 0) >= 2
            if written and not other.isupper() and typing_slip(word, other):
                return other.upper()
        return None

    def _slipped_in_same_name(self, word: str, offset: int, paragraph: Paragraph) -> str | None:
        """The word ``word`` is one typing slip from where the article writes the same
        name of several words right elsewhere: "Lorrd Scarman" beside "Lord Scarman",
        "Mitttal Steel" beside "Mittal Steel". The neighbour is a capitalised word of the
        same run that does not open its sentence (not "The")."""
        at = offset - paragraph.start
        before = _WORD_BEFORE.search(paragraph.text, 0, at)
        after = _WORD_AFTER.match(paragraph.text, at + len(word))
        around = []  # what stands before and after the word in the same name
        opening = before is not None and paragraph.start + before.start(1) in self.sentence_starts
        if before is not None and before.group(1)[:1].isupper() and not opening:
            around.append((regex.escape(before.group(1)) + r"[ \t]+", _NOT_LETTER))
        if after is not None and after.group(1)[:1].isupper():
            around.append((r"(?<![\p{L}\p{M}])", r"[ \t]+" + regex.escape(after.group(1))))
        for other in self.by_initial.get(word[:1].casefold(), ()) if around else ():
            if other == word or not _slip_of_name(word, other):
                continue
            if self.counts[other] == 1 and _unknown_everywhere(other):
                continue  # once each way, neither known: which is the slip?
            escaped = regex.escape(other)
            if any(regex.search(head + escaped + tail, self.text) for head, tail in around):
                return other
        return None

    def _name_slipped(self, word: str, count: int, people: bool = False) -> str | None:
        """The name of the article ``word`` is one slip from, when that name is the
        article's usual spelling: written more often, or as often but a person's where
        ``word`` is not. Written as often otherwise, the article cannot say which of the
        two is the slip (NM001 says of a person's name that it is spelled two ways).
        ``people``: ``word`` is a word of a person's name (a three-letter one too)."""
        abbreviation = word.casefold() in _title_abbreviations()  # "Sen." is no "Sean"
        for other in self.names_by_initial.get(word[:1].casefold(), ()):
            person = other in self.person_words
            short = (people or person) and not abbreviation
            if other == word or not _slip_of_name(word, other, short=short):
                continue
            if word_frequency(other.lower()) >= COMMON and not person:
                continue  # "Life", "China": a common word the article capitalises
            if word in surnames() and other in surnames():
                continue  # "Horan" and "Horgan": two players of one team sheet
            other_count = self.counts.get(other, 0)
            if other_count > count:
                return other
            if _unknown_everywhere(other) and not _unknown_everywhere(word):
                continue  # "Lord" is no slip of a one-off "Lorrd"
            persons = self.person_words
            if other_count == count and other in persons and word not in persons:
                return other
            if other_count == count and people and self._earlier(other, word):
                return other  # weak evidence (SP100's): the name written first
        return None

    def _earlier(self, a: str, b: str) -> bool:
        return self.first_seen.get(a, 0) < self.first_seen.get(b, 0)

    def _in_name(self, offset: int, paragraph: Paragraph) -> bool:
        """Whether ``offset`` is in a list of names, a name opening with a given name
        ("Cate Blanchett") or after a hyphen ("Miami-Dade", "Mar-a-Lago")."""
        at = offset - paragraph.start
        if at > 0 and paragraph.text[at - 1] in "-‐":
            return True
        return any(start <= offset < end for start, end in self.name_spans)

    @staticmethod
    def _capitalised_correction(word: str) -> str | None:
        """The word written capitalised that ``word``, unknown to the English word list, is
        one typing slip from: a country or a people, a word of a title or an organisation's
        name ("President", "Foundation"), or a common word English writes capitalised
        ("Christmas", "Olympic"; ``data/proper_words.yaml``). A slip from a lower-case
        word ("Tata" from "tara", "Hemet" from "helmet") is no evidence: such a word is as
        often a name no list knows."""
        if len(word) < MIN_SLIP_LENGTH or word_frequency(word) > 0:
            return None
        targets = _capitalised_words()
        found = sorted(
            (targets[c] for c in slip_corrections(word) if c in targets),
            key=lambda w: (-word_frequency(w), w),
        )
        return found[0] if found else None

    def missed(
        self, doc: Document, matched: set[int], in_quotes: bool, kinds: frozenset[str]
    ) -> Iterable[Finding]:
        """Capitalised words the engine passed over (Harper leaves some unchecked in a long
        paragraph) that are misspellings by the same tests (:meth:`judge`), of ``kinds``
        of evidence (:data:`STRONG`, :data:`WEAK`)."""
        unchecked = [
            (paragraph.start + found.start(), found.group(), paragraph)
            for paragraph in doc.paragraphs
            if paragraph.kind in CHECKED_KINDS
            for found in _CAPITALISED.finditer(paragraph.text)
            if found.group()[1:].islower() and self.counts.get(found.group(), 0) == 1
        ]
        probed = self._probed(
            [word for offset, word, _ in unchecked if offset not in matched and _plain_word(word)]
        )
        for offset, word, paragraph in unchecked:
            if offset in matched or doc.in_quote(offset) != in_quotes:
                continue
            verdict = self.judge(word, offset, paragraph, probed.get(word), probed=True)
            if verdict is None or verdict.fix is None or verdict.kind not in kinds:
                continue
            yield Finding(
                offset,
                len(word),
                f'"{word}" is one slip from "{verdict.fix}"',
                fix=Fix(verdict.fix, offset, len(word), safe=False),
            )

    def _probed(self, words: list[str]) -> dict[str, GrammarMatch]:
        """The engine's matches on ``words`` read alone (asked once per article)."""
        if self.probed is None:
            self.probed = {} if self.probe is None or not words else self.probe(sorted(words))
        return self.probed

    def _stands_alone(self, word: str, offset: int, paragraph: Paragraph) -> bool:
        """Long enough not to be a short name by chance one slip from a place ("Toho",
        "Cech", "Aires"), and no part of a run of capitalised words: "Buenos Aires",
        "Evin Prison" and "Fondation Cartier" are names of their own."""
        if len(word) < MIN_PROPER_SLIP_LENGTH:
            return False
        at = offset - paragraph.start
        before = _WORD_BEFORE.search(paragraph.text, 0, at)
        after = _WORD_AFTER.match(paragraph.text, at + len(word))
        name_before = (
            before is not None
            and before.group(1)[:1].isupper()
            and paragraph.start + before.start(1) not in self.sentence_starts  # "The"
        )
        return not (name_before or (after is not None and after.group(1)[:1].isupper()))

    def _short_name_word(self, word: str, offset: int, paragraph: Paragraph) -> bool:
        """A short word of a person's name ("Dade", "Cate"): often one slip from a word."""
        return len(word) < MIN_NAME_SLIP_LENGTH and (
            word in self.person_words or self._in_name(offset, paragraph)
        )


@dataclass(frozen=True)
class Verdict:
    """A misspelt capitalised word: its likely intended form, whether that is a name the
    article spells elsewhere, and whether the evidence is weak (SP100's, not SP103's): the
    engine's suggestion of a name its dictionary knows ("Wasserman": "Wassermann"), a
    place or proper word that a short word or a word of a longer name is one slip from
    ("Toho": "Togo", "Buenos Aires": "Aries"), a common word for a sentence's first word
    ("Investec": "Invested"). Names differ from other words by one letter as often as
    they are mistyped."""

    fix: str | None
    of_name: bool = False
    weak: bool = False

    @property
    def kind(self) -> str:
        return WEAK if self.weak else STRONG


# What the spelling rules report, by the evidence: a capitalised word with strong evidence
# of a slip (SP103), with weak evidence (SP100, and SP101 in quotations), the engine's other
# spelling matches (SP100, SP101)
STRONG, WEAK, LOWER = "strong", "weak", "lower"
SPELLING_KINDS = frozenset({STRONG, WEAK, LOWER})
MIN_SLIP_LENGTH = 4  # shorter capitalised words are initials, codes and short names
MIN_OPENING_SLIP_LENGTH = 7  # "Jeb", "Alain", "Ravi" open sentences as names
MIN_NAME_SLIP_LENGTH = 6  # "Dade", "Cate", "Jonny": short names are often a slip from a word
# How common (pyspellchecker's count) a lower-case word must be for a capitalised one-off
# unknown word one slip from it to be, weakly, its slip (SP100): "financial", "budget"
VERY_COMMON = NAME_LIKE
LONG_WORD = 7  # a word this long one slip from a known word is rarely a name by chance
MIN_PROPER_SLIP_LENGTH = 6  # "Toho", "Cech", "Aires": short names by chance near a place
_WORD_BEFORE = regex.compile(r"([\p{L}][\p{L}\p{M}'’.-]*)[ \t]+$")
_WORD_AFTER = regex.compile(r"[ \t]+([\p{L}][\p{L}\p{M}'’.-]*)")
_NOT_LETTER = r"(?![\p{L}\p{M}])"
# How common (pyspellchecker's count) a word must be for a capitalised word one slip from
# it, and unknown itself, to be its misspelling: "italy" 353, "westminster" 130.
WELL_KNOWN = 100


def _plain(text: str) -> str:
    return regex.sub(r"['’]s?$", "", text.strip("'’ "))


def _name_suggestion(word: str, names: tuple[str, ...]) -> str | None:
    """The first of the engine's suggestions that its dictionary knows only capitalised
    (``names``) and that is one typing slip from ``word`` ("Nintenddo": "Nintendo",
    "Chelea": "Chelsea"); for a short word, no person's name ("Tara" for "Tata"). Weak
    evidence (SP100's): the engine suggests what it knows for a name it does not. A
    suggestion of a lower-case word ("Parka" for "Parma") is none, and a word of a
    person's name is never judged by the engine's suggestions ("Olson" for "Olsson")."""
    for suggestion in names:
        if (
            len(word) >= MIN_SLIP_LENGTH
            and typing_slip(word, suggestion)
            and (len(word) > SHORT_NAME or not _person_name(suggestion))
        ):
            return suggestion
    return None


SHORT_NAME = 4  # "Tata": a word this short is as often a name as a slip of a person's name


def _person_name(word: str) -> bool:
    return word in given_names() or word in surnames()


def _common_correction(word: str) -> str | None:
    """The common word that ``word``, unknown to the English word list, is one typing slip
    from ("Financual": "Financial", "Ths": "This"): a very common one for a word of up to
    six letters, where names collide with words by chance ("Servat", "Hemet"), a known
    one for a longer word ("Prjeudice": "Prejudice")."""
    if len(word) < 3 or word_frequency(word) > 0:
        return None
    found = max(((word_frequency(w), w) for w in slip_corrections(word)), default=(0, ""))
    if len(found[1]) < MIN_SLIP_LENGTH:
        return None
    needed = WELL_KNOWN if len(word) >= LONG_WORD else VERY_COMMON
    return found[1].capitalize() if found[0] >= needed else None


def _common_suggestion(
    word: str, suggestions: tuple[str, ...], opening: bool = False
) -> str | None:
    """The first of the engine's suggestions that is a common word one typing slip from
    ``word`` ("Ths": "This", "Bnks": "Banks", "Lorrd": "Lord"); as a sentence's first word, a common
    word one edit away, two from a word of 8+ letters ("Gouverment": "Government"): a
    sentence's first word is capitalised whatever it is."""
    from rapidfuzz.distance import DamerauLevenshtein

    edits = 2 if len(word) >= 8 else 1
    for suggestion in suggestions:
        frequency = word_frequency(suggestion)
        long_enough = max(len(word), len(suggestion)) >= MIN_SLIP_LENGTH
        if frequency >= COMMON and long_enough and typing_slip(word, suggestion):
            return suggestion
        if (
            opening
            and len(word) >= MIN_OPENING_SLIP_LENGTH
            and frequency >= COMMON
            and DamerauLevenshtein.distance(word.casefold(), suggestion.casefold()) <= edits
        ):
            return suggestion
    return None


def _slipped_month(word: str, text: str, at: int) -> str | None:
    """The month's name that ``word`` (at ``at`` in ``text``) is one typing slip from,
    where a day of the month stands next to it ("Apil 15", "15 Apil")."""
    before, after = text[max(0, at - 8) : at], text[at + len(word) : at + len(word) + 6]
    if not (_DAY_AFTER.match(after) or _DAY_BEFORE.search(before)):
        return None
    return next((month for month in _MONTH_NAMES if typing_slip(word, month)), None)


_MONTH_NAMES = tuple(m.capitalize() for m in MONTHS if len(m) > 3)
_DAY_AFTER = regex.compile(r"\s(?:[12]?\d|3[01])(?:st|nd|rd|th)?(?!\d)")
_DAY_BEFORE = regex.compile(r"(?<!\d)(?:[12]?\d|3[01])(?:st|nd|rd|th)?\s$")


def _listed_name(word: str) -> bool:
    return word in given_names() or word in surnames() or word in place_names()


def _unknown_everywhere(word: str) -> bool:
    """No English word, given name or surname of the lists."""
    return word_frequency(word) == 0 and word not in given_names() and word not in surnames()


def _unspellable_slip(word: str, suggestions: tuple[str, ...], person: bool) -> str | None:
    """Weak evidence (SP100's): the engine's suggestion that mends ``word``, unknown
    everywhere and holding a run of letters no English word or listed name has ("Cntre":
    "Centre", "Lorrd": "Lord", "Exhbitor": "Exhibitor"), with a letter dropped, doubled or
    two swapped: such a word is no name of a language the lists know, and the slip
    explains it. A key next to the right one only where the word opens with letters no
    word or listed name opens with ("Mwta": "Meta") and is no word of a person's name:
    elsewhere such a run is as often a name the lists lack ("Moxey" is not "Mosey"
    mistyped). Weak, as a brand or a song may drop or double a letter on purpose
    ("Dirrty")."""
    if len(word) < MIN_SLIP_LENGTH or not _plain_word(word) or not unattested_runs(word):
        return None
    any_slip = not person and unattested_opening(word)
    for suggestion in suggestions:
        kind = slip_kind(word, suggestion) if suggestion.isalpha() else None
        if kind in CLEAR_SLIPS or (kind is not None and any_slip):
            return suggestion
    return None


CLEAR_SLIPS = frozenset({"dropped", "doubled", "swapped"})


def _plain_word(word: str) -> bool:
    """Letters only, capitalised only at the start ("LCDs", "McDonalds" and "Wer'e" are
    other shapes), and no word or name the lists know."""
    return word.isalpha() and word[1:].islower() and _unknown_everywhere(word)


def _slip_of_suggestion(word: str, suggestions: tuple[str, ...], alone: bool) -> str | None:
    """Weak evidence (SP100's): the engine's suggestion that ``word``, unknown everywhere,
    is with two neighbouring letters swapped, where ``word`` stands alone and has 6+
    letters ("Claico": "Calico"); or, for a word of 8+ letters, with a letter dropped,
    doubled or swapped ("Meddicaid": "Medicaid"). Names differ from words by a swap of
    neighbouring letters far less often than by a changed letter, and long words seldom
    by chance."""
    if not _plain_word(word):
        return None
    for suggestion in suggestions:
        kind = slip_kind(word, suggestion) if suggestion.isalpha() else None
        if kind == "swapped" and alone and len(word) >= MIN_PROPER_SLIP_LENGTH:
            return suggestion
        if kind in CLEAR_SLIPS and len(word) >= LONG_SLIP_LENGTH:
            return suggestion
    return None


LONG_SLIP_LENGTH = 8
MIN_CAPITALS_SLIP_LENGTH = 5  # "NASA", "AIPAC": shorter words in capitals are acronyms


def _slip_of_name(word: str, name: str, short: bool = False) -> bool:
    """``word`` is one typing slip from the article's name ``name`` ("Brwn", "Brown");
    a word of three letters only when ``short`` (a word of a person's name, "Mtu" for
    "Mutu"): "Sen." is no slip of "Sean"."""
    length = max(len(word), len(name)) if short else min(len(word), len(name))
    return length >= MIN_SLIP_LENGTH and typing_slip(word, name)


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
def _title_abbreviations() -> frozenset[str]:
    return frozenset(load_data("names")["title_abbreviations"])


@cache
def _capitalised_words() -> dict[str, str]:
    """Words written capitalised, by their lower-case form: countries and peoples, title
    and organisation words, and ``data/proper_words.yaml``."""
    names = load_data("names")
    words = [*place_names(), *names["formal_title_words"], *names["organisation_words"]]
    words += load_data("proper_words")["proper_words"]
    return {w.casefold(): w for w in words if w.isalpha() and len(w) >= MIN_SLIP_LENGTH}


@cache
def _name_particles() -> frozenset[str]:
    return frozenset(load_data("lexicon")["name_particles"])


@cache
def _past_tenses() -> frozenset[str]:
    return frozenset(load_data("grammar")["past_tenses"])


def _touches_markup(doc: Document, item: Located) -> bool:
    """A match on Markdown markup that the model blanked (it sees "two spaces")."""
    end = item.offset + item.match.length
    return doc.text[item.offset : end] != doc.prose[item.offset : end]


def _slip_finding(item: Located, name: str) -> Finding:
    word = _plain(item.text)
    return Finding(
        item.offset,
        len(word),
        f'"{word}" is one slip from "{name}", as the article spells it elsewhere',
        fix=Fix(name, item.offset, len(word), safe=False),
        engine_rule=item.match.rule,
    )


def _accepted(item: Located, accepted: frozenset[str]) -> bool:
    word = _plain(item.text)  # "Nadal's" is Nadal
    if len(word) < 3 or not word.isalpha() or word.isupper():
        return True  # initials, "PS2", "ITV1", acronyms: codes and names, not words
    return (
        word in accepted
        or word.lower() in accepted
        or word.capitalize() in accepted
        or word in _news_words()
        or word in _name_particles()  # "Monte dei Paschi", "Baron von Trapp"
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


@cache
def _news_words() -> frozenset[str]:
    return frozenset(load_data("grammar")["news_words"])


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
