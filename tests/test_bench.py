"""bench/ as a package: ``python -m bench`` lists and runs the measurements; the injection
harness decides found or missed and counts recall; every measurement gives its figures as
JSON and compares them with its stored baseline; each runs end to end on a tiny corpus of
invented articles (``FACTLINT_CORPORA`` points them at it), in process, and skips cleanly,
with exit status 0, when its corpus is absent. Runs that start processes are ``bench``."""

from __future__ import annotations

import gzip
import importlib
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from bench import harness, outputs
from bench.__main__ import MEASUREMENTS
from bench.__main__ import main as bench_main

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
FUZZER = ROOT / "tests" / "fuzzer"  # the fuzz harness, beside the fuzz tests
NOT_MEASUREMENTS = {"__init__", "__main__", "corpora", "harness", "mqm", "outputs"}
MODULES = sorted(path.stem for path in BENCH.glob("*.py") if path.stem not in NOT_MEASUREMENTS)

# --- a tiny corpus, invented for these tests -------------------------------------------

HARBOUR = """Harbour firm to cut 120 jobs in Lisbon

Northgate Shipping is to cut 120 jobs at its yard in Lisbon, the company said on Tuesday.

"We have looked at every other option," said chief executive Amelia Okonkwo. "This is a \
sad day for the yard."

Ms Okonkwo said the 120 jobs would go by March 15, 2005, and that the firm would keep 300 \
staff.

Union leader Declan Brennan said the cuts were a blow to the town. Mr Brennan said his \
members would meet on Friday, and Mr Brennan called on the government to help.
"""
BAKERY = """Bakery chain opens 45 shops

Crumb and Company opened 45 shops across the north of England on Monday, March 14, 2005.

Founder Priya Mukherjee told reporters the 45 shops had created 400 jobs. Ms Mukherjee said \
sales had doubled since 2003.

"People want fresh bread," she said.
"""
SENATE = """Senate passes budget after long night

The Senate passed the budget on Tuesday after a debate that ran through the night.

"This is a good day for working families," said Senator Bernie Sanders, who voted for the \
bill. Sanders said the 52 senators who backed it had done the right thing.

Senator Ted Cruz said the bill spent too much. "We cannot keep borrowing," Cruz said. Cruz \
added that the 52 senators had ignored the voters.

President Barack Obama said yesterday that he would sign it.
"""
TRADE = """Clinton and Trump trade barbs over trade deals

Hillary Clinton and Donald Trump clashed on Tuesday over trade deals.

"Our workers deserve better," Clinton said at a rally in Ohio. Clinton said she would \
review every deal.

Donald Trump told supporters in Indiana that the deals were a disaster. "We will \
renegotiate all of them," Trump said.

President Barack Obama said on Monday that the deals had created jobs.
"""
SEGMENTS = (  # one MT document each, one sentence a segment
    ("The council met on Monday.", "It approved the new budget.", "The mayor said it was fair."),
    ("Prices rose again in May.", "Shoppers said they were worried.", "Ms. Lee said so too."),
)


def write_tsv(path: Path, rows: list[dict[str, str]]) -> None:
    lines = ["\t".join(rows[0]), *("\t".join(row.values()) for row in rows)]
    data = "\n".join(lines) + "\n"
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data.encode()))
    else:
        path.write_text(data, encoding="utf-8")


def span(text: str, part: str) -> dict[str, object]:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def make_bbc(base: Path) -> None:
    folder = base / "bbc_news" / "articles"
    folder.mkdir(parents=True)
    for name, text in (("business_001", HARBOUR), ("business_002", BAKERY)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "business_003.txt").write_text(HARBOUR, encoding="utf-8")
    write_tsv(
        base / "bbc_news" / "index.tsv",
        [
            {"id": "business_001", "duplicate_of": ""},
            {"id": "business_002", "duplicate_of": ""},
            {"id": "business_003", "duplicate_of": "business_001"},
        ],
    )


def make_polnear(base: Path) -> None:
    folder = base / "polnear"
    articles = {"train": ("alpha_senate", SENATE), "dev": ("beta_trade", TRADE)}
    for split, (name, text) in articles.items():
        (folder / "articles" / split).mkdir(parents=True)
        (folder / "articles" / split / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "articles" / "test").mkdir()  # never read: reading it would fail loudly
    (folder / "articles" / "test" / "gamma_test.txt").write_bytes(b"Never\x00read\n")
    write_tsv(
        folder / "metadata.tsv",
        [
            {"filename": "alpha_senate", "publication_date": "2016-03-01", "author": "Ana Reyes"},
            {"filename": "beta_trade", "publication_date": "2016-05-10", "author": "By Tom Hale"},
            {"filename": "gamma_test", "publication_date": "", "author": ""},
        ],
    )
    relations = [
        {
            "article": "beta_trade",
            "split": "dev",
            "source": [span(TRADE, "Clinton said")],
            "content": [span(TRADE, "Our workers deserve better,")],
        },
        {
            "article": "gamma_test",
            "split": "test",
            "source": [{"start": 0, "end": 5, "text": "Never"}],
            "content": [{"start": 6, "end": 10, "text": "read"}],
        },
    ]
    data = "".join(json.dumps(relation) + "\n" for relation in relations)
    (folder / "attributions.jsonl.gz").write_bytes(gzip.compress(data.encode()))


def make_jfleg(base: Path) -> None:
    (base / "jfleg").mkdir()
    wrong, right = "He go to school every days .", "He goes to school every day ."
    write_tsv(
        base / "jfleg" / "jfleg_dev.detok.tsv",
        [
            {"id": "dev-0", "source": wrong, **{f"ref{i}": right for i in range(4)}},
            {"id": "dev-1", "source": right, **{f"ref{i}": right for i in range(4)}},
        ],
    )


def make_mqm(base: Path) -> None:
    folder = base / "mt_news_mqm"
    folder.mkdir()
    segments, errors = [], []
    for number, sentences in enumerate(SEGMENTS):
        doc = f"news.{number}"
        for seg, target in enumerate(sentences, start=1):
            row = {"system": "SysA", "doc": doc, "seg": str(seg), "source": "-"}
            segments.append({**row, "target": target, "mqm": "0"})
        wrong = segments[-1]["target"]
        errors.append(
            {
                "system": "SysA",
                "doc": doc,
                "seg": segments[-1]["seg"],
                "rater": "rater2",
                "category": "Fluency/Grammar",
                "severity": "Minor",
                "side": "target",
                "start": "0",
                "end": "2",
                "span": wrong[:2],
                "target": wrong,
            }
        )
    write_tsv(folder / "segments.tsv.gz", segments)
    write_tsv(folder / "errors.tsv.gz", errors)


@pytest.fixture(scope="module")
def tiny_corpora(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("corpora")
    for make in (make_bbc, make_polnear, make_jfleg, make_mqm):
        make(base)
    return base


def load(stem: str, monkeypatch: pytest.MonkeyPatch | None = None) -> ModuleType:
    """The bench module ``stem`` (``fuzz``: the fuzz harness, imported as its own script)."""
    if stem == "fuzz":
        assert monkeypatch is not None
        monkeypatch.syspath_prepend(str(FUZZER))
        return importlib.import_module("fuzz")
    return importlib.import_module(f"bench.{stem}")


def run(
    stem: str, argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> tuple[int, str]:
    """Run ``bench/<stem>.py``'s main in process: its exit status, and stdout + stderr."""
    status = load(stem, monkeypatch).main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out + err


def run_json(
    stem: str, argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> tuple[int, Any]:
    """As :func:`run` with ``--json``: the exit status and the figures (stdout only)."""
    status = load(stem, monkeypatch).main([*argv, "--json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, json.loads(out)


# --- the shared helper ------------------------------------------------------------------


def test_corpora_reads_the_tiny_corpus(tiny_corpora: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTLINT_CORPORA", str(tiny_corpora))
    corpora = load("corpora")
    assert corpora.root() == tiny_corpora
    assert [p.stem for p in corpora.bbc_files(skip_duplicates=True)] == [
        "business_001",
        "business_002",
    ]
    found = corpora.news_files(limit=2)
    assert {name: [p.stem for p in files] for name, files in found.items()} == {
        "bbc_news": ["business_001", "business_002"],
        "polnear": ["alpha_senate", "beta_trade"],  # train, then dev; never test
    }
    assert corpora.polnear_dates() == {"alpha_senate": "2016-03-01", "beta_trade": "2016-05-10"}
    assert [r["article"] for r in corpora.polnear_attributions()] == ["beta_trade"]
    assert sorted(corpora.native_news()) == ["BBC", "US"]
    text = corpora.dated(corpora.read_article(found["polnear"][1]), "2016-05-10")
    ctx = corpora.context("beta_trade.md", text)
    assert str(ctx.article_date) == "2016-05-10"
    assert [a.speaker.name for a in ctx.attributions if a.speaker][:1] == ["Hillary Clinton"]
    assert corpora.missing(tiny_corpora, tiny_corpora / "nothing") == [tiny_corpora / "nothing"]


# --- the package and its command line -----------------------------------------------------


@pytest.mark.parametrize("stem", [*MODULES, "corpora", "harness", "outputs", "mqm"])
def test_imports_without_running(stem: str, capsys: pytest.CaptureFixture) -> None:
    module = load(stem)
    assert capsys.readouterr() == ("", "")
    assert stem not in MODULES or callable(module.main)


def test_every_measurement_is_listed_once_with_one_line(capsys: pytest.CaptureFixture) -> None:
    assert sorted(module for module, _ in MEASUREMENTS.values()) == MODULES
    assert bench_main(["--help"]) == 0
    listing = capsys.readouterr().out
    assert listing.startswith("usage: python -m bench NAME")
    for name, (_, summary) in MEASUREMENTS.items():
        assert f"  {name}" in listing and summary in listing and "\n" not in summary


def test_an_unknown_measurement_is_a_usage_error(capsys: pytest.CaptureFixture) -> None:
    assert bench_main(["inject-everything"]) == 2
    assert "no measurement 'inject-everything'" in capsys.readouterr().err
    assert bench_main([]) == 2


@pytest.mark.slow
def test_python_m_bench_runs_from_the_repository_root(tmp_path: Path) -> None:
    """The real command line: a measurement skips cleanly, with no corpus."""
    env = {"FACTLINT_CORPORA": str(tmp_path), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "bench", "inject-numbers", "--json"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "inject-numbers: skipped: not found:" in done.stdout


@pytest.mark.slow
def test_the_judging_script_path_still_runs(tmp_path: Path) -> None:
    """``python bench/judging.py`` (the lead's command) imports bench/ as the package."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, str(BENCH / "judging.py"), "--help"]
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "precision" in done.stdout


# --- the injection harness --------------------------------------------------------------

ARTICLE = "Head\n\nThe council met on Monday.\nIt cut 339 jobs.\n"


def _diagnostic(code: str, offset: int, length: int, text: str = ARTICLE) -> Any:
    from factlint.core.diagnostics import Diagnostic, Position, Severity

    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    start, end = Position(line, column), Position(line, column + length)
    return Diagnostic(code, "name", Severity.WARNING, "message", offset, length, start, end)


def test_a_case_is_found_only_by_a_finding_meeting_all_its_conditions() -> None:
    at = ARTICLE.index("339")
    case = harness.Case("count", "a.txt", ARTICLE, ("NU",), frozenset({4}), covers=at + 1)
    assert case.found_by(_diagnostic("NU001", at, 3))  # a prefix names the family
    assert not case.found_by(_diagnostic("HL001", at, 3))  # another code
    assert not case.found_by(_diagnostic("NU001", at + 3, 4))  # does not cover the offset
    line_2 = ARTICLE.index("The")
    anywhere = harness.Case("count", "a.txt", ARTICLE, ("NU001",))
    assert anywhere.found_by(_diagnostic("NU001", line_2, 3))
    assert not harness.Case("c", "a.txt", ARTICLE, ("NU001",), frozenset({4})).found_by(
        _diagnostic("NU001", line_2, 3)
    )
    within = harness.Case("c", "a.txt", ARTICLE, ("NU001",), within=(at, at + 3), needle="33")
    assert within.found_in([_diagnostic("HL001", at, 3), _diagnostic("NU001", at, 3)])
    assert not within.found_by(_diagnostic("NU001", at, 1))  # "3": the needle is not in it
    assert not within.found_by(_diagnostic("NU001", at - 4, 8))  # starts before the span


def test_the_tally_counts_recall_controls_and_subsets(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load("corpora").config(["NU"])
    tally = harness.Tally(config, keep_misses=5)
    at = ARTICLE.index("339")
    hit = _diagnostic("NU001", at, 3)
    found = harness.Case("digit", "a.txt", ARTICLE, ("NU001",), covers=at, also=("all",))
    missed = harness.Case("digit", "b.txt", ARTICLE, ("NU001",), covers=at - 10, note="x")
    quiet = harness.Case("right", "c.txt", ARTICLE, ("NU001",), control=True)
    alarm = harness.Case("right", "d.txt", ARTICLE, ("NU001",), control=True, note="y")
    assert tally.judge(found, [hit]) and not tally.judge(missed, [hit])
    assert not tally.judge(quiet, []) and tally.judge(alarm, [hit])
    figures = tally.figures(("digit", "swap"), controls=("right",))
    assert figures["classes"] == {
        "digit": {"cases": 2, "found": 1, "recall": 0.5},
        "swap": {"cases": 0, "found": 0, "recall": None},  # named, so given
        "right": {"cases": 2, "false_alarms": 1, "false_alarm_rate": 0.5},
        "all": {"cases": 1, "found": 1, "recall": 1.0},  # the subset a case is also in
    }
    assert [case.note for case in tally.misses] == ["x", "y"]  # a miss; a false alarm


def test_the_tally_checks_with_factlint_and_counts_the_untouched_articles() -> None:
    corpora = load("corpora")
    tally = harness.Tally(corpora.config(["NU"]))
    text = "Firm cuts 120 jobs\n\nThe firm cut 120 jobs. Later, the 120 jobs were gone.\n"
    assert tally.clean("a.txt", text) == []
    changed = text.replace("cut 120", "cut 210")
    case = harness.Case("count-swap", "a.txt", changed, ("NU001",), frozenset({3}))
    assert tally.judge(case)  # checked by factlint here: NU001 on the changed line
    figures = tally.figures()
    assert figures["articles"] == 1 and figures["words"] == len(text.split())
    assert figures["untouched"]["diagnostics"] == 0
    assert figures["classes"]["count-swap"] == {"cases": 1, "found": 1, "recall": 1.0}


def test_a_check_that_fails_is_an_error_not_a_miss(monkeypatch: pytest.MonkeyPatch) -> None:
    from factlint.core.results import FileResult

    failed = FileResult("a.txt", error="cannot read")
    monkeypatch.setattr(harness, "check_text", lambda *_: failed)
    with pytest.raises(harness.InjectionError, match=r"a\.txt: cannot read"):
        harness.check("a.txt", ARTICLE, load("corpora").config(["NU"]))


def test_every_injector_uses_the_harness() -> None:
    """No injector keeps a measuring loop of its own: none calls factlint's check_text."""
    injectors = [stem for stem in MODULES if stem.startswith("inject_")]
    injectors += ["archive_index", "facts_polnear"]
    for stem in injectors:
        source = (BENCH / f"{stem}.py").read_text(encoding="utf-8")
        assert "harness." in source, stem
        injecting = source.split("# --- costs")[0]  # archive_index times check_text below
        assert "check_text(" not in injecting.replace("``factlint.engine.run.check_text``", ""), (
            stem
        )


# --- figures, baselines and --compare -----------------------------------------------------


def test_flatten_names_every_number_by_its_path() -> None:
    figures = {
        "bbc": {"classes": {"swap": {"cases": 3, "recall": 0.5, "note": "text"}}, "ok": True},
        "rows": [{"code": "NU001", "count": 2}, {"kind": "bio", "variant": "top", "n": 1}, 4],
    }
    assert outputs.flatten(figures) == {
        "bbc.classes.swap.cases": 3.0,
        "bbc.classes.swap.recall": 0.5,
        "rows.NU001.count": 2.0,
        "rows.bio/top.n": 1.0,
        "rows.2": 4.0,
    }


def test_comparison_gives_each_figure_its_change() -> None:
    before = {"a": 10, "b": 0.5, "c": 3, "gone": 1}
    after = {"a": 12, "b": 0.5, "c": 0, "new": 7}
    assert outputs.comparison(before, after) == [
        ("a", "10", "12", "+2 (+20.0%)"),
        ("b", "0.5", "0.5", "="),
        ("c", "3", "0", "-3 (-100.0%)"),
        ("gone", "1", "-", "gone"),
        ("new", "-", "7", "new"),
    ]


def test_measured_argv_leaves_out_the_output_options() -> None:
    argv = ["--limit", "5", "--json", "--out", "f.json", "--compare", "--save-baseline", "x"]
    assert outputs.measured_argv(argv) == ["--limit", "5", "x"]
    assert outputs.measured_argv(["--out=f.json", "--seed", "3"]) == ["--seed", "3"]


@pytest.fixture
def baselines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "baselines"
    monkeypatch.setattr(outputs, "BASELINES", folder)
    return folder


def test_save_baseline_then_compare_on_the_tiny_corpus(
    tiny_corpora: Path,
    baselines: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    """The figures are stored with their command; ``--compare`` alone measures again with
    the baseline's arguments and prints each figure's change; ``--out`` writes the JSON."""
    monkeypatch.setenv("FACTLINT_CORPORA", str(tiny_corpora))
    status, _ = run("inject_numbers", ["--limit", "1", "--save-baseline"], monkeypatch, capsys)
    stored = json.loads((baselines / "inject-numbers.json").read_text(encoding="utf-8"))
    assert status == 0 and stored["measurement"] == "inject-numbers"
    assert stored["command"] == "python -m bench inject-numbers --limit 1"
    assert stored["argv"] == ["--limit", "1"]
    assert stored["figures"]["bbc_news"]["articles"] == 1
    stored["figures"]["bbc_news"]["articles"] = 2  # as if the baseline had been another
    (baselines / "inject-numbers.json").write_text(json.dumps(stored), encoding="utf-8")
    out = tmp_path / "now.json"
    status = load("inject_numbers").main(["--compare", "--out", str(out)])
    compared, text = capsys.readouterr()
    assert status == 0 and "bbc_news: 1 articles" in text  # the text report: on stderr
    assert "inject-numbers: now against inject-numbers.json" in compared
    assert "bbc_news.articles" in compared and "-1 (-50.0%)" in compared
    assert "1 changed" in compared and "note:" not in compared  # the same arguments
    assert json.loads(out.read_text(encoding="utf-8"))["polnear"]["articles"] == 1
    status, other = run("inject_numbers", ["--limit", "2", "--compare"], monkeypatch, capsys)
    assert "note: measured with other arguments than the baseline's: --limit 2" in other


def test_compare_without_a_baseline_says_how_to_make_one(
    tiny_corpora: Path,
    baselines: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    monkeypatch.setenv("FACTLINT_CORPORA", str(tiny_corpora))
    status, out = run("inject_dates", ["--compare"], monkeypatch, capsys)
    assert status == 0 and "inject-dates: no baseline at" in out and "--save-baseline" in out


def test_every_measurement_has_a_stored_baseline_made_by_its_command() -> None:
    for name in MEASUREMENTS:
        if name == "judging":  # precision from judged verdicts: bench/judged/ is its record
            continue
        stored = json.loads((BENCH / "baselines" / f"{name}.json").read_text(encoding="utf-8"))
        assert stored["measurement"] == name
        assert stored["command"] == " ".join(["python -m bench", name, *stored["argv"]])
        assert stored["recorded"] and stored["figures"], name
        assert outputs.flatten(stored["figures"]), name


# --- each measurement on the tiny corpus ------------------------------------------------

# Each run: its arguments, and lines (or parts of lines) it must print.
TINY_RUNS: dict[str, tuple[list[str], tuple[str, ...]]] = {
    "eval_grammar jfleg": (["jfleg"], ("JFLEG dev: 2 sentences, 1 need a correction",)),
    "eval_grammar news": (["news", "--limit", "2"], (": 2 articles,", "after  SP100:")),
    "archive_index": (["--limit", "5"], ("== bbc:", "== polnear:", "AR findings per article")),
    "eval_quotes": ([], ("PolNeAR train+dev: 1 direct-quote relations", "quote found")),
    "eval_sentences": ([], ("system SysA: 6 segments -> 2 paragraphs", "sentencex (factlint)")),
    "eval_translation": (
        ["--calibrate", "1", "--examples", "1"],
        ("BBC: 2 articles", "US: 2 articles", "2 built from the segments"),
    ),
    "facts_polnear": (["--show-misses", "1"], ("dev (register of polnear-dev.yaml): 1 articles",)),
    "inject_dates": ([], ("bbc_news: 3 articles", "polnear: 2 articles", "wrong-weekday")),
    "inject_headline_actor": ([], ("bbc_news: 3 articles", "polnear: 2 articles")),
    "inject_names": (["--limit", "5"], ("== bbc", "== polnear", "untouched: 2 articles")),
    "inject_capitalised": (
        ["--limit", "3"],
        ("bbc (seed 17): 2 articles", "capitalised                      2/2", "polnear"),
    ),
    "inject_numbers": (["--limit", "1"], ("bbc_news: 1 articles", "polnear: 1 articles")),
    "inject_quotes": ([], ("bbc_news: 3 articles", "polnear: 2 articles", "close-removed")),
}
SLOW_RUNS: dict[str, tuple[list[str], tuple[str, ...]]] = {  # they start processes
    "audit": (["--workers", "1", "--jobs", "1"], ("BBC: 3 articles", "audit --workers 1")),
    "audit names": (["--names"], ("PolNeAR train+dev: 2 articles as one archive",)),
    "html_report": (
        ["--count", "3", "--repeats", "1", "--grammar", "none", "--select", "ALL,HL004"],
        ("3 BBC articles, grammar none", "html / json"),  # HL004 (off by default): findings
    ),
    "eval_defaults": (["--limit", "1", "--jobs", "1"], ("bbc.json: 1 articles", "code    ")),
}


def _tiny_run(
    label: str,
    runs: dict[str, tuple[list[str], tuple[str, ...]]],
    tiny_corpora: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    """One run: the text report on stdout, the same figures as JSON in ``--out``."""
    monkeypatch.setenv("FACTLINT_CORPORA", str(tiny_corpora))
    argv, expected = runs[label]
    out = tmp_path / "figures.json"
    status, text = run(label.split()[0], [*argv, "--out", str(out)], monkeypatch, capsys)
    assert status == 0
    assert all(part in text for part in expected), text
    assert outputs.flatten(json.loads(out.read_text(encoding="utf-8"))), "figures, with numbers"


HARPER_RUNS = {"eval_grammar jfleg", "eval_grammar news", "inject_capitalised"}  # Harper: seconds


@pytest.mark.parametrize(
    "label",
    [
        pytest.param(label, marks=pytest.mark.slow) if label in HARPER_RUNS else label
        for label in sorted(TINY_RUNS)
    ],
)
def test_runs_on_a_tiny_corpus(
    label: str,
    tiny_corpora: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    _tiny_run(label, TINY_RUNS, tiny_corpora, tmp_path, monkeypatch, capsys)


@pytest.mark.bench
@pytest.mark.parametrize("label", sorted(SLOW_RUNS))
def test_runs_on_a_tiny_corpus_in_processes(
    label: str,
    tiny_corpora: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    _tiny_run(label, SLOW_RUNS, tiny_corpora, tmp_path, monkeypatch, capsys)


def test_injected_recall_on_the_tiny_corpus(
    tiny_corpora: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """The figures an injector gives: per corpus, per class, from the harness; with
    ``--json``, the JSON document is all it prints (no text report, on either stream)."""
    monkeypatch.setenv("FACTLINT_CORPORA", str(tiny_corpora))
    status, out = run("inject_dates", ["--json"], monkeypatch, capsys)
    figures = json.loads(out)
    bbc = figures["bbc_news"]
    assert status == 0 and bbc["articles"] == 3 and figures["polnear"]["articles"] == 2
    wrong, right = bbc["classes"]["wrong-weekday"], bbc["classes"]["right-weekday"]
    assert wrong["cases"] == right["cases"] > 0
    assert wrong["found"] == wrong["cases"] and wrong["recall"] == 1.0
    assert right == {"cases": wrong["cases"], "false_alarms": 0, "false_alarm_rate": 0.0}


def test_mine_mqm_runs_from_tools(
    tiny_corpora: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    monkeypatch.setenv("FACTLINT_CORPORA", str(tiny_corpora))
    monkeypatch.syspath_prepend(str(ROOT / "tools"))
    mine_mqm = importlib.import_module("mine_mqm")
    monkeypatch.setattr(mine_mqm.corpora, "mqm_folder", lambda: tiny_corpora / "mt_news_mqm")
    argv = ["--corpus", str(tiny_corpora / "mt_news_mqm"), "--native-corpora", str(tiny_corpora)]
    assert mine_mqm.main([*argv, "--tsv", str(tmp_path / "rows.tsv")]) == 0
    out = capsys.readouterr().out
    assert "native BBC:" in out and "== Hypotheses" in out


# --- throughput -----------------------------------------------------------------------------


def test_throughput_json_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    for name, text in (("harbour.txt", HARBOUR), ("bakery.txt", BAKERY), ("senate.md", SENATE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    argv = [str(tmp_path), "--jobs", "1", "--by-code", "--select", "NU,QT,HL004"]  # HL004: off
    status, data = run_json("throughput", argv, monkeypatch, capsys)
    assert status == 0
    assert data["files"] == 3 and data["files_unreadable"] == 0
    assert data["words"] == sum(len(t.split()) for t in (HARBOUR, BAKERY, SENATE))
    assert data["mb"] >= 0 and data["seconds"] > 0 and data["peak_memory_mb"] > 0
    assert set(data["by_severity"]) == {"error", "warning", "info"}
    assert data["diagnostics"] == sum(data["by_severity"].values())
    assert data["diagnostics"] == sum(row["count"] for row in data["by_code"])
    assert {"code", "name", "count", "per_1000_words", "per_article"} <= set(data["by_code"][0])
    status, data = run_json(
        "throughput", [str(tmp_path), "--limit", "2", "--jobs", "1"], monkeypatch, capsys
    )
    assert data["files"] == 2


def _desk(folder: Path, count: int) -> Path:
    """``count`` articles, taking turns among three."""
    texts = (HARBOUR, BAKERY, SENATE)
    for n in range(count):
        (folder / f"story{n:02}.txt").write_text(texts[n % 3], encoding="utf-8")
    return folder


@pytest.mark.bench
def test_throughput_jobs_gives_the_same_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from factlint.cli.check import IN_PROCESS_UP_TO

    folder = str(_desk(tmp_path, IN_PROCESS_UP_TO + 4))  # enough for worker processes
    found = {}
    for jobs in ("1", "2"):
        status, found[jobs] = run_json(
            "throughput", [folder, "--no-cache", "--jobs", jobs], monkeypatch, capsys
        )
        assert status == 0
    assert found["2"]["jobs"] == 2 and found["2"]["worker_peak_memory_mb"] > 0
    assert found["1"]["jobs"] == 1 and found["1"]["worker_peak_memory_mb"] is None
    timings = ("seconds", "mb_per_s", "jobs", "peak_memory_mb", "worker_peak_memory_mb")
    assert {k: v for k, v in found["1"].items() if k not in timings} == {
        k: v for k, v in found["2"].items() if k not in timings
    }
    status, out = run("throughput", [folder, "--jobs", "2", "--limit", "20"], monkeypatch, capsys)
    assert status == 0 and "peak memory MB, worker" in out


def test_throughput_times_harper_alone_and_proselint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    folder = str(_desk(tmp_path, 3))
    status, data = run_json("throughput", [folder, "--engine", "harper"], monkeypatch, capsys)
    assert status == 0 and data["engine"] == "harper" and data["files"] == 3
    assert data["found"] >= 0 and data["seconds"] > 0
    throughput = load("throughput")
    monkeypatch.setattr(throughput, "proselint_installed", lambda: False)
    assert throughput.main([folder, "--engine", "proselint"]) == 0
    assert "skipped: proselint is not installed" in capsys.readouterr().out


@pytest.mark.bench
def test_throughput_side_by_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    folder = str(_desk(tmp_path, 3))
    throughput = load("throughput")
    monkeypatch.setattr(throughput, "proselint_installed", lambda: False)
    argv = [folder, "--side-by-side", "--repeat", "1", "--jobs", "1"]
    status, data = run_json("throughput", argv, monkeypatch, capsys)
    assert status == 0
    assert [row["label"] for row in data["runs"]] == ["factlint --jobs 1", "Harper alone"]
    assert all(row["files"] == 3 and row["wall_seconds"] > 0 for row in data["runs"])
    assert set(data["ratios"]) == {"factlint --jobs 1 / Harper alone"}
    assert data["skipped"] == ["proselint (not installed)"] and data["cpu_contention"] > 0
    throughput.print_compare(data)
    out = capsys.readouterr().out
    assert "factlint --jobs 1 / Harper alone" in out and "skipped: proselint" in out


# --- fix safety, the fuzz harness, start-up, the language server ------------------------------


def test_fix_safety_measures_each_kind_of_change() -> None:
    fix_safety = load("fix_safety")
    original = (
        "Head\n\nThe show Advance Warning opens. They flew to the US. "
        "The the cat sat. Add to this this rule. I said okay.\n"
    )
    fixed = (
        "Head\n\nThe show Warning opens. They flew to the U.S.. "
        "The cat sat. Add to this rule. I said OK.\n"
    )

    def span(code: str, old: str, new: str, nth: int = 0) -> Any:
        offset = original.index(old, original.index(old) + 1) if nth else original.index(old)
        return fix_safety.FixSpan(code, offset, len(old), new)

    spans = [
        span("ST401", "Advance Warning", "Warning"),
        span("ST102", "US", "U.S."),
        span("GR001", " the", "", 1),
        span("GR001", " this", "", 1),
        span("ST107", "okay", "OK"),
    ]
    figures = fix_safety.Figures()
    fix_safety.compare("story", original, fixed, sorted(spans, key=lambda s: s.offset), figures, 1)
    found = {kind: dict(by_code) for kind, by_code in figures.kinds.items()}
    assert found == {
        "doubled_punctuation": {"ST102": 1},
        "word_removed": {"ST401": 1},
        "purposeful_doubling_removed": {"GR001": 1},  # "this this"; "The the" is a slip
        "word_replaced": {"ST107": 1},
        "capitalised_to_unseen_form": {"ST102": 1},
    }
    assert figures.changes == 5 and figures.bytes_outside == 0
    assert figures.examples["word_removed"] == ["story@14 ST401: 'Advance' -> ''"]
    stray = fixed.replace("cat sat", "dog sat")  # a change no fix span covers
    assert fix_safety.bytes_outside(original, stray, spans) == len("cat") + len("dog")


@pytest.mark.bench
def test_fix_safety_figures(
    tiny_corpora: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    monkeypatch.setenv("FACTLINT_CORPORA", str(tiny_corpora))
    out = tmp_path / "figures.json"
    status, text = run("fix_safety", ["--jobs", "1", "--out", str(out)], monkeypatch, capsys)
    assert status == 0
    for line in ("BBC: 3 articles, copied", "refused before writing:", "outside the fix spans:"):
        assert line in text
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["articles"] == 3
    kinds = ("doubled_punctuation", "word_removed", "word_replaced", "capitalised_to_unseen_form")
    assert all(data[kind] == 0 for kind in kinds)  # the safe fixes of the defaults
    assert data["bytes_outside_fix_spans"] == 0 and data["fixes_skipped"] == 0


NO_CORPUS = {"startup", "lsp_latency", "judging"}  # the seed fixture; judged items
ABSENT_RUNS: dict[str, list[str]] = {stem: [] for stem in MODULES if stem not in NO_CORPUS} | {
    "throughput": ["{absent}/bbc_news/articles"],
    "audit names": ["--names"],
    "eval_grammar": ["jfleg"],
    "eval_grammar news": ["news"],
}


@pytest.mark.parametrize("label", sorted(ABSENT_RUNS))
def test_skips_without_its_corpus(
    label: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    absent = tmp_path / "no-corpora"
    monkeypatch.setenv("FACTLINT_CORPORA", str(absent))
    argv = [arg.format(absent=absent) for arg in ABSENT_RUNS[label]]
    if label.split()[0] in ("eval_translation", "eval_sentences"):  # their defaults: at import
        corpus = absent / "mt_news_mqm"
        argv += ["--corpus", str(corpus / "segments.tsv.gz" if "sentences" in label else corpus)]
    status, out = run(label.split()[0], argv, monkeypatch, capsys)
    assert status == 0
    assert "skipped: not found:" in out and str(absent) in out


@pytest.mark.slow
def test_fuzz_run_checks_generated_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    argv = ["run", "--count", "15", "--seed", "3", "--crashes", str(tmp_path)]
    status, out = run("fuzz", argv, monkeypatch, capsys)
    assert "15 articles (seed 3, grammar none)" in out, out
    assert status in (0, 1)  # 1: a known crash (a front-matter date, sentencex) was found


@pytest.mark.bench
def test_startup_times_the_seed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    status, figures = run_json("startup", ["--quick", "--repeats", "1"], monkeypatch, capsys)
    assert status == 0
    assert list(figures) == [
        "import",
        "none",
        "unchanged (result cache)",
        "harper, warm",
        "harper, 1 paragraph edited",
        "Harper alone",
    ]
    assert all(len(f["runs"]) == 1 and f["median"] > 0 for f in figures.values())


def test_startup_skips_a_missing_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    status, out = run("startup", [str(tmp_path / "absent.txt")], monkeypatch, capsys)
    assert status == 0 and "skipped: not found:" in out


@pytest.mark.bench
def test_lsp_latency_drives_the_server_over_the_seed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    pytest.importorskip("pygls")
    argv = ["--edits", "3", "--memory-edits", "2", "--grammar", "none"]
    status, figures = run_json("lsp_latency", argv, monkeypatch, capsys)
    assert status == 0
    assert figures["server"]["count"] == figures["check_text"]["count"] == 3
    assert figures["server"]["median_ms"] > 0 and figures["check_text"]["median_ms"] > 0
    assert figures["memory"]["edits"] == 5


def test_lsp_latency_types_a_new_text_each_keystroke() -> None:
    keystrokes = load("lsp_latency").keystrokes
    seed = "Head\n\n" + "A paragraph of the story that is long enough to be typed into. " * 2
    texts = keystrokes(seed, 30)
    assert len(set(texts)) == 30
    assert all(
        len(after) == len(before) + 1
        for before, after in zip([seed, *texts[:-1]], texts, strict=True)
    )


def test_lsp_latency_takes_its_old_compare_option_as_against() -> None:
    against = load("lsp_latency")._against
    assert against(["--compare", "/work/main", "--rounds", "1"]) == [
        "--against",
        "/work/main",
        "--rounds",
        "1",
    ]
    assert against(["--compare", "--json"]) == ["--compare", "--json"]  # the baseline's
