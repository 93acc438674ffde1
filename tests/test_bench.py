"""The bench scripts: each imports without running anything, runs end to end on a tiny
corpus of invented articles (``FACTLINT_CORPORA`` points them at it), and skips cleanly,
with exit status 0, when its corpus is absent."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SCRIPTS = sorted(path.stem for path in BENCH.glob("*.py") if path.stem != "corpora")

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


# --- the shared helper ------------------------------------------------------------------


def test_corpora_reads_the_tiny_corpus(tiny_corpora: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTLINT_CORPORA", str(tiny_corpora))
    corpora = load("corpora", monkeypatch)
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


# --- loading and running the scripts ---------------------------------------------------


@pytest.fixture(autouse=True)
def _bench_on_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The scripts import their shared helper (and eval_translation mine_mqm) from bench/."""
    monkeypatch.syspath_prepend(str(BENCH))
    yield


def load(stem: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location(stem, BENCH / f"{stem}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, stem, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def run(
    stem: str, argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> tuple[int, str]:
    status = load(stem, monkeypatch).main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out + err


@pytest.mark.parametrize("stem", [*SCRIPTS, "corpora"])
def test_imports_without_running(
    stem: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    module = load(stem, monkeypatch)
    assert capsys.readouterr() == ("", "")
    assert stem == "corpora" or callable(module.main)


def test_bench_json_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    for name, text in (("harbour.txt", HARBOUR), ("bakery.txt", BAKERY), ("senate.md", SENATE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    argv = [str(tmp_path), "--json", "--by-code", "--select", "ALL,HL004"]  # HL004: off by default
    status, out = run("bench", argv, monkeypatch, capsys)
    data = json.loads(out)
    assert status == 0
    assert data["files"] == 3 and data["files_unreadable"] == 0
    assert data["words"] == sum(len(t.split()) for t in (HARBOUR, BAKERY, SENATE))
    assert data["mb"] >= 0 and data["seconds"] > 0 and data["peak_memory_mb"] > 0
    assert set(data["by_severity"]) == {"error", "warning", "info"}
    assert data["diagnostics"] == sum(data["by_severity"].values())
    assert data["diagnostics"] == sum(row["count"] for row in data["by_code"])
    assert {"code", "name", "count", "per_1000_words", "per_article"} <= set(data["by_code"][0])
    status, out = run("bench", [str(tmp_path), "--json", "--limit", "2"], monkeypatch, capsys)
    assert json.loads(out)["files"] == 2


def _desk(folder: Path, count: int) -> Path:
    """``count`` articles, taking turns among three."""
    texts = (HARBOUR, BAKERY, SENATE)
    for n in range(count):
        (folder / f"story{n:02}.txt").write_text(texts[n % 3], encoding="utf-8")
    return folder


def test_bench_jobs_gives_the_same_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from factlint.cli.check import IN_PROCESS_UP_TO

    folder = str(_desk(tmp_path, IN_PROCESS_UP_TO + 4))  # enough for worker processes
    found = {}
    for jobs in ("1", "2"):
        status, out = run(
            "bench", [folder, "--json", "--no-cache", "--jobs", jobs], monkeypatch, capsys
        )
        assert status == 0
        found[jobs] = json.loads(out)
    assert found["2"]["jobs"] == 2 and found["2"]["worker_peak_memory_mb"] > 0
    assert found["1"]["jobs"] == 1 and found["1"]["worker_peak_memory_mb"] is None
    timings = ("seconds", "mb_per_s", "jobs", "peak_memory_mb", "worker_peak_memory_mb")
    assert {k: v for k, v in found["1"].items() if k not in timings} == {
        k: v for k, v in found["2"].items() if k not in timings
    }
    status, out = run("bench", [folder, "--jobs", "2", "--limit", "20"], monkeypatch, capsys)
    assert status == 0 and "peak memory MB, worker" in out


def test_bench_times_harper_alone_and_proselint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    folder = str(_desk(tmp_path, 3))
    status, out = run("bench", [folder, "--engine", "harper", "--json"], monkeypatch, capsys)
    data = json.loads(out)
    assert status == 0 and data["engine"] == "harper" and data["files"] == 3
    assert data["found"] >= 0 and data["seconds"] > 0
    bench = load("bench", monkeypatch)
    monkeypatch.setattr(bench, "proselint_installed", lambda: False)
    assert bench.main([folder, "--engine", "proselint"]) == 0
    assert "skipped: proselint is not installed" in capsys.readouterr().out


def test_bench_compare_runs_side_by_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    folder = str(_desk(tmp_path, 3))
    bench = load("bench", monkeypatch)
    monkeypatch.setattr(bench, "proselint_installed", lambda: False)
    assert bench.main([folder, "--compare", "--repeat", "1", "--jobs", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [row["label"] for row in data["runs"]] == ["factlint --jobs 1", "Harper alone"]
    assert all(row["files"] == 3 and row["wall_seconds"] > 0 for row in data["runs"])
    assert set(data["ratios"]) == {"factlint --jobs 1 / Harper alone"}
    assert data["skipped"] == ["proselint (not installed)"] and data["cpu_contention"] > 0
    bench.print_compare(data)
    out = capsys.readouterr().out
    assert "factlint --jobs 1 / Harper alone" in out and "skipped: proselint" in out


# Each run: its arguments, and lines (or parts of lines) it must print.
TINY_RUNS: dict[str, tuple[list[str], tuple[str, ...]]] = {
    "audit": (["--workers", "1", "--jobs", "1"], ("BBC: 3 articles", "audit --workers 1")),
    "audit names": (["--names"], ("PolNeAR train+dev: 2 articles as one archive",)),
    "eval_grammar jfleg": (["jfleg"], ("JFLEG dev: 2 sentences, 1 need a correction",)),
    "eval_grammar news": (["news", "--limit", "2"], (": 2 articles,", "after  SP100:")),
    "archive_index": (["--limit", "5"], ("== bbc:", "== polnear:", "AR findings per article")),
    "eval_quotes": ([], ("PolNeAR train+dev: 1 direct-quote relations", "quote found")),
    "eval_sentences": ([], ("system SysA: 6 segments -> 2 paragraphs", "sentencex (factlint)")),
    "eval_translation": (
        ["--calibrate", "1", "--examples", "1"],
        ("BBC: 2 articles", "US: 2 articles", "2 built from the segments"),
    ),
    "facts_polnear": ([], ("dev: 1 articles, register of polnear-dev.yaml", "injected")),
    "fix_safety": (
        ["--jobs", "1", "--unsafe-fixes"],
        ("BBC: 3 articles, copied", "refused before writing:", "outside the fix spans:"),
    ),
    "html_report": (
        ["--count", "3", "--repeats", "1", "--grammar", "none", "--select", "ALL,HL004"],
        ("3 BBC articles, grammar none", "html / json"),  # HL004 (off by default): findings
    ),
    "inject_dates": ([], ("bbc_news: 3 articles", "polnear: 2 articles, untouched DT 0.000")),
    "inject_headline_actor": ([], ("bbc_news: 3 articles", "polnear: 2 articles")),
    "inject_names": (["--limit", "5"], ("== bbc", "== polnear", "untouched: 2 articles")),
    "inject_capitalised": (
        ["--limit", "3"],
        ("== bbc: 2 articles", "capitalised    2/2", "== polnear"),
    ),
    "inject_numbers": (["--limit", "1"], ("bbc_news: 1 articles", "polnear: 1 articles")),
    "inject_quotes": ([], ("bbc_news: 3 articles", "polnear: 2 articles; untouched:")),
    "mine_mqm": (["--tsv", "{tmp}/rows.tsv"], ("native BBC:", "== Hypotheses")),
}


@pytest.mark.parametrize("label", sorted(TINY_RUNS))
def test_runs_on_a_tiny_corpus(
    label: str,
    tiny_corpora: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    monkeypatch.setenv("FACTLINT_CORPORA", str(tiny_corpora))
    argv, expected = TINY_RUNS[label]
    argv = [arg.format(tmp=tmp_path) for arg in argv]
    status, out = run(label.split()[0], argv, monkeypatch, capsys)
    assert status == 0
    assert all(part in out for part in expected), out


def test_fix_safety_measures_each_kind_of_change(monkeypatch: pytest.MonkeyPatch) -> None:
    bench = load("fix_safety", monkeypatch)
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
        return bench.FixSpan(code, offset, len(old), new)

    spans = [
        span("ST401", "Advance Warning", "Warning"),
        span("ST102", "US", "U.S."),
        span("GR001", " the", "", 1),
        span("GR001", " this", "", 1),
        span("ST107", "okay", "OK"),
    ]
    figures = bench.Figures()
    bench.compare("story", original, fixed, sorted(spans, key=lambda s: s.offset), figures, 1)
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
    assert bench.bytes_outside(original, stray, spans) == len("cat") + len("dog")


def test_fix_safety_json_figures(
    tiny_corpora: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("FACTLINT_CORPORA", str(tiny_corpora))
    status, out = run("fix_safety", ["--jobs", "1", "--json"], monkeypatch, capsys)
    data = json.loads(out)
    assert status == 0 and data["articles"] == 3
    kinds = ("doubled_punctuation", "word_removed", "word_replaced", "capitalised_to_unseen_form")
    assert all(data[kind] == 0 for kind in kinds)  # the safe fixes of the defaults
    assert data["bytes_outside_fix_spans"] == 0 and data["fixes_skipped"] == 0


NO_CORPUS = {"startup", "fuzz", "lsp_latency"}  # the seed fixture; generated articles
ABSENT_RUNS: dict[str, list[str]] = {stem: [] for stem in SCRIPTS if stem not in NO_CORPUS} | {
    "bench": ["{absent}/bbc_news/articles"],
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
    status, out = run(label.split()[0], argv, monkeypatch, capsys)
    assert status == 0
    assert "skipped: not found:" in out and str(absent) in out


def test_fuzz_run_checks_generated_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    argv = ["run", "--count", "15", "--seed", "3", "--crashes", str(tmp_path)]
    status, out = run("fuzz", argv, monkeypatch, capsys)
    assert "15 articles (seed 3, grammar none)" in out, out
    assert status in (0, 1)  # 1: a known crash (a front-matter date, sentencex) was found


def test_startup_times_the_seed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    status, out = run("startup", ["--quick", "--repeats", "1", "--json"], monkeypatch, capsys)
    figures = json.loads(out)
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


def test_lsp_latency_drives_the_server_over_the_seed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    pytest.importorskip("pygls")
    argv = ["--edits", "3", "--memory-edits", "2", "--grammar", "none", "--json"]
    status, out = run("lsp_latency", argv, monkeypatch, capsys)
    figures = json.loads(out)
    assert status == 0
    assert figures["server"]["count"] == figures["check_text"]["count"] == 3
    assert figures["server"]["median_ms"] > 0 and figures["check_text"]["median_ms"] > 0
    assert figures["memory"]["edits"] == 5


def test_lsp_latency_types_a_new_text_each_keystroke(monkeypatch: pytest.MonkeyPatch) -> None:
    keystrokes = load("lsp_latency", monkeypatch).keystrokes
    seed = "Head\n\n" + "A paragraph of the story that is long enough to be typed into. " * 2
    texts = keystrokes(seed, 30)
    assert len(set(texts)) == 30
    assert all(
        len(after) == len(before) + 1
        for before, after in zip([seed, *texts[:-1]], texts, strict=True)
    )
