"""Whether a quote's speaker is beyond doubt: the archive holds a quote against another
speaker (AR004) only when both attributions are, and the index stores it per quote."""

from __future__ import annotations

import bisect

from factlint.analyses.archive_keys import name_key, speaker_key
from factlint.analyses.attribution import Attribution, Speaker, possessive
from factlint.analyses.people import Mention, NameIndex
from factlint.article.document import Document


def is_named(item: Attribution) -> bool:
    """The quote's speaker is named next to it, not a pronoun factlint resolved."""
    return item.speaker is not None and item.speaker.pronoun is None


# Attributions made next to the quote itself: a cue in its sentence, a transcript's label.
_BESIDE = frozenset({"after", "before", "label"})


def sure_speakers(doc: Document, people: NameIndex, attributions: list[Attribution]) -> set[int]:
    """The ids of the quotes whose speaker is beyond doubt (see :func:`_sure`)."""
    return {id(item) for i, item in enumerate(attributions) if _sure(doc, people, attributions, i)}


def _sure(doc: Document, people: NameIndex, items: list[Attribution], index: int) -> bool:
    """The quote's speaker is named (not a pronoun) by a cue or a label next to the quote;
    or earlier in its paragraph (the second half of a split quote, a run of quotes after
    "X said:"); or by the cue right after a quote it runs straight into ("A. "B," said X");
    and no other person is named outside quotes between that name and the quote. Never a
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
    named_end = named.offset + named.length
    start, end = (named_end, quote.start) if named_end <= quote.start else (quote.end, named.offset)
    surname = (speaker_key(named.name) or "").split()[-1]
    return not any(
        _names_a_person(people, m) and name_key(m.surname.text) != surname
        for m in people.mentions_in(start, end)
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
