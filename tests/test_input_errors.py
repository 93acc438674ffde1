"""Input errors are input errors (issue 25): every YAML, TOML, JSON and path problem in a
config, pack, register, baseline or front matter is the one documented error line naming
the file (and line), never an internal error (exit 3) and never a value from the file;
and what a run does with its output and its workers when things around it go wrong.

The table walks hostile inputs through ``factlint check`` beside a good article: the exit
status, exactly one error line holding the expected parts, no ``S3CRET`` from the file in
it, and the good article still checked.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from helpers import DESK_PACK, run

from factlint.article.limits import oversized
from factlint.engine.config import ConfigError, load_file
from factlint.output.text import CONTEXT_FINDINGS, LINE_CELLS

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "kishida-peace-treaty.txt"
SEED_FINDING = "seed.txt:36:1: error BY001 "
BBC = Path("/work/shared/corpora/bbc_news/articles")
GHP = "ghp_S3CRETabcdef0123456789abcdef0123"  # shaped like a key: still never quoted
AWS = "AKIAS3CRET0EXAMPLE00"  # shaped like a rule code
ARTICLE = "Mayor opens bridge\n\nThe mayor opened the bridge.\n"
CONFIG, PYPROJECT = ".factlint.yaml", "pyproject.toml"
DEEP_YAML = "a: " + "[" * 2000 + "]" * 2000 + "\n"
REGISTER = "people:\n  - name: Hirokazu Matsuno\n"
FIGURE = "figures:\n  - {what: deaths, value: VALUE, unit: people}\n"


def pack(old: str, new: str) -> dict[str, str]:
    """A config with the desk pack, ``old`` replaced by ``new`` in it."""
    return {CONFIG: "pack-paths: [desk-pack.yaml]\n", "desk-pack.yaml": DESK_PACK.replace(old, new)}


def facts(text: str) -> dict[str, str]:
    return {CONFIG: "facts: facts.yaml\n", "facts.yaml": text}


def front_matter(text: str) -> dict[str, str]:
    return {"story.md": f"---\n{text}---\n\nThe mayor opened the bridge.\n"}


# (files of the desk folder, exit status, parts of the one error line); None: a folder
HOSTILE = {
    # --- configs: YAML
    "yaml-control-character": ({CONFIG: "select: [ALL]\x01\n"}, 2, (
        f"config DESK/{CONFIG}:1: invalid YAML: a control character (U+0001) is not allowed",)),
    "yaml-deep": ({CONFIG: DEEP_YAML}, 2, (f"{CONFIG}:1: invalid YAML: nested more than 100",)),
    "yaml-long-number": ({CONFIG: "timeout: " + "9" * 5000 + "\n"}, 2, (
        f"{CONFIG}:1: invalid YAML: a value cannot be read",)),
    "nul-in-facts": ({CONFIG: 'allow-outside-paths: true\nfacts: "a\\0b"\n'}, 2, (
        f"{CONFIG}:2: facts: the path holds a NUL character",)),
    "nul-in-dictionary": ({CONFIG: 'dictionary: "a\\0b"\n'}, 2, (
        f"{CONFIG}:1: dictionary: the path holds a NUL character",)),
    "nul-in-pack-paths": ({CONFIG: 'pack-paths: ["a\\0b"]\n'}, 2, (
        f"{CONFIG}:1: pack-paths: the path holds a NUL character",)),
    "nul-in-baseline": ({CONFIG: 'baseline: "a\\0b"\n'}, 2, (
        f"{CONFIG}:1: baseline: the path holds a NUL character",)),
    "nul-in-exclude": ({CONFIG: 'exclude: ["a\\0b"]\n'}, 2, (
        f"{CONFIG}:1: exclude: pattern 1 holds a NUL character",)),
    "folder-as-dictionary": ({CONFIG: "dictionary: words\n", "words": None}, 2, (
        f"{CONFIG}:1: dictionary: word list DESK/words: cannot read: is a directory",)),
    "folder-as-facts": ({CONFIG: "facts: facts\n", "facts": None}, 2, (
        "facts DESK/facts: cannot read: is a directory",)),
    "unknown-home": ({CONFIG: "allow-outside-paths: true\nfacts: ~no-such-user-x/f.yaml\n"}, 2, (
        f"{CONFIG}:2: facts: the path's ~ names no home folder",)),
    "name-too-long": ({CONFIG: f"pack-paths: [{'S3CRET' * 50}]\n"}, 2, (
        f"{CONFIG}:1: pack-paths: the path names no file or folder",)),
    "missing-facts": ({CONFIG: f"facts: {GHP}.yaml\n"}, 2, (
        f"{CONFIG}:1: facts: the path names no file or folder",)),
    "missing-dictionary": ({CONFIG: f"dictionary: {GHP}\n"}, 2, (
        f"{CONFIG}:1: dictionary: the path names no file or folder",)),
    "bad-exclude": ({CONFIG: "extend-exclude: ['S3CRET[z-a]']\n"}, 2, (
        f"{CONFIG}:1: extend-exclude: pattern 1 is not a gitignore pattern",)),
    "bad-exclude-escape": ({CONFIG: "extend-exclude: [ok, 'S3CRET\\']\n"}, 2, (
        f"{CONFIG}:1: extend-exclude: pattern 2 is not a gitignore pattern",)),
    "secret-key": ({CONFIG: f"{GHP}: 1\n"}, 2, (f"{CONFIG}:1: unknown key (known keys: ",)),
    "secret-rule-code": ({CONFIG: f"select: [QT, {AWS}]\n"}, 2, (
        f"{CONFIG}:1: select: unknown rule code (item 2)",)),
    "secret-severity-code": ({CONFIG: f"severity:\n  {AWS}: error\n"}, 2, (
        f"{CONFIG}:2: severity: unknown rule code (item 1)",)),
    "secret-options-code": ({CONFIG: f"options:\n  {AWS}: {{}}\n"}, 2, (
        f"{CONFIG}:2: options: unknown rule code (see",)),
    "secret-grammar-key": ({CONFIG: f"grammar:\n  {GHP}: 1\n"}, 2, (
        f"{CONFIG}:2: grammar: unknown key (known keys: backend",)),
    "secret-pack-name": ({CONFIG: f"packs: [{GHP}]\n"}, 2, (
        f"{CONFIG}:1: unknown pack (item 1) (available: ",)),
    # --- configs: TOML
    "toml-tool-number": ({PYPROJECT: "tool = 5\n"}, 2, (
        f"config DESK/{PYPROJECT}: `tool` must be a table",)),
    "toml-tool-list": ({PYPROJECT: "tool = [1, 2]\n"}, 2, ("`tool` must be a table",)),
    "toml-factlint-number": ({PYPROJECT: "[tool]\nfactlint = 5\n"}, 2, (
        f"{PYPROJECT}: expected a mapping of settings",)),
    "toml-deep": ({PYPROJECT: "x = " + "[" * 2000 + "]" * 2000 + "\n"}, 2, (
        f"{PYPROJECT}: invalid TOML: nested more than 100 deep",)),
    "toml-deep-table": ({PYPROJECT: "x = " + "{a=" * 2000 + "1" + "}" * 2000 + "\n"}, 2, (
        f"{PYPROJECT}: invalid TOML: nested more than 100 deep",)),
    "toml-deep-setting": ({PYPROJECT: "[tool.factlint]\nselect = " + "[" * 120 + "]" * 120}, 2, (
        f"{PYPROJECT}: invalid TOML: nested more than 100 deep",)),
    "toml-control-character": ({PYPROJECT: '[tool.factlint]\nselect = ["A\x01"]\n'}, 2, (
        f"{PYPROJECT}:2: invalid TOML: Illegal character",)),
    "toml-secret-twice": ({PYPROJECT: f"[tool.factlint]\n[tool.{GHP}]\n[tool.{GHP}]\n"}, 2, (
        f"{PYPROJECT}:3: invalid TOML: Cannot declare",)),
    "toml-secret-key": ({PYPROJECT: f"[tool.factlint]\nselect = []\n{GHP} = 1\n"}, 2, (
        f"{PYPROJECT}: unknown key (key 2) (known keys: ",)),
    # --- fact registers
    "register-control-character": (facts("people:\x01 []\n"), 2, (
        "facts DESK/facts.yaml:1: invalid YAML: a control character (U+0001)",)),
    "register-deep": (facts(DEEP_YAML), 2, ("facts.yaml:1: invalid YAML: nested more than 100",)),
    "register-figure-past-a-float": (facts(FIGURE.replace("VALUE", "9" * 400)), 2, (
        "facts.yaml:2: value: not a finite number",)),
    "register-figure-nan": (facts(FIGURE.replace("VALUE", ".nan")), 2, (
        "facts.yaml:2: value: not a finite number",)),
    "register-long-number": (facts(FIGURE.replace("VALUE", "9" * 5000)), 2, (
        "facts.yaml:2: invalid YAML: a value cannot be read",)),
    "register-secret-key": (facts(REGISTER + f"    {AWS}: x\n"), 2, (
        "facts.yaml:2: unknown person key (aliases, ",)),
    # --- packs
    "pack-control-character": (pack("our stylebook", "our\x02stylebook"), 2, (
        "pack DESK/desk-pack.yaml:2: invalid YAML: a control character (U+0002)",)),
    "pack-deep": (pack("pack: desk\n", DEEP_YAML), 2, (
        "desk-pack.yaml:1: invalid YAML: nested more than 100",)),
    "pack-swap-group": (pack("{utilize: use}", "{'(util)ize': 'S3CRET\\2'}"), 2, (
        "desk-pack.yaml:5: rule DK001: swap: replacement 1 refers to a group its pattern does "
        "not have",)),
    "pack-swap-group-name": (pack("{utilize: use}", "{utilize: use, x: '\\g<S3CRET>'}"), 2, (
        "desk-pack.yaml:5: rule DK001: swap: replacement 2 refers to a group",)),
    "pack-swap-escape": (pack("{utilize: use}", "{utilize: 'S3CRET\\'}"), 2, (
        "desk-pack.yaml:5: rule DK001: swap: replacement 1 is not a valid replacement",)),
    "pack-secret-key": (pack("kind: substitution", f"kind: substitution\n    {GHP}: 1"), 2, (
        "desk-pack.yaml:5: rule DK001: unknown key (keys: ",)),
    "pack-secret-kind": (pack("kind: substitution", f"kind: {GHP}"), 2, (
        "desk-pack.yaml:5: rule DK001: unknown kind (one of: ",)),
    "pack-secret-deferral": (pack("swap:", f"defers-to: [{AWS}]\n    swap:"), 2, (
        "desk-pack.yaml:5: rule DK001 defers to an unknown rule (defers-to item 1)",)),
    # --- baselines (JSON)
    "baseline-deep": ({CONFIG: "baseline: base.json\n", "base.json": "[" * 100_000}, 2, (
        "baseline DESK/base.json: not a baseline (nested too deeply)",)),
    # --- front matter: that article is not checked, the others are
    "front-matter-control-character": (front_matter("title: a\x07b\n"), 1, (
        "DESK/story.md: error: malformed front matter: line 2: a control character (U+0007)",)),
    "front-matter-deep": (front_matter(DEEP_YAML), 1, (
        "story.md: error: malformed front matter: line 2: nested more than 100 deep",)),
    "front-matter-long-number": (front_matter("date: " + "9" * 5000 + "\n"), 1, (
        "story.md: error: malformed front matter: line 2: a value cannot be read",)),
    "front-matter-key-twice": (front_matter(f"{GHP}: 1\n{GHP}: 2\n"), 1, (
        "story.md: error: malformed front matter: line 3: a key given twice",)),
}  # fmt: skip


FACTLINT = (sys.executable, "-m", "factlint", "check", "--grammar", "none", "--no-cache")


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``factlint check`` without the grammar engine or caches: status, output, errors."""
    return run(capsys, "check", "--grammar", "none", "--no-cache", *args)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """The seed article, in a folder of its own (no config governs it)."""
    folder = tmp_path / "good"
    folder.mkdir()
    return Path(shutil.copy(SEED, folder / "seed.txt"))


@pytest.mark.parametrize(("files", "status", "parts"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_input_is_one_input_error_naming_the_file(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    good: Path,
    files: dict[str, str | None],
    status: int,
    parts: tuple[str, ...],
) -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "story.txt").write_text(ARTICLE, encoding="utf-8")
    for name, text in files.items():
        if text is None:
            (desk / name).mkdir()
        else:
            (desk / name).write_text(text, encoding="utf-8")
    article = desk / ("story.md" if "story.md" in files else "story.txt")
    code, out, err = check(capsys, str(article), str(good))
    assert code == status, err
    assert SEED_FINDING in out  # the other article is still checked
    errors = [line for line in err.splitlines() if ": error" in line]
    assert len(errors) == 1, err
    for part in parts:
        assert part.replace("DESK", str(desk)) in errors[0]
    assert "internal error" not in err and "S3CRET" not in err


# --- numbers in articles ----------------------------------------------------------------

LONG = "9" * 4301


@pytest.mark.parametrize(
    "number", [LONG, "1," + "000," * 1500 + "000", "²", f"{LONG}.{LONG}", "١٢٣"],
    ids=["4301-digits", "commas", "superscript", "decimal", "arabic-indic"],
)  # fmt: skip
def test_a_number_no_rule_can_read_is_no_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, number: str
) -> None:
    n = number
    path = tmp_path / "story.txt"
    path.write_text(
        f"{n} people die as {n}% back {n} million plan\n\nBy Jane Smith\n\n"
        f"LONDON, March {n}, {n} - The council said {n} of the {n} members, {n} men and {n} "
        f"women, voted. In total {n} people: {n} adults and {n} children. Of those asked, "
        f"{n}% said yes, {n}% said no and {n}% were unsure. It cost £{n}m. Twenty-{n} said "
        f"it was {n} per cent, {n} out of {n}.\n\nJane Smith is a reporter.\n",
        encoding="utf-8",
    )
    code, _, err = check(capsys, "--select", "ALL", str(path))
    if oversized(n):  # too long to read as a word or a number: left out, and said so
        assert code == 2 and "not fully checked: a " in err and "left out" in err, err
        assert "internal error" not in err, err
    else:
        assert code in (0, 1) and "error" not in err, err


# --- the report file ---------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("output", ["text", "json", "sarif", "html"])
def test_a_report_file_on_a_full_disk_is_one_error_naming_it(
    capsys: pytest.CaptureFixture[str], good: Path, output: str
) -> None:
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    code, _, err = check(capsys, "--format", output, "-o", "/dev/full", str(good))
    assert code == 2
    assert (
        err
        == "factlint: error: --output-file /dev/full: cannot write it (No space left on device)\n"
    )
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # written into, never replaced


@pytest.mark.slow
def test_a_report_file_that_cannot_be_written_whole_leaves_the_old_one(
    tmp_path: Path, good: Path
) -> None:
    report = tmp_path / "report.json"
    report.write_text("the old report\n", encoding="utf-8")

    def small_files() -> None:  # a full disk, as far as factlint can tell (EFBIG)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

    done = subprocess.run(
        [*FACTLINT, "--format", "json", "-o", str(report), str(good)],
        capture_output=True, text=True, timeout=60, preexec_fn=small_files, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    said = f"factlint: error: --output-file {report}: cannot write it (File too large)\n"
    assert done.stderr == said
    assert report.read_text(encoding="utf-8") == "the old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good", "report.json"]  # no temp


def test_a_full_disk_under_the_report_leaves_the_old_one_in_process(
    tmp_path: Path, good: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast tier's cover of the test above: the disk fills as the report is flushed."""
    report = tmp_path / "report.json"
    report.write_text("the old report\n", encoding="utf-8")

    def full_disk(descriptor: int) -> None:
        raise OSError(errno.EFBIG, os.strerror(errno.EFBIG))

    monkeypatch.setattr(os, "fsync", full_disk)
    code, _, err = run(capsys, "check", "--format", "json", "-o", str(report), str(good))
    assert code == 2
    assert err == f"factlint: error: --output-file {report}: cannot write it (File too large)\n"
    assert report.read_text(encoding="utf-8") == "the old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good", "report.json"]  # no temp


@pytest.mark.slow
def test_a_report_into_a_fifo_is_written_into_it(tmp_path: Path, good: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(
        target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True
    )
    reader.start()
    done = subprocess.run(
        [*FACTLINT, "--format", "json", "-o", str(fifo), str(good)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    reader.join(30)
    assert done.returncode == 1, done.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # not renamed over
    assert json.loads(received[0])["summary"]["errors"] >= 1


# --- honest exit status -------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("output", ["json", "sarif", "text"])
def test_the_exit_status_is_the_findings_when_the_reader_goes_away(
    tmp_path: Path, good: Path, output: str
) -> None:
    """``factlint check ... | head -c 10``: the reader has gone before the report is written."""
    process = subprocess.Popen(
        [*FACTLINT, "--format", output, str(good)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before anything is written: every write fails (EPIPE)
    err = process.stderr.read().decode()
    assert process.wait(60) == 1, err  # the seed article's BY001 fails the gate
    assert "Traceback" not in err and "error" not in err


# --- signals ---------------------------------------------------------------------------


def _children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _signals_as_at_a_terminal() -> None:
    """SIGINT as a terminal gives it: a suite started in the background (``pytest &``)
    hands its children an ignored SIGINT, which factlint rightly keeps ignoring."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
@pytest.mark.skipif(not BBC.is_dir(), reason="needs the BBC corpus")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_to_check_with_jobs_ends_every_worker(tmp_path: Path, signum: int) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for copy in range(10):  # enough work that the run is still going when the signal comes
        for path in sorted(BBC.glob("business_0*.txt"))[:60]:
            shutil.copy(path, folder / f"{copy}-{path.name}")
    with (tmp_path / "err").open("w") as err:  # not a pipe: a live worker would hold it open
        process = subprocess.Popen(
            [sys.executable, "-m", "factlint", "check", "--no-cache", "--jobs", "2", str(folder)],
            stdout=subprocess.DEVNULL, stderr=err,
            preexec_fn=_signals_as_at_a_terminal,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = _children(process.pid)
        assert len(workers) >= 2 and process.poll() is None
        process.send_signal(signum)
        status = process.wait(60)
    assert status == 128 + signum
    _, alive = psutil.wait_procs(workers, timeout=30)
    assert alive == [], [p.cmdline() for p in alive]
    assert "Traceback" not in (tmp_path / "err").read_text()


# --- bounded context ----------------------------------------------------------------------


@pytest.mark.slow
def test_context_is_bounded_per_finding_and_in_total(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "the.txt"
    path.write_text("A headline\n\n" + "the the " * 10_000 + "\n", encoding="utf-8")
    code, out, _ = check(capsys, "--select", "GR001", "--context", str(path))
    lines = out.splitlines()
    assert code == 1 and lines[-2].startswith(f"{path}:3:79997: warning GR001")  # each finding
    shown = [line for line in lines if line.startswith("    3 | ")]
    assert len(shown) == CONTEXT_FINDINGS
    assert f"(context: shown for the first {CONTEXT_FINDINGS} findings)" in lines
    assert all(len(line) <= LINE_CELLS + 2 for line in shown)
    assert shown[0].endswith("the th…") and shown[-1].startswith("    3 | …")
    assert len(out) < 2_000_000  # was 1.2 GB


# --- audit: one bad archive line is one error entry ------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("limit", [None, 20_000], ids=["default-stack", "deeper-stack"])
def test_one_bad_archive_line_is_one_error_entry_and_the_run_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, limit: int | None
) -> None:
    pytest.importorskip("distributed")
    before = sys.getrecursionlimit()
    body = '"text": "A headline\\n\\nThe body.\\n"'
    lines = {
        2: '{"path": "deep.txt", ' + body + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
        3: "[" * 5_000 + "]" * 5_000,
        4: '{"path": "deep-front-matter.txt", ' + body + ', "x": ' + "[" * 150 + "]" * 150 + "}",
        5: '{"path": "long-number.txt", ' + body + ', "n": ' + "9" * 5_000 + "}",
        6: '{"path": "surrogate.txt", "text": "A headline\\n\\nThe \\ud800 body.\\n"}',
    }
    good = json.dumps({"path": "good.txt", "text": ARTICLE})
    archive = tmp_path / "archive.jsonl"
    archive.write_text("\n".join([good, *lines.values(), good]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ("audit", str(archive), "-o", str(out), "--grammar", "none", "--workers", "1")
    sys.setrecursionlimit(limit or before)
    try:
        code, _, err = run(capsys, *args, "--no-archive-checks")
    finally:
        sys.setrecursionlimit(before)
    entries = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert code == 1, err
    assert [e["path"] for e in entries if e["error"] is None] == ["good.txt", "good.txt"]
    errors = {e["path"]: e["error"] for e in entries if e["error"] is not None}
    assert errors == {
        f"{archive}:2": "not an article: nested more than 100 deep",
        f"{archive}:3": "not an article: nested more than 100 deep",
        f"{archive}:4": "not an article: nested more than 100 deep",
        f"{archive}:5": "not an article: a number too long",
        f"{archive}:6": 'not an article: "path" or "text" holds a lone surrogate (\\ud800 ...): '
        "not Unicode text",
    }
    assert "internal error" not in err


@pytest.mark.parametrize("limit", [None, 20_000], ids=["default-stack", "deeper-stack"])
def test_deep_toml_is_the_same_error_whatever_the_stack_allows(
    tmp_path: Path, limit: int | None
) -> None:
    """Python's recursion limit decides where tomllib gives up; the error does not change
    with it (hypothesis, for one, raises the limit)."""
    path = tmp_path / PYPROJECT
    path.write_text("x = " + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(limit or before)
    try:
        with pytest.raises(ConfigError) as raised:
            load_file(path)
    finally:
        sys.setrecursionlimit(before)
    assert str(raised.value) == f"config {path}: invalid TOML: nested more than 100 deep"
