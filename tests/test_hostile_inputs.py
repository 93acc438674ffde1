"""Nothing an article, a config or a file they name does can crash, hang or leak.

Each hostile input gives one line naming the file and the problem, in bounded time, and
the other files of the run are still checked: ``factlint check`` runs on the hostile file
and on a good one (the seed article, whose BY001 must still be reported).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import DESK_PACK, run

from factlint.core.yamlfile import YamlProblem, safe_load

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "kishida-peace-treaty.txt"
SEED_FINDING = "seed.txt:36:1: error BY001 "
SECRET = "S3CRETHASH"

LAUGHS = "lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)
)

INLINE_LAUGHS = (
    "[&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol], "
    + ", ".join(f"&a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9))
    + "]"
)  # the same, inside one value


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """The seed article, in a folder of its own (no config governs it)."""
    folder = tmp_path / "good"
    folder.mkdir()
    return Path(shutil.copy(SEED, folder / "seed.txt"))


def desk(tmp_path: Path, config: str) -> Path:
    """A desk folder with ``config`` as its .factlint.yaml and one article; the article."""
    folder = tmp_path / "desk"
    folder.mkdir(exist_ok=True)
    (folder / ".factlint.yaml").write_text(config, encoding="utf-8")
    article = folder / "story.txt"
    article.write_text("Mayor opens bridge\n\nThe mayor opened the bridge.\n", encoding="utf-8")
    return article


def check(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, str, str]:
    start = time.monotonic()
    result = run(capsys, "check", "--grammar", "none", "--no-cache", *map(str, paths))
    assert time.monotonic() - start < 20  # bounded: a sanity bound, not a benchmark
    return result


def one_error(err: str, *parts: str) -> str:
    """The one error line on standard error, holding every part."""
    errors = [line for line in err.splitlines() if ": error" in line]
    assert len(errors) == 1, err
    assert all(part in errors[0] for part in parts), errors[0]
    return errors[0]


# --- article front matter: the file cannot be checked, the run goes on ---------------


@pytest.mark.parametrize(
    ("front_matter", "parts"),
    [
        ("date: 2020-02-30\n", ("line 2", "date: no such date")),
        ("title: A\ntitle: B\n", ("line 3", "a key given twice")),
        (LAUGHS, ("aliases",)),
        ("a: " + "[" * 3000 + "]" * 3000 + "\n", ("line 2", "nested more than 100 deep")),
        ("date: !!timestamp 2020-02-30\n", ("date: no such date",)),
        ("n: !!int nine\n", ("front matter",)),
    ],
    ids=["impossible-date", "duplicate-key", "billion-laughs", "deep", "tagged-date", "tag"],
)
def test_hostile_front_matter_is_that_file_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: Path, front_matter: str, parts
) -> None:
    article = tmp_path / "story.md"
    article.write_text(f"---\n{front_matter}---\n\nThe mayor opened the bridge.\n", "utf-8")
    code, out, err = check(capsys, article, good)
    assert code == 1
    assert SEED_FINDING in out
    one_error(err, str(article), "malformed front matter", *parts)


def test_a_real_front_matter_date_is_still_the_article_date(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = tmp_path / "story.md"
    text = "---\ndate: 2005-03-15\n---\n\nThe vote was held yesterday (Wednesday).\n"
    article.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--grammar", "none", "--select", "DT003", str(article))
    assert code == 1 and "DT003" in out  # 2005-03-14 was a Monday


# --- configs, packs and registers ------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "parts"),
    [
        ("options:\n  " + LAUGHS.replace("\n", "\n  "), (":6: invalid YAML", "aliases expand")),
        ("severity:\n  " + LAUGHS.replace("\n", "\n  "), (":6: invalid YAML", "aliases expand")),
        ("select: [ALL]\nignore: []\nselect: [QT]\n", (":3: invalid YAML: a key given twice",)),
        (
            "options:\n  GR001:\n    allowed: [1, 2]\n",
            (":3", "options: GR001: allowed: must be a list of text"),
        ),
        ("fail-on: [error]\n", (":1", "fail-on")),
        ("grammar:\n  dialect: [british]\n", (":2", "grammar: dialect: must be text")),
        ("allow-outside-paths: yes please\n", (":1", "allow-outside-paths")),
    ],
    ids=["laughs-options", "laughs-severity", "duplicate", "option", "fail-on", "dialect", "allow"],
)
def test_a_hostile_config_is_one_error_and_the_others_are_checked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: Path, config: str, parts
) -> None:
    article = desk(tmp_path, config)
    code, out, err = check(capsys, article, good)
    assert code == 2
    assert SEED_FINDING in out
    one_error(err, f"config {article.parent / '.factlint.yaml'}", *parts)


@pytest.mark.parametrize(
    ("change", "parts"),
    [
        (
            ("kind: substitution", "kind: substitution\n    tokens: [1, null, true]"),
            (":5", "tokens must be a list of text"),
        ),
        (("{utilize: use}", "{utilize: 3}"), ("swap: each replacement must be text",)),
        (("prefix: DK", "prefix: DK\nprefix: DQ"), (":4", "a key given twice")),
        (("[We use it.]", "We use it."), ("examples: good must be a list of text",)),
        (("kind: substitution", "kind: substitution\n    safe: maybe"), ("safe must be true",)),
        (("pack: desk", LAUGHS + "pack: *a8"), ("aliases expand",)),
        (("source: our stylebook", LAUGHS + "source: *a8"), ("aliases expand",)),
        (("swap: {utilize: use}", f"swap: {{utilize: {INLINE_LAUGHS}}}"), ("aliases expand",)),
        (("kind: substitution", f"kind: substitution\n    tokens: {INLINE_LAUGHS}"), ("alias",)),
    ],
    ids=[
        "tokens",
        "swap",
        "duplicate",
        "examples",
        "safe",
        "laughs-pack",
        "laughs-source",
        "laughs-swap",
        "laughs-tokens",
    ],
)
def test_a_pack_field_of_the_wrong_type_is_one_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: Path, change, parts
) -> None:
    hostile_file_is_one_error(
        capsys, tmp_path, good, ("pack-paths", "desk-pack.yaml", "pack"), DESK_PACK, change, parts
    )


def test_dates_in_a_pack_are_text_where_text_goes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = desk(tmp_path, "pack-paths: [desk-pack.yaml]\n")
    pack = DESK_PACK.replace("our stylebook", "2020-02-30").replace("utilize", "2020-02-31")
    (article.parent / "desk-pack.yaml").write_text(pack, encoding="utf-8")
    article.write_text("A headline\n\nIt was due on 2020-02-31, they said.\n", encoding="utf-8")
    code, out, err = check(capsys, article)
    assert code == 1 and "DK001" in out and "error:" not in err


REGISTER = """\
people:
  - name: Hirokazu Matsuno
    roles:
      - {title: Chief Cabinet Secretary, start: 2021-10-04}
"""


@pytest.mark.parametrize(
    ("change", "parts"),
    [
        (("2021-10-04", "2021-02-30"), (":4", "start: no such date")),
        (("2021-10-04", "4 October 2021"), (":4", "start: not a date")),
        (("start: 2021-10-04", "organisation: [a]"), (":4", "organisation must be text")),
        (("    roles:", "    name: Again\n    roles:"), (":3", "a key given twice")),
        (("people:\n", "x: &x [1]\n" + "y: *x\n" * 101 + "people:\n"), ("more than 100 aliases",)),
    ],
    ids=["impossible-date", "not-a-date", "organisation", "duplicate", "alias-budget"],
)
def test_a_hostile_register_is_one_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: Path, change, parts
) -> None:
    hostile_file_is_one_error(
        capsys, tmp_path, good, ("facts", "facts.yaml", "facts"), REGISTER, change, parts
    )


def refused(capsys: pytest.CaptureFixture[str], article: Path, good: Path, *parts: str) -> str:
    """Checking ``article`` (its config refused) and ``good``: exit 2, one error line with
    ``parts`` (returned), and the good article's finding still reported."""
    code, out, err = check(capsys, article, good)
    assert code == 2 and SEED_FINDING in out
    return one_error(err, *parts)


def hostile_file_is_one_error(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    good: Path,
    setting: tuple[str, str, str],
    template: str,
    change: tuple[str, str],
    parts: tuple[str, ...],
) -> str:
    """A config naming a file (``setting``: its key, the file's name, the error's word) that
    ``change`` makes hostile: one error naming the file, and the good article still checked."""
    key, name, word = setting
    value = f"[{name}]" if key == "pack-paths" else name
    article = desk(tmp_path, f"{key}: {value}\n")
    hostile = article.parent / name
    hostile.write_text(template.replace(*change), encoding="utf-8")
    return refused(capsys, article, good, f"{word} {hostile}", *parts)


# --- bounds: regular files only, 5 MB at most --------------------------------------


@pytest.mark.parametrize("key", ["facts", "dictionary", "pack-paths"])
def test_a_device_named_by_a_config_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: Path, key: str
) -> None:
    article = desk(tmp_path, f"{key}: /dev/zero\nallow-outside-paths: true\n")
    refused(capsys, article, good, "/dev/zero", "not a regular file (a character device)")


def test_a_fifo_named_by_a_config_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: Path
) -> None:
    article = desk(tmp_path, "facts: facts.yaml\n")
    os.mkfifo(article.parent / "facts.yaml")
    refused(capsys, article, good, "facts.yaml", "not a regular file (a FIFO)")


def test_a_config_that_is_a_fifo_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: Path
) -> None:
    fifo = tmp_path / "config.yaml"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "check", "--config", str(fifo), str(good))
    assert code == 2
    one_error(err, str(fifo), "not a regular file (a FIFO)")


def test_a_config_that_is_a_folder_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: Path
) -> None:
    folder = tmp_path / "config.yaml"
    folder.mkdir()
    code, _, err = run(capsys, "check", "--config", str(folder), str(good))
    assert code == 2
    one_error(err, str(folder), "is a directory")


@pytest.mark.parametrize("name", [".factlint.yaml", "pyproject.toml"])
def test_a_discovered_config_that_is_a_fifo_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: Path, name: str
) -> None:
    article = desk(tmp_path, "")
    (article.parent / ".factlint.yaml").unlink()
    os.mkfifo(article.parent / name)
    refused(capsys, article, good, name, "not a regular file (a FIFO)")


@pytest.mark.parametrize("name", [".factlint.yaml", "facts.yaml", "words.txt"])
def test_files_larger_than_5_mb_are_refused_before_they_are_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: Path, name: str
) -> None:
    article = desk(tmp_path, "facts: facts.yaml\ndictionary: words.txt\n")
    (article.parent / "facts.yaml").write_text("people: []\n", encoding="utf-8")
    (article.parent / "words.txt").write_text("Matsuno\n", encoding="utf-8")
    with (article.parent / name).open("a", encoding="utf-8") as handle:
        handle.write("# padding\n" * 600_000)
    refused(capsys, article, good, name, "file too large (5.7 MB)", "up to 5 MB")


def _factlint(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "factlint", *args],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )


@pytest.mark.slow
def test_a_fifo_in_a_folder_is_skipped_with_a_note(tmp_path: Path, good: Path) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    shutil.copy(SEED, folder / "seed.txt")
    done = _factlint("check", "--grammar", "none", "--no-cache", "--jobs", "1", str(folder))
    assert done.returncode == 1, done.stderr
    assert f"{folder / 'pipe.txt'}: note: not a regular file (a FIFO), skipped" in done.stderr
    assert SEED_FINDING in done.stdout and "error:" not in done.stderr


@pytest.mark.slow
def test_a_fifo_named_gitignore_is_not_waited_for(tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    os.mkfifo(folder / ".gitignore")
    shutil.copy(SEED, folder / "seed.txt")
    done = _factlint("check", "--grammar", "none", "--no-cache", "--jobs", "1", str(folder))
    assert done.returncode == 1, done.stderr
    assert SEED_FINDING in done.stdout


@pytest.mark.slow
def test_a_named_fifo_is_an_error_and_the_others_are_checked(tmp_path: Path, good: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    done = _factlint("check", "--grammar", "none", "--no-cache", str(fifo), str(good))
    assert done.returncode == 1, done.stderr
    assert SEED_FINDING in done.stdout
    one_error(done.stderr, f"{fifo}: error: not a regular file (a FIFO)")


# --- no leaks: errors name the file, the line and the problem, never its text ---------


@pytest.mark.parametrize(
    "text",
    [
        f"root:$6${SECRET}:19000:0:99999:7:::\nkey: [{SECRET}\n",
        f"root: *{SECRET}\n",
        f"root: !{SECRET} x\n",
        f"{SECRET}: 1\n{SECRET}: 2\n",  # a key given twice: said by its line
        f"people: [{{name: {SECRET}, roles: [{{title: x, start: {SECRET}}}]}}]\n",
        f"root:{SECRET}\n\tbroken: [\n",
    ],
    ids=["flow", "alias", "tag", "duplicate", "field", "tab"],
)
def test_errors_never_quote_a_file_that_is_not_an_article(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: Path, text: str
) -> None:
    secret = tmp_path / "shadow"
    secret.write_text(text, encoding="utf-8")
    article = desk(tmp_path, f"facts: {secret}\nallow-outside-paths: true\n")
    code, out, err = check(capsys, article, good)
    assert code == 2 and SEED_FINDING in out
    line = one_error(err, str(secret))
    assert SECRET not in line


ODD = "'pa$$ S3CRET/value'"  # not shaped like a key or a code: never quoted


@pytest.mark.parametrize(
    ("config", "parts"),
    [
        (f"{ODD}: 1\n", (":1: unknown key (known keys: ",)),
        (f"select: [QT001, {ODD}]\n", (":1: select: unknown rule code (item 2)",)),
        (f"severity:\n  QT001: {ODD}\n", (":2: severity: QT001: unknown severity (",)),
        (f"severity:\n  {ODD}: error\n", (":2: severity: unknown rule code (item 1)",)),
        (f"per-file-ignores:\n  '*.md': [{ODD}]\n", (":2: per-file-ignores: unknown rule",)),
        (f"options:\n  {ODD}: {{}}\n", (":2: options: unknown rule code (see",)),
        (f"options:\n  NM003:\n    {ODD}: 1\n", (":3: options: NM003: unknown option (",)),
        (
            f"options:\n  NM003:\n    courtesy-titles: {ODD}\n",
            (":3: options: NM003: courtesy-titles: must be one of ",),
        ),
        (f"grammar:\n  cache: true\n  backend: {ODD}\n", (":3: grammar: backend: must be",)),
        (f"grammar:\n  {ODD}: 1\n", (":2: grammar: unknown key (known keys: backend",)),
        (f"timeout: {ODD}\n", (":1: timeout: expected a number of seconds",)),
        (f"fail-on: {ODD}\n", (":1: fail-on: expected error, warning or info",)),
        ("facts: '../pa$$ S3CRET'\n", (":1: facts: the path is outside the config's folder",)),
        (f"packs: [{ODD}]\n", (":1: unknown pack (item 1) (available: ",)),
    ],
    ids=[
        "key", "select", "severity", "severity-code", "per-file", "options-code", "option",
        "option-value", "grammar", "grammar-key", "timeout", "fail-on", "path", "pack",
    ],
)  # fmt: skip
def test_a_config_error_gives_the_line_of_the_value_and_never_quotes_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: Path, config: str, parts
) -> None:
    article = desk(tmp_path, config)
    code, out, err = check(capsys, article, good)
    assert code == 2 and SEED_FINDING in out
    line = one_error(err, f"config {article.parent / '.factlint.yaml'}", *parts)
    assert "S3CRET" not in line


@pytest.mark.parametrize(
    ("change", "parts"),
    [
        (("{utilize: use}", "{'x$S3CRET(': use}"), (":5: rule DK001: bad pattern (missing",)),
        (("kind: substitution", f"kind: {ODD}"), (":5: rule DK001: unknown kind (one of",)),
        (("name: no-utilize", f"name: {ODD}"), (":5: rule DK001: name must be kebab-case",)),
        (("code: DK001", f"code: {ODD}"), (":5: rule: code must be DK",)),
        (("kind: substitution", f"{ODD}: 1\n    kind: substitution"), (":5: rule DK001: unknown",)),
        (("pack: desk", f"pack: {ODD}"), (":1: the pack name must be kebab-case",)),
    ],
    ids=["pattern", "kind", "name", "code", "key", "pack-name"],
)
def test_a_pack_error_never_quotes_a_value(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: Path, change, parts
) -> None:
    line = hostile_file_is_one_error(
        capsys, tmp_path, good, ("pack-paths", "desk-pack.yaml", "pack"), DESK_PACK, change, parts
    )
    assert "S3CRET" not in line


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("facts", "../outside.yaml"),
        ("facts", "{outside}"),
        ("dictionary", "../outside.yaml"),
        ("pack-paths", "[../outside.yaml]"),
        ("facts", "link.yaml"),
    ],
    ids=["climbing", "absolute", "dictionary", "pack-paths", "symlink"],
)
def test_paths_stay_inside_the_config_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: Path, key: str, value: str
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("people: []\n", encoding="utf-8")
    article = desk(tmp_path, f"{key}: {value.format(outside=outside)}\n")
    (article.parent / "link.yaml").symlink_to(outside)
    refused(capsys, article, good, "outside the config's folder", "allow-outside-paths: true")


def test_allow_outside_paths_lets_them_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("people: []\n", encoding="utf-8")
    article = desk(tmp_path, "facts: ../outside.yaml\nallow-outside-paths: true\n")
    code, _, err = check(capsys, article)
    assert code == 0, err


def test_a_symlink_inside_the_folder_is_fine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = desk(tmp_path, "facts: link.yaml\n")
    (article.parent / "real.yaml").write_text("people: []\n", encoding="utf-8")
    (article.parent / "link.yaml").symlink_to(article.parent / "real.yaml")
    assert check(capsys, article)[0] == 0


# --- the loader itself ---------------------------------------------------------------


def test_the_loader_keeps_dates_as_text_and_counts_aliases() -> None:
    assert safe_load("date: 2020-02-30\nwhen: 2020-01-01 10:00:00\n") == {
        "date": "2020-02-30",
        "when": "2020-01-01 10:00:00",
    }
    assert safe_load("a: &x [1]\n" + "".join(f"b{i}: *x\n" for i in range(100)))["b99"] == [1]
    with pytest.raises(YamlProblem, match="more than 100 aliases"):
        safe_load("a: &x [1]\n" + "".join(f"b{i}: *x\n" for i in range(101)))
