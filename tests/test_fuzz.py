"""Generated articles: every check finishes in time, without a traceback, with diagnostics
that lie inside the text and whose line and column agree with their offsets.

The strategies mix what troubles the native extensions (NBSP, U+2028, U+2029, U+0085 next to
initials and full stops), Unicode separators, front matter with dates, long paragraphs, quotes
and brackets. The sentencex panic and impossible front-matter dates once crashed factlint;
their inputs stay here, and under tests/fuzz_regressions/, as regressions.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import astuple
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factlint.core.results import FileResult
from factlint.engine.config import from_mapping
from factlint.engine.run import check_text

NO_GRAMMAR = from_mapping({"grammar": {"backend": "none"}}, None)
SEPARATORS = ["\u00a0", "\u2028", "\u2029", "\u0085", "\u2009", "\u202f", "\u3000", "\t", "\ufeff"]
PIECES = [
    "“",
    "”",
    '"',
    "‘",
    "’",
    "'",
    "(",
    ")",
    "[",
    "]",
    ". ",
    ", ",
    ": ",
    "? ",
    " — ",
    "I",
    "J. ",
    "Mr. ",
    "Kishida",
    "Fumio Kishida",
    " said ",
    " she said. ",
    " told reporters: ",
    "According to Ms Tanaka, ",
    "We will go",
    "PENCE: ",
    "\n",
    "\n\n",
    "1.5 ",
    "2024",
]
FRAGMENTS = st.sampled_from(PIECES + SEPARATORS)
PARAGRAPH = st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=40).map("".join)
UNIT = st.sampled_from(
    ["“We will go,” she said. ", "Kishida said: “No.” ", "“Fine.” ", "(He left [twice]). "]
)
LONG_PARAGRAPH = st.tuples(UNIT, st.integers(50, 400)).map(lambda pair: pair[0] * pair[1])
VALID_DATE = st.dates().map(lambda d: d.isoformat())
IMPOSSIBLE_DATE = st.sampled_from(["2024-02-30", "2023-13-01", "2024-00-10", "2024-04-31"])

# sentencex panics on a multi-byte space before a full stop ("I\u00a0. It rained."): fixed in
# article/sentences.py by another change; the property tests leave such inputs out meanwhile.


def front_matter(date: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return date.map(lambda d: f"---\ntitle: A headline\ndate: {d}\n---\n")


ARTICLES = st.tuples(
    st.one_of(st.just(""), front_matter(VALID_DATE)),
    st.lists(st.one_of(PARAGRAPH, LONG_PARAGRAPH), min_size=1, max_size=6),
).map(lambda parts: parts[0] + "# A headline\n\nBy Jane Doe\n\n" + "\n\n".join(parts[1]))

FUZZ = settings(
    max_examples=120,
    deadline=5000,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def assert_sound(result: FileResult, text: str) -> None:
    """No internal error; every diagnostic inside the text, its position its offset's."""
    assert result.error is None or "internal error" not in result.error, result.error
    for diagnostic in result.diagnostics:
        assert 0 <= diagnostic.offset <= len(text), diagnostic
        assert 0 <= diagnostic.length <= len(text) - diagnostic.offset, diagnostic
        assert astuple(diagnostic.start) == position(text, diagnostic.offset), diagnostic
        assert astuple(diagnostic.end) == position(text, diagnostic.offset + diagnostic.length), (
            diagnostic
        )


def position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return (text.count("\n", 0, offset) + 1, offset - line_start + 1)


def check(text: str, markdown: bool = True) -> FileResult:
    result = check_text("a.md" if markdown else "a.txt", text, NO_GRAMMAR)
    assert_sound(result, result.text if result.text is not None else text)
    return result


@FUZZ
@given(text=ARTICLES, markdown=st.booleans())
def test_generated_articles_check_soundly(text: str, markdown: bool) -> None:
    check(text, markdown)


@FUZZ
@given(paragraphs=st.lists(LONG_PARAGRAPH, min_size=1, max_size=3))
def test_long_quote_paragraphs_check_soundly(paragraphs: list[str]) -> None:
    check("# A headline\n\n" + "".join(paragraphs))


@pytest.mark.parametrize("separator", ["\u00a0", "\u2028", "\u2029", "\u0085"])
def test_multibyte_space_before_a_full_stop(separator: str) -> None:
    check(f"# A headline\n\nI{separator}. It rained.\n")


@settings(max_examples=4, deadline=5000, derandomize=True)
@given(matter=front_matter(IMPOSSIBLE_DATE))
def test_impossible_front_matter_dates(matter: str) -> None:
    check(matter + "# A headline\n\nIt rained, she said.\n")


REGRESSIONS = sorted(
    p for p in (Path(__file__).parent / "fuzz_regressions").glob("*.md") if p.name != "README.md"
)


@pytest.mark.parametrize(
    "path",
    [p for p in REGRESSIONS],
    ids=[p.stem for p in REGRESSIONS],
)
def test_fuzz_regressions(path: Path) -> None:
    started = time.monotonic()
    check(path.read_text(encoding="utf-8"))
    assert time.monotonic() - started < 5, "over the time budget"


def test_qt005_reads_the_text_before_quotes_once_per_article(monkeypatch) -> None:
    """A paragraph of thousands of pronoun-attributed quotes (found by the fuzzing: 84 KB
    took 30 s) costs one search of the text for a description of a speaker, not one each."""
    from factlint.engine.config import from_mapping
    from factlint.engine.run import check_text
    from factlint.rules.quotes import speaker_not_introduced

    searched = []

    class Counting:
        def search(self, *args):
            searched.append(args)
            return pattern.search(*args)

    pattern = speaker_not_introduced._ROLE
    monkeypatch.setattr(speaker_not_introduced, "_ROLE", Counting())
    text = "Head\n\n" + "“We will go,” she said. " * 3000 + "\n\nThe minister left.\n"
    config = from_mapping({"grammar": {"backend": "none"}, "select": ["QT005"]}, None)
    result = check_text("a.txt", text, config)
    assert len(searched) == 1
    assert [d.code for d in result.diagnostics] == ["QT005"] * 3000


# --- issue 25's shapes, through the command line ------------------------------------------
#
# Synthetic inputs (no corpus text), made here rather than stored: some are 300 KB. Each
# runs through `factlint check --format json` in a subprocess with a 4 GB address-space
# limit and a hang guard (a native abort, a runaway allocation or a hang fails the test,
# not the suite): the exit status must not be 3 or a signal, nothing may say "internal
# error" or print a traceback, and the JSON report must be whole. `tests/fuzzer/fuzz.py` finds
# such shapes and measures their CPU time; here only their behaviour is asserted.
#
# AWAITING_FIX lists the shapes that fail on main (issue 25): they are marked xfail and not
# run (a slow one takes minutes). Remove a shape from it when its fix is merged;
# `FACTLINT_ALL_SHAPES=1 pytest tests/test_fuzz.py -k shape` runs them all anyway.

HEADLINE = "A headline\n\nJane Doe said on Monday that the talks would go on.\n\n"
ARTICLE_SHAPES: dict[str, Callable[[], bytes]] = {
    "front-matter-control-character": lambda: b"---\ntitle: a\x0bb\n---\n" + HEADLINE.encode(),
    "front-matter-deep-nesting": lambda: (
        "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n" + HEADLINE
    ).encode(),
    "front-matter-python-tag": lambda: (
        "---\ntitle: !!python/object/apply:os.system ['true']\n---\n" + HEADLINE
    ).encode(),
    "huge-number": lambda: (HEADLINE + "It rose to " + "1" * 4301 + " people.\n").encode(),
    "long-capitalised-word": lambda: (HEADLINE + "She met " + "A" + "a" * 2999 + ".\n").encode(),
    "long-word": lambda: (HEADLINE + "b" * 100_000 + "\n").encode(),
    "backtick-flood": lambda: (HEADLINE + "`" * 8000 + " word" * 2000 + "\n").encode(),
    "bracket-flood": lambda: (HEADLINE + "[" * 150_000 + "]" * 150_000 + "\n").encode(),
    "punctuation-line": lambda: (HEADLINE + "-" * 60_000 + "\n").encode(),
    "repeated-words": lambda: (HEADLINE + "the " * 20_000 + "\n").encode(),
    "nested-quotes": lambda: (HEADLINE + ">" * 5000 + " quoted\n").encode(),
    "nested-lists": lambda: (HEADLINE + "\n".join("  " * i + "- a" for i in range(400))).encode(),
    "lone-surrogate": lambda: HEADLINE.encode() + b"It \xed\xa0\x80 rained.\n",
    "bom-crlf-nul": lambda: (
        b"\xef\xbb\xbf" + (HEADLINE * 200).encode().replace(b"\n", b"\r\n") + b"late \x00 NUL\r\n"
    ),
}
HARPER_SHAPES: dict[str, Callable[[], bytes]] = {
    "harper-long-word": lambda: (HEADLINE + "b" * 100_000 + "\n").encode(),
    "harper-punctuation-line": lambda: (HEADLINE + "=" * 60_000 + "\n").encode(),
}
PACK = (
    "pack: desk\ndescription: d\nsource: s\nprefix: DK\nrules:\n  - {code: DK001, name: a-rule, "
    "examples: {bad: [the talks], good: [b]}, "
)
CONFIG_SHAPES: dict[str, dict[str, bytes | None]] = {
    "config-control-character": {".factlint.yaml": b"ignore: [GR001]\ntimeout: 5\x01\n"},
    "config-deep-nesting": {".factlint.yaml": b"ignore: " + b"[" * 5000 + b"]" * 5000},
    "config-wrong-type": {".factlint.yaml": b"fail-on: [error]\nseverity: 5\n"},
    "pyproject-tool-5": {"pyproject.toml": b'tool = 5\n[project]\nname = "x"\n'},
    "toml-deep-nesting": {"pyproject.toml": b"[tool.factlint]\nx = " + b"[" * 2000 + b"]" * 2000},
    "pack-regex-bomb": {
        ".factlint.yaml": b"pack-paths: [styles/]\n",
        "styles/desk.yaml": (
            PACK + "kind: existence, severity: warning, message: m, pattern: "
            "'(?:(?:(?:a{1000}){1000}){1000})'}\n"
        ).encode(),
    },
    "pack-swap-bad-group": {
        ".factlint.yaml": b"pack-paths: [styles/]\n",
        "styles/desk.yaml": (
            PACK + "kind: substitution, severity: warning, message: m, swap: {'(talks)': '\\2'}}\n"
        ).encode(),
    },
    "dictionary-is-a-folder": {".factlint.yaml": b"dictionary: words\n", "words": None},
    "facts-is-a-folder": {".factlint.yaml": b"facts: facts\n", "facts": None},
    "nul-in-a-path": {".factlint.yaml": b'allow-outside-paths: true\ndictionary: "w\\0.txt"\n'},
    "extend-exclude-stars": {".factlint.yaml": b'extend-exclude: ["' + b"*" * 40 + b'a"]\n'},
}
AWAITING_FIX: dict[str, str] = {  # shape: what fails on main today (reason shown)
    # Every shape above failed on main at 2bedf9b (exit 3, an abort, minutes of CPU) but for
    # the deep YAML config and the folders named as files; all pass since the merge of the
    # issue 25 branches (main at 1b32e49). A new shape found failing goes here until fixed.
}
HANG_GUARD = 300  # seconds: a guard against a hang, not a measure of speed


def shape_param(name: str) -> object:
    if name in AWAITING_FIX and not os.environ.get("FACTLINT_ALL_SHAPES"):
        reason = f"issue 25: fails on main today ({AWAITING_FIX[name]}); fixed on another branch"
        return pytest.param(name, marks=pytest.mark.xfail(reason=reason, run=False), id=name)
    return pytest.param(name, id=name)


def run_check(folder: Path, *options: str) -> subprocess.CompletedProcess:
    """``factlint check --format json`` over ``folder``, in a process that cannot take the
    machine's memory."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    command = [
        sys.executable,
        "-m",
        "factlint",
        "check",
        "--format",
        "json",
        "--no-cache",
        "--no-progress",
        "-j",
        "1",
        *options,
        ".",
    ]
    env = {**os.environ, "FACTLINT_CACHE_DIR": str(folder.parent / "cache")}
    return subprocess.run(
        command, cwd=folder, capture_output=True, timeout=HANG_GUARD, env=env, preexec_fn=limit
    )


def assert_handled(done: subprocess.CompletedProcess) -> dict:
    said = (done.stdout + done.stderr).decode("utf-8", "replace")
    assert done.returncode in (0, 1, 2), f"exit {done.returncode}: {said[-500:]}"
    assert "internal error" not in said and "Traceback" not in said, said[-500:]
    return json.loads(done.stdout)


def shapes_run(tmp: Path, shapes: dict[str, Callable[[], bytes]], *options: str) -> dict:
    """Each shape that is to run, as a file of one folder, checked in one run: the JSON
    report's entries by shape."""
    folder = tmp / "shapes"
    folder.mkdir()
    for name, build in shapes.items():
        if name not in AWAITING_FIX or os.environ.get("FACTLINT_ALL_SHAPES"):
            (folder / f"{name}.md").write_bytes(build())
    report = assert_handled(run_check(folder, *options))
    return {Path(entry["path"]).stem: entry for entry in report["files"]}


@pytest.fixture(scope="module")
def article_shapes(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return shapes_run(tmp_path_factory.mktemp("articles"), ARTICLE_SHAPES, "--grammar", "none")


@pytest.fixture(scope="module")
def harper_shapes(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return shapes_run(tmp_path_factory.mktemp("harper"), HARPER_SHAPES, "--grammar", "harper")


@pytest.mark.parametrize("name", [shape_param(name) for name in ARTICLE_SHAPES])
def test_article_shape_is_checked_or_refused_in_one_line(name: str, article_shapes: dict) -> None:
    entry = article_shapes[name]
    assert entry["error"] is None or "internal error" not in entry["error"], entry["error"]


@pytest.mark.parametrize("name", [shape_param(name) for name in HARPER_SHAPES])
def test_harper_shape_is_checked_or_refused_in_one_line(name: str, harper_shapes: dict) -> None:
    entry = harper_shapes[name]
    assert entry["error"] is None or "internal error" not in entry["error"], entry["error"]


@pytest.mark.parametrize("name", [shape_param(name) for name in CONFIG_SHAPES])
def test_config_shape_is_an_input_error(name: str, tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    for relative, data in {**CONFIG_SHAPES[name], "a.md": HEADLINE.encode()}.items():
        path = folder / relative
        if data is None:
            path.mkdir(parents=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    done = run_check(folder, "--grammar", "none")
    assert_handled(done)


# --- the harness of tests/fuzzer/fuzz.py ------------------------------------------------------

BENCH = Path(__file__).resolve().parent / "fuzzer"  # the fuzz harness, with its parts


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(BENCH))
    return BENCH


def test_mutations_are_made_again_from_their_seed(bench: Path) -> None:
    import random

    from fuzzing import mutators

    text = HEADLINE * 3
    first = [mutators.mutate_article(random.Random(f"7/{i}"), text, 0.5) for i in range(30)]
    again = [mutators.mutate_article(random.Random(f"7/{i}"), text, 0.5) for i in range(30)]
    assert first == again
    assert all(len(data) <= mutators.MAX_BYTES for data, _ in first)
    assert {name for _, names in first for name in names} & set(mutators.HEAVY)


def test_each_heavy_shape_is_put_in(bench: Path) -> None:
    import random

    from fuzzing import mutators

    marks = {"long-token": 1000, "punctuation-run": 1000, "bracket-flood": 500}
    for name, least in marks.items():
        mutated = mutators.HEAVY[name][1](random.Random(1), HEADLINE)
        assert len(mutated) >= len(HEADLINE) + least, name


def fake_runner(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "runner.py"
    script.write_text(f"import os, sys\nsys.stdin.readline()\n{body}\n", encoding="utf-8")
    return script


@pytest.mark.parametrize(
    ("body", "kind", "said", "wall"),
    [
        ("os.abort()", "abort", "SIGABRT", 120),
        ("while True: pass", "over-budget", "CPU", 120),
        ("import time; time.sleep(60)", "hang", "wall", 1.5),
    ],
)
def test_the_supervisor_names_the_input_that_aborts_or_runs_on(
    bench: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    body: str,
    kind: str,
    said: str,
    wall: float,
) -> None:
    from fuzzing import supervisor

    monkeypatch.setattr(supervisor, "RUNNER", fake_runner(tmp_path, body))
    monkeypatch.setattr(supervisor, "wall_cap", lambda seconds: seconds)
    limits = supervisor.Limits(budget=0.3, kill_after=0.5, wall_cap=wall)
    runner = supervisor.Runner(tmp_path / "log", limits, dict(os.environ))
    try:
        answer = runner.run({"argv": [], "cwd": str(tmp_path)})
    finally:
        runner.stop()
    assert answer["kind"] == kind and said in answer["detail"], answer


def test_the_cli_mode_checks_and_tallies_inputs(bench: Path, tmp_path: Path) -> None:
    import fuzz

    crashes = tmp_path / "crashes"
    argv = [
        "cli",
        "--count",
        "3",
        "--seed",
        "5",
        "--jobs",
        "1",
        "--generated-only",
        "--json",
        "--crashes",
        str(crashes),
        "--workdir",
        str(tmp_path / "work"),
    ]
    status = fuzz.main(argv)
    figures = json.loads((crashes / "summary.json").read_text(encoding="utf-8"))
    assert figures["inputs"] == 3 and figures["max_cpu_s"] > 0
    assert status == (1 if any(figures["failures"].values()) else 0)
    saved = (
        [line.split("\t")[1] for line in (crashes / "summary.tsv").read_text().splitlines()]
        if (crashes / "summary.tsv").exists()
        else []
    )
    assert all((Path(folder) / "meta.json").is_file() for folder in saved)


@pytest.mark.slow
def test_the_cpu_of_a_process_tree_counts_its_children(bench: Path, tmp_path: Path) -> None:
    from fuzzing import supervisor

    script = tmp_path / "parent.py"
    spin = "import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass"
    script.write_text(
        f"import subprocess, sys, time\nsubprocess.Popen([sys.executable, '-c', {spin!r}])\n"
        "time.sleep(30)\n",
        encoding="utf-8",
    )
    parent = subprocess.Popen([sys.executable, str(script)])
    try:
        deadline = time.monotonic() + 60  # a hang guard: the child spins for 0.5 s of CPU
        while supervisor.tree_cpu_seconds(parent.pid) < 0.5 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert supervisor.tree_cpu_seconds(parent.pid) >= 0.5
        assert supervisor.cpu_seconds(parent.pid) < 0.5  # the parent's own: it sleeps
    finally:
        parent.kill()
        parent.wait()


DYING_SERVER = """import os, sys
from factlint.cli.main import main
from factlint.lsp import server

schedule, seen = server.FactlintServer.schedule, set()


def schedule_or_die(self, uri, delay):
    if "/doc-" in uri:
        seen.add(uri)
    if {dies}:
        os.abort()
    return schedule(self, uri, delay)


server.FactlintServer.schedule = schedule_or_die
if __name__ == "__main__":  # not in the check processes, which run this file as spawn does
    sys.exit(main(sys.argv[1:]))
"""


def lsp_fuzz(bench: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dies: str) -> dict:
    """Four document runs (seed 3) on a server that aborts when ``dies``; the summary."""
    import fuzz
    from fuzzing import lsp

    script = tmp_path / "dying_server.py"
    script.write_text(DYING_SERVER.format(dies=dies), encoding="utf-8")
    monkeypatch.setattr(lsp, "COMMAND", [sys.executable, str(script)])
    crashes = tmp_path / "crashes"
    shares = ["--framing-share", "0", "--framing-end-share", "0", "--starve-share", "0"]
    argv = ["lsp", "--count", "4", "--seed", "3", "--generated-only", "--heavy-share", "0"]
    argv += [*shares, "--json", "--crashes", str(crashes), "--workdir", str(tmp_path / "work")]
    status = fuzz.main(argv)
    figures = json.loads((crashes / "summary-lsp.json").read_text(encoding="utf-8"))
    assert status == (1 if figures["failures"] else 0)
    assert figures["inputs"] == 4 and figures["runs_by_kind"] == {"document": 4}
    return figures


@pytest.mark.slow
def test_an_lsp_run_that_kills_the_server_is_made_again_alone_and_reported(
    bench: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fuzz

    figures = lsp_fuzz(bench, tmp_path, monkeypatch, dies='"/doc-2." in uri')
    assert figures["aborts"] == 1 and figures["failures"] == {"abort": 1}
    (saved,) = (tmp_path / "crashes" / "abort").iterdir()
    meta = json.loads((saved / "meta.json").read_text(encoding="utf-8"))
    assert meta["index"] == 2 and meta["alone"] and meta["in_session"]["kind"] == "abort"
    assert b"/doc-2." in (saved / "messages.bin").read_bytes()
    assert fuzz.main(["replay", str(saved), "--json"]) == 1  # it still aborts


@pytest.mark.slow
def test_an_lsp_failure_made_only_in_a_shared_server_is_a_note(
    bench: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server dies at its second document: never alone, so no run fails."""
    figures = lsp_fuzz(bench, tmp_path, monkeypatch, dies="len(seen) >= 2")
    assert figures["failures"] == {} and figures["notes"] == {"only-in-session": 2}
    saved = sorted(path.name for path in (tmp_path / "crashes" / "only-in-session").iterdir())
    assert saved == ["lsp-3-1-document", "lsp-3-3-document"]
