"""``factlint audit`` on Dask: the same diagnostics as ``check --format json``, resume, a
worker killed mid-run, JSON Lines archives and the archive-level name check (NM100).

The clusters are small: threads in this process (``processes=False``) where a process is
not needed, two one-thread worker processes for the worker that is killed.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from factlint.analyses.archive_names import NamePlace, NameTally, Thresholds, archive_variants
from factlint.analyses.archive_names import combine as combine_tallies
from tests.helpers import run

distributed = pytest.importorskip("distributed")

SURNAMES = ["Kowalczyk", "Okonkwo", "Lindqvist", "Abernathy", "Castellanos", "Whitfield"]
GIVEN = ["Marta", "Chidi", "Ingrid", "Howard", "Lucia", "Graham"]
TOPICS = ["the harbour bridge", "the water tariff", "the school budget", "the rail strike"]


def _article(number: int, name: str | None = None, typo: str = "") -> str:
    """A short news story of my own; ``name`` is the person it quotes."""
    given, surname = GIVEN[number % 6], SURNAMES[number % 6]
    person = name or f"{given} {surname}"
    topic = TOPICS[number % 4]
    return (
        f"Council votes on {topic}\n\n"
        f"The city council voted on {topic} on Tuesday after a long debate{typo}.\n\n"
        f'"We have waited long enough," said {person}, who chairs the committee.\n\n'
        f"{person.split()[-1]} said the the vote was close, and that {number + 3} members "
        "abstained.\n"
    )


def _folder(root: Path, count: int) -> Path:
    folder = root / "desk"
    folder.mkdir()
    for number in range(count):
        typo = " and it was recieved well" if number % 5 == 0 else ""
        (folder / f"story-{number:03}.txt").write_text(_article(number, typo=typo))
    (folder / "empty.txt").write_text("  \n")
    return folder


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _check_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, dict]:
    code, out, _ = run(capsys, "check", "--format", "json", "--jobs", "1", *args)
    assert code in (0, 1)
    return {entry["path"]: entry for entry in json.loads(out)["files"]}


@pytest.fixture(scope="module")
def threads() -> Iterator[str]:
    """A LocalCluster of two one-thread workers in this process: its address."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow
def test_audit_gives_check_s_entries_article_by_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], threads: str, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _folder(tmp_path, 12)
    (tmp_path / "desk" / "latin1.txt").write_bytes(b"Caf\xe9 owner speaks\n\nHe said so.\n")
    out = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "audit", "desk", "-o", str(out), "--scheduler", threads)
    assert code == 1, err
    audited = _lines(out)
    assert len(audited) == 13  # the empty article is skipped, as check skips it
    assert "desk/latin1.txt: error: " in err
    assert "desk/empty.txt: note: empty article, skipped" in err
    expected = _check_json(capsys, "desk")
    assert {entry["path"]: entry for entry in audited} == expected
    assert any(d["code"] == "SP100" for e in audited for d in e["diagnostics"])  # Harper ran
    assert "13 articles" in err and "1 could not be checked" in err
    assert "articles/s" in err and "GR001" in err


@pytest.mark.slow
def test_resume_skips_what_is_written_and_repairs_a_torn_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], threads: str, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _folder(tmp_path, 10)
    out = tmp_path / "out.jsonl"
    args = ("audit", "desk", "-o", str(out), "--scheduler", threads, "--grammar", "none")
    run(capsys, *args, "--batch-size", "3")
    whole = {e["path"]: e for e in _lines(out)}
    # A run killed mid-way: three lines lost, the last one torn.
    lines = out.read_text().splitlines(keepends=True)
    out.write_text("".join(lines[:6]) + lines[6][:25])
    code, _, err = run(capsys, *args, "--resume")
    assert code == 1
    assert "(4 checked now, 6 from an earlier run)" in err
    assert {e["path"]: e for e in _lines(out)} == whole
    assert len(_lines(out)) == 10
    # Nothing changed: nothing is checked again.
    _, _, err = run(capsys, *args, "--resume")
    assert len(_lines(out)) == 10
    assert "(0 checked now, 10 from an earlier run)" in err
    # An article that changed is checked again, and keeps one line.
    story = tmp_path / "desk" / "story-001.txt"
    story.write_text(story.read_text().replace("the the", "the"))
    code, _, err = run(capsys, *args, "--resume")
    assert "(1 checked now, 9 from an earlier run)" in err
    after = _lines(out)
    assert sorted(e["path"] for e in after) == sorted(whole)
    changed = next(e for e in after if e["path"] == "desk/story-001.txt")
    assert "GR001" not in {d["code"] for d in changed["diagnostics"]}


@pytest.mark.slow
def test_json_lines_archive_with_front_matter_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], threads: str, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    body = "The ministry said yesterday (Wednesday) it would appeal.\n"
    records = [
        {"path": "2005/appeal.md", "text": body, "date": "2005-03-18", "author": "Ann Lee"},
        {"path": "2005/plain.txt", "text": _article(2)},
        {"path": "2005/empty.txt", "text": " "},
    ]
    archive = tmp_path / "archive.jsonl"
    archive.write_text("\n".join(json.dumps(r) for r in records) + "\nnot json\n")
    out = tmp_path / "out.jsonl"
    code, _, err = run(
        capsys, "audit", str(archive), "-o", str(out), "--scheduler", threads, "--grammar", "none"
    )
    assert code == 1
    assert f"{archive}:4: error: not an article" in err
    audited = {e["path"]: e for e in _lines(out)}
    bad_line = audited.pop(f"{archive}:4")
    assert bad_line["error"].startswith("not an article") and bad_line["diagnostics"] == []
    assert sorted(audited) == ["2005/appeal.md", "2005/plain.txt"]
    # The same article as a Markdown file with that front matter, checked by check.
    (tmp_path / "2005").mkdir()
    (tmp_path / "2005" / "appeal.md").write_text(
        f"---\ndate: 2005-03-18\nauthor: Ann Lee\n---\n{body}"
    )
    (tmp_path / "2005" / "plain.txt").write_text(_article(2))
    expected = _check_json(capsys, "--grammar", "none", "2005")
    assert audited == expected
    assert "DT003" in {d["code"] for d in audited["2005/appeal.md"]["diagnostics"]}


@pytest.mark.slow
def test_archive_names_report_the_odd_spelling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], threads: str, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    desk = tmp_path / "desk"
    desk.mkdir()
    for number in range(7):
        (desk / f"a{number}.txt").write_text(_article(0, "Marta Kowalczyk"))
    (desk / "odd.txt").write_text(_article(0, "Marta Kowalcyk"))
    (desk / "other.txt").write_text(_article(0, "Piotr Kowalczyk"))  # another person
    out = tmp_path / "out.jsonl"
    args = ("audit", "desk", "-o", str(out), "--scheduler", threads, "--grammar", "none")
    code, _, err = run(capsys, *args, "--batch-size", "2")
    assert code == 1 and "1 NM100 findings" in err
    findings = _lines(tmp_path / "out.archive.jsonl")
    assert [e["path"] for e in findings] == ["desk/odd.txt"]
    (finding,) = findings[0]["diagnostics"]
    assert finding["code"] == "NM100" and finding["fix"]["replacement"] == "Marta Kowalczyk"
    assert "in 7 articles" in finding["message"]
    text = (desk / "odd.txt").read_text()
    assert text[finding["offset"] : finding["offset"] + finding["length"]] == "Marta Kowalcyk"
    # A higher bar for the usual form: nothing reported.
    run(capsys, *args, "--name-min-majority", "8")
    assert _lines(tmp_path / "out.archive.jsonl") == []


def _place(path: str) -> NamePlace:
    return NamePlace(path, 0, 5, 1, 1, 1, 6)


def test_name_tallies_combine_in_any_grouping() -> None:
    tallies = []
    for number in range(9):
        tally = NameTally(keep=2)
        form = "Ada Quimby" if number else "Ada Quimbly"
        tally.add_article({form: _place(f"{number}.txt"), "Bo Chen": _place(f"{number}.txt")})
        tallies.append(tally)
    flat = combine_tallies(tallies)
    tree = combine_tallies([combine_tallies(tallies[:4]), combine_tallies(tallies[4:])])
    assert flat == tree
    assert flat.forms["Ada Quimby"].articles == 8 and len(flat.forms["Ada Quimby"].places) == 2
    assert tallies[0].forms["Bo Chen"].articles == 1  # the inputs are left as they were
    (variant,) = archive_variants(flat, Thresholds(min_majority=5, max_odd=2))
    assert (variant.form, variant.expected, variant.place.path) == (
        "Ada Quimbly",
        "Ada Quimby",
        "0.txt",
    )
    assert archive_variants(flat, Thresholds(min_majority=9)) == []


def test_explain_nm100(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "NM100")
    assert code == 0
    assert out.startswith("NM100 archive-name-variant") and "factlint audit" in out


def test_audit_without_dask_says_how_to_install_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setitem(sys.modules, "factlint.audit.cluster", None)
    code, _, err = run(capsys, "audit", str(tmp_path), "-o", str(tmp_path / "out.jsonl"))
    assert code == 2
    assert "pip install 'factlint[audit]'" in err


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_no_article_and_doubles_none(tmp_path: Path) -> None:
    from factlint.audit.cluster import Audit, Plan
    from factlint.audit.output import AuditOutput
    from factlint.audit.work import Article, AuditSettings
    from factlint.engine.config import Resolver
    from factlint.engine.run import Options, check_text, file_config

    texts = {f"s{number:03}.txt": _article(number) for number in range(40)}
    articles = [Article(path, text, f"h{path}") for path, text in texts.items()]
    options = Options(grammar={"backend": "none"})
    settings = AuditSettings(options, cwd=str(tmp_path), names=False)
    out = tmp_path / "out.jsonl"

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        pids = client.run(os.getpid)
        killed: list[int] = []

        class KillingOutput(AuditOutput):
            def write(self, path: str, digest: str, line: str) -> None:
                super().write(path, digest, line)
                if not killed:  # the first result is in: kill a worker with work on it
                    address, pid = next(iter(pids.items()))
                    busy = len(cluster.scheduler.workers[address].processing)
                    os.kill(pid, signal.SIGKILL)
                    killed.append(busy)

        output = KillingOutput(out, resume=False)
        audit = Audit(client, settings, output, Plan(batch_size=2, window=8), print)
        audit.run(articles)
        output.close()
        restarted = client.run(os.getpid)

    assert killed and killed[0] > 0  # the worker killed had batches to give back
    assert set(restarted.values()) != set(pids.values())
    audited = _lines(out)
    assert sorted(e["path"] for e in audited) == sorted(texts)  # each exactly once
    resolver = Resolver()
    for entry in audited:
        config = file_config(tmp_path / entry["path"], resolver, options)
        expected = check_text(entry["path"], texts[entry["path"]], config)
        assert entry["diagnostics"] == [d.to_json() for d in expected.diagnostics]
    assert audit.tally.lost == 0


@pytest.mark.parametrize(
    ("rare", "usual", "reported"),
    [
        ("Hilary Clinton", "Hillary Clinton", True),  # one slip in one word
        ("Rence Priebus", "Reince Priebus", True),
        ("John Kirby", "John Kerry", False),  # two edits in a short word: another person
        ("Josh Bivens", "Joe Biden", False),  # two words differ
        ("Loretta Lynn", "Loretta Lynch", False),  # under five letters
        ("Osman Abu Laban", "Osama Laden", False),  # not as many words
        ("Chris Quimby", "Christopher Quimby", False),  # a short given name: the same
    ],
)
def test_only_a_one_word_slip_is_a_variant(rare: str, usual: str, reported: bool) -> None:
    tally = NameTally(keep=2)
    for number in range(6):
        tally.add_article({usual: _place(f"{number}.txt")})
    tally.add_article({rare: _place("odd.txt")})
    found = archive_variants(tally, Thresholds())
    assert [(v.form, v.expected) for v in found] == ([(rare, usual)] if reported else [])


@pytest.mark.slow
def test_an_impossible_date_in_an_archive_is_that_articles_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], threads: str
) -> None:
    records = [
        {"path": "odd.md", "text": "Head\n\nIt rained.\n", "date": "2020-02-30"},
        {"path": "fine.md", "text": "Head\n\nIt was the the day.\n", "date": "2020-02-28"},
    ]
    archive = tmp_path / "archive.jsonl"
    archive.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    out = tmp_path / "out.jsonl"
    code, _, err = run(
        capsys, "audit", str(archive), "-o", str(out), "--scheduler", threads, "--grammar", "none"
    )
    assert code == 1 and "odd.md: error: malformed front matter: line 2: date: no such date" in err
    entries = {e["path"]: e for e in _lines(out)}
    assert entries["odd.md"]["diagnostics"] == []
    assert [d["code"] for d in entries["fine.md"]["diagnostics"]] == ["GR001"]
