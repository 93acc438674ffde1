"""A baseline (``factlint check --write-baseline FILE``, then ``--baseline FILE`` or the
config's ``baseline:``): today's findings recorded, only new ones reported, stale entries
noted, on a small desk of articles written here (no corpus text)."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import action_environment, run

from factlint.core.fingerprints import FINGERPRINT_KEY

ROOT = Path(__file__).resolve().parent.parent
SHRINK = "(run --write-baseline to shrink the file)"


def stale(count: int) -> str:
    """The note on standard error for ``count`` stale entries of baseline.json."""
    entries = "1 entry" if count == 1 else f"{count} entries"
    match = "matches" if count == 1 else "match"
    return f"factlint: note: {entries} of the baseline baseline.json no longer {match} any " + (
        f"finding {SHRINK}\n"
    )


# The findings (--grammar none), each on a line of its own below a clean paragraph (line
# 5): a doubled word (GR001) in each, and a numeral below ten (ST101, at info) in the
# budget story, which the ap pack checks as an American article: its bio writes two
# American spellings ("center", "theater"; one would leave the article undecided).
BUDGET = """\
Council approves new budget

By Jane Porter

The council met on Tuesday evening.

The council approved the the budget after a long debate.

Officials said the plan would fund 3 new libraries.

Jane Porter is a reporter covering city hall, the civic center and local theater.
"""
HARBOUR = """\
Harbour reopens after storm

By Tom Reyes

The harbour reopened on Friday, officials said.

Fishermen returned to the the docks within hours.

Tom Reyes is a reporter covering the coast.
"""
BUDGET_FINDINGS = [("GR001", 7), ("ST101", 9)]
HARBOUR_FINDINGS = [("GR001", 7)]
# Paragraph 5 edited: two lines now, with a doubled word of its own (a new finding).
EDITED = "The council met in the the town hall on Tuesday evening,\nwith every member present."


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of two articles under news/ (not a git work tree: paths are relative to
    the baseline's folder); the current folder while the test runs."""
    desk = tmp_path / "desk"
    (desk / "news").mkdir(parents=True)
    (desk / "news" / "budget.txt").write_text(BUDGET, encoding="utf-8")
    (desk / "news" / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no git around it
    monkeypatch.chdir(desk)
    return desk


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run(capsys, "check", "--grammar", "none", *args)


def findings(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    """The exit status, the JSON document's findings by path as (code, line) and its
    summary, and standard error."""
    code, out, err = check(capsys, "--format", "json", *args)
    document = json.loads(out)
    found = {
        f["path"]: [(d["code"], d["line"]) for d in f["diagnostics"]] for f in document["files"]
    }
    return code, {"found": found, "summary": document["summary"]}, err


def write_baseline(
    capsys: pytest.CaptureFixture[str], name: str = "baseline.json", *paths: str
) -> dict:
    code, out, err = check(capsys, "--write-baseline", name, *(paths or ("news",)))
    assert (code, err) == (0, ""), err
    assert out.startswith("factlint: recorded ")
    return json.loads(Path(name).read_text(encoding="utf-8"))


def edit_paragraph_5(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("The council met on Tuesday evening.", EDITED), "utf-8")


# --- writing ---------------------------------------------------------------------------


def test_write_baseline_records_each_finding_and_exits_0(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = check(capsys, "--write-baseline", "baseline.json", "news")
    assert (code, err) == (0, "")
    assert out == (
        "factlint: recorded 3 findings in 2 files in the baseline baseline.json (2 files checked)\n"
    )
    document = json.loads((desk / "baseline.json").read_text(encoding="utf-8"))
    assert document["version"] == 1
    assert document["fingerprint"] == FINGERPRINT_KEY == "factlintLineHash/v1"
    assert list(document["files"]) == ["news/budget.txt", "news/harbour.txt"]
    assert [code for code, _ in document["files"]["news/budget.txt"]] == ["GR001", "ST101"]
    assert [code for code, _ in document["files"]["news/harbour.txt"]] == ["GR001"]
    prints = [fp for entries in document["files"].values() for _, fp in entries]
    assert len(set(prints)) == 3 and all(len(fp) == 32 for fp in prints)


def test_the_file_is_stable_small_and_a_finding_a_line(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_baseline(capsys, "one.json", "news/harbour.txt", "news/budget.txt")
    write_baseline(capsys, "two.json", "news", "--jobs", "2")
    one = (desk / "one.json").read_bytes()
    assert one == (desk / "two.json").read_bytes()  # the order checked changes nothing
    lines = one.decode().splitlines()
    assert lines[:5] == [
        "{",
        '  "version": 1,',
        '  "tool": "factlint",',
        '  "fingerprint": "factlintLineHash/v1",',
        '  "files": {',
    ]
    entries = [line.strip() for line in lines if line.lstrip().startswith('["')]
    assert len(entries) == 3
    assert all(re.fullmatch(r'\["[A-Z]{2}\d{3}", "[0-9a-f]{32}"\],?', line) for line in entries)


def test_fingerprints_are_sarifs(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = write_baseline(capsys)
    _, out, _ = check(capsys, "--format", "sarif", "news")
    results = json.loads(out)["runs"][0]["results"]
    sarif = sorted((r["ruleId"], r["partialFingerprints"][FINGERPRINT_KEY]) for r in results)
    recorded = sorted(tuple(entry) for entries in document["files"].values() for entry in entries)
    assert sarif == recorded


def test_paths_are_relative_to_the_baselines_folder_wherever_it_runs(
    desk: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(desk / "news")
    write_baseline(capsys, "../baseline.json", ".")
    document = json.loads((desk / "baseline.json").read_text(encoding="utf-8"))
    assert list(document["files"]) == ["news/budget.txt", "news/harbour.txt"]
    monkeypatch.chdir(desk)
    code, found, _ = findings(capsys, "--baseline", "baseline.json", "news")
    assert (code, found["summary"]["baselined"]) == (0, 3)


def test_a_clean_desk_writes_an_empty_baseline(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (desk / "news" / "clean.txt").write_text("Quiet day\n\nNothing happened.\n", "utf-8")
    code, out, _ = check(capsys, "--write-baseline", "baseline.json", "news/clean.txt")
    assert code == 0
    assert out == (
        "factlint: recorded 0 findings in 0 files in the baseline baseline.json (1 file checked)\n"
    )
    assert json.loads((desk / "baseline.json").read_text())["files"] == {}


@pytest.mark.parametrize(
    "extra, refused",
    [
        (["--baseline", "old.json"], "--baseline"),
        (["--changed-since", "HEAD"], "--changed-since"),
        (["--diff"], "--diff"),
        (["--format", "json"], "--format"),
        (["-o", "report.txt"], "--output-file"),
    ],
)
def test_write_baseline_refuses_what_would_make_it_partial(
    desk: Path, capsys: pytest.CaptureFixture[str], extra: list[str], refused: str
) -> None:
    code, out, err = check(capsys, "--write-baseline", "baseline.json", *extra, "news")
    assert (code, out) == (2, "")
    assert err == (
        "factlint: error: --write-baseline records every finding of the files checked, in "
        f"place of a report: it cannot be used with {refused}\n"
    )
    assert not (desk / "baseline.json").exists()


def test_an_unwritable_baseline_is_one_line_before_anything_is_checked(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = check(capsys, "--write-baseline", "missing/baseline.json", "news")
    assert (code, out) == (2, "")
    assert err == (
        "factlint: error: baseline missing/baseline.json: cannot write it "
        "(No such file or directory)\n"
    )


def test_a_config_error_leaves_the_baseline_as_it_was(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_baseline(capsys)
    before = (desk / "baseline.json").read_bytes()
    (desk / "news" / "harbour.txt").unlink()
    (desk / "news" / "sub").mkdir()
    (desk / "news" / "sub" / ".factlint.yaml").write_text("selekt: [GR]\n", "utf-8")
    (desk / "news" / "sub" / "harbour.txt").write_text(HARBOUR, "utf-8")
    code, _, err = check(capsys, "--write-baseline", "baseline.json", "news")
    assert code == 2
    assert ".factlint.yaml:1: unknown key (known keys: " in err and "selekt" not in err
    assert err.endswith("factlint: the baseline baseline.json was not written\n")
    assert (desk / "baseline.json").read_bytes() == before
    assert not [p for p in desk.iterdir() if p.name.endswith(".tmp")]


# --- reporting only what is new --------------------------------------------------------


def test_a_paragraph_edited_above_old_findings_reports_only_the_new_one(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_baseline(capsys)
    edit_paragraph_5(desk / "news" / "budget.txt")
    _, everything, _ = findings(capsys, "news")
    assert everything["found"]["news/budget.txt"] == [("GR001", 5), ("GR001", 8), ("ST101", 10)]
    code, found, err = findings(capsys, "--baseline", "baseline.json", "news")
    assert found["found"] == {"news/budget.txt": [("GR001", 5)], "news/harbour.txt": []}
    assert found["summary"] == {
        "files": 2,
        "errors": 0,
        "warnings": 1,
        "infos": 0,
        "file_errors": 0,
        "baselined": 3,
    }
    assert (code, err) == (1, "")  # nothing stale: every entry still matched


def test_the_summary_line_says_how_many_the_baseline_left_out(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_baseline(capsys)
    edit_paragraph_5(desk / "news" / "budget.txt")
    code, out, _ = check(capsys, "--baseline", "baseline.json", "news")
    assert out.splitlines() == [
        'news/budget.txt:5:24: warning GR001 "the" repeats the word before it',
        "Found 0 errors, 1 warning, 0 infos in 2 files checked; 3 findings left out by the "
        "baseline.",
    ]
    assert code == 1
    _, out, _ = check(capsys, "--baseline", "baseline.json", "news/harbour.txt")
    assert out == (
        "Found 0 errors, 0 warnings, 0 infos in 1 file checked; 1 finding left out by the "
        "baseline.\n"
    )


def test_nothing_new_exits_0_and_fail_on_applies_to_what_remains(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_baseline(capsys)
    assert check(capsys, "--baseline", "baseline.json", "news")[0] == 0
    assert check(capsys, "--baseline", "baseline.json", "--fail-on", "info", "news")[0] == 0
    edit_paragraph_5(desk / "news" / "budget.txt")
    assert check(capsys, "--baseline", "baseline.json", "news")[0] == 1
    assert check(capsys, "--baseline", "baseline.json", "--fail-on", "error", "news")[0] == 0


@pytest.mark.parametrize("output", ["json", "sarif", "github", "gitlab", "rdjson", "text"])
def test_every_format_lacks_the_baselined_findings(
    desk: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    write_baseline(capsys)
    edit_paragraph_5(desk / "news" / "budget.txt")
    _, out, _ = check(capsys, "--format", output, "--baseline", "baseline.json", "news")
    if output == "json":
        codes = [d["code"] for f in json.loads(out)["files"] for d in f["diagnostics"]]
    elif output == "sarif":
        codes = [r["ruleId"] for r in json.loads(out)["runs"][0]["results"]]
    elif output == "gitlab":
        codes = [issue["check_name"] for issue in json.loads(out)]
    elif output == "rdjson":
        codes = [d["code"]["value"] for d in json.loads(out)["diagnostics"]]
    elif output == "github":
        codes = [line.split("title=")[1][:5] for line in out.splitlines() if "title=" in line]
    else:
        codes = [line.split()[2] for line in out.splitlines() if line.startswith("news/")]
    assert len(codes) == 1 and "ST101" not in codes  # the new doubled word alone


def test_identical_findings_count_as_many_entries(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slip = "The vote was was close.\n\n"
    article = desk / "news" / "votes.txt"
    article.write_text("Votes counted\n\n" + slip * 2 + "The count ended late.\n", "utf-8")
    document = write_baseline(capsys, "baseline.json", "news/votes.txt")
    entries = document["files"]["news/votes.txt"]
    assert [code for code, _ in entries] == ["GR001", "GR001"]
    assert len({fp for _, fp in entries}) == 2  # one entry each, not one for both
    article.write_text("Votes counted\n\n" + slip * 3 + "The count ended late.\n", "utf-8")
    code, found, err = findings(capsys, "--baseline", "baseline.json", "news/votes.txt")
    assert len(found["found"]["news/votes.txt"]) == 1  # the third is new
    assert (found["summary"]["baselined"], code, err) == (2, 1, "")


# --- stale entries -----------------------------------------------------------------------


def test_entries_that_no_longer_match_are_noted_for_the_files_checked(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_baseline(capsys)
    harbour = desk / "news" / "harbour.txt"
    harbour.write_text(HARBOUR.replace("the the", "the"), "utf-8")  # its finding is gone
    budget = desk / "news" / "budget.txt"
    budget.write_text(BUDGET.replace("the the", "the").replace(" 3 ", " three "), "utf-8")
    code, out, err = check(capsys, "--baseline", "baseline.json", "news")
    assert (code, out) == (
        0,
        "Found 0 errors, 0 warnings, 0 infos in 2 files checked; 0 findings left out by the "
        "baseline.\n",
    )
    assert err == (
        "factlint: note: 3 entries of the baseline baseline.json no longer match any "
        f"finding {SHRINK}\n"
    )
    _, _, err = check(capsys, "--baseline", "baseline.json", "news/harbour.txt")
    assert err == (
        "factlint: note: 1 entry of the baseline baseline.json no longer matches any "
        f"finding {SHRINK}\n"
    )
    write_baseline(capsys)  # shrunk: nothing left to match
    assert json.loads((desk / "baseline.json").read_text())["files"] == {}
    assert check(capsys, "--baseline", "baseline.json", "news")[2] == ""


def test_an_unchecked_file_or_a_rule_that_did_not_run_makes_nothing_stale(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_baseline(capsys)
    (desk / "news" / "budget.txt").write_text(BUDGET.replace("the the", "the"), "utf-8")
    _, _, err = check(capsys, "--baseline", "baseline.json", "news/harbour.txt")
    assert err == ""  # budget.txt was not checked: its entries are not judged
    _, _, err = check(capsys, "--baseline", "baseline.json", "--select", "ST", "news")
    assert err == ""  # GR001 did not run: its entries say nothing
    _, _, err = check(capsys, "--baseline", "baseline.json", "news")
    assert err == stale(1)


# --- a baseline that cannot be used -------------------------------------------------------


@pytest.mark.parametrize(
    "content, problem",
    [
        ('{"version": 1, "files": [}', "not JSON (line 1, column 26: Expecting value)"),
        ("", "not JSON (line 1, column 1: Expecting value)"),
        (b"\xff\xfe{}", "not UTF-8 text"),
        ("[]", "not a baseline (expected an object with version and files)"),
        (
            '{"version": 2, "fingerprint": "factlintLineHash/v1", "files": {}}',
            "not a version 1 baseline; write it again with --write-baseline",
        ),
        (
            '{"version": 1, "fingerprint": "md5", "files": {}}',
            "its fingerprints are not factlintLineHash/v1; write it again with --write-baseline",
        ),
        (
            '{"version": 1, "fingerprint": "factlintLineHash/v1", "files": []}',
            "files: expected an object of paths and their findings",
        ),
        (
            '{"version": 1, "fingerprint": "factlintLineHash/v1", "files": '
            '{"a.txt": [["GR001", "xyz"]]}}',
            "files: the findings of file 1: expected a list of [code, fingerprint] pairs",
        ),
        (
            '{"version": 1, "fingerprint": "factlintLineHash/v1", "files": {"a.txt": [], '
            '"a.txt": []}}',
            "a key is given twice in one object",
        ),
        ("[" * 100_000 + "]" * 100_000, "not a baseline (nested too deeply)"),
    ],
)
def test_a_malformed_baseline_is_one_line_naming_the_file_exit_2(
    desk: Path, capsys: pytest.CaptureFixture[str], content: str | bytes, problem: str
) -> None:
    path = desk / "baseline.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    code, out, err = check(capsys, "--baseline", "baseline.json", "news")
    assert (code, out) == (2, "")
    assert err == f"factlint: error: baseline baseline.json: {problem}\n"


@pytest.mark.parametrize(
    "make, problem",
    [(None, "no such file or directory"), ("folder", "is a directory")],
)
def test_a_missing_or_unreadable_baseline_is_one_line_exit_2(
    desk: Path, capsys: pytest.CaptureFixture[str], make: str | None, problem: str
) -> None:
    if make == "folder":
        (desk / "baseline.json").mkdir()
    code, out, err = check(capsys, "--baseline", "baseline.json", "news")
    assert (code, out, err) == (2, "", f"factlint: error: baseline baseline.json: {problem}\n")


def test_a_byte_order_mark_is_no_matter(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_baseline(capsys)
    path = desk / "baseline.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, _, err = check(capsys, "--baseline", "baseline.json", "news")
    assert (code, err) == (0, "")


def test_the_baseline_is_json_never_a_pickle(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pickle

    (desk / "baseline.json").write_bytes(pickle.dumps({"version": 1}))
    code, _, err = check(capsys, "--baseline", "baseline.json", "news")
    assert code == 2
    assert err.startswith("factlint: error: baseline baseline.json: not ")


# --- the config's `baseline:` ----------------------------------------------------------------


def test_the_config_key_is_relative_to_the_config_file(
    desk: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (desk / "meta").mkdir()
    (desk / ".factlint.yaml").write_text("baseline: meta/baseline.json\n", "utf-8")
    write_baseline(capsys, "meta/baseline.json")
    edit_paragraph_5(desk / "news" / "budget.txt")
    monkeypatch.chdir(desk / "news")  # the path is the config's, not the current folder's
    code, found, err = findings(capsys, ".")
    assert found["found"] == {"budget.txt": [("GR001", 5)], "harbour.txt": []}
    assert (found["summary"]["baselined"], code, err) == (3, 1, "")
    _, found, _ = findings(capsys, "--no-baseline", ".")
    assert len(found["found"]["budget.txt"]) == 3 and "baselined" not in found["summary"]


def test_the_config_key_in_pyproject_and_baseline_overriding_it(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (desk / "pyproject.toml").write_text('[tool.factlint]\nbaseline = "base.json"\n', "utf-8")
    write_baseline(capsys, "base.json")
    write_baseline(capsys, "harbour-only.json", "news/harbour.txt")
    assert findings(capsys, "news")[1]["summary"]["baselined"] == 3
    _, found, _ = findings(capsys, "--baseline", "harbour-only.json", "news")
    assert found["found"]["news/budget.txt"] == BUDGET_FINDINGS
    assert found["summary"]["baselined"] == 1


def test_a_malformed_baseline_named_by_the_config_is_a_config_error(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = desk / ".factlint.yaml"
    config.write_text("baseline: baseline.json\n", "utf-8")
    (desk / "baseline.json").write_text("{", "utf-8")
    code, out, err = check(capsys, "news")
    assert code == 2
    assert err == (
        f"factlint: error: config {config}: baseline {desk / 'baseline.json'}: not JSON "
        "(line 1, column 2: Expecting property name enclosed in double quotes)\n"
    )
    assert out == "Found 0 errors, 0 warnings, 0 infos in 0 files checked.\n"  # not reported


@pytest.mark.parametrize("value", ["", "[a.json]", "7"])
def test_the_config_key_must_be_a_path(
    desk: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    config = desk / ".factlint.yaml"
    config.write_text(f"baseline: {value}\n", "utf-8")
    code, _, err = check(capsys, "news")
    assert code == 2
    assert err == (
        f"factlint: error: config {config}:1: baseline: expected the path of a baseline file\n"
    )


def test_the_config_key_stays_inside_the_configs_folder(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (desk / ".factlint.yaml").write_text("baseline: ../baseline.json\n", "utf-8")
    code, _, err = check(capsys, "news")
    assert code == 2
    assert "the path is outside the config's folder" in err


# --- with the other options ----------------------------------------------------------------


def test_with_fix_safe_fixes_still_apply_and_their_entries_go_stale(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_baseline(capsys)
    code, out, err = check(capsys, "--fix", "--baseline", "baseline.json", "news")
    assert "the the" not in (desk / "news" / "budget.txt").read_text(encoding="utf-8")
    assert out.splitlines() == [
        "Found 0 errors, 0 warnings, 0 infos in 2 files checked; 1 finding left out by the "
        "baseline.",
        "Fixed 2 issues (0 remaining).",
    ]
    assert err == stale(2)
    assert code == 0


def test_with_changed_since_the_baseline_matches_the_whole_file(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git = ["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org"]
    git += ["-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=desk, check=True)
    subprocess.run([*git, "add", "news"], cwd=desk, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], cwd=desk, check=True)
    write_baseline(capsys)
    edit_paragraph_5(desk / "news" / "budget.txt")
    budget = desk / "news" / "budget.txt"
    budget.write_text(budget.read_text().replace("fund 3 new", "fund 3 new public"), "utf-8")
    code, found, err = findings(
        capsys, "--changed-since", "HEAD", "--baseline", "baseline.json", "news"
    )
    # line 10 changed: its ST101 is new (its line's text changed); line 8's is not reported
    assert found["found"] == {"news/budget.txt": [("GR001", 5), ("ST101", 10)]}
    assert found["summary"]["baselined"] == 0  # the old GR001 lies on no changed line
    # the old ST101 entry no longer matches (its line changed); the GR001 one still does
    assert err == stale(1)
    assert code == 1


@pytest.mark.slow
def test_with_jobs_and_the_result_cache_the_report_is_the_same(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for number in range(18):  # more than are checked in the factlint process itself
        (desk / "news" / f"story{number:02}.txt").write_text(HARBOUR, "utf-8")
    (desk / ".factlint.yaml").write_text("baseline: baseline.json\n", "utf-8")
    write_baseline(capsys, "baseline.json", "news", "--no-cache", "--jobs", "1")  # the pool: below
    edit_paragraph_5(desk / "news" / "budget.txt")
    runs = [
        findings(capsys, "--no-cache", "--jobs", "1", "news"),
        findings(capsys, "--jobs", "3", "news"),  # fills the cache, in workers
        findings(capsys, "--jobs", "3", "news"),  # from the cache, in workers
        findings(capsys, "--jobs", "1", "news"),  # from the cache, here
    ]
    assert all(result == runs[0] for result in runs)
    code, found, err = runs[0]
    assert found["found"]["news/budget.txt"] == [("GR001", 5)]
    assert sum(map(len, found["found"].values())) == 1
    assert (found["summary"]["baselined"], code, err) == (21, 1, "")


def test_standard_input_is_matched_by_its_stdin_filename(
    desk: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_baseline(capsys)
    import io

    class Stdin:
        buffer = io.BytesIO(BUDGET.encode())

    monkeypatch.setattr(sys, "stdin", Stdin)
    code, found, _ = findings(
        capsys, "--baseline", "baseline.json", "--stdin-filename", "news/budget.txt", "-"
    )
    assert (code, found["found"], found["summary"]["baselined"]) == (
        0,
        {"news/budget.txt": []},
        2,
    )


def test_help_documents_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(capsys, "check", "--help")
    out = " ".join(capsys.readouterr().out.split())
    for option in ("--baseline FILE", "--write-baseline FILE", "--no-baseline"):
        assert option in out
    assert "the config's `baseline`" in out


# --- the pre-commit hook and the GitHub Action ------------------------------------------------


def test_the_pre_commit_hook_takes_the_baseline_as_args(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pre-commit runs the hook's entry, then the user's args, then the staged files."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    write_baseline(capsys)
    entry = shlex.split(hook["entry"])
    assert entry[0] == "factlint"
    args = ["--baseline", "baseline.json", "--grammar", "none"]
    staged = ["news/budget.txt", "news/harbour.txt"]
    code, out, err = run(capsys, *entry[1:], *args, *staged)
    assert (code, err) == (0, "")
    assert out.endswith("; 3 findings left out by the baseline.\n")
    edit_paragraph_5(desk / "news" / "budget.txt")
    assert run(capsys, *entry[1:], *args, *staged)[0] == 1


@pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash"
)
@pytest.mark.slow
def test_the_github_action_takes_a_baseline(
    desk: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    spec = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert spec["inputs"]["baseline"]["default"] == ""
    step = next(s for s in spec["runs"]["steps"] if "github-action.sh" in s.get("run", ""))
    assert step["env"]["FACTLINT_BASELINE"] == "${{ inputs.baseline }}"
    (desk / ".factlint.yaml").write_text("grammar: {backend: none}\n", "utf-8")
    write_baseline(capsys)
    environment = action_environment(tmp_path, paths="news")
    script = ["bash", str(ROOT / "scripts" / "github-action.sh")]
    without = subprocess.run(script, cwd=desk, env=environment, capture_output=True, text=True)
    assert without.returncode == 1
    assert without.stdout.count("::warning ") == 2  # the doubled words
    assert without.stdout.count("::notice ") == 1  # ST101: the ap pack reports at info
    environment["FACTLINT_BASELINE"] = "baseline.json"
    done = subprocess.run(script, cwd=desk, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::warning " not in done.stdout and "::notice " not in done.stdout
    assert "3 findings left out by the baseline" in done.stdout
