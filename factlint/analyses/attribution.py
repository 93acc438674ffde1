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

from dataclasses import dataclass
from functools import cache
from typing import Literal

import regex

from factlint.analyses.people import Mention, NameIndex, Person, name_gender
from factlint.article.document import Document, Paragraph
from factlint.article.quotes import Quote
from factlint.core.resources import load as load_data

PARTIAL_QUOTE_WORDS = 6  # a quote this short inside a sentence is a partial quote
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


@dataclass(frozen=True)
class _Patterns:
    after_inverted: regex.Pattern  # , said Kishida
    after_plain: regex.Pattern  # , Kishida said
    after_dash: regex.Pattern  # ” ― Sonya Herridge
    before: regex.Pattern  # Kishida said:
    according_before: regex.Pattern  # According to Kishida,
    according_after: regex.Pattern  # , according to Kishida.
    cue_anywhere: regex.Pattern
    verbs: frozenset[str]


@cache
def _patterns() -> _Patterns:
    data = load_data("names")
    verbs = sorted(data["speech_verbs"] + data["attribution_cues"], key=len, reverse=True)
    cue = r"(?P<cue>" + "|".join(regex.escape(v) for v in verbs) + r")"
    abbreviation = rf"(?<=\b(?:{_ABBREVIATIONS}))\."
    full_stop = rf"(?<!\b(?:{_ABBREVIATIONS}))\."
    speaker = rf"(?P<speaker>(?:[^,.;:!?\"“”()\[\]]|{abbreviation}){{1,90}}?)"
    adverbs = (
        r"(?:(?:also|later|then|again|once|further|simply|previously|recently"
        r"|has|had|have|would|will|was)\s+)*"
    )
    return _Patterns(
        after_inverted=regex.compile(
            rf"^\s*[,—–-]?\s*{cue}\s+{speaker}(?=\s*(?:[,;:!?—–(]|{full_stop}|$)|\s+{_AFTER_SPEAKER})",
            regex.I,
        ),
        after_plain=regex.compile(
            rf"^\s*[,—–-]?\s*{speaker}(?P<appositive>{_APPOSITIVE})\s+{adverbs}{cue}\b", regex.I
        ),
        after_dash=regex.compile(rf"^\s*[―—–]+\s*{speaker}\s*$"),
        before=regex.compile(
            rf"(?:^|[,;—–]\s*|\b(?:and|but|as|while|when)\s+){speaker}{_APPOSITIVE}\s+{adverbs}{cue}\b"
            rf"(?P<rest>[^.!?\"“”]{{0,80}}?)[,:]?\s*(?:that\s*)?$",
            regex.I,
        ),
        according_before=regex.compile(rf"according\s+to\s+{speaker}\s*[,:]?\s*$", regex.I),
        according_after=regex.compile(
            rf"^\s*[,—–-]?\s*according\s+to\s+{speaker}(?=\s*(?:[,.;:!?]|$))", regex.I
        ),
        cue_anywhere=regex.compile(rf"\b{cue}\b|\baccording\s+to\b|:\s*$", regex.I),
        verbs=frozenset(verbs),
    )


# Between a name and its verb: ", 66,", ", Twitter’s director of policy,".
_APPOSITIVE = r"(?:\s*\([^()]{1,20}\))?(?:,[^\"“”.!?]{1,100}?,)?"
_ABBREVIATIONS = r"Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Prof|Rev|Jr|Sr|\p{Lu}"
_AFTER_SPEAKER = r"(?:in|on|at|during|after|before|when|while|to|of|about|as|from|via)\b"


def cue_before(text: str) -> bool:
    """Whether ``text`` (a sentence up to a quote) holds a verb of saying or a colon."""
    return bool(_patterns().cue_anywhere.search(text)) or text.rstrip().endswith((",", ":"))


def attributions(doc: Document, names: NameIndex) -> list[Attribution]:
    """Every direct quotation of the article's body with its speaker."""
    return _Attributor(doc, names).run()


class _Attributor:
    def __init__(self, doc: Document, names: NameIndex) -> None:
        self.doc = doc
        self.names = names
        self.patterns = _patterns()

    def run(self) -> list[Attribution]:
        found: list[Attribution] = []
        previous: list[Attribution] = []
        previous_paragraph: Paragraph | None = None
        for paragraph in self.doc.body:
            quotes = [q for q in paragraph.quotes if q.kind == "double" and q.depth == 0]
            current = [self._attribute(paragraph, q, quotes) for q in quotes]
            self._fill_within_paragraph(current)
            self._fill_from_previous(current, previous, previous_paragraph)
            found.extend(current)
            previous, previous_paragraph = current, paragraph
        return found

    # --- one quote -----------------------------------------------------------------

    def _attribute(self, paragraph: Paragraph, quote: Quote, quotes: list[Quote]) -> Attribution:
        label = _TRANSCRIPT_LABEL.match(self.doc.prose, quote.content_start)
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
            ("before", p.according_before.search(before.text), before.start),
            ("before", p.before.search(before.text), before.start),
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
        if not stripped or len(stripped.split()) > 12:
            return None
        offset = start + raw.index(stripped)
        first = stripped.split()[0].casefold()
        if first in self.patterns.verbs or first in _NOT_SPEAKERS:
            return None
        if stripped.casefold() in _PRONOUNS:
            name = self._resolve_pronoun(stripped.casefold(), offset)
            return Speaker(name, offset, len(stripped), cue, stripped)
        return Speaker(self._resolve_name(stripped, offset), offset, len(stripped), cue)

    def _resolve_name(self, phrase: str, offset: int) -> str:
        """A bare surname becomes the person's full name; other phrases stay as written."""
        inside = [m for m in self.names.mentions if offset <= m.offset < offset + len(phrase)]
        for mention in inside:
            person = self.names.people.get(mention.surname.text.casefold())
            if person is not None and mention in person.mentions:
                return mention.text if mention.full else _longest(person)
        return phrase

    def _resolve_pronoun(self, pronoun: str, offset: int) -> str:
        """ "he"/"she" → the nearest person named before with a compatible sex."""
        sex = _PRONOUNS[pronoun]
        if pronoun not in ("he", "she"):
            return pronoun
        best = None
        for person in self.names.people.values():
            if not _compatible(person, sex):
                continue
            before = [m for m in person.mentions if m.offset < offset]
            if before and (best is None or before[-1].offset > best[0]):
                best = (before[-1].offset, person)
        return _longest(best[1]) if best else pronoun

    def _subject(self, start: int, end: int, cue: str | None) -> Speaker | None:
        """The first person or pronoun of the text before a quote, else its first name."""
        mentions = [m for m in self.names.mentions if start <= m.offset < end]
        people = [m for m in mentions if self._is_person_mention(m)]
        pronoun = _PRONOUN.search(self.doc.prose, start, end)
        first_person = people[0] if people else None
        if pronoun and (first_person is None or pronoun.start() < first_person.offset):
            return self._speaker(pronoun.group(), pronoun.start(), cue)
        chosen = first_person or next(iter(mentions), None)
        if chosen is None:
            return None
        offset = chosen.title_offset if chosen.title_offset is not None else chosen.offset
        return self._speaker(self.doc.text[offset : chosen.end], offset, cue)

    def _is_person_mention(self, mention: Mention) -> bool:
        person = self.names.people.get(mention.surname.text.casefold())
        return person is not None and mention in person.mentions

    # --- spans of text around a quote ----------------------------------------------

    def _text_after(self, paragraph: Paragraph, quote: Quote, quotes: list[Quote]) -> _Text:
        """The rest of the quote's sentence."""
        limit = min([q.start for q in quotes if q.start >= quote.end] + [paragraph.end])
        end = self._sentence_end(paragraph, quote.end, limit)
        return _Text(quote.end, self.doc.prose[quote.end : end])

    def _text_before(self, paragraph: Paragraph, quote: Quote, quotes: list[Quote]) -> _Text:
        floor = max([q.end for q in quotes if q.end <= quote.start] + [paragraph.start])
        start = max(floor, self._sentence_start(paragraph, quote.start))
        return _Text(start, self.doc.prose[start : quote.start])

    def _sentence_start(self, paragraph: Paragraph, offset: int) -> int:
        starts = [s.start for s in paragraph.sentences if s.start <= offset]
        return starts[-1] if starts else paragraph.start

    def _sentence_end(self, paragraph: Paragraph, offset: int, limit: int) -> int:
        ends = [s.end for s in paragraph.sentences if s.end > offset]
        return min(ends[0], limit) if ends else limit

    def _is_partial(self, paragraph: Paragraph, quote: Quote) -> bool:
        """Quoted words inside a sentence: a few, or a clause that does not open with a capital."""
        if self._sentence_start(paragraph, quote.start) >= quote.start - 1:
            return False
        content = self.doc.text[quote.content_start : quote.content_end].strip()
        return len(content.split()) <= PARTIAL_QUOTE_WORDS or content[:1].islower()

    # --- quotes without their own attribution --------------------------------------

    def _fill_within_paragraph(self, current: list[Attribution]) -> None:
        """Split quotes and quote runs: an unattributed quote takes its neighbour's speaker."""
        for i, item in enumerate(current):
            if item.attributed:
                continue
            neighbours = current[i + 1 :] + current[:i][::-1]
            source = next((n for n in neighbours if n.attributed and n.how != "partial"), None)
            if source is not None:
                item.speaker, item.how = source.speaker, "same-paragraph"
                continue
            speaker = self._said_clause(item.paragraph, item.quote.start)
            if speaker is not None:
                item.speaker, item.how = speaker, "same-paragraph"

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
        for sentence in reversed([s for s in paragraph.sentences if s.start < end]):
            stop = min(sentence.end, end)
            text = self.doc.prose[sentence.start : stop]
            cues = [
                m
                for m in _SAID_VERB.finditer(text)
                if not self.doc.in_quote(sentence.start + m.start())
            ]
            if cues or text.rstrip().endswith(":"):
                cue_at = sentence.start + (cues[0].start() if cues else len(text.rstrip()))
                cue = cues[0].group().lower() if cues else ":"
                speaker = self._subject(sentence.start, cue_at, cue)
                if speaker is not None:
                    return speaker
        return None


@dataclass(frozen=True)
class _Text:
    start: int
    text: str


_NOT_SPEAKERS = frozenset(
    {"that", "this", "which", "what", "there", "as", "so", "if", "but", "and", "it's"}
)
_TRANSCRIPT_LABEL = regex.compile(r"\s*(\p{Lu}{2,}(?:[ .-]\p{Lu}{2,}){0,3}):\s")
_PRONOUN = regex.compile(r"\b(?:he|she|they|we|it|I|He|She|They|We|It)\b")
_SAID_VERB = regex.compile(
    r"\b(?:said|says|told|tells|added|adds|argued|argues|explained|explains|wrote|writes"
    r"|warned|warns|insisted|insists|stated|states|reported|reports|noted|notes|believes"
    r"|claimed|claims|recalled|recalls|commented)\b"
)


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


# A broken attribution: a quote of at least MIN_WORDS words opening with a subject, right
# after a name with no cue.
MIN_WORDS = 6

_NAME_BEFORE = regex.compile(r"(?<![\p{L}'’.-])(\p{Lu}[\p{L}-]*)(?<!['’]s)[ \t]*\Z")
_CLAUSE_OPENERS = frozenset(
    {"it", "i", "we", "you", "he", "she", "they", "there", "this", "these", "those"}
)


def broken_attributions(
    doc: Document, attributed: list[Attribution]
) -> list[tuple[Attribution, str, int]]:
    """Quotes that follow a name with no cue in their sentence (QT003's broken attribution):
    the quote, the name, its offset. QT002 leaves these to QT003."""
    found = []
    for item in attributed:
        if item.how not in ("none", "partial"):
            continue
        quote = item.quote
        words = doc.text[quote.content_start : quote.content_end].split()
        if len(words) < MIN_WORDS or words[0].casefold().strip("'’") not in _CLAUSE_OPENERS:
            continue
        start = max(
            [s.start for s in item.paragraph.sentences if s.start <= quote.start]
            or [item.paragraph.start]
        )
        before = doc.prose[start : quote.start]
        match = _NAME_BEFORE.search(before)
        if match is None or match.start() == 0 or cue_before(before) or before.isupper():
            continue
        found.append((item, match.group(1), start + match.start(1)))
    return found
