"""Quote attribution: for every direct quotation, who said it and how the article says so.

For each outer double-quoted span of the body this finds the *speaker* (a name, a
pronoun resolved to the nearest compatible person named before it, or a description such
as "a ministry spokesman") and the *cue* ("said", "told", "according to", a colon), in
the forms news copy uses:

- ``"…," Kishida said.`` / ``"…," said Kishida, the prime minister.`` (after the quote)
- ``Kishida said: "…"`` / ``Kishida said, "…"`` / ``According to Kishida, "…"`` (before it)
- split quotes ``"…," Kishida said, "…"``, and several quotes in one paragraph
- a partial quote inside a sentence, attributed to the sentence's subject
  (Kishida “strongly protested” the decision)
- a quotation continued over paragraphs, a quote paragraph after one that quotes its
  speaker ("carried"), and one after a paraphrase of its speaker ("implied": the sheet
  names the likely speaker, the QT002 rule still asks for an attribution).

Built once per article and shared by the quote rules and ``factlint quotes``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Literal

import regex

from factlint.analyses.attribution_patterns import (
    NOT_SPEAKERS,
    PRONOUN,
    SAID_VERB,
    TRANSCRIPT_LABEL,
    cue_before,
    patterns,
    possessive,
    qualifies,
)
from factlint.analyses.broken_attribution import broken_attributions
from factlint.analyses.people import NameIndex, Person, name_gender
from factlint.analyses.quote_spans import ParagraphQuotes, Sentences, Text
from factlint.article.document import Document, Paragraph
from factlint.article.quotes import Quote
from factlint.core.matching import match_at

__all__ = [
    "Attribution",
    "How",
    "Speaker",
    "attributions",
    "broken_attributions",
    "cue_before",
    "possessive",
]

PARTIAL_QUOTE_WORDS = 6  # a quote this short inside a sentence is a partial quote
_WORD_BEFORE = 12  # how far before a speaker a name that runs into it may start
_PRONOUNS = {"he": "male", "she": "female", "they": None, "it": None, "we": None, "i": None}

# How the article attributes a quote: a cue after it or before it, a transcript's label, the
# subject of the sentence a partial quote stands in, another quote of the same paragraph,
# the previous paragraph's quote it continues, the quote of the paragraph before
# ("carried"), a paraphrase of the speaker in the paragraph before ("implied": the sheet
# names the likely speaker, QT002 still asks for an attribution), or nothing ("none").
How = Literal[
    "after",
    "before",
    "label",
    "partial",
    "same-paragraph",
    "continued",
    "carried",
    "implied",
    "none",
]


@dataclass(frozen=True)
class Speaker:
    name: str  # who, as the article names them ("Fumio Kishida", "a ministry spokesman")
    offset: int  # where the attribution mentions them
    length: int
    cue: str | None  # "said", "told", "according to", ":" (None for a partial quote)
    pronoun: str | None = None  # the pronoun as written, when the mention is one


@dataclass
class Attribution:
    quote: Quote
    paragraph: Paragraph
    speaker: Speaker | None
    how: How

    @property
    def attributed(self) -> bool:
        return self.speaker is not None


def attributions(doc: Document, names: NameIndex) -> list[Attribution]:
    """Every direct quotation of the article's body with its speaker."""
    return _Attributor(doc, names).run()


class _Attributor:
    def __init__(self, doc: Document, names: NameIndex) -> None:
        self.doc = doc
        self.names = names
        self.patterns = patterns()
        self._longest: dict[int, str] = {}  # id(person) -> _longest(person)
        self._compatible: dict[tuple[int, str | None], bool] = {}
        self._offsets: dict[int, list[int]] = {}  # id(person) -> its mentions' offsets
        self._said: dict[tuple[int, int], Speaker | None] = {}
        self._cues: dict[tuple[int, int], regex.Match | None] = {}  # a sentence's first verb
        self._pronouns: dict[int, tuple[regex.Match | None, int]] = {}  # and how far searched
        self.sentences = Sentences()  # (paragraph, sentence) -> ...

    def run(self) -> list[Attribution]:
        found: list[Attribution] = []
        previous: list[Attribution] = []
        previous_paragraph: Paragraph | None = None
        for paragraph in self.doc.body:
            quotes = ParagraphQuotes(
                [q for q in paragraph.quotes if q.kind == "double" and q.depth == 0]
            )
            current = [self._attribute(paragraph, q, quotes) for q in quotes.items]
            self._fill_within_paragraph(current)
            self._fill_from_previous(current, previous, previous_paragraph)
            found.extend(current)
            previous, previous_paragraph = current, paragraph
        return found

    # --- one quote -----------------------------------------------------------------

    def _attribute(
        self, paragraph: Paragraph, quote: Quote, quotes: ParagraphQuotes
    ) -> Attribution:
        label = match_at(TRANSCRIPT_LABEL, self.doc.prose, quote.content_start)
        if label is not None:  # "PENCE: Well, look, ..." in a transcript
            speaker = Speaker(label.group(1).title(), label.start(1), len(label.group(1)), ":")
            return Attribution(quote, paragraph, speaker, "label")
        after = self._text_after(paragraph, quote, quotes)
        before = self._text_before(paragraph, quote, quotes)
        p = self.patterns
        # A quote ending in a full stop ends its sentence ("…day." Analysts said …): only
        # "!" and "?" take a "said X" after them; a dash or "according to" always may.
        ends = self.doc.text[quote.content_start : quote.content_end].rstrip().endswith(".")
        said_after = "" if ends else after.text
        candidates: tuple[tuple[How, regex.Match | None, int], ...] = (
            ("after", p.after_inverted.match(said_after), after.start),
            ("after", p.according_after.match(after.text), after.start),
            ("after", p.after_plain.match(said_after), after.start),
            ("after", p.after_dash.match(after.text), after.start),
            ("before", p.according_before.search(before.text, before.reach), before.start),
            ("before", p.before_inverted.match(before.text), before.start),
            ("before", p.before.search(before.text, before.reach), before.start),
        )
        for how, match, base in candidates:
            if match is not None:
                attribution = self._from_match(paragraph, quote, how, match, base)
                if attribution is not None:
                    return attribution
        if before.text.rstrip().endswith(":"):
            subject = self._subject(before.start, quote.start, ":")
            if subject is not None:
                return Attribution(quote, paragraph, subject, "before")
        if self._is_partial(paragraph, quote):
            start = self._sentence_start(paragraph, quote.start)
            return Attribution(quote, paragraph, self._subject(start, quote.start, None), "partial")
        return Attribution(quote, paragraph, None, "none")

    def _from_match(
        self, paragraph: Paragraph, quote: Quote, how: How, match: regex.Match, base: int
    ) -> Attribution | None:
        cue = (match.groupdict().get("cue") or "according to").lower()
        group = "speaker"
        if match.groupdict().get("appositive") and not regex.search(
            r"\p{Lu}", match.group("speaker")
        ):
            group = "appositive"  # "one councillor, Ines Carvalho, told": the name
        speaker = self._speaker(match.group(group), base + match.start(group), cue)
        return Attribution(quote, paragraph, speaker, how) if speaker is not None else None

    # --- speakers ------------------------------------------------------------------

    def _speaker(self, raw: str, start: int, cue: str | None) -> Speaker | None:
        """The speaker named by ``raw`` (text at document offset ``start``), resolved."""
        stripped = raw.strip(" ,")
        words = stripped.split()  # none when only other spaces are left (", \u2028,")
        if not words or len(words) > 12:
            return None
        offset = start + raw.index(stripped)
        first = words[0].casefold()
        if first in self.patterns.verbs or first in NOT_SPEAKERS:
            return None
        if stripped.casefold() in _PRONOUNS:
            name = self._resolve_pronoun(stripped.casefold(), offset)
            return Speaker(name, offset, len(stripped), cue, stripped)
        return Speaker(self._resolve_name(stripped, offset), offset, len(stripped), cue)

    def _resolve_name(self, phrase: str, offset: int) -> str:
        """A bare surname becomes the person's full name; other phrases stay as written. A
        possessive is not the speaker when another person follows it ("Kenteris' lawyer
        Gregory Ioannidis"), nor a name that qualifies the next ("Global Insight analyst
        Howard Archer")."""
        named = [
            (mention, person)
            for mention in self.names.mentions_in(offset, offset + len(phrase))
            if (person := self.names.person_of(mention)) is not None
        ]
        while len(named) > 1 and (
            possessive(self.doc.text, named[0][0].end)
            or qualifies(self.doc.text, named[0][0].end, named[1][0].offset)
        ):
            named = named[1:]
        if named:
            mention, person = named[0]
            return mention.text if mention.full else self._longest_name(person)
        person = self._person_over(offset)
        return self._longest_name(person) if person is not None else phrase

    def _person_over(self, offset: int) -> Person | None:
        """The person of a mention that starts a word before ``offset`` and runs on past it:
        the capitalised verb of "Said Williams:" read as part of the name."""
        for mention in self.names.mentions_in(max(0, offset - _WORD_BEFORE), offset):
            if mention.end > offset:
                return self.names.person_of(mention)
        return None

    def _longest_name(self, person: Person) -> str:
        if id(person) not in self._longest:
            self._longest[id(person)] = _longest(person)
        return self._longest[id(person)]

    def _last_before(self, person: Person, offset: int) -> int | None:
        """The offset of the person's last mention before ``offset``."""
        offsets = self._offsets.get(id(person))
        if offsets is None:
            offsets = self._offsets[id(person)] = [m.offset for m in person.mentions]
        index = bisect.bisect_left(offsets, offset)
        return person.mentions[index - 1].offset if index else None

    def _is_compatible(self, person: Person, sex: str | None) -> bool:
        key = (id(person), sex)
        if key not in self._compatible:
            self._compatible[key] = _compatible(person, sex)
        return self._compatible[key]

    def _resolve_pronoun(self, pronoun: str, offset: int) -> str:
        """ "he"/"she" → the nearest person named before with a compatible sex."""
        sex = _PRONOUNS[pronoun]
        if pronoun not in ("he", "she"):
            return pronoun
        best = None
        for person in self.names.people.values():
            if not self._is_compatible(person, sex):
                continue
            last = self._last_before(person, offset)
            if last is not None and (best is None or last > best[0]):
                best = (last, person)
        return self._longest_name(best[1]) if best else pronoun

    def _subject(self, start: int, end: int, cue: str | None) -> Speaker | None:
        """The first person or pronoun of the text before a quote, else its first name."""
        mentions = self.names.mentions_in(start, end)
        people = [m for m in mentions if self.names.person_of(m) is not None]
        pronoun = self._first_pronoun(start, end)
        first_person = people[0] if people else None
        if pronoun and (first_person is None or pronoun.start() < first_person.offset):
            return self._speaker(pronoun.group(), pronoun.start(), cue)
        chosen = first_person or next(iter(mentions), None)
        if chosen is None:
            return None
        offset = chosen.title_offset if chosen.title_offset is not None else chosen.offset
        return self._speaker(self.doc.text[offset : chosen.end], offset, cue)

    def _first_pronoun(self, start: int, end: int) -> regex.Match | None:
        """The first pronoun in ``prose[start:end]``. Searched on from where the last
        search from ``start`` stopped, so that many quotes in one sentence stay linear."""
        found, searched = self._pronouns.get(start, (None, start))
        if found is None and searched < end:
            # back a pronoun's length: one cut at ``searched`` is found whole
            found = PRONOUN.search(self.doc.prose, max(start, searched - 4), end)
            self._pronouns[start] = (found, end)
        return found if found is not None and found.end() <= end else None

    # --- spans of text around a quote ----------------------------------------------

    def _text_after(self, paragraph: Paragraph, quote: Quote, quotes: ParagraphQuotes) -> Text:
        """The rest of the quote's sentence."""
        limit = quotes.next_start(quote.end, paragraph.end)
        end = self._sentence_end(paragraph, quote.end, limit)
        return Text(quote.end, self.doc.prose[quote.end : end])

    def _text_before(self, paragraph: Paragraph, quote: Quote, quotes: ParagraphQuotes) -> Text:
        floor = quotes.previous_end(quote.start, paragraph.start)
        start = max(floor, self._sentence_start(paragraph, quote.start))
        return Text(start, self.doc.prose[start : quote.start])

    def _sentence_start(self, paragraph: Paragraph, offset: int) -> int:
        return self.sentences.start(paragraph, offset)

    def _sentence_end(self, paragraph: Paragraph, offset: int, limit: int) -> int:
        return self.sentences.end(paragraph, offset, limit)

    def _is_partial(self, paragraph: Paragraph, quote: Quote) -> bool:
        """Quoted words inside a sentence: a few, or a clause that does not open with a capital."""
        if self._sentence_start(paragraph, quote.start) >= quote.start - 1:
            return False
        content = self.doc.text[quote.content_start : quote.content_end].strip()
        return len(content.split()) <= PARTIAL_QUOTE_WORDS or content[:1].islower()

    # --- quotes without their own attribution --------------------------------------

    def _fill_within_paragraph(self, current: list[Attribution]) -> None:
        """Split quotes and quote runs: an unattributed quote takes its neighbour's speaker."""
        following = _next_sources(current)
        previous: Attribution | None = None
        for i, item in enumerate(current):
            if not item.attributed:
                source = following[i] or previous
                if previous is not None and self._goes_on(current, i):
                    source = previous
                if source is not None:
                    item.speaker, item.how = source.speaker, "same-paragraph"
                else:
                    speaker = self._said_clause(item.paragraph, item.quote.start)
                    if speaker is not None:
                        item.speaker, item.how = speaker, "same-paragraph"
            if _is_source(item):
                previous = item

    def _goes_on(self, current: list[Attribution], i: int) -> bool:
        """A quote that goes on from the quote before it ("A. "B." or "A," said X. "B.")
        and reaches the next quote only across narrative: the earlier speaker's, not the
        one a later cue names ("B." Narrative. "C," said Y)."""
        item, last = current[i], current[i - 1] if i else None
        if last is None:
            return False
        text = self.doc.text
        if text[last.quote.end : item.quote.start].strip():
            if last.how != "after" or last.speaker is None or last.speaker.offset < last.quote.end:
                return False
            count = self.sentences.count_before
            if count(item.paragraph, item.quote.start) > count(item.paragraph, last.quote.end + 1):
                return False  # a sentence of narrative between
        after = current[i + 1].quote.start if i + 1 < len(current) else item.paragraph.end
        return bool(text[item.quote.end : after].strip())

    def _fill_from_previous(
        self, current: list[Attribution], previous: list[Attribution], before: Paragraph | None
    ) -> None:
        if not current or current[0].attributed or before is None:
            return
        first = current[0]
        if first.quote.continuation and previous and previous[-1].speaker is not None:
            first.speaker, first.how = previous[-1].speaker, "continued"
        elif _opens_paragraph(first):
            quoted = [a.speaker for a in previous if a.speaker is not None and a.how != "partial"]
            if quoted:
                first.speaker, first.how = quoted[-1], "carried"
            elif (speaker := self._said_clause(before, before.end)) is not None:
                first.speaker, first.how = speaker, "implied"
        for item in current[1:]:
            if first.attributed and not item.attributed:
                item.speaker, item.how = first.speaker, "same-paragraph"

    def _said_clause(self, paragraph: Paragraph, end: int) -> Speaker | None:
        """Who speaks in the paragraph's last sentence before ``end`` that has a verb of
        saying outside quotation marks ("Monteith says his firm ...") or ends in a colon
        ("The New York Times reports:"): the subject before the verb."""
        sentences = paragraph.sentences
        index = self.sentences.count_before(paragraph, end)
        if index == 0:
            return None
        last = sentences[index - 1]
        if last.end > end:  # the sentence ``end`` falls in: cut there, not remembered
            speaker = self._sentence_speaker(last.start, end, last.end)
            if speaker is not None:
                return speaker
            index -= 1
        return self._said_before(paragraph, index)

    def _said_before(self, paragraph: Paragraph, index: int) -> Speaker | None:
        """The speaker of the last whole sentence before ``sentences[index]`` that has one;
        remembered per sentence, so that many quotes in one paragraph stay linear."""
        walked: list[int] = []
        found: Speaker | None = None
        i = index - 1
        while i >= 0:
            key = (id(paragraph), i)
            if key in self._said:
                found = self._said[key]
                break
            walked.append(i)
            sentence = paragraph.sentences[i]
            found = self._sentence_speaker(sentence.start, sentence.end)
            if found is not None:
                break
            i -= 1
        for j in walked:
            self._said[(id(paragraph), j)] = found
        return found

    def _sentence_speaker(
        self, start: int, stop: int, sentence_end: int | None = None
    ) -> Speaker | None:
        """The speaker of the sentence at ``start`` as far as ``stop``, where it is cut
        before a quote; ``sentence_end``: where the sentence ends (its first verb of saying
        is found once, for every quote in it, so that many quotes in one sentence stay
        linear)."""
        first = self._first_cue(start, sentence_end or stop)
        if first is not None and first.end() > stop:
            first = None
        prose = self.doc.prose
        text_end = stop
        while text_end > start and prose[text_end - 1].isspace():
            text_end -= 1
        if first is None and not (text_end > start and prose[text_end - 1] == ":"):
            return None
        cue_at = first.start() if first is not None else text_end
        cue = first.group().lower() if first is not None else ":"
        return self._subject(start, cue_at, cue)

    def _first_cue(self, start: int, end: int) -> regex.Match | None:
        """The first verb of saying outside quotation marks in ``prose[start:end]``."""
        if (start, end) not in self._cues:
            cues = SAID_VERB.finditer(self.doc.prose, start, end)
            self._cues[(start, end)] = next(
                (m for m in cues if not self.doc.in_quote(m.start())), None
            )
        return self._cues[(start, end)]


def _is_source(item: Attribution) -> bool:
    """A quote whose speaker its paragraph's unattributed quotes may take."""
    return item.attributed and item.how != "partial"


def _next_sources(current: list[Attribution]) -> list[Attribution | None]:
    """For each quote, the nearest later quote of the paragraph that is a source."""
    following: list[Attribution | None] = [None] * len(current)
    nearest: Attribution | None = None
    for i in range(len(current) - 1, -1, -1):
        following[i] = nearest
        if _is_source(current[i]):
            nearest = current[i]
    return following


def _opens_paragraph(item: Attribution) -> bool:
    return item.quote.start - item.paragraph.start <= 1


def _longest(person: Person) -> str:
    full = person.full_mentions
    return max((m.text for m in full), key=len) if full else person.surname


def _compatible(person: Person, sex: str | None) -> bool:
    if sex is None:
        return True
    for mention in person.mentions:
        if mention.courtesy and mention.title:
            title_sex = "male" if mention.title.rstrip(".") == "Mr" else "female"
            return title_sex == sex
    given = next((m.words[0].text for m in person.full_mentions), None)
    given_sex = name_gender(given) if given else None
    return given_sex is None or given_sex == sex
