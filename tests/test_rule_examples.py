"""Every Python rule's Bad and Good examples (the end of its docstring) run as articles.

The format is documented in :mod:`factlint.rules`. Each example is checked with its rule
selected alone, the grammar engine off except for the engine rules (GR100, GR101, SP100,
SP101: Harper), and the example's options and fact register: a Bad example must report
the rule, a Good one must not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factlint.engine.config import from_mapping
from factlint.engine.run import check_text
from factlint.rules import ONE_LINE_HEADLINE, Example, Rule, all_rules, parse_examples

ROOT = Path(__file__).resolve().parent.parent
REGISTERS = ROOT / "fixtures" / "facts"
ARCHIVES = ROOT / "fixtures" / "archive"
ENGINE_RULES = {"GR100", "GR101", "SP100", "SP101"}  # need a grammar engine
PYTHON_RULES = [rule for rule in all_rules() if rule.pack is None]


def _cases() -> list[Any]:
    cases = []
    for rule in PYTHON_RULES:
        try:
            examples = rule.examples
        except ValueError:
            continue  # test_every_rule_has_bad_and_good_examples reports it
        cases.extend(pytest.param(rule, example, id=example.id) for example in examples)
    return cases


_built: dict[str, Path] = {}


def _archive_index(name: str, folder: Path) -> Path:
    """The fixture archive ``name`` built into an index (once a session)."""
    if name not in _built:
        from factlint.archive.store import ArchiveWriter
        from factlint.cli.audit import read_inputs
        from factlint.engine.indexing import Source, records, write

        index = folder / f"{name}.sqlite"
        sources = [Source(a.path, a.text) for a in read_inputs([str(ARCHIVES / name)], None)]
        writer = ArchiveWriter(index, fresh=True)
        write(writer, records(sources, str(ROOT)), fresh=True, root=ROOT)
        writer.close()
        _built[name] = index
    return _built[name]


def _config(rule: Rule, example: Example, folder: Path | None = None) -> dict[str, Any]:
    backend = "harper" if rule.code in ENGINE_RULES else "none"
    select = [rule.code, *example.with_rules]
    mapping: dict[str, Any] = {"select": select, "grammar": {"backend": backend}}
    if example.options:
        mapping["options"] = {rule.code: dict(example.options)}
    if example.facts is not None:
        mapping["facts"] = str(REGISTERS / example.facts)
    if example.archive is not None:
        assert folder is not None
        mapping["archive"] = str(_archive_index(example.archive, folder))
    return mapping


@pytest.mark.parametrize(("rule", "example"), _cases())
def test_example(rule: Rule, example: Example, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.getbasetemp()
    config = from_mapping(_config(rule, example, folder), None)
    result = check_text(example.filename, example.text, config)
    assert result.error is None, result.error
    found = [d for d in result.diagnostics if d.code == rule.code]
    if example.label == "bad":
        assert found, f"{rule.code} misses its bad example:\n{example.text}"
    else:
        reported = "\n".join(f"{d.start.line}:{d.start.column}: {d.message}" for d in found)
        assert not found, f"{rule.code} flags its good example:\n{example.text}\n{reported}"


@pytest.mark.parametrize("rule", PYTHON_RULES, ids=lambda rule: rule.code)
def test_every_rule_has_bad_and_good_examples(rule: Rule) -> None:
    labels = {example.label for example in rule.examples}  # raises when they are malformed
    assert labels == {"bad", "good"}, f"{rule.code} needs a Bad and a Good example"


# --- the format -----------------------------------------------------------------------

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
