"""The reports for CI systems: SARIF 2.1.0 (valid against the OASIS schema, fingerprints
that survive edits elsewhere), reviewdog's rdjson, GitLab's Code Quality report, and the
GitHub format's order and step summary."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from helpers import run
from jsonschema import Draft4Validator

from factlint.core.diagnostics import Diagnostic, Fix, Position, Related, Severity
from factlint.core.results import FileResult
from factlint.output.github import GithubReporter
from factlint.output.gitlab import GitlabReporter
from factlint.output.rdjson import RdjsonReporter
from factlint.output.reporters import Summary
from factlint.output.sarif import SarifReporter
from factlint.output.step_summary import SummaryRow, markdown_summary
from factlint.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "kishida-peace-treaty.txt"
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
ODD_NAME = "desk,2:50%off.txt"


def check(capsys: pytest.CaptureFixture[str], output: str, *args: str) -> tuple[int, object]:
    code, out, _ = run(capsys, "check", "--grammar", "none", "--format", output, *args)
    return code, json.loads(out)


def sarif_results(log: dict) -> list[dict]:
    return log["runs"][0]["results"]


# --- SARIF ------------------------------------------------------------------------------


def test_sarif_of_the_fixtures_is_valid_against_the_oasis_schema(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, log = check(capsys, "sarif", "--jobs", "1", "fixtures/")  # no pool to start
    assert code == 1
    Draft4Validator.check_schema(SCHEMA)
    errors = sorted(Draft4Validator(SCHEMA).iter_errors(log), key=str)
    assert not errors, errors[0].message
    assert isinstance(log, dict) and log["version"] == "2.1.0" and len(log["runs"]) == 1
    run_ = log["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    driver = run_["tool"]["driver"]
    assert driver["name"] == "factlint" and driver["version"]
    # factlint has no public web page yet: no URI that leads nowhere (the schema needs none)
    assert "informationUri" not in driver
    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert set(ids) >= {rule.code for rule in all_rules()} | {"ST101", "ST102"}
    assert len(ids) == len(set(ids))
    for result in sarif_results(log):
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert uri["uriBaseId"] == "SRCROOT" and uri["uri"].startswith("fixtures/")
        assert (ROOT / uri["uri"]).is_file()
    assert run_["originalUriBaseIds"]["SRCROOT"]["uri"] == ROOT.as_uri() + "/"


def test_sarif_rules_carry_their_documentation(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, log = check(capsys, "sarif", str(SEED))
    assert isinstance(log, dict)
    by_id = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    by001 = by_id["BY001"]
    assert by001["name"] == "byline-bio-mismatch"
    assert by001["shortDescription"]["text"].startswith("One author, two spellings")
    assert "Bad" not in by001["fullDescription"]["text"]  # the explanation, not the examples
    assert "Bad" in by001["help"]["text"]  # the whole documentation, examples included
    assert by001["defaultConfiguration"] == {"level": "error", "enabled": True}
    assert by_id["FL003"]["defaultConfiguration"]["enabled"] is False
    assert by_id["GR101"]["defaultConfiguration"]["level"] == "note"


def test_sarif_results_have_levels_regions_related_places_and_fixes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "story.txt"
    text = SEED.read_text(encoding="utf-8").replace("suspended peace", "suspended suspended peace")
    path.write_text(text, encoding="utf-8")
    _, log = check(capsys, "sarif", str(path))
    assert isinstance(log, dict)
    results = {r["ruleId"]: r for r in sarif_results(log)}
    by001 = results["BY001"]
    assert by001["level"] == "error"
    region = by001["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 36, "startColumn": 1, "endLine": 36, "endColumn": 14}
    [related] = by001["relatedLocations"]
    assert related["physicalLocation"]["region"]["startLine"] == 33
    assert "Aldograph Redley" in related["message"]["text"]
    assert results["HL003"]["level"] == "warning"
    assert results["ST102"]["level"] == "note"  # the ap pack reports at info
    assert results["ST105"]["level"] == "note"
    gr001 = results["GR001"]
    [fix] = gr001["fixes"]
    [change] = fix["artifactChanges"]
    [replacement] = change["replacements"]
    deleted = replacement["deletedRegion"]
    line = text.split("\n")[deleted["startLine"] - 1]
    fixed = (
        line[: deleted["startColumn"] - 1]
        + replacement["insertedContent"]["text"]
        + line[deleted["endColumn"] - 1 :]
    )
    assert "suspended suspended" not in fixed and "suspended peace" in fixed
    assert fix["description"]["text"].endswith("(safe)")


def test_sarif_fingerprint_survives_a_paragraph_inserted_above(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "story.txt"
    body = "The mayor said the the vote was close.\n\nThe council met on Tuesday.\n"
    path.write_text(f"Council vote\n\n{body}", encoding="utf-8")
    _, before = check(capsys, "sarif", "--select", "GR001", str(path))
    inserted = "A new paragraph opens the story, with nothing wrong in it.\n\n"
    path.write_text(f"Council vote\n\n{inserted}{body}", encoding="utf-8")
    _, after = check(capsys, "sarif", "--select", "GR001", str(path))
    assert isinstance(before, dict) and isinstance(after, dict)
    [old], [new] = sarif_results(before), sarif_results(after)
    assert old["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert new["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    assert old["partialFingerprints"] == new["partialFingerprints"]
    # and the same words twice on one line are two findings, told apart
    path.write_text("Council vote\n\nThe the mayor said the the vote was close.\n", "utf-8")
    _, twice = check(capsys, "sarif", "--select", "GR001", str(path))
    assert isinstance(twice, dict)
    prints = [json.dumps(r["partialFingerprints"]) for r in sarif_results(twice)]
    assert len(prints) == 2 and len(set(prints)) == 2


# --- every format: odd names, messages with line ends -----------------------------------


def odd_result(tmp_path: Path) -> FileResult:
    """A result for a file named with , : and %, one finding whose message has a line end
    and a fix, in an article with characters of several UTF-8 lengths."""
    text = "Héadline “x”\n\nThe the 𐐀 mayor said so.\n"
    offset = text.index("The the")
    diagnostic = Diagnostic(
        code="GR001",
        name="doubled-word",
        severity=Severity.WARNING,
        message="first line\nsecond line, 100% sure: yes\r",
        offset=offset + 4,
        length=3,
        start=Position(3, 5),
        end=Position(3, 8),
        fix=Fix("", offset + 3, 4, safe=True),
        related=[(Position(1, 1), Related(0, 8, "the headline"))],
    )
    return FileResult(str(tmp_path / ODD_NAME), [diagnostic], text=text)


def test_github_escapes_odd_names_and_line_ends(tmp_path: Path) -> None:
    out = io.StringIO()
    reporter = GithubReporter(out, io.StringIO())
    reporter.file(odd_result(tmp_path))
    reporter.finish()
    annotation = out.getvalue().splitlines()[0]
    assert annotation.startswith("::warning file=")
    properties, message = annotation[len("::warning ") :].split("::", 1)
    assert "desk%2C2%3A50%25off.txt" in properties
    assert properties.count(",") == 5 and ":" not in properties
    assert message == (
        "first line%0Asecond line, 100%25 sure: yes%0D (doubled-word)"
    )  # data: %, CR and LF escaped; , and : may stay


@pytest.mark.parametrize("reporter_class", [SarifReporter, RdjsonReporter, GitlabReporter])
def test_json_formats_keep_odd_names_and_line_ends_whole(
    tmp_path: Path, reporter_class: type
) -> None:
    out = io.StringIO()
    reporter = reporter_class(out, io.StringIO())
    reporter.file(odd_result(tmp_path))
    reporter.finish()
    document = json.loads(out.getvalue())
    text = json.dumps(document, ensure_ascii=False)
    assert "first line\\nsecond line, 100% sure: yes\\r" in text
    if reporter_class is SarifReporter:
        assert not list(Draft4Validator(SCHEMA).iter_errors(document))
        result = document["runs"][0]["results"][0]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == (tmp_path / ODD_NAME).as_uri()  # outside the repository: a file URI
        assert uri.endswith("/desk%2C2%3A50%25off.txt")
    else:
        assert str(tmp_path / ODD_NAME) in text


def test_sarif_uris_inside_the_repository_are_percent_encoded(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "desk 1").mkdir()
    odd = tmp_path / "desk 1" / ODD_NAME
    odd.write_text("Headline\n\nThe the mayor said so.\n", encoding="utf-8")
    _, log = check(capsys, "sarif", f"desk 1/{ODD_NAME}")
    assert isinstance(log, dict)
    location = sarif_results(log)[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "desk%201/desk%2C2%3A50%25off.txt", "uriBaseId": "SRCROOT"}
    base = log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"]
    assert Path(unquote(urlparse(urljoin(base, location["uri"])).path)) == odd


# --- reviewdog's rdjson ------------------------------------------------------------------

RDJSON_FIELDS = {"diagnostics", "source", "severity"}
DIAGNOSTIC_FIELDS = {"message", "location", "severity", "source", "code", "suggestions"}


def test_rdjson_counts_columns_in_utf8_bytes_and_turns_fixes_into_suggestions(
    tmp_path: Path,
) -> None:
    out = io.StringIO()
    reporter = RdjsonReporter(out, io.StringIO())
    result = odd_result(tmp_path)
    text = "Héadline “x” 𐐀 the the end.\n"
    start = text.index("the the") + 4
    result.text = text
    result.diagnostics[0].start, result.diagnostics[0].end = Position(1, 20), Position(1, 23)
    result.diagnostics[0].fix = Fix("", start - 1, 4, safe=True)
    reporter.file(result)
    reporter.finish()
    document = json.loads(out.getvalue())
    assert set(document) <= RDJSON_FIELDS
    [diagnostic] = document["diagnostics"]
    assert set(diagnostic) <= DIAGNOSTIC_FIELDS
    assert diagnostic["severity"] == "WARNING" and diagnostic["code"] == {"value": "GR001"}
    prefix = text[: text.index("the the") + 4]
    byte_column = len(prefix.encode()) + 1
    assert diagnostic["location"]["range"]["start"] == {"line": 1, "column": byte_column}
    assert diagnostic["location"]["range"]["end"] == {"line": 1, "column": byte_column + 3}
    [suggestion] = diagnostic["suggestions"]
    assert suggestion["text"] == ""
    assert suggestion["range"]["start"]["column"] == byte_column - 1
    assert suggestion["range"]["end"]["column"] == byte_column + 3
    raw = text.encode()
    start_byte = suggestion["range"]["start"]["column"] - 1
    end_byte = suggestion["range"]["end"]["column"] - 1
    assert (raw[:start_byte] + raw[end_byte:]).decode() == "Héadline “x” 𐐀 the end.\n"


def test_rdjson_of_the_seed(capsys: pytest.CaptureFixture[str]) -> None:
    code, document = check(capsys, "rdjson", str(SEED))
    assert code == 1 and isinstance(document, dict)
    assert document["source"] == {"name": "factlint"}  # no URL that leads nowhere
    codes = {d["code"]["value"] for d in document["diagnostics"]}
    assert {"BY001", "QT003", "ST102"} <= codes
    assert {d["severity"] for d in document["diagnostics"]} <= {"ERROR", "WARNING", "INFO"}
    st102 = next(d for d in document["diagnostics"] if d["code"]["value"] == "ST102")
    assert st102["suggestions"][0]["text"] == "U.S."


# --- GitLab Code Quality ---------------------------------------------------------------


def test_gitlab_code_quality_issues(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    desk = tmp_path / "desk"
    (desk / "stories").mkdir(parents=True)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # outside git: the folder
    shutil.copyfile(SEED, desk / "stories" / "seed.txt")
    monkeypatch.chdir(desk)
    code, issues = check(capsys, "gitlab", "stories")
    assert code == 1 and isinstance(issues, list) and issues
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] == "stories/seed.txt"
        assert issue["location"]["lines"]["begin"] >= 1
    by001 = next(i for i in issues if i["check_name"] == "BY001")
    assert by001["severity"] == "major" and by001["location"]["lines"]["begin"] == 36
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_reports_a_file_that_could_not_be_checked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01")
    _, out, err = run(capsys, "check", "--format", "gitlab", str(binary))
    [issue] = json.loads(out)
    assert issue["check_name"] == "factlint" and issue["severity"] == "critical"
    assert err.startswith(f"{binary}: error: ")


# --- GitHub: most severe first, and the step summary -----------------------------------


def test_github_annotations_go_most_severe_first(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "--grammar", "none", "--format", "github", str(SEED))
    levels = [line.split(" ", 1)[0] for line in out.splitlines() if line.startswith("::")]
    assert levels == sorted(levels, key=["::error", "::warning", "::notice"].index)
    assert levels[0] == "::error" and "::warning" in levels


def test_github_step_summary_under_github_actions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run(capsys, "check", "--grammar", "none", "--format", "github", str(SEED))
    assert summary.read_text(encoding="utf-8") == "earlier step\n"  # not under Actions
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run(capsys, "check", "--grammar", "none", str(SEED))
    markdown = summary.read_text(encoding="utf-8")
    assert markdown.startswith("earlier step\n## factlint\n")
    assert "3 errors, 1 warning, 4 infos in 1 file checked." in markdown
    assert "| error | BY001 | byline-bio-mismatch | 1 |" in markdown
    rows = [line for line in markdown.splitlines() if line.startswith("| error |")]
    assert any(f"{SEED}:36:1" in row for row in rows)
    findings = markdown.split("| severity | where |")[1].splitlines()[2:]
    severities = [row.split("|")[1].strip() for row in findings if row.startswith("|")]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def test_step_summary_is_capped_and_escaped() -> None:
    summary = Summary()
    rows = [
        SummaryRow(Severity.WARNING, "a|b.txt", n, 1, "GR001", f"doubled <b>{n}</b> | x")
        for n in range(1, 6)
    ]
    rows.append(SummaryRow(Severity.ERROR, "c.txt", 0, 0, "", "not UTF-8\nat byte 3"))
    markdown = markdown_summary(summary, rows, max_rows=3)
    table = markdown.split("| severity | where |")[1].splitlines()
    assert table[2].startswith("| error | c.txt | not checked | not UTF-8 at byte 3 |")
    assert "a\\|b.txt:1:1" in table[3] and "&lt;b&gt;1&lt;/b&gt; \\| x" in table[3]
    assert "… and 3 more" in markdown
    assert len([line for line in table if line.startswith("| ") and "---" not in line]) == 3
