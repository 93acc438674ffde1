"""Which files `factlint check` checks: `exclude`/`extend-exclude`, `.gitignore` files,
files named on the command line (and `--force-exclude`), the default list of files that
are not articles, empty articles, standard input, and the pre-commit hook."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from factlint.cli.files import Selection, targets
from factlint.cli.main import main
from factlint.engine.config import ConfigError, from_mapping
from factlint.engine.exclude import DEFAULT_EXCLUDE, NON_ARTICLE_NAMES, Patterns

ROOT = Path(__file__).resolve().parent.parent
CLEAN = "Council backs new park\n\nThe council voted on Tuesday to build a park by the river.\n"
DOUBLED = "Council backs new park\n\nThe council voted on the the plan on Tuesday.\n"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    """Run `factlint check --format json --grammar none ARGS`: the exit status, the
    paths checked (as reported, with / between folders), and standard error."""
    code = main(["check", "--format", "json", "--grammar", "none", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    paths = sorted(Path(f["path"]).as_posix() for f in json.loads(out)["files"])
    return code, paths, err


# --- exclude and extend-exclude ----------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "checked"),
    [
        pytest.param("extend-exclude", ["desk/b.md"], id="extend-exclude-adds-to-the-defaults"),
        pytest.param("exclude", ["README.md", "desk/b.md"], id="exclude-replaces-the-defaults"),
    ],
)
def test_exclude_settings(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    setting: str,
    checked: list[str],
) -> None:
    _write(tmp_path, {"README.md": CLEAN, "drafts/a.md": CLEAN, "desk/b.md": CLEAN})
    _write(tmp_path, {".factlint.yaml": f"{setting}: [drafts/]\n"})
    monkeypatch.chdir(tmp_path)
    assert check(capsys, ".")[:2] == (0, checked)


def test_patterns_are_relative_to_the_config_folder_and_negations_take_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {"top.md": CLEAN, "desk/top.md": CLEAN, "desk/README.md": CLEAN, "old/c.md": CLEAN}
    _write(tmp_path, files)
    config = "extend-exclude: [/top.md, old, '!desk/README.md']\n"
    _write(tmp_path, {".factlint.yaml": config})
    monkeypatch.chdir(tmp_path / "desk")  # patterns are relative to the config, not here
    assert check(capsys, "..")[:2] == (0, ["../desk/README.md", "../desk/top.md"])


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"exclude": {"a": 1}}, "exclude: expected a list of file patterns"),
        ({"extend-exclude": [1]}, "extend-exclude: expected a list of file patterns"),
        ({"extend-exclude": ["a", "!"]}, "extend-exclude: pattern 2 is not a gitignore pattern"),
    ],
)
def test_bad_exclude_settings_name_the_key(settings: dict, message: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        from_mapping(settings, tmp_path / ".factlint.yaml")


def test_one_pattern_may_be_a_string(tmp_path: Path) -> None:
    config = from_mapping({"extend-exclude": "drafts/"}, tmp_path / ".factlint.yaml")
    assert config.extend_exclude == ("drafts/",)
    assert config.exclude == DEFAULT_EXCLUDE
    assert config.excludes(tmp_path / "drafts" / "a.md")
    assert not config.excludes(tmp_path / "desk" / "a.md")


# --- .gitignore --------------------------------------------------------------------


def _repository(root: Path) -> None:
    """A repository (a .git folder is all factlint looks for) with ignore files at
    every level: its top, a nested folder, and .git/info/exclude."""
    _write(
        root,
        {
            ".git/info/exclude": "secret.md\n",
            ".gitignore": "ignored/\n*.draft.md\n",
            "desk/.gitignore": "local.md\n!keep.draft.md\n",
            "desk/a.md": CLEAN,
            "desk/local.md": CLEAN,
            "desk/keep.draft.md": CLEAN,
            "desk/b.draft.md": CLEAN,
            "ignored/c.md": CLEAN,
            "secret.md": CLEAN,
            "d.txt": CLEAN,
        },
    )


def test_gitignore_files_are_respected_in_folder_walks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert check(capsys, ".")[:2] == (0, ["d.txt", "desk/a.md", "desk/keep.draft.md"])
    # the repository's own ignore files count when a folder inside it is walked
    assert check(capsys, "desk")[:2] == (0, ["desk/a.md", "desk/keep.draft.md"])


def test_no_respect_gitignore_walks_what_git_ignores(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, paths, _ = check(capsys, "--no-respect-gitignore", ".")
    assert code == 0 and len(paths) == 7 and "ignored/c.md" in paths
    assert not any(p.startswith(".git/") for p in paths)  # .git is never walked


# --- files named on the command line -----------------------------------------------


def test_named_files_are_checked_unless_force_exclude(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repository(tmp_path)
    _write(tmp_path, {".factlint.yaml": "extend-exclude: [d.txt]\n", "README.md": CLEAN})
    monkeypatch.chdir(tmp_path)
    named = ["README.md", "d.txt", "ignored/c.md", "desk/a.md"]
    assert check(capsys, *named)[:2] == (0, sorted(named))
    # gitignore is for folder walks: a named file git ignores is still checked
    assert check(capsys, "--force-exclude", *named)[:2] == (0, ["desk/a.md", "ignored/c.md"])


def test_force_exclude_applies_to_named_folders(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {"node_modules/pkg/notes.md": CLEAN, "desk/a.md": CLEAN})
    monkeypatch.chdir(tmp_path)
    code, paths, _ = check(capsys, "--force-exclude", "node_modules/pkg", "desk")
    assert (code, paths) == (0, ["desk/a.md"])


def test_every_named_file_excluded_is_nothing_to_check(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {"README.md": DOUBLED, "CHANGELOG.md": DOUBLED})
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--grammar", "none", "--force-exclude", "README.md", "CHANGELOG.md"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out == "Found 0 errors, 0 warnings, 0 infos in 0 files checked.\n"


def test_targets_counts_each_path_before_giving_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {"desk/a.md": CLEAN, "desk/b.txt": CLEAN, "empty/notes.py": "", "c.txt": ""})
    _write(tmp_path, {"README.md": CLEAN})
    monkeypatch.chdir(tmp_path)
    events: list[object] = []
    selection = Selection(force_exclude=True)
    paths = ["desk", "missing.txt", "empty", "README.md", "c.txt", "-"]
    for target in targets(paths, selection, lambda n: events.append(("count", n))):
        events.append(target[0])
    counts = [n for event in events if isinstance(event, tuple) for n in event[1:]]
    assert counts == [2, 1, 1, 0, 1, 1]  # a folder with no articles is one error
    assert events[:3] == [("count", 2), str(Path("desk/a.md")), str(Path("desk/b.txt"))]


# --- files that are not articles ---------------------------------------------------

NOT_ARTICLES = [
    "README.md",
    "readme.txt",
    "Readme.markdown",
    "desk/README.md",
    "LICENSE",
    "License.txt",
    "LICENCE.md",
    "CHANGELOG.md",
    "changelog.markdown",
    "CONTRIBUTING.md",
    "CODE_OF_CONDUCT.md",
    "SECURITY.md",
    "AUTHORS",
    "authors.txt",
    "NOTICE.txt",
    "COPYING",
    "CODEOWNERS",
    "MAINTAINERS.md",
    "CONTRIBUTORS.txt",
    "requirements.txt",
    "requirements-dev.txt",
    ".github/PULL_REQUEST_TEMPLATE.md",
    ".notes.md",
    "node_modules/pkg/readme.md",
    "node_modules/pkg/notes.md",
    "a/node_modules/b.txt",
    "venv/lib/notes.txt",
    "site-packages/x/notes.md",
    "dist/story.md",
    "_site/story.md",
    "build/story.md",
]
ARTICLES = [
    "story.md",
    "readme-of-the-day.md",
    "security/budget.md",
    "license/fees.txt",
    "desk/notices.md",
    "licensing-deal.txt",
    "distribution.md",
    "Requirements.md",
]


def test_default_excludes_leave_out_what_is_not_an_article(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, dict.fromkeys([*NOT_ARTICLES, *ARTICLES], CLEAN))
    monkeypatch.chdir(tmp_path)
    articles = sorted(p for p in ARTICLES if p.endswith((".md", ".txt")))
    assert check(capsys, ".")[:2] == (0, articles)  # a folder walk
    assert check(capsys, "--force-exclude", *NOT_ARTICLES, *ARTICLES)[:2] == (0, articles)


def test_default_list_covers_every_non_article_name(tmp_path: Path) -> None:
    patterns = Patterns.parse(DEFAULT_EXCLUDE, tmp_path)
    for name in NON_ARTICLE_NAMES:
        for variant in (name, name.lower(), name.title(), f"{name}.md", f"{name.lower()}.txt"):
            assert patterns.excludes(tmp_path / "x" / variant), variant
        assert not patterns.excludes(tmp_path / name.lower() / "story.md")


# --- empty articles ----------------------------------------------------------------


def test_empty_article_is_skipped_with_a_note(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {"empty.md": "", "blank.txt": "  \n\n \t\n", "a.txt": CLEAN})
    monkeypatch.chdir(tmp_path)
    code, paths, err = check(capsys, "empty.md", "blank.txt", "a.txt")
    assert (code, paths) == (0, ["a.txt"])
    assert err.splitlines() == [
        "empty.md: note: empty article, skipped",
        "blank.txt: note: empty article, skipped",
    ]
    code = main(["check", "--grammar", "none", "."])  # the text summary does not count them
    out, _ = capsys.readouterr()
    assert code == 0 and "in 1 file checked." in out


def test_only_empty_articles_exit_0_and_errors_alone_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {"empty.md": "", "blank.txt": "\n"})
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01")
    monkeypatch.chdir(tmp_path)
    assert check(capsys, "empty.md", "blank.txt")[:2] == (0, [])
    code = main(["check", "--grammar", "none", "empty.md", "binary.txt"])
    err = capsys.readouterr().err
    assert code == 2 and "binary.txt: error: binary file" in err


def test_empty_stdin_is_skipped_too(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b" \n")))
    code, paths, err = check(capsys, "-", "--stdin-filename", "draft.md")
    assert (code, paths, err) == (0, [], "draft.md: note: empty article, skipped\n")


# --- standard input ----------------------------------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))


def _codes(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    main(["check", "--format", "json", "--grammar", "none", *args])
    files = json.loads(capsys.readouterr().out)["files"]
    return [d["code"] for f in files for d in f["diagnostics"]]


def test_stdin_obeys_per_file_ignores_as_the_file_would(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {".factlint.yaml": "per-file-ignores:\n  'opinion/*': [GR001]\n"})
    _write(tmp_path, {"opinion/x.txt": DOUBLED, "news/x.txt": DOUBLED})
    monkeypatch.chdir(tmp_path)
    assert _codes(capsys, "opinion/x.txt") == []
    _stdin(monkeypatch, DOUBLED)
    assert _codes(capsys, "-", "--stdin-filename", "opinion/x.txt") == []
    assert _codes(capsys, "news/x.txt") == ["GR001"]
    _stdin(monkeypatch, DOUBLED)
    assert _codes(capsys, "-", "--stdin-filename", "news/x.txt") == ["GR001"]


def test_stdin_obeys_exclude_with_force_exclude(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {".factlint.yaml": "extend-exclude: [opinion/]\n"})
    monkeypatch.chdir(tmp_path)
    for name in ("opinion/x.txt", "README.md"):
        _stdin(monkeypatch, DOUBLED)
        code, paths, err = check(capsys, "--force-exclude", "-", "--stdin-filename", name)
        assert (code, paths, err) == (0, [], "")
        assert sys.stdin.read() == DOUBLED  # not even read
        _stdin(monkeypatch, DOUBLED)  # without --force-exclude, checked as a named file is
        assert check(capsys, "-", "--stdin-filename", name)[:2] == (1, [name])


# --- the pre-commit hook -----------------------------------------------------------

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_hook_passes_force_exclude_and_skips_what_the_defaults_skip(tmp_path: Path) -> None:
    (hook,) = HOOKS
    assert hook["entry"] == "factlint check --force-exclude"
    assert hook["require_serial"] is True  # factlint's --jobs, not one factlint per CPU
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    defaults = Patterns.parse(DEFAULT_EXCLUDE, tmp_path)
    for path in [*NOT_ARTICLES, *ARTICLES, "a/b/Changelog.MD", "x/dist/y.md", ".a/b.md"]:
        if files.search(path):
            assert bool(exclude.search(path)) == defaults.excludes(tmp_path / path), path


def _article_repository(root: Path) -> None:
    """README, CHANGELOG, an empty draft, node_modules/ (not git-ignored), a folder the
    config excludes, and two articles, all tracked by git."""
    _write(
        root,
        {
            "README.md": "# Our desk\n\nThe the style guide.\n",
            "CHANGELOG.md": "# Changes\n\n- the the fix\n",
            "drafts/empty.md": "",
            "node_modules/pkg/readme.md": "# Pkg\n\nthe the\n",
            "node_modules/pkg/notes.md": "# Pkg\n\nthe the\n",
            "archive/2019.md": DOUBLED,
            ".factlint.yaml": "extend-exclude: [archive/]\n",
            "desk/one.txt": CLEAN,
            "desk/two.md": "# Mayor opens library\n\nThe mayor opened the library on Monday.\n",
        },
    )


def test_folder_walk_of_an_article_repository_checks_the_articles(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _article_repository(tmp_path)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    assert check(capsys)[:2] == (0, ["desk/one.txt", "desk/two.md"])


def _git(cwd: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    identity = ["-c", "user.name=factlint tests", "-c", "user.email=tests@factlint.invalid"]
    done = subprocess.run(
        ["git", *identity, *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _factlint_as_committed(into: Path) -> str:
    """This checkout's files as they are now (committed or not), committed to a scratch
    repository for pre-commit to install from: the sha."""
    listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, into / name)
    _git(into, "init", "-q")
    _git(into, "add", "-A")
    _git(into, "commit", "-q", "-m", "factlint under test")
    return _git(into, "rev-parse", "HEAD")


def _json_documents(output: str) -> list[dict]:
    """The JSON documents in pre-commit's output (one per factlint run it started)."""
    decoder = json.JSONDecoder()
    return [decoder.raw_decode(output, m.start())[0] for m in re.finditer(r"^\{", output, re.M)]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_hook_checks_exactly_the_articles(tmp_path: Path) -> None:
    """Real pre-commit, installing factlint from this checkout into its own environment
    (from the package index, as a user's pre-commit does), runs the real hook of
    .pre-commit-hooks.yaml on an article repository: only the two articles are checked,
    and the empty draft does not fail the hook."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout of factlint")
    factlint, repository = tmp_path / "factlint", tmp_path / "articles"
    factlint.mkdir()
    sha = _factlint_as_committed(factlint)
    _article_repository(repository)
    config = {
        "repos": [
            {
                "repo": str(factlint),
                "rev": sha,
                "hooks": [
                    {"id": "factlint", "args": ["--format", "json", "--grammar", "none"]},
                ],
            }
        ]
    }
    (repository / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    _git(repository, "init", "-q")
    _git(repository, "add", "-A")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--verbose"],
        cwd=repository,
        env=env,
        capture_output=True,
        text=True,
        timeout=540,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    checked = sorted(f["path"] for doc in _json_documents(output) for f in doc["files"])
    assert checked == ["desk/one.txt", "desk/two.md"], output
    assert "drafts/empty.md: note: empty article, skipped" in output
    print(f"pre-commit (install and run): {time.monotonic() - start:.1f} s")
