"""Whether a quote's speaker is beyond doubt: the archive holds a quote against another
speaker (AR004) only when both attributions are, and the index stores it per quote."""

from __future__ import annotations

import bisect
from functools import cache

import regex

from factlint.analyses.archive_keys import name_key, speaker_key
from factlint.analyses.attribution import Attribution, Speaker, possessive
from factlint.analyses.attribution_patterns import ADVERBS, patterns, qualifies
from factlint.analyses.people import Mention, NameIndex
from factlint.article.document import Document


def is_named(item: Attribution) -> bool:
    """The quote's speaker is named next to it, not a pronoun factlint resolved."""
    return item.speaker is not None and item.speaker.pronoun is None


# Attributions made next to the quote itself: a cue in its sentence, a transcript's label.
_BESIDE = frozenset({"after", "before", "label"})


def sure_speakers(doc: Document, people: NameIndex, attributions: list[Attribution]) -> set[int]:
    """The ids of the quotes whose speaker is beyond doubt (see :func:`_sure`), and of those
    that go on from such a quote (see :func:`_goes_on_from`)."""
    sure: set[int] = set()
    for index, item in enumerate(attributions):
        if _sure(doc, people, attributions, index) or _goes_on_from(doc, attributions, index, sure):
            sure.add(id(item))
    return sure


def _goes_on_from(doc: Document, items: list[Attribution], index: int, sure: set[int]) -> bool:
    """The quote goes on from the quote right before it, whose speaker is beyond doubt, and
    factlint gives it the same speaker: it continues a quotation the paragraph before left
    open (the opening mark of a new paragraph of the same quotation), or follows it with
    nothing but space between ("A." "B."), or it opens the next paragraph and a later cue
    of that paragraph names the same speaker ("A," said X. / "B." ... "C," said X.): the
    two attributions agree."""
    if index == 0:
        return False
    item, before = items[index], items[index - 1]
    if id(before) not in sure or item.speaker is None or before.speaker is None:
        return False
    if item.speaker.name != before.speaker.name:
        return False
    if item.how == "continued":
        return True
    if item.how != "same-paragraph":
        return False
    between = doc.text[before.quote.end : item.quote.start]
    if before.paragraph is item.paragraph and not between.strip():
        return True
    # a paragraph that opens with it, its speaker named by a later cue of the paragraph:
    # the quote before (the paragraph before's last) agrees on who goes on speaking
    return (
        before.paragraph is not item.paragraph
        and not doc.text[item.paragraph.start : item.quote.start].strip()
        and item.speaker.offset > item.quote.end
        and is_named(before)
    )


def _sure(doc: Document, people: NameIndex, items: list[Attribution], index: int) -> bool:
    """The quote's speaker is named (not a pronoun) by a cue or a label next to the quote;
    or earlier in its paragraph (the second half of a split quote, a run of quotes after
    "X said:"); or by the cue right after a quote it runs straight into ("A. "B," said X");
    and no other person is named outside quotes between that name and the quote (but in
    the speaker's own clause: see :func:`_outside_the_clause`), nor a second person in the
    words that name the speaker ("Duff was hurt and manager Jose Mourinho said:"). Never a
    speaker taken only from a later cue across the paragraph's narrative (the quote may go
    on from the paragraph before, or follow a paraphrase of someone else), from the
    paragraph before, or a sentence's first name picked among several ("Mr Blair denied
    Mr Brown said it, and the chancellor told reporters: ...")."""
    item = items[index]
    if item.speaker is None or not is_named(item) or speaker_key(item.speaker.name) is None:
        return False
    named = _naming(doc, items, index)
    if named is None or _possessive_only(doc, people, named):
        return False
    if _follows_its_cue_sentence(doc, items, index):
        return True
    quote = item.quote
    surname = (speaker_key(named.name) or "").split()[-1]
    named_end = named.offset + named.length
    if len(_people_named(doc, people, named.offset, named_end, possessives=False)) > 1:
        return False  # "Duff was injured and manager Jose Mourinho said:": which one
    if named_end > quote.start:
        spans = [(quote.end, named.offset)]
    elif not _names_someone(doc, people, named):  # "Harbour Master, Ivo Brandt, said:"
        spans = [(named_end, quote.start)]
    else:
        spans = _outside_the_clause(doc, people, items, index, named)
    return not any(_people_named(doc, people, start, end) - {surname} for start, end in spans)


def _people_named(
    doc: Document, people: NameIndex, start: int, end: int, *, possessives: bool = True
) -> set[str]:
    """The surnames (keys) of the people named outside quotes in ``[start, end)``;
    ``possessives=False``: not those named only as a possessive ("Kenteris' lawyer") or
    to qualify the next ("Global Insight analyst Howard Archer")."""
    mentions = [m for m in people.mentions_in(start, end) if _names_a_person(people, m)]
    found = set()
    for i, mention in enumerate(mentions):
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if not possessives and (
            possessive(doc.text, mention.end)
            or (following is not None and qualifies(doc.text, mention.end, following.offset))
        ):
            continue
        found.add(name_key(mention.surname.text))
    return found


def _names_someone(doc: Document, people: NameIndex, named: Speaker) -> bool:
    """The words that name the speaker hold a full or titled name (one the article may
    name only once), not only a title or a description."""
    return any(
        (m.full or m.title is not None) and not (m.in_quote or possessive(doc.text, m.end))
        for m in people.mentions_in(named.offset, named.offset + named.length)
    )


def _outside_the_clause(
    doc: Document, people: NameIndex, items: list[Attribution], index: int, named: Speaker
) -> list[tuple[int, int]]:
    """Where, between the speaker's name and the quote, another person named puts the
    speaker in doubt: everywhere but the speaker's own clause, which names others only as
    what is said of the speaker or to whom: an appositive set off by commas right after the
    name ("Jens Lehmann, whose rivalry with Oliver Kahn ..., said:"), and what the verb of
    saying governs up to the first quote after it, when no other verb of saying follows
    ("Mr Solana told ITV1's Jonathan Dimbleby programme:"; not "Mr Blair said Mr Brown
    told him:"). An appositive that is a name ("Harbour Master, Ivo Brandt, said:") may
    name the speaker: it is not the speaker's clause."""
    item = items[index]
    start, end = named.offset + named.length, item.quote.start
    cue = _cue_after(doc, named.cue, start, end)
    if cue is None:
        return [(start, end)]
    clause_end = min(
        q.quote.start for q in items if q.paragraph is item.paragraph and q.quote.start >= cue.end()
    )  # the quote itself, or one before it
    spans = [(clause_end, end)]
    appositive = ADVERBS_BETWEEN.fullmatch(doc.text, start, cue.start())
    if appositive is None or _renames(people, appositive):
        spans.append((start, cue.start()))
    if _said(doc, cue.end(), clause_end) is not None:
        spans.append((cue.end(), clause_end))
    return spans


def _renames(people: NameIndex, appositive: regex.Match) -> bool:
    """The appositive opens with a name (a title before it, or "the", aside): it may say
    who the speaker is rather than what ("Scottish Finance Minister, Tom McCabe, said")."""
    opening = appositive.start("opening")
    if opening < 0:
        return False
    for mention in people.mentions_in(opening, appositive.end("opening") + 1):
        begins = mention.title_offset if mention.title_offset is not None else mention.offset
        if begins == opening and (mention.full or mention.title is not None):
            return True
    return False


def _cue_after(doc: Document, cue: str | None, start: int, end: int) -> regex.Match | None:
    """The speaker's verb of saying, the first outside quotes in ``[start, end)``; None
    for a colon or "according to" (no verb after the name)."""
    if cue is None or cue in (":", "according to"):
        return None
    return _said(doc, start, end, _verb(cue))


def _said(
    doc: Document, start: int, end: int, pattern: regex.Pattern | None = None
) -> regex.Match | None:
    """The first verb of saying (or ``pattern``) outside quotes in ``[start, end)``."""
    found = (pattern or patterns().cue_word).finditer(doc.text, start, end)
    return next((m for m in found if not doc.in_quote(m.start())), None)


@cache
def _verb(cue: str) -> regex.Pattern:
    return regex.compile(rf"\b{regex.escape(cue)}\b", regex.I)


# Between a name and its verb: an appositive set off by commas, a few auxiliaries.
ADVERBS_BETWEEN = regex.compile(
    rf"\s*(?:\([^()]{{1,40}}\)\s*)?(?:,\s*(?:the\s+)?(?P<opening>[^\"“”.!?]{{1,200}}?),\s*)?"
    rf"{ADVERBS}",
    regex.I,
)


def _naming(doc: Document, items: list[Attribution], index: int) -> Speaker | None:
    """Where the quote's own paragraph names its speaker beyond doubt (None: nowhere)."""
    item = items[index]
    speaker = item.speaker
    if speaker is None:
        return None
    if item.how in _BESIDE:
        return speaker
    if item.how != "same-paragraph":
        return None
    if item.paragraph.start <= speaker.offset < item.quote.start:
        return speaker
    if speaker.offset > item.quote.start and _runs_into_its_cue(doc, items, index):
        return speaker
    for earlier in reversed(items[:index]):  # "A," said X. "B." "C," said Ms X.
        if earlier.paragraph is not item.paragraph:
            break
        if earlier.how in _BESIDE:
            same = earlier.speaker is not None and earlier.speaker.name == speaker.name
            return earlier.speaker if same else None
    return None


def _follows_its_cue_sentence(doc: Document, items: list[Attribution], index: int) -> bool:
    """The quote comes straight after the sentence of the quote before it, whose cue after
    it names the same speaker: ("A," said X of Wells Fargo. "B."). Whatever else that
    sentence names is said of the speaker; a sentence of narrative between is not."""
    if index == 0:
        return False
    item, before = items[index], items[index - 1]
    if before.how != "after" or before.paragraph is not item.paragraph:
        return False
    if before.speaker is None or item.speaker is None or not is_named(before):
        return False
    if before.speaker.name != item.speaker.name or before.speaker.offset < before.quote.end:
        return False
    sentences = item.paragraph.sentences
    first_after = bisect.bisect_left(sentences, before.quote.end + 1, key=lambda s: s.start)
    if first_after < len(sentences) and sentences[first_after].start < item.quote.start:
        return False  # a sentence of narrative between
    return doc.text[before.quote.end : item.quote.start].rstrip().endswith((".", "!", "?"))


def _possessive_only(doc: Document, people: NameIndex, named: Speaker) -> bool:
    """The cue names a person only as a possessive ("Mr Blair's spokesman said"): the
    speaker is someone else, unnamed."""
    persons = [
        m
        for m in people.mentions_in(named.offset, named.offset + named.length)
        if people.person_of(m) is not None
    ]
    return bool(persons) and all(possessive(doc.text, m.end) for m in persons)


def _names_a_person(people: NameIndex, mention: Mention) -> bool:
    """A mention outside quotes that is surely a person: a full name or a titled one."""
    if mention.in_quote or people.person_of(mention) is None:
        return False
    return mention.full or mention.title is not None


def _runs_into_its_cue(doc: Document, items: list[Attribution], index: int) -> bool:
    """The quotes from ``index`` on follow each other with nothing but space between, up to
    the one of the same speaker that a cue right after it attributes."""
    previous = items[index]
    for later in items[index + 1 :]:
        gap = doc.text[previous.quote.end : later.quote.start]
        if later.paragraph is not previous.paragraph or gap.strip():
            return False
        if later.speaker is not previous.speaker:
            return False
        if later.how == "after":
            return True
        previous = later
    return False
