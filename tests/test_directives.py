"""The FL rules: directives factlint cannot read, codes no rule has, and (when selected)
suppressions that silenced nothing; and how FL003 is switched on."""

from __future__ import annotations

from pathlib import Path

from factlint.engine.config import from_mapping
from factlint.engine.run import check_text

HEAD = "The council met\n\nThe council met on Tuesday.\n\n"


def _codes(text: str, **settings) -> list[tuple[str, int]]:
    config = from_mapping({"grammar": {"backend": "none"}, **settings}, None)
    result = check_text("a.txt", HEAD + text, config)
    assert result.error is None, result.error
    return [(d.code, d.start.line) for d in result.diagnostics]


def test_a_misspelt_verb_is_reported_and_silences_nothing() -> None:
    found = _codes("<!-- factlint-disabel GR001 -->\n\nThe mayor said the the vote was close.\n")
    assert ("FL001", 5) in found
    assert ("GR001", 7) in found


def test_a_lower_case_code_is_reported_not_read_as_every_code() -> None:
    found = _codes("factlint: ignore gr001\n\nThe mayor said the the vote was close.\n")
    assert ("FL001", 5) in found
    assert ("GR001", 7) in found


def test_a_code_no_rule_has_is_reported() -> None:
    found = _codes("factlint: ignore QT009 -- a typo\n\nThe mayor said the vote was close.\n")
    assert found == [("FL002", 5)]


def test_known_codes_and_prefixes_are_not_reported() -> None:
    text = "<!-- factlint-disable QT0, GR001, ST102 -->\n\nThe mayor said the vote was close.\n"
    assert [c for c, _ in _codes(text)] == []


def test_a_desk_pack_prefix_is_a_known_code(tmp_path: Path) -> None:
    pack = tmp_path / "desk.yaml"
    pack.write_text(
        "pack: desk\nsource: house style\nprefix: DK\nrules:\n"
        "  - code: DK001\n    name: no-utilise\n    kind: existence\n    tokens: [utilise]\n"
        "    message: use 'use'\n    examples: {bad: [They utilise it.], good: [They use it.]}\n",
        encoding="utf-8",
    )
    config = from_mapping(
        {"grammar": {"backend": "none"}, "pack-paths": ["desk.yaml"]}, tmp_path / ".factlint.yaml"
    )
    text = HEAD + "<!-- factlint-disable DK001 -->\n\nThey utilise the the hall.\n"
    codes = [d.code for d in check_text("a.txt", text, config).diagnostics]
    assert "DK001" not in codes and "FL002" not in codes and "GR001" in codes


def test_unused_suppressions_are_off_by_default() -> None:
    text = "factlint: ignore GR001 -- repeated\n\nThe mayor said the vote was close.\n"
    assert _codes(text) == []


def test_unused_suppressions_are_reported_when_selected() -> None:
    unused = "factlint: ignore GR001 -- repeated\n\nThe mayor said the vote was close.\n"
    used = "factlint: ignore GR001 -- repeated\n\nThe mayor said the the vote was close.\n"
    assert _codes(unused, select=["ALL", "FL003"]) == [("FL003", 5)]
    assert _codes(used, select=["ALL", "FL003"]) == []
    assert _codes(unused, select=["FL"]) == []  # GR001 did not run: not judged


def test_a_bare_unused_disable_is_reported_when_selected() -> None:
    text = "<!-- factlint-disable -->\n\nThe mayor said the vote was close.\n"
    assert _codes(text, select=["ALL", "FL003"]) == [("FL003", 5)]
