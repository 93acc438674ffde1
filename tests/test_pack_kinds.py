"""One class a pack kind holds everything that kind means: the keys it needs (and the
error that says so), its patterns' default case, its default scope, what it matches and
what ``factlint explain`` says of its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DESK_PACK

from factlint.article.document import parse
from factlint.packs.kinds import KINDS, check_rule, describe
from factlint.packs.schema import KIND_KEYS, PackError, load_pack


def _pack(tmp_path: Path, rule: str) -> Path:
    path = tmp_path / "desk.yaml"
    head = "pack: desk\nsource: our stylebook\nprefix: DK\nrules:\n  - code: DK001\n"
    path.write_text(head + rule, encoding="utf-8")
    return path


def test_what_a_kind_needs_is_its_class_and_the_schema_says_it() -> None:
    for name, kind in KINDS.items():
        assert kind.name == name
        assert (KIND_KEYS[name].one_of, KIND_KEYS[name].required) == (kind.one_of, kind.required)
    assert KINDS["occurrence"].needs() == "pattern or tokens and max"
    assert KINDS["conditional"].needs() == "first and second"


def test_a_rule_missing_its_kinds_keys_is_refused_with_them(tmp_path: Path) -> None:
    rule = (
        "    name: too-many\n    kind: occurrence\n    message: m\n    tokens: [very]\n"
        "    examples: {bad: [a], good: [b]}\n"
    )
    with pytest.raises(PackError) as caught:
        load_pack(_pack(tmp_path, rule))
    assert str(caught.value).endswith(
        "rule DK001: a occurrence rule needs pattern or tokens and max"
    )


def test_a_capitalization_rule_reads_headlines_with_case_kept(tmp_path: Path) -> None:
    rule = (
        "    name: sentence-case\n    kind: capitalization\n    message: 'sentence case: {words}'\n"
        "    style: sentence\n"
        "    examples: {bad: [Minister Withdraws From The Talks], good: [Minister withdraws]}\n"
    )
    (loaded,) = load_pack(_pack(tmp_path, rule)).rules
    assert loaded.scope == KINDS["capitalization"].default_scope == frozenset({"headline"})
    assert loaded.style == "sentence" and loaded.sources == ()
    doc = parse("a.txt", "Minister Withdraws From The Talks\n\nBody text here.\n", False)
    (finding,) = check_rule(loaded, doc)
    assert (finding.offset, finding.message) == (0, "sentence case: From, The, Talks")


def test_a_substitutions_fix_is_described_by_its_kind(tmp_path: Path) -> None:
    path = tmp_path / "desk.yaml"
    path.write_text(DESK_PACK, encoding="utf-8")
    (rule,) = load_pack(path).rules
    doc = describe(rule)
    assert "Pack: desk (substitution)." in doc
    assert "Fix: the replacement, unsafe: applied only with `--unsafe-fixes`" in doc
    assert doc.endswith("Bad:  We utilize it.\nGood: We use it.")
    assert KINDS["existence"].fix_note(rule) is None
