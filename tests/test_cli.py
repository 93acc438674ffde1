"""The command line as a user runs it: formats, exit status, and bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run

from factlint.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "kishida-peace-treaty.txt"
CLEAN = ROOT / "fixtures" / "quotes-balanced.txt"


def test_seed_prints_diagnostics_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(SEED))
    assert code == 1
    assert f"{SEED}:36:1: error BY001 " in out
    assert "Aldograph Redley" in out and "Aldgra Fredly" in out
    assert out.rstrip().splitlines()[-1].startswith("Found 3 errors, 1 warning, 4 infos")


def test_clean_article_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--grammar", "none", str(CLEAN))
    assert code == 0
    assert out.startswith("Found 0 errors, 0 warnings, 0 infos in 1 file checked")


def test_exit_zero_and_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", "--exit-zero", str(SEED))[0] == 0
    doubled = ROOT / "fixtures" / "doubled-word.txt"  # warnings only
    assert run(capsys, "check", str(doubled))[0] == 1
    assert run(capsys, "check", "--fail-on", "error", str(doubled))[0] == 0


def test_json_document_version_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", "--select", "BY", str(SEED))
    assert code == 1
    document = json.loads(out)
    assert document["version"] == 1
    assert document["summary"] == {
        "files": 1,
        "errors": 1,
        "warnings": 0,
        "infos": 0,
        "file_errors": 0,
    }
    (file,) = document["files"]
    assert file["path"] == str(SEED) and file["error"] is None
    (diagnostic,) = file["diagnostics"]
    assert set(diagnostic) == {
        "code",
        "name",
        "severity",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
        "offset",
        "length",
        "fix",
        "related",
    }
    assert (diagnostic["code"], diagnostic["name"], diagnostic["severity"]) == (
        "BY001",
        "byline-bio-mismatch",
        "error",
    )
    assert (
        diagnostic["line"],
        diagnostic["column"],
        diagnostic["end_line"],
        diagnostic["end_column"],
    ) == (36, 1, 36, 14)
    assert diagnostic["length"] == len("Aldgra Fredly")
    text = SEED.read_text(encoding="utf-8")
    assert (
        text[diagnostic["offset"] : diagnostic["offset"] + diagnostic["length"]] == "Aldgra Fredly"
    )
    assert diagnostic["related"] == [
        {"line": 33, "column": 1, "message": 'byline: "Aldograph Redley"'}
    ]


def test_json_fix_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys, "check", "--format", "json", str(ROOT / "fixtures" / "doubled-word.txt")
    )
    fix = json.loads(out)["files"][0]["diagnostics"][0]["fix"]
    assert fix == {"replacement": "", "offset": fix["offset"], "length": 4, "safe": True}


def test_github_format_and_auto_detection(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, out, _ = run(capsys, "check", "--format", "github", "--select", "BY", str(SEED))
    first = out.splitlines()[0]
    assert first.startswith(
        f"::error file={SEED},line=36,col=1,endLine=36,endColumn=14,title=BY001::"
    )
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, auto, _ = run(capsys, "check", "--select", "BY", str(SEED))
    assert auto.splitlines()[0] == first


def test_github_escapes_properties_and_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    odd = tmp_path / "a,b:c.txt"
    odd.write_text("Headline\n\nThe the mayor said so.\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", "--format", "github", str(odd))
    assert "a%2Cb%3Ac.txt" in out.splitlines()[0]


def test_select_and_ignore_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", "--select", "GR", str(SEED))[0] == 0
    assert run(capsys, "check", "--ignore", "BY001,NM,QT,HL,ST", str(SEED))[0] == 0
    code, _, err = run(capsys, "check", "--select", "XY123", str(SEED))
    assert code == 2 and "unknown rule code 'XY123'" in err


def test_stdin_with_a_filename(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = SEED.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(capsys, "check", "-", "--stdin-filename", "story.txt")
    assert code == 1 and "\nstory.txt:36:1: error BY001 " in out


def test_directories_recurse_and_skip_hidden_folders(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "a" / "one.md").write_text("# T\n\nFine.\n", encoding="utf-8")
    (tmp_path / "two.markdown").write_text("# T\n\nFine.\n", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("\x00", encoding="utf-8")
    (tmp_path / "notes.rst").write_text("not an article", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", str(tmp_path))
    assert code == 0
    assert sorted(Path(f["path"]).name for f in json.loads(out)["files"]) == [
        "one.md",
        "two.markdown",
    ]


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    assert any(line.startswith("BY001  byline-bio-mismatch") for line in out.splitlines())
    code, out, _ = run(capsys, "rules", "--format", "json")
    assert {r["code"] for r in json.loads(out)["rules"]} >= {"BY001", "GR001", "QT001"}
    code, out, _ = run(capsys, "explain", "qt001")
    assert (
        code == 0
        and out.startswith("QT001 unbalanced-quotes (default severity: info)")
        and "Bad:" in out
    )
    code, out, _ = run(capsys, "explain", "doubled-word")
    assert code == 0 and "GR001.allowed" in out
    code, _, err = run(capsys, "explain", "ZZ999")
    assert code == 2 and "unknown rule 'ZZ999'" in err


@pytest.mark.slow
def test_module_entry_point_runs_as_a_user_would() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "factlint", "check", "--grammar", "none", str(SEED)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 1
    assert "BY001" in completed.stdout


# --- bad input ---------------------------------------------------------------------


def _bad(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        (
            "latin1.txt",
            "Headline\n\nCaf\u00e9 owner says no.\n".encode("latin-1"),
            "invalid UTF-8 at line 3",
        ),
        ("utf16.txt", "Headline".encode("utf-16"), "UTF-16"),
        ("front.md", b"---\ntitle: [oops\n---\nBody.\n", "malformed front matter: line 2"),
    ],
)
def test_bad_file_is_one_line_naming_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = _bad(tmp_path, name, data)
    code, _, err = run(capsys, "check", str(path))
    assert code == 2
    assert err.strip().splitlines() == [err.strip()]
    assert err.startswith(f"{path}: error: ") and message in err


def test_missing_path_and_empty_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / "nope.txt"))
    assert code == 2 and err == f"{tmp_path / 'nope.txt'}: error: no such file or directory\n"
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "check", str(tmp_path / "empty"))
    assert code == 2 and "no articles (*.txt, *.md, *.markdown) in this folder" in err


def test_huge_file_is_refused_in_bounded_memory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # a sparse 20 MB file: nothing is read to refuse it
        handle.truncate(20 * 1024 * 1024)
    code, _, err = run(capsys, "check", str(huge))
    assert code == 2 and "file too large (20.0 MB): factlint checks articles up to 5 MB" in err


def test_huge_stdin_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a" * (6 * 1024 * 1024))))
    code, _, err = run(capsys, "check", "-")
    assert code == 2 and "file too large" in err


def test_other_files_are_still_checked_and_json_carries_the_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = _bad(tmp_path, "bad.txt", b"\xff\xfe\xfa broken")
    code, out, _ = run(capsys, "check", "--format", "json", str(bad), str(SEED))
    assert code == 1
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert (
        files["bad.txt"]["error"].startswith("invalid UTF-8")
        or "UTF-16" in files["bad.txt"]["error"]
    )
    assert files["bad.txt"]["diagnostics"] == []
    assert files[SEED.name]["error"] is None and files[SEED.name]["diagnostics"]
    assert json.loads(out)["summary"]["file_errors"] == 1


def test_a_malformed_discovered_config_is_one_error_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / ".factlint.yaml").write_text("select: [QT\n", encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (broken / name).write_text("Headline\n\nText.\n", encoding="utf-8")
    code, out, err = run(capsys, "check", str(broken), str(CLEAN))
    assert code == 2
    assert err.splitlines() == [
        f"factlint: error: config {broken / '.factlint.yaml'}:2: invalid YAML: "
        "expected ',' or ']', but got '<stream end>'"
    ]
    assert "in 1 file checked." in out  # the files the config governs are not counted


def test_malformed_explicit_config_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "desk.yaml"
    config.write_text("colour: red\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--config", str(config), str(SEED))
    assert code == 2
    assert err.startswith(f"factlint: error: config {config}:1: unknown key (known keys: ")
    assert len(err.splitlines()) == 1


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--format", "xml", str(SEED)])
    assert exit_info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_quote_sheet_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "quotes", str(SEED))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{SEED}: 9 quotes"
    assert "  21:42  Hirokazu Matsuno (said, before)  “We will continue" in out
    assert "  9:1  NO SPEAKER  “All responsibility" in out
    code, out, _ = run(capsys, "quotes", "--format", "json", str(SEED))
    document = json.loads(out)
    assert document["version"] == 1
    quotes = document["files"][0]["quotes"]
    matsuno = next(q for q in quotes if q["line"] == 21)
    assert matsuno["speaker"] == "Hirokazu Matsuno"
    assert (matsuno["cue"], matsuno["how"]) == ("said", "before")
    assert matsuno["speaker_as_written"] == "Mr. Matsuno"
    assert (matsuno["speaker_line"], matsuno["speaker_column"]) == (21, 24)
    assert matsuno["text"].startswith("We will continue to take decisive action")


def test_quote_sheet_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "quotes", str(tmp_path / "missing.txt"))
    assert code == 2 and "missing.txt: error: no such file or directory" in err
    code, out, _ = run(
        capsys, "quotes", "--format", "json", str(tmp_path / "missing.txt"), str(SEED)
    )
    files = json.loads(out)["files"]
    assert code == 1 and files[0]["error"] and files[1]["quotes"]


def test_an_empty_select_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "--select", "", str(SEED))
    assert code == 2 and out == ""
    assert err == "factlint: error: --select: no rule codes given (to run every rule, name ALL)\n"


def test_select_and_ignore_take_rule_names_as_explain_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def codes(*options: str) -> list[str]:
        _, out, _ = run(capsys, "check", "--format", "json", *options, str(SEED))
        return [d["code"] for d in json.loads(out)["files"][0]["diagnostics"]]

    assert codes("--select", "broken-attribution,QT004") == ["QT003", "QT004"]
    on = ("--select", "ALL,NM003")  # NM003 is off by default
    assert codes(*on, "--ignore", "courtesy-title") == codes(*on, "--ignore", "NM003")
    assert "NM003" in codes(*on) and "NM003" not in codes(*on, "--ignore", "courtesy-title")
    assert "NM003" in codes("--select", "ALL,courtesy-title") and "NM003" not in codes()
    code, _, err = run(capsys, "check", "--select", "unbalanced-quote", str(SEED))
    assert code == 2 and "unknown rule name 'unbalanced-quote'" in err


@pytest.mark.parametrize("where", ["missing", "empty"])
def test_packs_test_of_a_path_with_no_packs_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, where: str
) -> None:
    path = tmp_path / where
    if where == "empty":
        path.mkdir()
    code, out, err = run(capsys, "packs", "--test", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"factlint: error: pack folder {path}: ")
