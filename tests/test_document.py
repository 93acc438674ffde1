"""The article model: structure, offsets, sentences and quote spans."""

from __future__ import annotations

import pytest

from factlint.article.document import parse
from factlint.article.loader import decode
from factlint.core.errors import InputError


def _doc(text: str, markdown: bool = False):
    return parse("article.md" if markdown else "article.txt", text, markdown)


def _kinds(doc) -> list[str]:
    return [p.kind for p in doc.paragraphs]


def test_plain_text_structure_with_byline_credit_and_bio() -> None:
    doc = _doc(
        "Ferry sails again\n\nBy Anna Kowalczyk and Tom O'Neill, Harbour News\n\n"
        "WELLINGTON (AP) — The ferry sailed on Monday.\n\nIt was full.\n\n"
        "The Associated Press contributed to this report.\n\n"
        "Anna Kowalczyk is a reporter who covers shipping.\n"
    )
    assert _kinds(doc) == ["headline", "byline", "body", "body", "credit", "bio"]
    assert doc.title == "Ferry sails again"
    assert [n.text for n in doc.bylines[0].names] == ["Anna Kowalczyk", "Tom O'Neill"]
    assert doc.bylines[0].affiliation == "Harbour News"
    assert doc.bio is not None and doc.bio.name.text == "Anna Kowalczyk"
    assert doc.dateline is not None and doc.dateline.place == "WELLINGTON"
    assert [p.text for p in doc.body] == [
        "WELLINGTON (AP) — The ferry sailed on Monday.",
        "It was full.",
    ]


def test_byline_at_the_end_above_the_bio() -> None:
    doc = _doc(
        "Headline\n\nBody text here.\n\nMore text.\n\nJane Doe\n\nJane Doe is a freelance writer.\n"
    )
    assert _kinds(doc) == ["headline", "body", "body", "byline", "bio"]


def test_a_closing_paragraph_about_a_politician_is_not_a_bio() -> None:
    doc = _doc("Headline\n\nBody.\n\nTony Blair is the leader of the Labour party.\n")
    assert doc.bio is None
    assert _kinds(doc)[-1] == "body"


def test_agency_byline_is_marked() -> None:
    doc = _doc("Headline\n\nBy Reuters\n\nBody.\n")
    assert doc.bylines[0].agency


def test_ordinary_second_paragraph_is_not_a_byline() -> None:
    doc = _doc("Headline\n\nPolice said on Monday that two men had been arrested.\n")
    assert doc.bylines == []


def test_front_matter_dateline_wins() -> None:
    doc = _doc("---\ndateline: TOKYO\n---\nLONDON — Text.\n", markdown=True)
    assert doc.dateline is not None and doc.dateline.place == "TOKYO"
    assert doc.position(doc.dateline.offset).line == 2


def test_front_matter_fields_and_authors() -> None:
    doc = _doc(
        "---\ntitle: A title\nauthors:\n  - Ann Lee\n  - name: Bo Chen\n---\nBody text.\n",
        markdown=True,
    )
    assert doc.title == "A title"
    names = [n.text for n in doc.bylines[0].names]
    assert names == ["Ann Lee", "Bo Chen"]
    assert doc.position(doc.bylines[0].names[1].offset).line == 5
    assert doc.prose.startswith(" " * 3)  # front matter is not prose


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: [unclosed\n---\nBody.\n", "malformed front matter: line"),
        ("---\n- a list\n---\nBody.\n", "expected 'key: value'"),
        ("---\ntitle: x\nBody with no closing line.\n", "never closed"),
    ],
)
def test_malformed_front_matter_is_an_input_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        _doc(text, markdown=True)


def test_positions_count_code_points_and_lines() -> None:
    doc = _doc("Héadline “ok”\n\nSecond — line with ü.\n")
    offset = doc.text.index("ü")
    assert doc.position(offset).line == 3
    assert doc.position(offset).column == len("Second — line with ") + 1
    assert doc.position(0).line == 1 and doc.position(0).column == 1


def test_decode_strips_bom_and_normalises_newlines() -> None:
    assert decode(b"\xef\xbb\xbfA\r\nB\rC\n") == "A\nB\nC\n"


@pytest.mark.parametrize(
    ("sentence_text", "expected"),
    [
        ("Mr. Smith met Dr. Jones at 3 p.m. on Jan. 5. They talked.", 2),
        ("The U.S. economy grew 2.5% last year. Gov. Brown said so.", 2),
        ("Heidi M. Przybyla reported it. Officials at No. 10 said nothing.", 2),
        ("“We protest,” Kishida said. “It is unacceptable.”", 2),
        ("Sen. Bernie Sanders (I-Vt.) said he would vote. Rep. Paul Ryan, R-Wis., did not.", 2),
    ],
)
def test_sentences_of_news_copy(sentence_text: str, expected: int) -> None:
    doc = _doc(sentence_text + "\n")
    paragraph = doc.paragraphs[0]
    spans = [doc.text[s.start : s.end] for s in paragraph.sentences]
    assert len(spans) == expected, spans
    assert "".join(spans).replace(" ", "") == sentence_text.replace(" ", "")


def _quotes(text: str, markdown: bool = False):
    doc = _doc("Headline\n\n" + text, markdown)
    return doc, [
        (doc.text[q.start : q.end], q.closed, q.continuation, q.continues, q.depth)
        for q in doc.quotes()
        if q.kind == "double"
    ]


def test_quote_spans_straight_curly_and_nested() -> None:
    doc, quotes = _quotes('“He said ‘no’ twice,” she said, and "that was that."\n')
    assert quotes == [
        ("“He said ‘no’ twice,”", True, False, False, 0),
        ('"that was that."', True, False, False, 0),
    ]
    singles = [doc.text[q.start : q.end] for q in doc.quotes() if q.kind == "single"]
    assert singles == ["‘no’"]
    assert doc.quote_problems == []


def test_multi_paragraph_quote_continues() -> None:
    doc, quotes = _quotes("“First part of the quote.\n\n“Second part,” he said.\n")
    assert quotes[0][1:] == (False, False, True, 0)
    assert quotes[1][1:] == (True, True, False, 0)
    assert doc.quote_problems == []


def test_quote_left_open_without_continuation_is_a_problem() -> None:
    doc, _ = _quotes("“First part of the quote.\n\nThe next paragraph is narrative.\n")
    assert [p.kind for p in doc.quote_problems] == ["unclosed"]


def test_apostrophes_and_inch_marks_are_not_quotes() -> None:
    doc, quotes = _quotes("The boys' bikes and Japan’s 12\" pipes in the '90s.\n")
    assert quotes == [] and doc.quote_problems == []


def test_wrongly_curled_marks_are_read_by_position() -> None:
    doc, quotes = _quotes("”This opens,“ he said.\n")
    assert len(quotes) == 1 and doc.quote_problems == []


def test_markdown_code_and_links_are_not_prose() -> None:
    doc = _doc(
        'Text with `"code"` and [a link](http://x.org/"q").\n\n```\n"open\n```\n', markdown=True
    )
    assert len(doc.paragraphs) == 1
    assert '"' not in doc.paragraphs[0].text
    assert "a link" in doc.paragraphs[0].text
    assert doc.quote_problems == []


def test_hard_wrapped_lines_stay_one_paragraph() -> None:
    doc = _doc("Headline\n\nA short wrapped line\nand its continuation\nend here.\n")
    assert [p.kind for p in doc.paragraphs] == ["headline", "body"]


def test_long_lines_set_one_per_line_are_paragraphs() -> None:
    first = (
        "“We will win this vote, and we will win it well, whatever they say,” the mayor said "
        "on Monday morning."
    )
    second = "“Nobody expected it,” said the councillor who had led the opposition for ten years."
    doc = _doc(f"Headline\n\n{first}\n{second}\n")
    assert [p.text for p in doc.body] == [first, second]
