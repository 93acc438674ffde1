"""What `factlint check` prints: the text, GitHub and JSON reports, their summaries and
switches, and where the report goes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factlint.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "kishida-peace-treaty.txt"
DOUBLED = ROOT / "fixtures" / "doubled-word.txt"


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No CI or colour settings of the machine running the tests leak into them."""
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--grammar", "none", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


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
    assert out.splitlines()[-1] == "factlint: 3 errors, 5 warnings, 0 infos in 1 file checked"


def test_text_summary_plurals(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    one = article(tmp_path, "The mayor said the the vote was close.", "one.txt")
    two = article(tmp_path, "The the mayor said the the vote was close.", "two.txt")
    _, out, _ = run(capsys, "--select", "GR001", str(one))
    assert out.splitlines()[-1] == "Found 0 errors, 1 warning, 0 infos in 1 file checked."
    _, out, _ = run(capsys, "--select", "GR001", str(one), str(two))
    assert out.splitlines()[-1] == "Found 0 errors, 3 warnings, 0 infos in 2 files checked."


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_a_file_that_cannot_be_checked_is_said_on_stderr_in_every_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, output: str
) -> None:
    missing = tmp_path / "missing.txt"
    code, out, err = run(capsys, "--format", output, str(missing), str(DOUBLED))
    assert code == 1
    assert err.splitlines() == [f"{missing}: error: no such file or directory"]
    assert f"{missing}: error" not in out
    if output == "json":
        assert json.loads(out)["files"][0]["error"] == "no such file or directory"
