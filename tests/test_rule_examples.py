"""The format of a rule's Bad and Good examples (documented in :mod:`factlint.rules`)."""

from __future__ import annotations

import pytest

from factlint.rules import ONE_LINE_HEADLINE, parse_examples

DOC = """Summary.

Prose.

Bad:  The the talks.
Good (allowed: [the]): The the talks.
Bad (facts: seed-register.yaml):
    ---
    date: 2022-03-22
    ---
    First paragraph.

    Second paragraph.
"""


def test_a_one_line_example_is_a_body_under_a_headline() -> None:
    bad, good, _ = parse_examples("GR001", DOC, {"allowed": []})
    assert (bad.id, bad.filename, bad.options, bad.facts) == (
        "GR001-bad-1",
        "example.txt",
        {},
        None,
    )
    assert bad.text == f"{ONE_LINE_HEADLINE}\n\nThe the talks.\n"
    assert (good.id, good.options) == ("GR001-good-1", {"allowed": ["the"]})


def test_a_block_is_the_whole_article_and_front_matter_makes_it_markdown() -> None:
    block = parse_examples("GR001", DOC, {"allowed": []})[2]
    assert (block.id, block.filename, block.facts) == (
        "GR001-bad-2",
        "example.md",
        "seed-register.yaml",
    )
    assert block.text == ("---\ndate: 2022-03-22\n---\nFirst paragraph.\n\nSecond paragraph.\n")


@pytest.mark.parametrize(
    "doc",
    [
        "Summary.\n\nBad:  One.\nGood: Two.\nA stray line.\n",  # prose after the examples
        "Summary.\n\nBad (colour: red):  One.\n",  # not an option of the rule
        "Summary.\n\nBad (allowed: [):  One.\n",  # not YAML
        "Summary.\n\nBad:  One.\n    Two.\n",  # both on its line and as a block
        "Summary.\n\nGood:\n",  # neither
    ],
)
def test_malformed_examples_are_errors(doc: str) -> None:
    with pytest.raises(ValueError):
        parse_examples("GR001", doc, {"allowed": []})
