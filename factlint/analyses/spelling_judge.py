"""Tells an article's names from its misspelt capitalised words (:class:`SpellingJudge`),
and the kinds of evidence the spelling rules report (:data:`STRONG`, :data:`WEAK`,
:data:`LOWER`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

from factlint.analyses.dialect import is_dialect_form
from factlint.analyses.grammar import CHECKED_KINDS, Located, Probe
from factlint.analyses.name_lists import given_names, surnames
from factlint.analyses.name_similarity import MIN_VARIANT_LENGTH, slip_corrections, typing_slip
from factlint.analyses.people import NameIndex, marked_sic
from factlint.analyses.spelling_evidence import (
    CAPITALISED,
    MIN_CAPITALS_SLIP_LENGTH,
    MIN_NAME_SLIP_LENGTH,
    MIN_PROPER_SLIP_LENGTH,
    MIN_SLIP_LENGTH,
    NOT_LETTER,
    WORD_AFTER,
    bare_word,
    capitalised_words,
    common_correction,
    common_suggestion,
    listed_name,
    name_suggestion,
    news_words,
    plain_unknown_word,
    slip_of_name,
    slip_of_suggestion,
    slipped_month,
    title_abbreviations,
    unknown_everywhere,
    unspellable_slip,
    word_before,
    word_ends,
)
from factlint.article.document import Document, Paragraph
from factlint.backends import GrammarMatch
from factlint.core.diagnostics import Finding, Fix
from factlint.core.words import COMMON, word_frequency


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
      from a word no list knows (:func:`unspellable_slip`, :func:`slip_of_suggestion`);
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
                for match in CAPITALISED.finditer(paragraph.text):
                    word = match.group()
                    self.counts[word] = self.counts.get(word, 0) + 1
                    self.first_seen.setdefault(word, paragraph.start + match.start())
        # A word of a person's name used once is still checked against common words: a
        # "person" may be an organisation after a given name ("Clinton Foundation")
        self.person_words = {
            bare_word(w.text)
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
        # Words by their first and last letters, which a typing slip keeps: the candidates
        # for a slip, without comparing every pair of the article's words.
        self.names_by_ends: dict[tuple[str, str], list[str]] = {}
        self.by_ends: dict[tuple[str, str], list[str]] = {}  # every capitalised word
        for word in self.counts:
            self.by_ends.setdefault(word_ends(word), []).append(word)
        known = self.person_words | {w for w, n in self.counts.items() if n >= 2}
        for word in known | {w for w in accepted if w[:1].isupper()}:
            self.names_by_ends.setdefault(word_ends(word), []).append(word)

    def verdict(self, item: Located) -> Verdict | None:
        """What is wrong with ``item``, a capitalised spelling match, if anything."""
        return self.judge(bare_word(item.text), item.offset, item.paragraph, item.match)

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
        if offset in self.reported or word in self.accepted or word in news_words():
            return None
        if is_dialect_form(word) or word in given_names():
            return None  # "Labour", "Harbour Bridge": a name in its own dialect; "Cate"
        count = self.counts.get(word, 0)
        person = word in self.person_words or self._in_name(offset, paragraph)
        name = self._name_slipped(word, count, people=person)
        if name is None and count == 1 and unknown_everywhere(word):
            if marked_sic(self.text, offset + len(word)):
                return None  # "Correy [sic]": the source's spelling, kept on purpose
            name = self._slipped_in_same_name(word, offset, paragraph)
            month = slipped_month(word, paragraph.text, offset - paragraph.start)
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
        unspellable = unspellable_slip(word, suggestions, person)
        if unspellable is not None:  # a word written capitalised is the likelier fix
            return Verdict(correction or unspellable, weak=True)
        if self._short_name_word(word, offset, paragraph):
            return None
        weak = correction or common_correction(word)
        if weak is None and match is not None and not person and not probed:
            weak = name_suggestion(word, match.names) or common_suggestion(
                word, match.replacements, opening=offset in self.sentence_starts
            )
        if weak is None and match is not None and not person:
            weak = slip_of_suggestion(word, match.replacements, alone)
        return None if weak is None else Verdict(weak, weak=True)

    def _known_name_once(self, word: str) -> str | None:
        """Weak evidence (SP100's): a name the lists know (a given name, a surname, a
        country or a people) that the article writes as often as ``word`` (unknown
        everywhere, no word of a person's name) and that ``word`` is one typing slip from
        ("Prais" beside "Paris"): of two spellings of a name, the one no list knows is the
        slip. Not a word of a person's name, which no list need know ("Wimes" beside
        "Wines"), nor a word that is no name ("Fondation" beside "Foundation")."""
        for other in self.by_ends.get(word_ends(word), ()):
            if len(other) < MIN_VARIANT_LENGTH or self.counts[other] != self.counts.get(word, 0):
                continue
            if listed_name(other) and typing_slip(word, other):
                return other
        return None

    def name_in_capitals(self, item: Located) -> str | None:
        """Weak evidence (SP100's): a word in capitals ("TRMUP", a transcript's speaker),
        written once, of 5+ letters and unknown everywhere, that is one typing slip from
        a person's name the article writes at least twice ("Trump"): that name in
        capitals."""
        word = bare_word(item.text)
        if len(word) < MIN_CAPITALS_SLIP_LENGTH or not word.isalpha() or self.counts.get(word) != 1:
            return None
        if item.offset in self.reported or not unknown_everywhere(word.capitalize()):
            return None
        for other in self.names_by_ends.get(word_ends(word), ()):
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
        before = word_before(paragraph.text, at)
        after = WORD_AFTER.match(paragraph.text, at + len(word))
        around = []  # what stands before and after the word in the same name
        opening = before is not None and paragraph.start + before.start(1) in self.sentence_starts
        if before is not None and before.group(1)[:1].isupper() and not opening:
            around.append((regex.escape(before.group(1)) + r"[ \t]+", NOT_LETTER))
        if after is not None and after.group(1)[:1].isupper():
            around.append((r"(?<![\p{L}\p{M}])", r"[ \t]+" + regex.escape(after.group(1))))
        for other in self.by_ends.get(word_ends(word), ()) if around else ():
            if other == word or not slip_of_name(word, other):
                continue
            if self.counts[other] == 1 and unknown_everywhere(other):
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
        abbreviation = word.casefold() in title_abbreviations()  # "Sen." is no "Sean"
        for other in self.names_by_ends.get(word_ends(word), ()):
            person = other in self.person_words
            short = (people or person) and not abbreviation
            if other == word or not slip_of_name(word, other, short=short):
                continue
            if word_frequency(other.lower()) >= COMMON and not person:
                continue  # "Life", "China": a common word the article capitalises
            if word in surnames() and other in surnames():
                continue  # "Horan" and "Horgan": two players of one team sheet
            other_count = self.counts.get(other, 0)
            if other_count > count:
                return other
            if unknown_everywhere(other) and not unknown_everywhere(word):
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
        targets = capitalised_words()
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
            for found in CAPITALISED.finditer(paragraph.text)
            if found.group()[1:].islower() and self.counts.get(found.group(), 0) == 1
        ]
        probed = self._probed(
            [
                word
                for offset, word, _ in unchecked
                if offset not in matched and plain_unknown_word(word)
            ]
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
        before = word_before(paragraph.text, at)
        after = WORD_AFTER.match(paragraph.text, at + len(word))
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
