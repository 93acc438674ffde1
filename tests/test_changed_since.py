"""``factlint check --changed-since REF``: only what lies on lines changed since a git
revision, in a scratch repository holding the seed article at a base commit."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run

from factlint.engine.changes import FileChanges, parse_diff

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "kishida-peace-treaty.txt"
SEED_CODES = {"HL003", "QT003", "QT002", "QT004", "ST105", "ST102", "ST101", "BY001"}

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org"]
    command += ["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def edit_line(path: Path, number: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[number - 1], f"line {number} has no {old!r}"
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose base commit (tag ``base``) holds the seed as ``seed.txt``;
    the current folder while the test runs."""
    repo = tmp_path / "desk"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copyfile(SEED, repo / "seed.txt")
    git(repo, "add", "seed.txt")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "tag", "base")
    monkeypatch.chdir(repo)
    return repo


def codes_and_lines(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list]:
    code, out, _ = run(capsys, "check", "--grammar", "none", "--format", "json", *args)
    document = json.loads(out)
    found = [(d["code"], d["line"]) for f in document["files"] for d in f["diagnostics"]]
    return code, found


@pytest.mark.slow
def test_a_doubled_word_added_to_paragraph_3_is_all_that_is_reported(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # paragraph 3 of the file (the headline is the first): line 5, which has no finding yet
    edit_line(repo / "seed.txt", 5, "suspended peace", "suspended suspended peace")
    git(repo, "commit", "-q", "-am", "head: a doubled word")
    _, everything = codes_and_lines(capsys, "seed.txt")
    assert {code for code, _ in everything} >= SEED_CODES | {"GR001"}
    status, changed = codes_and_lines(capsys, "--changed-since", "base", "seed.txt")
    assert changed == [("GR001", 5)]
    assert status == 1


def test_editing_the_bio_line_alone_brings_byline_bio_mismatch(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_line(repo / "seed.txt", 36, "freelance writer", "freelance journalist")
    _, changed = codes_and_lines(capsys, "--changed-since", "base", "seed.txt")
    assert changed == [("BY001", 36)]


def test_editing_the_byline_alone_brings_the_mismatch_through_its_related_place(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_line(repo / "seed.txt", 33, "Aldograph Redley", "Aldograph  Redley")
    _, changed = codes_and_lines(capsys, "--changed-since", "base", "seed.txt")
    assert ("BY001", 36) in changed
    assert {code for code, _ in changed} <= {"BY001"}


def test_a_defect_on_a_changed_line_is_reported_even_if_it_is_old(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_line(repo / "seed.txt", 7, "bilateral relations", "relations between the two")
    _, changed = codes_and_lines(capsys, "--changed-since", "base", "seed.txt")
    assert changed == [("QT003", 7)]


def test_nothing_changed_reports_nothing_and_exits_0(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "check", "--grammar", "none", "--changed-since", "base", ".")
    assert code == 0 and "0 files checked" in out and err == ""


def test_a_file_new_since_the_revision_counts_whole(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copyfile(SEED, repo / "committed.txt")
    git(repo, "add", "committed.txt")
    git(repo, "commit", "-q", "-m", "a second article")
    shutil.copyfile(SEED, repo / "untracked.txt")
    _, out, _ = run(capsys, "check", "--grammar", "none", "--format", "json")
    whole = {f["path"]: f for f in json.loads(out)["files"]}
    _, out, _ = run(
        capsys, "check", "--grammar", "none", "--format", "json", "--changed-since", "base", "."
    )
    files = {f["path"]: f for f in json.loads(out)["files"]}
    assert sorted(files) == ["committed.txt", "untracked.txt"]  # seed.txt did not change
    for name in files:
        assert files[name]["diagnostics"] == whole[name]["diagnostics"]
        assert {d["code"] for d in files[name]["diagnostics"]} >= SEED_CODES


def test_the_result_cache_is_filtered_after_it_is_read(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cache = ("--cache-dir", str(tmp_path / "cache"))
    edit_line(repo / "seed.txt", 5, "suspended peace", "suspended suspended peace")
    _, first = codes_and_lines(capsys, *cache, "seed.txt")
    _, changed = codes_and_lines(capsys, *cache, "--changed-since", "base", "seed.txt")
    _, again = codes_and_lines(capsys, *cache, "seed.txt")
    assert changed == [("GR001", 5)]
    assert again == first and len(first) > 1


def test_github_annotations_of_changed_lines_only(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_line(repo / "seed.txt", 5, "suspended peace", "suspended suspended peace")
    _, out, _ = run(
        capsys, "check", "--grammar", "none", "--format", "github", "--changed-since", "base"
    )
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert len(annotations) == 1
    assert annotations[0].startswith("::warning file=seed.txt,line=5,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--changed-since", "no-such-ref", "seed.txt"), "unknown git revision 'no-such-ref'"),
        (("--changed-since=--cached", "seed.txt"), "is not a git revision"),
        (("--changed-since", "base", "--fix", "seed.txt"), "cannot be used with --fix"),
        (("--changed-since", "base", "--diff", "seed.txt"), "cannot be used with --fix"),
        (("--changed-since", "base", "-"), "not standard input"),
    ],
    ids=["unknown-ref", "option-as-ref", "fix", "diff", "stdin"],
)
def test_uses_it_cannot_serve_are_a_clear_error_exit_2(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    message: str,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SEED.read_bytes())))
    before = (repo / "seed.txt").read_bytes()
    code, out, err = run(capsys, "check", "--grammar", "none", *args)
    assert code == 2 and out == ""
    assert err.startswith("factlint: error: --changed-since") and message in err
    assert len(err.splitlines()) == 1
    assert (repo / "seed.txt").read_bytes() == before  # --fix refused: nothing written


def test_outside_a_git_work_tree_is_a_clear_error_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copyfile(SEED, alone / "seed.txt")
    monkeypatch.chdir(alone)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no repository above
    code, _, err = run(capsys, "check", "--changed-since", "HEAD", "seed.txt")
    assert code == 2
    assert err == f"factlint: error: --changed-since: {alone} is not inside a git work tree\n"


def test_a_file_outside_the_work_tree_is_an_error_for_that_file(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    shutil.copyfile(SEED, outside)
    edit_line(repo / "seed.txt", 5, "suspended peace", "suspended suspended peace")
    code, out, err = run(
        capsys, "check", "--grammar", "none", "--changed-since", "base", str(outside), "seed.txt"
    )
    assert code == 1
    assert err.startswith(f"{outside}: error: not in the git work tree")
    assert "seed.txt:5:" in out


def test_odd_file_names_are_matched_to_their_changes(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = "a,b:c%d é.txt"
    shutil.copyfile(SEED, repo / odd)
    git(repo, "add", odd)
    git(repo, "commit", "-q", "-m", "odd name")
    git(repo, "tag", "odd")
    edit_line(repo / odd, 5, "suspended peace", "suspended suspended peace")
    _, changed = codes_and_lines(capsys, "--changed-since", "odd", odd)
    assert changed == [("GR001", 5)]


def test_parse_diff_reads_git_output_added_modified_renamed_removed(repo: Path) -> None:
    (repo / "other.txt").write_text("one\ntwo\nthree\n", encoding="utf-8")
    (repo / "gone.txt").write_text("bye\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "more")
    (repo / "other.txt").write_text("one\n2\nthree\nfour\n", encoding="utf-8")
    (repo / "gone.txt").unlink()
    git(repo, "mv", "seed.txt", "moved.txt")
    edit_line(repo / "moved.txt", 3, "Japan’s", "Japan's")
    (repo / "new.md").write_text("# New\n", encoding="utf-8")
    git(repo, "add", "-A")
    diff = git(repo, "diff", "--unified=0", "--find-renames", "HEAD", "--")
    assert parse_diff(diff + "\n") == {
        "other.txt": FileChanges(lines=frozenset({2, 4})),
        "moved.txt": FileChanges(lines=frozenset({3})),
        "new.md": FileChanges(whole=True),
    }


@pytest.mark.slow
def test_a_check_without_it_loads_neither_unidiff_nor_the_ci_formats() -> None:
    code = (
        "import sys; from factlint.cli.main import main;"
        f"main(['check', '--grammar', 'none', '--format', 'json', {str(SEED)!r}]);"
        "print(sorted(m for m in sys.modules if m.startswith(('unidiff', 'jsonschema', "
        "'factlint.engine.changes', 'factlint.output.sarif'))), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_from_a_subfolder_of_the_work_tree(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "desk").mkdir()
    git(repo, "mv", "seed.txt", "desk/seed.txt")
    git(repo, "commit", "-q", "-m", "moved")
    edit_line(repo / "desk" / "seed.txt", 5, "suspended peace", "suspended suspended peace")
    monkeypatch.chdir(repo / "desk")
    _, changed = codes_and_lines(capsys, "--changed-since", "HEAD", "seed.txt")
    assert changed == [("GR001", 5)]
