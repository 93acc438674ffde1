"""The safe-fix contract: a fix `factlint check --fix` applies without review never changes
meaning and never adds an error.

Which fixes are safe (a doubled word English never doubles; spacing and punctuation that
change no word), and the check every fix passes before a file is written (no doubled
punctuation, no word changed that the fix does not name, no new finding elsewhere). Every
sentence here is invented.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import run

import factlint.engine.fixes as fixes
from factlint.core.diagnostics import Fix
from factlint.core.wording import doubled_marks, keeps_words, splits_word
from factlint.engine.config import from_mapping
from factlint.engine.run import check_text
from factlint.packs.kinds import safe_fix_failures
from factlint.packs.schema import load_pack

AMERICAN = {"grammar": {"backend": "none", "dialect": "american"}}


def project(folder: Path, text: str, settings: dict | None = None, pack: str = "") -> Path:
    """``text`` as ``story.txt`` in ``folder``, under a config of ``settings`` (no grammar
    engine unless they name one) and a desk pack of ``pack``'s rules, if any."""
    settings = {"grammar": {"backend": "none"}, **(settings or {})}
    if pack:
        (folder / "desk.yaml").write_text(
            "pack: desk\nsource: our stylebook\nprefix: DK\nrules:\n" + pack, encoding="utf-8"
        )
        settings["pack-paths"] = ["desk.yaml"]
    (folder / ".factlint.yaml").write_text(json.dumps(settings), encoding="utf-8")
    path = folder / "story.txt"
    path.write_text(text, encoding="utf-8")
    return path


def fixed(capsys: pytest.CaptureFixture[str], path: Path, *flags: str) -> tuple[str, str]:
    """The article after ``factlint check --fix FLAGS``, and the report."""
    _, out, _ = run(capsys, "check", "--fix", *flags, str(path))
    return path.read_text(encoding="utf-8"), out


# --- which fixes are safe ---------------------------------------------------------------


def test_a_doubled_word_english_never_doubles_is_fixed_one_it_may_double_is_not(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (
        "Council votes\n\n"
        "Add to this this new rule on parking. The the vote was close.\n\n"
        "What the council wants is is unclear. She gave her her keys.\n"
    )
    path = project(tmp_path, text, {"select": ["GR001"]})
    after, out = fixed(capsys, path)
    assert after == (
        "Council votes\n\n"
        "Add to this this new rule on parking. The vote was close.\n\n"
        "What the council wants is is unclear. She gave her her keys.\n"
    )
    assert out.splitlines()[-1] == "Fixed 1 issue (3 remaining)."
    assert [line.split(" GR001 ")[1] for line in out.splitlines() if " GR001 " in line] == [
        '"this" repeats the word before it',
        '"is" repeats the word before it',
        '"her" repeats the word before it',
    ]  # reported, for an editor: "is is" here is a slip, "this this" and "her her" are not
    after, _ = fixed(capsys, path, "--unsafe-fixes")
    assert "What the council wants is unclear." in after and "this new rule" in after


def test_us_at_the_end_of_a_sentence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = "Troops return\n\nUS troops flew home to the US. They landed in the US, at dawn.\n"
    path = project(tmp_path, text, {**AMERICAN, "select": ["ST102"]})
    after, out = fixed(capsys, path)
    assert after == text  # a style of abbreviation is not a safe fix
    assert out.splitlines()[-1] == "Fixed 0 issues (3 remaining)."
    after, out = fixed(capsys, path, "--unsafe-fixes")
    assert after == (
        "Troops return\n\nU.S. troops flew home to the U.S. They landed in the U.S., at dawn.\n"
    )  # one full stop at the end of a sentence, never "U.S.."
    assert out.splitlines()[-1] == "Fixed 3 issues (0 remaining)."


def test_wordiness_is_not_applied_by_fix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (
        "Festival opens\n\n"
        "The show Advance Warning opens the festival. The end result was a free gift.\n"
    )
    path = project(tmp_path, text, {"select": ["ST4"]})
    after, out = fixed(capsys, path)
    assert after == text and out.splitlines()[-1] == "Fixed 0 issues (3 remaining)."
    after, _ = fixed(capsys, path, "--unsafe-fixes")  # an editor who asks for them
    assert after == (
        "Festival opens\n\nThe show Warning opens the festival. The result was a gift.\n"
    )


def test_new_innovations_keep_their_number() -> None:
    config = from_mapping({"grammar": {"backend": "none"}, "select": ["ST401"]}, None)
    text = "Phones sell\n\nThe new innovations sold well, and so did a new innovation.\n"
    found = check_text("a.txt", text, config).diagnostics
    assert [(d.fix.replacement, d.fix.safe) for d in found if d.fix] == [
        ("innovations", False),
        ("innovation", False),
    ]


@pytest.mark.parametrize(
    ("code", "text", "settings"),
    [
        (
            "NM003",
            "Talks end\n\nMinister Hana Obi and envoy Tomas Vell met. Obi left. "
            "Mr. Vell stayed. Obi spoke.\n",
            {},
        ),
        ("ST102", "Talks end\n\nUS envoys met on Monday.\n", AMERICAN),
        ("ST103", "Prices rise\n\nPrices rose 4 per cent in March.\n", AMERICAN),
        ("ST104", "Talks end\n\nThe talks ended on January 15, 2005.\n", AMERICAN),
        ("ST106", "Polls close\n\nThe polls close at 10pm on Thursday.\n", AMERICAN),
        ("ST107", "Crowd moves\n\nThe crowd moved towards the square.\n", AMERICAN),
        ("ST401", "Talks end\n\nThe end result was a deal.\n", {}),
    ],
)
def test_fixes_that_replace_words_or_touch_abbreviations_are_unsafe(
    code: str, text: str, settings: dict
) -> None:
    config = from_mapping({"grammar": {"backend": "none"}, **settings, "select": [code]}, None)
    found = [d.fix for d in check_text("a.txt", text, config).diagnostics if d.fix is not None]
    assert found and all(not fix.safe for fix in found)


def test_no_shipped_rule_marks_a_word_changing_fix_safe() -> None:
    from factlint.packs.schema import shipped_packs

    assert [f for p in shipped_packs() for r in p.rules for f in safe_fix_failures(r)] == []


# --- a pack rule that says its fix is safe ----------------------------------------------

SAFE_WORDS = """\
  - code: DK001
    name: no-utilize
    kind: substitution
    message: 'write "{replacement}"'
    swap: {utilize: use}
    safe: true
    examples: {bad: [We utilize it.], good: [We use it.]}
"""
SAFE_DASH = """\
  - code: DK002
    name: spaced-dash
    kind: substitution
    nonword: true
    message: 'write a dash'
    swap: {' -- ': ' – '}
    safe: true
    examples: {bad: [They came -- and went.], good: [They came – and went.]}
"""


def test_a_pack_fix_marked_safe_that_changes_words_is_offered_as_unsafe(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = "Desk news\n\nWe utilize the hall -- and the yard.\n"
    path = project(tmp_path, text, {"select": ["DK"]}, SAFE_WORDS + SAFE_DASH)
    after, out = fixed(capsys, path)
    assert after == "Desk news\n\nWe utilize the hall – and the yard.\n"  # the dash alone
    assert out.splitlines()[-1] == "Fixed 1 issue (1 remaining)."
    rules = {rule.code: rule for rule in load_pack(tmp_path / "desk.yaml").rules}
    assert safe_fix_failures(rules["DK002"]) == []
    assert safe_fix_failures(rules["DK001"]) == [
        "DK001 no-utilize is marked safe, but its fix changes words ('utilize' -> 'use'): "
        "a safe fix changes only spacing and punctuation, so it is offered as unsafe "
        "(mark the rule `safe: false`)"
    ]
    code, out, _ = run(capsys, "packs", "--test", str(tmp_path / "desk.yaml"))
    assert code == 1 and "FAIL DK001 no-utilize is marked safe, but its fix changes" in out
    assert "DK002" not in out


def test_the_packs_test_catches_a_safe_rule_whose_pattern_drops_a_word(tmp_path: Path) -> None:
    rule = """\
  - code: DK003
    name: drop-very
    kind: substitution
    message: 'cut "very"'
    swap: {'very (good|bad)': '\\1'}
    safe: true
    examples: {bad: [It was very good.], good: [It was good.]}
"""
    (tmp_path / "desk.yaml").write_text(
        "pack: desk\nsource: our stylebook\nprefix: DK\nrules:\n" + rule, encoding="utf-8"
    )
    (found,) = load_pack(tmp_path / "desk.yaml").rules
    assert safe_fix_failures(found)[0].startswith(
        "DK003 drop-very is marked safe, but its fix changes words ('very good' -> 'good')"
    )


# --- the check before writing -----------------------------------------------------------

ETC = """\
  - code: DK004
    name: etc-with-full-stop
    kind: substitution
    message: 'write "etc."'
    swap: {etc: etc.}
    safe: true
    examples: {bad: [Bread etc and milk.], good: [Bread and milk.]}
"""


def test_a_fix_that_would_double_a_full_stop_is_not_applied(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = "Market day\n\nThey sold bread etc and milk. They sold fish etc.\n"
    path = project(tmp_path, text, {"select": ["DK"]}, ETC)
    after, out = fixed(capsys, path, "--no-show-fixes")
    assert after == "Market day\n\nThey sold bread etc. and milk. They sold fish etc.\n"
    assert out.splitlines() == [
        # The rule, naive, matches "etc" in the "etc." it wrote too: refused there as well.
        f'{path}:3:17: warning DK004 write "etc."',
        '  fix not applied: it would leave ".."',
        f'{path}:3:47: warning DK004 write "etc."',
        '  fix not applied: it would leave ".."',
        "Found 0 errors, 2 warnings, 0 infos in 1 file checked.",
        "Fixed 1 issue (2 remaining, 2 fixes skipped as unsafe to apply).",
    ]
    _, out, _ = run(capsys, "check", "--fix", "--format", "json", str(path))
    document = json.loads(out)
    skipped = [d["fix_skipped"] for d in document["files"][0]["diagnostics"]]
    assert skipped == ['it would leave ".."'] * 2
    assert document["summary"]["fixed"] == 0 and document["summary"]["fixes_skipped"] == 2
    assert path.read_text(encoding="utf-8").count("..") == 0


OLD_US = """\
  - code: DK005
    name: us-with-stops
    kind: substitution
    ignorecase: false
    message: 'write "{replacement}"'
    swap: {US: U.S.}
    examples: {bad: [US troops left.], good: [U.S. troops left.]}
"""


def test_us_before_a_full_stop_is_refused_even_as_an_unsafe_fix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = "Troops return\n\nUS troops flew home to the US. They rested.\n"
    path = project(tmp_path, text, {"select": ["DK"]}, OLD_US)
    after, out = fixed(capsys, path, "--unsafe-fixes", "--show-fixes", "--no-context")
    assert after == "Troops return\n\nU.S. troops flew home to the US. They rested.\n"
    assert out.splitlines()[:3] == [
        f'{path}:3:30: warning DK005 write "U.S."',
        '  fix: replace "US" with "U.S." (unsafe)',
        '  fix not applied: it would leave ".."',
    ]


def test_a_fix_that_cuts_into_a_word_is_not_applied(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rule = """\
  - code: DK006
    name: american-colour
    kind: substitution
    nonword: true
    message: 'write "{replacement}"'
    swap: {colour: color}
    examples: {bad: [The colour ran.], good: [The color ran.]}
"""
    text = "Flags fly\n\nThe colour of the colourful flag faded.\n"
    path = project(tmp_path, text, {"select": ["DK"]}, rule)
    after, out = fixed(capsys, path, "--unsafe-fixes", "--no-show-fixes")
    assert after == "Flags fly\n\nThe color of the colourful flag faded.\n"
    assert out.splitlines()[1] == (
        '  fix not applied: it would change "colourful", a word it does not name'
    )


def test_a_fix_that_would_drop_a_word_it_does_not_name_is_not_applied(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rule = """\
  - code: DK007
    name: doubled-word
    kind: substitution
    nonword: true
    message: 'a doubled word'
    swap: {'(\\w+) \\1': '\\1'}
    examples: {bad: [Add the the rule.], good: [Add the rule.]}
"""  # a careless pattern: it matches "the the" in "the theory" too
    text = "Council report\n\nAdd the the rule to the theory.\n"
    path = project(tmp_path, text, {"select": ["DK"]}, rule)
    after, out = fixed(capsys, path, "--unsafe-fixes", "--no-show-fixes")
    assert after == "Council report\n\nAdd the rule to the theory.\n"  # not "to theory"
    assert out.splitlines()[:2] == [
        f"{path}:3:17: warning DK007 a doubled word",
        '  fix not applied: it would change "theory", a word it does not name',
    ]


def test_a_fix_that_adds_a_finding_elsewhere_is_not_applied(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rules = """\
  - code: DK008
    name: grey-or-gray
    kind: consistency
    message: 'one spelling: "{other}"'
    either: [grey, gray]
    examples: {bad: [A grey sky and a gray sea.], good: [A grey sky and a grey sea.]}
  - code: DK009
    name: gray-wall
    kind: substitution
    message: 'write "{replacement}"'
    swap: {'grey(?= wall)': gray}
    examples: {bad: [The grey wall fell.], good: [The gray wall fell.]}
"""
    text = "Town news\n\nThe grey wall fell. A grey cat and a gray dog ran.\n"
    path = project(tmp_path, text, {"select": ["DK"]}, rules)
    after, out = fixed(capsys, path, "--unsafe-fixes", "--no-show-fixes")
    # "gray" for the wall would make "gray" the usual form, and the cat's "grey" a finding.
    assert after == text
    assert out.splitlines()[1].startswith(
        "  fix not applied: it would add a finding: DK008 at 3:23"
    )


def test_a_refused_fix_is_not_tried_again_and_a_second_run_agrees(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "Market day\n\nThey sold fish etc.\n"
    path = project(tmp_path, text, {"select": ["DK"]}, ETC)
    checks: list[str] = []
    check_text_ = fixes.check_text

    def counted(display: str, *args: Any, **kwargs: Any) -> Any:
        checks.append(display)
        return check_text_(display, *args, **kwargs)

    monkeypatch.setattr(fixes, "check_text", counted)
    first = fixed(capsys, path)
    assert len(checks) == 1  # refused before any new text was checked
    assert fixed(capsys, path) == first and first[0] == text


# --- the check's parts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fix", "reason"),
    [
        ("Back in the US. Then", Fix("U.S.", 12, 2), 'it would leave ".."'),
        ("Back in the US. Then", Fix("U.S.", 12, 3), None),
        ("It was over... Then", Fix("...", 11, 3), None),  # an ellipsis stays one
        ("Cats, dogs", Fix(",", 4, 0), 'it would leave ",,"'),
        ("The the cat", Fix("", 3, 4), None),
        ("The theatre", Fix("", 3, 4), 'it would change "theatre", a word it does not name'),
        ("in order", Fix("", 2, 1), 'it would run words together ("inorder")'),
        ("per cent", Fix("percent", 0, 8), None),  # its own words: the fix names them
    ],
)
def test_refusal(text: str, fix: Fix, reason: str | None) -> None:
    assert fixes.refusal(text, fix) == reason


def test_wording_helpers() -> None:
    assert keeps_words("a -- b", "a – b") and not keeps_words("US", "U.S.")
    assert not keeps_words("okay", "OK") and not keeps_words("web site", "website")
    assert splits_word("theatre", 3) and not splits_word("the atre", 3)
    assert doubled_marks("U.S.. and...", 0, 12) == [".."]
