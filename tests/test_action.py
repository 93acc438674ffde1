"""The GitHub Action (``action.yml``): its shell steps (``scripts/github-action.sh``) run
on a scratch repository with a base and a head commit, as a pull request would have them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import action_environment
from jsonschema import Draft4Validator

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "github-action.sh"
SEED = ROOT / "fixtures" / "kishida-peace-treaty.txt"
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash"
)


def git(repo: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org"]
    command += ["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Path, str]:
    """A repository whose base commit holds the seed under articles/ (and a README); the
    head commit adds a doubled word to the seed's paragraph 3 and edits the README. The
    base commit's hash, as GitHub gives the pull request's base."""
    repo = tmp_path / "desk"
    (repo / "articles").mkdir(parents=True)
    shutil.copyfile(SEED, repo / "articles" / "seed.txt")
    (repo / "README.md").write_text("# The desk\n\nThe the desk's notes.\n", encoding="utf-8")
    (repo / ".factlint.yaml").write_text("grammar: {backend: none}\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD").strip()
    seed = repo / "articles" / "seed.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("suspended peace", "suspended suspended peace"),
        encoding="utf-8",
    )
    (repo / "README.md").write_text("# The desk\n\nThe the the notes.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "head")
    return repo, base


def action(repo: Path, tmp_path: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    """The action's check step, in ``repo``, under a GitHub Actions-like environment."""
    environment = action_environment(tmp_path, **inputs)
    environment["GITHUB_STEP_SUMMARY"] = str(tmp_path / "summary.md")
    return subprocess.run(
        ["bash", str(SCRIPT)], cwd=repo, env=environment, capture_output=True, text=True
    )


def annotations(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("::")]


@pytest.mark.slow
def test_the_pull_requests_new_problem_alone_is_annotated_and_fails_the_job(
    pull_request: tuple[Path, str], tmp_path: Path
) -> None:
    repo, base = pull_request
    sarif = tmp_path / "factlint.sarif"
    done = action(repo, tmp_path, base=base, paths="articles README.md", sarif_file=str(sarif))
    assert done.returncode == 1, done.stderr
    [annotation] = annotations(done.stdout)
    assert annotation.startswith("::warning file=articles/seed.txt,line=5,")
    assert "title=GR001" in annotation
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    totals = "0 errors, 1 warning, 0 infos in 1 file checked"
    assert f"{totals}, on the lines changed since {base}." in summary
    assert "| warning | GR001 | doubled-word | 1 |" in summary
    assert "articles/seed.txt:5:" in summary
    log = json.loads(sarif.read_text(encoding="utf-8"))
    assert not list(Draft4Validator(SCHEMA).iter_errors(log))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"articles/seed.txt"}  # the README is not an article
    codes = {r["ruleId"] for r in log["runs"][0]["results"]}
    assert {"GR001", "BY001", "QT003"} <= codes  # whole files, for code scanning


@pytest.mark.slow
def test_fail_on_error_lets_a_warning_pass(pull_request: tuple[Path, str], tmp_path: Path) -> None:
    repo, base = pull_request
    done = action(repo, tmp_path, base=base, fail_on="error")
    assert done.returncode == 0, done.stderr
    assert len(annotations(done.stdout)) == 1


@pytest.mark.slow
def test_no_changed_article_passes_with_an_empty_sarif_log(
    pull_request: tuple[Path, str], tmp_path: Path
) -> None:
    repo, _ = pull_request
    head = git(repo, "rev-parse", "HEAD").strip()
    sarif = tmp_path / "empty.sarif"
    done = action(repo, tmp_path, base=head, sarif_file=str(sarif))
    assert done.returncode == 0, done.stderr
    assert "no article changed" in done.stdout and not annotations(done.stdout)
    log = json.loads(sarif.read_text(encoding="utf-8"))
    assert log["runs"][0]["results"] == []
    assert not list(Draft4Validator(SCHEMA).iter_errors(log))
    assert "No article changed" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_an_unknown_base_fails_clearly(pull_request: tuple[Path, str], tmp_path: Path) -> None:
    repo, _ = pull_request
    done = action(repo, tmp_path, base="0" * 40)
    assert done.returncode == 2
    assert "::error title=factlint::cannot fetch the base revision" in done.stdout


@pytest.mark.slow
def test_without_a_base_every_article_is_checked(
    pull_request: tuple[Path, str], tmp_path: Path
) -> None:
    repo, _ = pull_request
    done = action(repo, tmp_path, paths="articles", config=".factlint.yaml")
    assert done.returncode == 1
    assert len(annotations(done.stdout)) > 5


def test_action_yml_runs_the_script_with_every_input() -> None:
    spec = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert spec["runs"]["using"] == "composite"
    inputs = set(spec["inputs"])
    assert {"paths", "config", "baseline", "fail-on", "sarif-file", "base"} <= inputs
    steps = spec["runs"]["steps"]
    check = next(step for step in steps if "github-action.sh" in step.get("run", ""))
    script = SCRIPT.read_text(encoding="utf-8")
    for name in ("paths", "config", "baseline", "fail-on", "sarif-file"):
        variable = "FACTLINT_" + name.upper().replace("-", "_")
        assert check["env"][variable] == "${{ inputs." + name + " }}"
        assert variable in script
    assert "github.event.pull_request.base.sha" in check["env"]["FACTLINT_BASE"]
    assert all(step.get("shell") == "bash" for step in steps if "run" in step)
