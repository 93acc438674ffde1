"""What `factlint check` prints: the text, GitHub and JSON reports, their summaries and
switches, and where the report goes."""

from __future__ import annotations

import gc
import json
import re
import sys
from pathlib import Path

import pytest
from helpers import run as run_cli
from rich.cells import cell_len

from factlint.cli.main import main
from factlint.output.text import place

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "kishida-peace-treaty.txt"
DOUBLED = ROOT / "fixtures" / "doubled-word.txt"


@pytest.fixture(autouse=True)
def _not_on_github(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text by default, as on a desk (colour settings: conftest.py)."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def missing(tmp_path: Path) -> Path:
    """A file that is not there."""
    return tmp_path / "missing.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, "check", "--grammar", "none", *args)


def article(tmp_path: Path, body: str, name: str = "a.txt") -> Path:
    path = tmp_path / name
    path.write_text(f"Headline\n\n{body}\n", encoding="utf-8")
    return path


def test_github_summary_counts_only_checked_files_with_plurals(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    unreadable = tmp_path / "bad.txt"
    unreadable.write_bytes(b"\x00\x01binary")
    doubled = article(tmp_path, "The mayor said the the vote was close.")
    _, out, err = run(capsys, "--format", "github", str(unreadable), str(doubled))
    assert out.splitlines()[-1] == (
        "factlint: 0 errors, 1 warning, 0 infos in 1 file checked; 1 file could not be checked"
    )
    assert len(err.splitlines()) == 1 and err.startswith(f"{unreadable}: error: ")
    _, out, _ = run(capsys, "--format", "github", str(SEED))
    assert out.splitlines()[-1] == "factlint: 3 errors, 1 warning, 4 infos in 1 file checked"


def test_text_summary_plurals(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    one = article(tmp_path, "The mayor said the the vote was close.", "one.txt")
    two = article(tmp_path, "The the mayor said the the vote was close.", "two.txt")
    _, out, _ = run(capsys, "--select", "GR001", str(one))
    assert out.splitlines()[-1] == "Found 0 errors, 1 warning, 0 infos in 1 file checked."
    _, out, _ = run(capsys, "--select", "GR001", str(one), str(two))
    assert out.splitlines()[-1] == "Found 0 errors, 3 warnings, 0 infos in 2 files checked."
    (tmp_path / ".factlint.yaml").write_text("severity: {GR001: info}\n", "utf-8")
    _, out, _ = run(capsys, "--select", "GR001", str(one))
    assert out.splitlines()[-1] == "Found 0 errors, 0 warnings, 1 info in 1 file checked."
    _, out, _ = run(capsys, "--select", "GR001", "--format", "github", str(one), str(two))
    assert out.splitlines()[-1] == "factlint: 0 errors, 0 warnings, 3 infos in 2 files checked"


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_a_file_that_cannot_be_checked_is_said_on_stderr_in_every_format(
    capsys: pytest.CaptureFixture[str], missing: Path, output: str
) -> None:
    code, out, err = run(capsys, "--format", output, str(missing), str(DOUBLED))
    assert code == 1
    assert err.splitlines() == [f"{missing}: error: no such file or directory"]
    assert f"{missing}: error" not in out
    if output == "json":
        assert json.loads(out)["files"][0]["error"] == "no such file or directory"


@pytest.mark.parametrize("severity", ["error", "warning", "info"])
def test_plain_text_shows_the_severity(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, severity: str
) -> None:
    (tmp_path / ".factlint.yaml").write_text(f"severity: {{GR001: {severity}}}\n", "utf-8")
    path = article(tmp_path, "The mayor said the the vote was close.")
    _, out, _ = run(capsys, "--select", "GR001", "--color", "never", str(path))
    assert out.splitlines()[0] == f'{path}:3:20: {severity} GR001 "the" repeats the word before it'


def pretend_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard output (pytest's capture) says it is a terminal, as a user's would."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("TERM", "xterm-256color")


def test_color_never_drops_colour_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pretend_terminal(monkeypatch)
    path = article(tmp_path, "The mayor said the the vote was close.")
    _, out, _ = run(capsys, "--select", "GR001", "--color", "never", str(path))
    assert "\033[" not in out
    assert out.splitlines()[1:3] == [
        "    3 | The mayor said the the vote was close.",
        "      |                    ^^^",
    ]
    _, out, _ = run(capsys, "--select", "GR001", str(path))
    assert "\033[1;33mwarning\033[0m" in out and "The mayor said" in out  # auto: colour too


def test_no_color_drops_colour_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pretend_terminal(monkeypatch)
    monkeypatch.setenv("NO_COLOR", "1")
    path = article(tmp_path, "The mayor said the the vote was close.")
    _, out, _ = run(capsys, "--select", "GR001", str(path))
    plain = re.sub(r"\033\[[0-9;]*m", "", out)
    assert not re.search(r"\033\[[0-9;]*3[0-9]m", out)  # bold stays, no colour
    assert plain.splitlines()[1:3] == [
        "    3 | The mayor said the the vote was close.",
        "      |                    ^^^",
    ]
    _, out, _ = run(capsys, "--select", "GR001", "--color", "always", str(path))
    assert "\033[1;33mwarning" in out  # --color always wins over NO_COLOR


def test_context_is_its_own_switch(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = article(tmp_path, "The mayor said the the vote was close.")
    _, out, _ = run(capsys, "--select", "GR001", str(path))
    assert len(out.splitlines()) == 2  # not a terminal: the finding and the summary
    _, out, _ = run(capsys, "--select", "GR001", "--context", str(path))
    assert out.splitlines()[1] == "    3 | The mayor said the the vote was close."
    assert "\033[" not in out
    pretend_terminal(monkeypatch)
    _, out, _ = run(capsys, "--select", "GR001", "--no-context", "--no-show-fixes", str(path))
    assert len(out.splitlines()) == 2


def test_the_marker_is_under_its_span_after_tabs_and_wide_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = article(tmp_path, "\t東京\tsaid 👍 the the vote.")
    _, out, _ = run(capsys, "--select", "GR001", "--context", str(path))
    # the tab fills 4 cells, 東京 takes 4, the next tab 4, "said " 5, 👍 2, " the " 5
    assert out.splitlines()[1:3] == [
        "    3 |     東京    said 👍 the the vote.",
        "      | " + " " * 24 + "^^^",
    ]


def test_a_long_line_on_a_terminal_is_cut_around_the_span() -> None:
    line = "x" * 150 + " the the " + "日本" * 60
    shown, lead, under = place(line, 155, 158, 60)
    assert cell_len(shown) <= 60 and shown.startswith("…") and shown.endswith("…")
    assert shown[lead : lead + under] == "the"  # the ASCII before the span: cells are characters


def test_show_fixes_shows_each_fix_and_related_place(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ROOT / "fixtures" / "names-variants.txt"
    _, out, _ = run(capsys, "--select", "NM001,BY001", "--show-fixes", str(names), str(SEED))
    assert out.splitlines()[:3] == [
        f'{names}:7:24: error NM001 "Halvorson" is spelled "Halvorsen" elsewhere in the article'
        " (4 times)",
        '  fix: replace "Halvorson" with "Halvorsen" (unsafe)',
        f'  related: {names}:3:27: "Halvorsen" here',
    ]
    assert f'  related: {SEED}:33:1: byline: "Aldograph Redley"' in out.splitlines()
    _, out, _ = run(capsys, "--select", "GR001", "--show-fixes", str(DOUBLED))
    assert out.splitlines()[1] == '  fix: delete " the" (safe)'
    _, out, _ = run(capsys, "--select", "NM001", str(names))
    assert "fix:" not in out and "related:" not in out  # not a terminal: off by default
    pretend_terminal(monkeypatch)
    _, out, _ = run(capsys, "--select", "NM001", "--color", "never", str(names))
    assert "  fix: " in out and "  related: " in out  # a terminal: on by default
    _, out, _ = run(capsys, "--select", "NM001", "--no-show-fixes", str(names))
    assert "fix:" not in out and "related:" not in out


SUMMARY = {"text": "Found {}.", "github": "factlint: {}"}


@pytest.mark.parametrize("output", ["text", "github"])
def test_statistics_count_each_code_most_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, output: str
) -> None:
    path = article(tmp_path, 'The the mayor said the the vote was "close.')
    _, out, _ = run(capsys, "--format", output, "--statistics", "--select", "GR001,QT", str(path))
    assert out.splitlines()[-3:] == [
        "2  GR001  doubled-word",
        "1  QT001  unbalanced-quotes",
        SUMMARY[output].format("0 errors, 2 warnings, 1 info in 1 file checked"),
    ]
    code, _, err = run(capsys, "--format", "json", "--statistics", str(path))
    assert code == 2 and err.startswith("factlint: error: --statistics is for text and github")


def test_quiet_prints_only_the_findings(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pretend_terminal(monkeypatch)
    path = article(tmp_path, "The mayor said the the vote was close.")
    finding = f'{path}:3:20: warning GR001 "the" repeats the word before it'
    _, out, _ = run(capsys, "--select", "GR001", "--color", "never", "--quiet", str(path))
    assert out.splitlines() == [finding]
    _, out, _ = run(capsys, "--select", "GR001", "--color", "never", "-q", "--context", str(path))
    assert out.splitlines()[0] == finding and out.splitlines()[2].endswith("^^^")
    assert len(out.splitlines()) == 3  # asked-for context, still no fix and no summary
    _, out, _ = run(capsys, "--format", "github", "-q", "--select", "GR001", str(path))
    assert len(out.splitlines()) == 1 and out.startswith("::warning ")
    code, out, _ = run(capsys, "-q", "--select", "QT", str(path))
    assert code == 0 and out == ""


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_output_file_holds_the_report_and_errors_stay_on_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, missing: Path, output: str
) -> None:
    _, printed, _ = run(capsys, "--format", output, str(DOUBLED), str(missing))
    report = tmp_path / "report.out"
    report.write_text("an older report\n", encoding="utf-8")
    code, out, err = run(
        capsys, "--format", output, "--output-file", str(report), str(DOUBLED), str(missing)
    )
    assert code == 1 and out == ""
    assert err == f"{missing}: error: no such file or directory\n"
    assert report.read_text(encoding="utf-8") == printed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.out"]  # no temporary file


@pytest.mark.slow
def test_output_file_is_left_as_it_was_when_the_run_stops(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from factlint.cli import check

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(check, "check_file_cached", interrupted)
    report = tmp_path / "report.txt"
    report.write_text("an older report\n", encoding="utf-8")
    assert main(["check", "-o", str(report), str(DOUBLED)]) == 130
    gc.collect()
    assert report.read_text(encoding="utf-8") == "an older report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_output_file_that_cannot_be_written_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "-o", str(tmp_path / "no" / "report.txt"), str(DOUBLED))
    assert code == 2 and out == ""
    assert err.startswith(f"factlint: error: --output-file {tmp_path / 'no' / 'report.txt'}: ")
    code, _, err = run(capsys, "-o", str(tmp_path), str(DOUBLED))
    assert code == 2 and "cannot write it" in err
