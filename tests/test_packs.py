"""Rule packs: every rule against its own examples, the pack format's errors, the time
limit on patterns, and the config and command line around packs."""

from __future__ import annotations

import time
from pathlib import Path
from typing import get_args

import pytest
import regex
from helpers import DESK_PACK

from factlint.cli.main import main
from factlint.engine.config import ConfigError, from_mapping
from factlint.engine.run import check_text
from factlint.packs import kinds as packkinds
from factlint.packs.kinds import example_failures
from factlint.packs.schema import KIND_KEYS, PackError, PackKind, load_pack, packs_in, shipped_packs

ROOT = Path(__file__).resolve().parent.parent
TEST_PACKS = ROOT / "fixtures" / "packs"
SEED = ROOT / "fixtures" / "kishida-peace-treaty.txt"
ALL_RULES = [rule for pack in (*shipped_packs(), *packs_in(TEST_PACKS)) for rule in pack.rules]


def test_the_four_packs_ship() -> None:
    names = {pack.name for pack in shipped_packs()}
    assert {"ap", "newsroom", "translation-artifacts", "wordiness"} <= names
    assert all(pack.source for pack in shipped_packs())


def test_every_pack_kind_has_its_keys_and_matcher() -> None:
    assert tuple(KIND_KEYS) == tuple(packkinds.MATCHERS) == get_args(PackKind)


@pytest.mark.parametrize("rule", ALL_RULES, ids=[f"{r.pack}-{r.code}" for r in ALL_RULES])
def test_every_pack_rule_against_its_examples(rule) -> None:
    assert rule.examples["bad"] and rule.examples["good"]
    assert example_failures(rule) == []


def _write(tmp_path: Path, text: str, name: str = "desk.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


RULE = DESK_PACK


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pack: desk\nrules: [\n", "desk.yaml:3: invalid YAML"),
        (
            RULE.replace("kind: substitution", "kind: existance"),
            "desk.yaml:5: rule DK001: unknown kind (one of: ",
        ),
        (
            RULE.replace("kind: substitution", "kind: [substitution]"),
            "desk.yaml:5: rule DK001: unknown kind (one of: ",
        ),
        (
            RULE.replace("{utilize: use}", "{'utili(ze': use}"),
            "desk.yaml:5: rule DK001: bad pattern (missing ) at the end)",
        ),
        (
            RULE.replace("    examples: {bad: [We utilize it.], good: [We use it.]}\n", ""),
            "a rule needs examples",
        ),
        (RULE.replace("code: DK001", "code: QT900"), "code must be DK and three digits"),
        (
            RULE.replace("prefix: DK", "prefix: QT"),
            "must be two capital letters and not a built-in family",
        ),
        (RULE.replace("source: our stylebook\n", ""), "what authority it follows"),
        (
            RULE.replace("    swap:", "    colour: red\n    swap:"),
            "desk.yaml:5: rule DK001: unknown key (keys: ",
        ),
        (RULE + RULE.split("rules:\n")[1], "rule code DK001 used twice"),
    ],
)
def test_a_malformed_pack_names_file_line_and_problem(tmp_path, text, expected) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(_write(tmp_path, text))
    assert "desk.yaml" in str(caught.value) and expected in str(caught.value)


def test_a_runaway_pattern_is_stopped_and_named(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(packkinds, "MATCH_TIMEOUT", 0.3)
    slow = RULE.replace("kind: substitution", "kind: existence").replace(
        "    swap: {utilize: use}\n", "    nonword: true\n    pattern: '(a|aa)+$'\n"
    )
    slow = slow.replace("[We utilize it.]", "[aa]").replace("[We use it.]", "[b]")
    settings = {"packs": ["desk"], "pack-paths": [str(_write(tmp_path, slow))]}
    config = from_mapping({**settings, "grammar": {"backend": "none"}}, None)
    started = time.monotonic()
    result = check_text("a.txt", "Headline\n\nThe the " + "a" * 60 + "b\n", config)
    assert time.monotonic() - started < 5
    assert "pack desk, rule DK001 (no-utilize)" in result.error
    assert "simplify the pattern" in result.error
    assert [d.code for d in result.diagnostics] == ["GR001"]  # the other rules still ran


def test_packs_config_chooses_packs(tmp_path) -> None:
    # "color" and "center": two American spellings, so the American pack (ap) checks the
    # article (one alone leaves it undecided)
    article = (
        "Headline\n\nThe end result was that US troops in color left the center at 10pm, "
        "sources said.\n"
    )

    def codes(settings: dict) -> list[str]:
        config = from_mapping({"grammar": {"backend": "none"}, **settings}, None)
        return sorted(d.code for d in check_text("a.txt", article, config).diagnostics)

    assert codes({}) == ["ST102", "ST401"]  # the default packs (ST106, ST204: off by default)
    everything = {"select": ["ALL", "ST106", "ST204"]}
    assert codes(everything) == ["ST102", "ST106", "ST204", "ST401"]
    assert codes({"packs": ["newsroom"], **everything}) == ["ST204"]
    assert codes({"packs": []}) == []
    assert codes({"severity": {"ST401": "off"}, **everything}) == ["ST102", "ST106", "ST204"]
    desk = _write(tmp_path, RULE.replace("utilize", "result"))
    assert codes({"pack-paths": [str(desk)], "select": ["DK"]}) == ["DK001"]
    with pytest.raises(ConfigError, match=r"unknown pack \(item 1\)"):
        from_mapping({"packs": ["house"]}, None)
    with pytest.raises(ConfigError, match=r"select: unknown rule code \(item 1\)"):
        from_mapping({"select": ["DK001"]}, None)


def test_a_broken_user_pack_is_a_config_error_naming_it(tmp_path) -> None:
    broken = _write(tmp_path, RULE.replace("kind: substitution", "kind: nope"))
    with pytest.raises(ConfigError, match=r"desk\.yaml:5: rule DK001: unknown kind"):
        from_mapping({"pack-paths": [str(broken)]}, None)
    deferring = _write(tmp_path, RULE.replace("    swap:", "    defers-to: [QT999]\n    swap:"))
    deferral = r"desk\.yaml:5: rule DK001 defers to an unknown rule \(defers-to item 1\)"
    with pytest.raises(ConfigError, match=deferral):
        from_mapping({"pack-paths": [str(deferring)]}, None)


def test_quotes_are_skipped_unless_the_scope_names_them() -> None:
    table = {"grammar": {"backend": "none"}, "select": ["ST102"], "dialect": "american"}
    config = from_mapping(table, None)  # american: the ap pack runs on the undecided article
    text = 'Headline\n\nShe said: "The US will act." US troops left.\n'
    found = check_text("a.txt", text, config).diagnostics
    assert [(d.code, d.start.column) for d in found] == [("ST102", 30)]


def test_one_defect_one_report_with_nm003() -> None:
    text = SEED.read_text(encoding="utf-8")
    selected = {"grammar": {"backend": "none"}, "select": ["ALL", "NM003"]}  # NM003: off by default
    on = from_mapping(selected, None)
    off = from_mapping({**selected, "ignore": ["NM003"]}, None)
    line_21 = [(d.code) for d in check_text("seed.txt", text, on).diagnostics if d.start.line == 21]
    assert line_21 == ["NM003"]
    line_21 = [
        (d.code) for d in check_text("seed.txt", text, off).diagnostics if d.start.line == 21
    ]
    assert line_21 == ["ST105"]
    default = from_mapping({"grammar": {"backend": "none"}}, None)
    line_21 = [
        (d.code) for d in check_text("seed.txt", text, default).diagnostics if d.start.line == 21
    ]
    assert line_21 == ["ST105"]


def test_substitution_fix_keeps_a_capital() -> None:
    config = from_mapping({"grammar": {"backend": "none"}, "select": ["ST402"]}, None)
    found = check_text("a.txt", "Headline\n\nPrior to the vote, it rained.\n", config).diagnostics
    assert found[0].fix.replacement == "Before" and found[0].fix.safe is False


def test_rules_explain_and_packs_commands(capsys, tmp_path) -> None:
    assert main(["rules"]) == 0
    assert "ST101  numeral-below-ten" in capsys.readouterr().out
    assert main(["explain", "ST201"]) == 0
    out = capsys.readouterr().out
    assert "ST201 attribution-verb-said" in out and "Pack: newsroom" in out and "Bad:" in out
    assert main(["packs"]) == 0
    assert "newsroom" in capsys.readouterr().out
    assert main(["packs", "--test", str(TEST_PACKS)]) == 0
    assert "all pass" in capsys.readouterr().out
    wrong = _write(tmp_path, RULE.replace("good: [We use it.]", "good: [We utilize it.]"))
    assert main(["packs", "--test", str(wrong)]) == 1
    assert "DK001 no-utilize flags its good example" in capsys.readouterr().out
    # the ap pack reports at info: nothing fails the run unless --fail-on info says so
    assert main(["check", "--select", "ST1", "--grammar", "none", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "info ST102" in out and "info ST101" in out and "QT003" not in out
    assert (
        main(["check", "--select", "ST1", "--fail-on", "info", "--grammar", "none", str(SEED)]) == 1
    )
    capsys.readouterr()


def _old_prefilter(patterns: tuple) -> object:
    """The prefilter as the packs built it from compiled patterns before they compiled
    lazily: the new one, built from the sources, must be the same pattern."""
    if len(patterns) < 3 or any(regex.search(r"\\\d|\(\?P=", p.pattern) for p in patterns):
        return None
    ignorecase = {bool(p.flags & regex.I) for p in patterns}
    if len(ignorecase) > 1:
        return None
    flags = regex.I if ignorecase.pop() else 0
    return regex.compile("|".join(f"(?:{p.pattern})" for p in patterns), flags)


INLINE = RULE.replace("{utilize: use}", "{utilize: use, '(?i)leverage': use, facilitate: help}")


@pytest.mark.parametrize("rule", ALL_RULES, ids=[f"{r.pack}-{r.code}" for r in ALL_RULES])
def test_a_prefilter_from_sources_is_the_one_from_compiled_patterns(rule) -> None:
    new, old = rule.prefilter, _old_prefilter(rule.patterns)
    assert (new is None) == (old is None)
    if new is not None:
        assert (new.pattern, new.flags) == (old.pattern, old.flags)


def test_an_inline_flag_decides_the_prefilter_as_it_did(tmp_path) -> None:
    (rule,) = load_pack(_write(tmp_path, INLINE)).rules
    assert {bool(p.flags & regex.I) for p in rule.patterns} == {True}
    assert rule.prefilter.pattern == _old_prefilter(rule.patterns).pattern


def test_a_pack_read_again_from_the_cache_folder_is_the_same(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(tmp_path / "cache"))
    path = _write(tmp_path, RULE)
    first = load_pack(path)
    assert list((tmp_path / "cache" / "tables").glob("pack-*.json"))
    again = load_pack(path)
    assert again == first and "patterns" not in again.rules[0].__dict__  # not compiled yet
    assert again.rules[0].patterns == first.rules[0].patterns
    for table in (tmp_path / "cache" / "tables").glob("pack-*.json"):
        table.write_bytes(table.read_bytes()[:-20])  # damaged: read from the YAML again
    assert load_pack(path) == first


def test_a_pack_broken_after_it_was_cached_is_still_an_error(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(tmp_path / "cache"))
    load_pack(_write(tmp_path, RULE))
    for _ in range(2):  # the broken pack is never cached
        with pytest.raises(PackError, match=r"desk\.yaml:5: rule DK001: bad pattern \(missing \)"):
            load_pack(_write(tmp_path, RULE.replace("{utilize: use}", "{'utili(ze': use}")))
    unnamed = RULE.replace("pack: desk\n", "")  # named by its file
    assert load_pack(_write(tmp_path, unnamed)).name == "desk"
    with pytest.raises(PackError, match="pack name must be kebab-case"):
        load_pack(_write(tmp_path, unnamed, "Not Kebab.yaml"))  # the same text, cached
