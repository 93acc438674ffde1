"""The desk's archive index: ``factlint index`` (build, update, stats, show), the index
file (WAL, one transaction a write, what a bad file does), and the AR rules as ``check``
reports them (the rules' own examples run in test_rule_examples)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from factlint.archive.store import (
    SCHEMA_VERSION,
    ArchiveWriter,
    ArticleRecord,
    open_archive,
    table_rows,
)
from tests.helpers import run

ROOT = Path(__file__).resolve().parent.parent
DESK = ROOT / "fixtures" / "archive" / "desk.jsonl"
INDEX = ".factlint/archive.sqlite"
CONFIG = f"archive: {INDEX}\ngrammar: {{backend: none}}\n"

EVERYTHING = """---
author: Aldgra Fredly
date: 2024-04-02
---
Basin on time

"We will open the northern basin to freight this year," said Councillor Delia Marchetti.

Senator Tobias Wrenfield spoke on Tuesday.

"We will open the southern basin to freight this year," said Mayor Tobias Wrenfield.
"""
MISSPELT = """---
date: 2024-04-02
---
Basin on time

Mayor Tobias Wrenfeld said on Tuesday that the basin was on time. Wrenfeld spoke at the quay.
"""
SLIP = """Basin on time

Mayor Tobias Wrenfield said on Tuesday that the basin was on time. Wrenfield met Wrenfeld.
"""  # NM001 reports "Wrenfeld": a check that needs no index


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A desk's repository: the fixture archive, a config naming the index, the cwd."""
    shutil.copy(DESK, tmp_path / "desk.jsonl")
    (tmp_path / ".factlint.yaml").write_text(CONFIG)
    (tmp_path / "articles").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write(desk: Path, name: str, text: str) -> Path:
    path = desk / "articles" / name
    path.write_text(text)
    return path


def _codes(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    status, out, err = run(capsys, "check", "--format", "json", "--no-cache", *args)
    diagnostics = [d for f in json.loads(out)["files"] for d in f["diagnostics"]]
    return status, diagnostics, err


def test_build_then_check_reports_each_class_with_the_archives_evidence(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    assert status == 0 and "4 articles indexed" in err
    _write(desk, "everything.md", EVERYTHING)
    _write(desk, "misspelt.md", MISSPELT)
    status, found, _ = _codes(capsys, "articles", "--select", "AR")
    by_code: dict[str, dict] = {}
    for diagnostic in found:
        by_code.setdefault(diagnostic["code"], diagnostic)
    assert sorted(d["code"] for d in found) == [
        "AR001",
        "AR002",
        "AR002",
        "AR003",
        "AR004",
        "AR005",
    ]
    surname = [d for d in found if d["code"] == "AR002"][1]
    assert surname["fix"]["replacement"] == "Wrenfield"  # "Wrenfeld spoke at the quay"
    assert status == 1
    assert by_code["AR001"]["fix"]["replacement"] == "Aldograph Redley"
    assert "3 articles" in by_code["AR001"]["message"]
    assert by_code["AR002"]["fix"] == {
        "replacement": "Tobias Wrenfield",
        "offset": by_code["AR002"]["offset"],
        "length": len("Tobias Wrenfeld"),
        "safe": False,
    }
    assert (
        'spelled "Tobias Wrenfield" in 4 articles since 2024-01-10'
        in (by_code["AR002"]["related"][0]["message"])
    )
    assert "Tobias Wrenfield" in by_code["AR004"]["message"]
    assert "desk/2024-01-10-basin.md" in by_code["AR004"]["message"]
    assert '"Mayor"' in by_code["AR003"]["message"]
    assert "northern basin" in by_code["AR005"]["message"]


def test_without_an_index_the_archive_rules_say_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".factlint.yaml").write_text("grammar: {backend: none}\n")
    (tmp_path / "a.md").write_text(EVERYTHING)
    status, found, err = _codes(capsys, "a.md", "--select", "AR")
    assert (status, found, err) == (0, [], "")


def test_stats_and_show(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    status, out, _ = run(capsys, "index", "stats")
    assert (
        status == 0
        and "4 articles" in out
        and "4 quotes" in out
        and f"schema {SCHEMA_VERSION}" in out
    )
    status, out, _ = run(capsys, "index", "stats", "--format", "json")
    stats = json.loads(out)
    assert (stats["articles"], stats["people"], stats["quotes"]) == (4, 2, 4)
    status, out, _ = run(capsys, "index", "show", "Tobias Wrenfield", "--format", "json")
    person = json.loads(out)
    assert status == 0 and person["articles"] == 4
    assert (person["first_seen"], person["last_seen"]) == ("2024-01-10", "2024-03-28")
    assert {t["title"] for t in person["titles"]} == {"Mayor"}
    assert len(person["quotes"]) == 2
    status, out, _ = run(capsys, "index", "show", "Nobody Atall")
    assert status == 1 and "not in the index" in out
    status, out, _ = run(capsys, "index", "show", "Tobias Wrenfeld")
    assert status == 1 and "near: Tobias Wrenfield (4 articles)" in out


ARTICLE = "---\ndate: 2024-0{month}-01\n---\nHead {n}\n\nMayor Tobias Wrenfield spoke on day {n}.\n"


def test_update_reads_only_what_changed_and_drops_what_is_gone(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in (1, 2, 3):
        _write(desk, f"a{n}.md", ARTICLE.format(month=n, n=n))
    run(capsys, "index", "build", "articles", "--jobs", "1")
    before = table_rows(desk / INDEX)
    _write(desk, "a1.md", ARTICLE.format(month=5, n=1))  # changed
    (desk / "articles" / "a2.md").unlink()  # gone
    _write(desk, "a4.md", ARTICLE.format(month=4, n=4))  # new
    status, _, err = run(capsys, "index", "update", "--jobs", "1")
    assert status == 0
    assert "2 articles indexed, 1 unchanged, 1 removed" in err
    after = table_rows(desk / INDEX)
    paths = sorted(row[0] for row in after["article"])
    assert paths == ["articles/a1.md", "articles/a3.md", "articles/a4.md"]
    dates = {row[0]: row[2] for row in after["article"]}
    assert dates["articles/a1.md"] == "2024-05-01"
    unchanged = [row for row in before["article"] if row[0] == "articles/a3.md"]
    assert unchanged == [row for row in after["article"] if row[0] == "articles/a3.md"]


def test_a_write_is_one_transaction(tmp_path: Path) -> None:
    """A write that fails leaves the index as it was; a reader in the middle of reading
    sees the index as it was when it began, then the whole write."""
    index = tmp_path / "archive.sqlite"
    writer = ArchiveWriter(index)
    with writer.transaction() as changes:
        changes.put(ArticleRecord("a.md", "1"))
    reader = sqlite3.connect(index)
    reader.execute("BEGIN")
    assert reader.execute("SELECT COUNT(*) FROM article").fetchone()[0] == 1
    with pytest.raises(RuntimeError), writer.transaction() as changes:
        changes.put(ArticleRecord("b.md", "2"))
        raise RuntimeError("the build stopped half way")
    assert writer.digests() == {"a.md": "1"}
    with writer.transaction() as changes:
        changes.put(ArticleRecord("b.md", "2"))
        changes.put(ArticleRecord("c.md", "3"))
    assert reader.execute("SELECT COUNT(*) FROM article").fetchone()[0] == 1  # its snapshot
    reader.execute("COMMIT")
    assert reader.execute("SELECT COUNT(*) FROM article").fetchone()[0] == 3
    assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reader.close()
    writer.close()


def _foreign(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE photos (id INTEGER)")
    connection.commit()
    connection.close()


def _older(path: Path) -> None:
    ArchiveWriter(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    connection.commit()
    connection.close()


BAD_INDEXES = {
    "missing": (lambda path: None, "no such file"),
    "corrupt": (lambda path: path.write_bytes(b"\x00garbage" * 512), "not a readable SQLite"),
    "foreign": (_foreign, "not a factlint archive index"),
    "older": (_older, "written with index schema 0"),
}


@pytest.mark.parametrize("kind", sorted(BAD_INDEXES))
def test_a_bad_index_is_one_line_and_the_other_checks_run(
    kind: str, desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, said = BAD_INDEXES[kind]
    (desk / ".factlint").mkdir()
    make(desk / INDEX)
    before = (desk / INDEX).read_bytes() if (desk / INDEX).exists() else None
    _write(desk, "a.txt", SLIP)
    _write(desk, "b.txt", SLIP)
    status, found, err = _codes(capsys, "articles")
    assert status == 2
    assert [d["code"] for d in found] == ["NM001", "NM001"]  # still checked, both
    lines = err.strip().splitlines()
    assert len(lines) == 1 and said in lines[0] and "AR" in lines[0], err
    if before is not None and kind != "older":  # build never overwrites what is not ours
        status, _, err = run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
        assert status == 2 and said in err and len(err.strip().splitlines()) == 1
        assert (desk / INDEX).read_bytes() == before


def test_build_replaces_an_index_of_an_older_schema(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (desk / ".factlint").mkdir()
    _older(desk / INDEX)
    status, _, _ = run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    assert status == 0 and open_archive(desk / INDEX).stats().articles == 4


def test_an_article_never_counts_against_itself(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Indexed itself (and a copy at another path), an article is still checked against
    the rest of the archive: its own rows would hide both findings."""
    _write(desk, "misspelt.md", MISSPELT)
    _write(desk, "copy.md", MISSPELT)
    said = EVERYTHING.split("\n\n")[1].replace("Councillor Delia Marchetti", "Tobias Wrenfield")
    _write(desk, "said.md", "---\ndate: 2024-04-02\n---\nHead\n\n" + said + "\n")
    run(capsys, "index", "build", "desk.jsonl", "articles", "--jobs", "1")
    _, found, _ = _codes(capsys, "articles/misspelt.md", "--select", "AR")
    assert [d["code"] for d in found] == ["AR002", "AR002"]
    said_wrong = EVERYTHING.split("\n\n")[1]
    _write(desk, "said.md", "---\ndate: 2024-04-02\n---\nHead\n\n" + said_wrong + "\n")
    _, found, _ = _codes(capsys, "articles/said.md", "--select", "AR")
    assert [d["code"] for d in found] == ["AR004"]  # its old indexed version left out


def test_a_name_seen_in_one_article_is_never_a_reference(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(desk, "one.md", ARTICLE.format(month=1, n=1))
    run(capsys, "index", "build", "articles/one.md", "--jobs", "1")
    _write(desk, "misspelt.md", MISSPELT)
    _, found, _ = _codes(capsys, "articles/misspelt.md", "--select", "AR")
    assert found == []


def test_the_result_cache_follows_the_index(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(desk, "misspelt.md", MISSPELT)
    run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    cache = ["--cache-dir", str(tmp_path / "cache"), "--select", "AR", "--format", "json"]
    _, out, _ = run(capsys, "check", "articles/misspelt.md", *cache)
    assert len(json.loads(out)["files"][0]["diagnostics"]) == 2  # the name, the surname
    _write(desk, "one.md", ARTICLE.format(month=1, n=1))
    run(capsys, "index", "build", "articles/one.md", "--jobs", "1")  # no evidence left
    _, out, _ = run(capsys, "check", "articles/misspelt.md", *cache)
    assert json.loads(out)["files"][0]["diagnostics"] == []


@pytest.mark.slow
def test_jobs_build_the_same_rows(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for n in range(40):
        _write(desk, f"a{n:02}.md", ARTICLE.format(month=1 + n % 9, n=n))
    run(capsys, "index", "build", "articles", "desk.jsonl", "--jobs", "1", "--index", "one.db")
    run(capsys, "index", "build", "articles", "desk.jsonl", "--jobs", "2", "--index", "two.db")
    one, two = table_rows(desk / "one.db"), table_rows(desk / "two.db")
    assert len(one["article"]) == 44 and one == two


def test_an_unreadable_input_is_one_line_and_the_rest_is_indexed(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with (desk / "desk.jsonl").open("a") as archive:
        archive.write("{not json\n")
    status, _, err = run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    assert status == 1
    assert "desk.jsonl:5: error: not an article" in err
    assert open_archive(desk / INDEX).stats().articles == 4


@pytest.mark.parametrize(
    ("value", "said"),
    [("5", "expected the path of the archive index"), ("../x.sqlite", "outside the config")],
)
def test_the_archive_key_is_checked(
    value: str, said: str, desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (desk / ".factlint.yaml").write_text(f"archive: {value}\n")
    _write(desk, "a.txt", SLIP)
    status, _, err = run(capsys, "check", "articles")
    assert status == 2 and said in err


def test_update_needs_a_built_index(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "index", "update")
    assert status == 2 and "no such file: run `factlint index build` first" in err
    assert not (desk / INDEX).exists()


def test_index_needs_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "index", "stats")
    assert status == 2 and "--index" in err and "archive:" in err


def test_the_sheets_say_what_the_archive_knows(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    _write(desk, "everything.md", EVERYTHING)
    status, out, _ = run(capsys, "sheet", "articles/everything.md", "--format", "json")
    entry = json.loads(out)["files"][0]
    person = next(p for p in entry["people"] if p["name"] == "Tobias Wrenfield")
    assert person["archive"]["articles"] == 4
    assert (person["archive"]["first_seen"], person["archive"]["last_seen"]) == (
        "2024-01-10",
        "2024-03-28",
    )
    assert [t["title"] for t in person["archive"]["titles"]] == ["Mayor"]
    misattributed = entry["quotes"][0]["archive"]
    assert {q["speaker"] for q in misattributed} == {"Tobias Wrenfield"}
    assert {q["words_changed"] for q in misattributed} == {0}
    status, out, _ = run(capsys, "quotes", "articles/everything.md")
    assert status == 0
    assert "archive: these words, said by Tobias Wrenfield (desk/2024-01-10-basin.md" in out
    assert "archive: 1 word changed, said by Tobias Wrenfield" in out
    _, page, _ = run(capsys, "sheet", "articles/everything.md", "--format", "html")
    assert "4 articles, 2024-01-10 to 2024-03-28; Mayor" in page
    assert "1 word changed, said by Tobias Wrenfield" in page


def test_the_sheets_without_an_index_have_no_archive_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(EVERYTHING)
    _, out, _ = run(capsys, "sheet", "a.md", "--format", "json")
    entry = json.loads(out)["files"][0]
    assert "archive" not in entry and all("archive" not in p for p in entry["people"])


def test_the_language_server_reads_the_configured_index(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from factlint.engine.run import Options
    from factlint.lsp.engine import Engine

    run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    path = _write(desk, "misspelt.md", MISSPELT)
    engine = Engine(desk, None, Options())
    checked = engine.check(str(path), MISSPELT, path, "utf-16")
    assert [d.code for d in checked.result.diagnostics if d.code.startswith("AR")] == [
        "AR002",
        "AR002",
    ]
    assert engine.depends_on(desk / INDEX)  # a rebuilt index is read again


@pytest.mark.slow
def test_dask_workers_build_the_same_rows(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    distributed = pytest.importorskip("distributed")
    for n in range(20):
        _write(desk, f"a{n:02}.md", ARTICLE.format(month=1 + n % 9, n=n))
    run(capsys, "index", "build", "articles", "desk.jsonl", "--jobs", "1", "--index", "one.db")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        status, _, err = run(
            capsys, "index", "build", "articles", "desk.jsonl", "--index", "dask.db",
            "--scheduler", cluster.scheduler_address,
        )  # fmt: skip
    assert status == 0, err
    assert table_rows(desk / "one.db") == table_rows(desk / "dask.db")


PRONOUN = """---
date: 2024-04-02
---
Basin on time

Councillor Delia Marchetti spoke on Tuesday.

She said: "We will open the northern basin to freight this year."
"""


def test_a_speaker_known_only_by_a_pronoun_is_no_evidence(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A quoted "she" is factlint's guess at the speaker, not the article's word: the archive's
    quote by another speaker is not held against it."""
    run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    _write(desk, "pronoun.md", PRONOUN)
    _, found, _ = _codes(capsys, "articles/pronoun.md", "--select", "AR")
    assert found == []


def test_a_locked_index_is_one_line_and_the_other_checks_run(
    desk: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from factlint.archive import connection

    run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    monkeypatch.setattr(connection, "BUSY_SECONDS", 0.1)
    writer = sqlite3.connect(desk / INDEX, isolation_level=None)
    writer.execute("PRAGMA locking_mode=EXCLUSIVE")
    writer.execute("BEGIN EXCLUSIVE")
    writer.execute("INSERT INTO meta VALUES ('held', 'by another writer')")
    try:
        _write(desk, "a.txt", SLIP)
        status, found, err = _codes(capsys, "articles")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert status == 2 and [d["code"] for d in found] == ["NM001"]
    assert len(err.strip().splitlines()) == 1 and "the database is locked" in err


def test_an_index_with_a_date_that_is_no_date_is_read_as_undated(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    connection = sqlite3.connect(desk / INDEX)
    connection.execute("UPDATE article SET date = 'last spring'")
    connection.commit()
    connection.close()
    _write(desk, "everything.md", EVERYTHING)
    status, found, err = _codes(capsys, "articles", "--select", "AR003")
    assert status == 0 and err == ""  # info: no failure, and no internal error
    assert [d["code"] for d in found] == ["AR003"]  # the one title the archive gives him


ODD_CASE = """---
author: ALdograph Redley
date: 2024-03-30
---
Quay busy

Mayor TObias Wrenfield spoke at the quay on Friday.
"""


def test_the_form_offered_is_the_one_most_articles_print(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The archive's keys are case-folded: one article's "TObias Wrenfield" shares a key with
    four articles' "Tobias Wrenfield", and the form offered is the one most articles print,
    never the first in sort order (a judge saw "HIllary Clinton" offered on real copy)."""
    (desk / "old").mkdir()
    (desk / "old" / "odd.md").write_text(ODD_CASE)
    run(capsys, "index", "build", "desk.jsonl", "old", "--jobs", "1")
    _write(desk, "misspelt.md", MISSPELT)
    _write(desk, "byline.md", EVERYTHING)
    _, found, _ = _codes(capsys, "articles", "--select", "AR001,AR002")
    offered: dict[str, dict] = {}
    for diagnostic in found:
        offered.setdefault(diagnostic["code"], diagnostic)
    assert offered["AR002"]["fix"]["replacement"] == "Tobias Wrenfield"
    assert '"Tobias Wrenfield" (5 articles)' in offered["AR002"]["message"]
    assert offered["AR001"]["fix"]["replacement"] == "Aldograph Redley"


HEAD = "---\ndate: 2024-04-02\n---\nBasin on time\n\n"
CONTINUED = HEAD + (
    '"The berths are ready," said Mayor Tobias Wrenfield.\n\n'
    '"We will open the northern basin to freight this year." Councillor Delia Marchetti '
    'was not convinced. "It will not be ready," said Marchetti.\n'
)  # the quote opening the paragraph goes on with the mayor; the later cue is Marchetti's
TWO_NAMED = HEAD + (
    "Councillor Delia Marchetti denied that Mayor Tobias Wrenfield had promised it, and "
    'the mayor told reporters: "We will open the northern basin to freight this year."\n'
)  # the first name of the sentence is not the one who speaks
SURE = (
    HEAD + '"We will open the northern basin to freight this year," said Mayor Tobias Wrenfield.\n'
)


@pytest.mark.parametrize("text", [CONTINUED, TWO_NAMED], ids=["later-cue", "two-named"])
def test_a_speaker_in_doubt_is_not_held_against_the_archive(
    desk: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    """AR004 needs the article's speaker beyond doubt: not a later cue of the paragraph (the
    quote may go on from the one before), not the first of two names before a colon."""
    run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    _write(desk, "doubt.md", text)
    _, found, _ = _codes(capsys, "articles", "--select", "AR004")
    assert found == []


def test_an_archive_speaker_in_doubt_is_no_evidence(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The archive's attribution must be beyond doubt too: an old article that gives the
    words to Marchetti only by a later cue of its paragraph does not contradict the mayor."""
    (desk / "old").mkdir()
    for n in (1, 2):
        old = CONTINUED.replace("Mayor Tobias Wrenfield", "Mayor Nobody Else").replace(
            "Basin on time", f"Old story {n}"
        )
        (desk / "old" / f"old{n}.md").write_text(old)
    run(capsys, "index", "build", "old", "--jobs", "1")
    _write(desk, "sure.md", SURE)
    _, found, _ = _codes(capsys, "articles", "--select", "AR004")
    assert found == []
    (desk / "old" / "old3.md").write_text(
        SURE.replace("Mayor Tobias Wrenfield", "Councillor Delia Marchetti")
    )
    run(capsys, "index", "build", "old", "--jobs", "1")
    _, found, _ = _codes(capsys, "articles", "--select", "AR004")
    assert [d["code"] for d in found] == ["AR004"]  # a sure attribution to another is


@pytest.mark.slow
def test_the_title_check_runs_only_when_selected(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """AR003 is off by default (1 of 8 right on published copy): the other AR rules run."""
    run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    _write(desk, "everything.md", EVERYTHING)
    _, found, _ = _codes(capsys, "articles")
    codes = {d["code"] for d in found}
    assert "AR003" not in codes and {"AR001", "AR004", "AR005"} <= codes
    status, out, _ = run(capsys, "explain", "AR003")
    assert status == 0 and "off by default" in out and "1 of its 8" in out


RUN_INTO_CUE = HEAD + (
    '"We will open the northern basin to freight this year. "It is ready," said '
    "Councillor Delia Marchetti.\n"
)  # a run of quotes straight into its cue: the cue names the speaker of both


def test_a_quote_run_into_its_cue_is_held_against_the_archive(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    _write(desk, "run.md", RUN_INTO_CUE)
    _, found, _ = _codes(capsys, "articles", "--select", "AR004")
    assert [d["code"] for d in found] == ["AR004"]
    assert "Tobias Wrenfield, not Delia Marchetti" in found[0]["message"]


AFTER_ITS_CUE_SENTENCE = HEAD + (
    '"It is ready," said Councillor Delia Marchetti of the Riverside Trust, which Mayor '
    'Ivo Brandt chairs. "We will open the northern basin to freight this year."\n'
)  # the second quote goes on from the cue's sentence: what it names is said of the speaker
NARRATIVE_BETWEEN = HEAD + (
    '"It is ready," said Councillor Delia Marchetti. Mayor Ivo Brandt disagreed. '
    '"We will open the northern basin to freight this year."\n'
)  # a sentence of narrative naming another person: the quote may be his


def test_a_quote_after_its_cue_sentence_is_held_against_the_archive(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """("A," said X of Wells Fargo. "B.") B is X's, whoever the cue's sentence names after
    X; but not across a sentence of narrative naming someone else."""
    run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    _write(desk, "run.md", AFTER_ITS_CUE_SENTENCE)
    _, found, _ = _codes(capsys, "articles", "--select", "AR004")
    assert [d["code"] for d in found] == ["AR004"]
    assert "Tobias Wrenfield, not Delia Marchetti" in found[0]["message"]
    (desk / "articles" / "run.md").write_text(NARRATIVE_BETWEEN)
    _, found, _ = _codes(capsys, "articles", "--select", "AR004")
    assert found == []


POSSESSIVE_THEN_NAME = HEAD + (
    "Councillor Delia Marchetti spoke first. Marchetti's deputy Ivo Brandt told reporters: "
    '"We will open the northern basin to freight this year."\n'
)  # the speaker is the deputy, not the councillor whose deputy he is
POSSESSIVE_ONLY = HEAD + (
    "Councillor Delia Marchetti spoke first. Marchetti's spokesman told reporters: "
    '"We will open the northern basin to freight this year."\n'
)  # an unnamed spokesman: no named speaker to hold against the archive


def test_a_possessive_is_not_the_speaker(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    _write(desk, "deputy.md", POSSESSIVE_THEN_NAME)
    _, found, _ = _codes(capsys, "articles", "--select", "AR004")
    assert [d["code"] for d in found] == ["AR004"]
    assert "Tobias Wrenfield, not Ivo Brandt" in found[0]["message"]
    (desk / "articles" / "deputy.md").write_text(POSSESSIVE_ONLY)
    _, found, _ = _codes(capsys, "articles", "--select", "AR004")
    assert found == []


GOES_ON_BEFORE_NARRATIVE = HEAD + (
    '"It is ready," said Councillor Delia Marchetti. "We will open the northern basin to '
    'freight this year." The quay was quiet. "It is late," said Ivo Brandt.\n'
)  # the second quote goes on from Marchetti's; Brandt's cue is across narrative
RUNS_INTO_A_LATER_CUE = HEAD + (
    '"It is ready," said Councillor Delia Marchetti. "We will open the northern basin to '
    'freight this year. "It is late," said Ivo Brandt.\n'
)  # an unclosed run straight into Brandt's cue: his


@pytest.mark.parametrize(
    ("text", "speaker"),
    [(GOES_ON_BEFORE_NARRATIVE, "Delia Marchetti"), (RUNS_INTO_A_LATER_CUE, "Ivo Brandt")],
    ids=["goes-on", "runs-into-cue"],
)
def test_a_quote_without_a_cue_goes_on_from_the_quote_before_it(
    desk: Path, capsys: pytest.CaptureFixture[str], text: str, speaker: str
) -> None:
    """A quote with no cue of its own that follows another ("A," said X. "B.") is X's when
    the next cue is only reached across narrative; a run straight into a cue is its."""
    run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    _write(desk, "run.md", text)
    _, found, _ = _codes(capsys, "articles", "--select", "AR004")
    assert [d["code"] for d in found] == ["AR004"]
    assert f"Tobias Wrenfield, not {speaker}" in found[0]["message"]


@pytest.mark.slow
def test_the_language_server_says_a_bad_index_once_and_checks_the_rest(desk: Path) -> None:
    """A corrupt index is one message for the workspace (not one a document), and every
    document still gets its other diagnostics."""
    pytest.importorskip("pygls")
    import asyncio

    from lsprotocol import types

    from tests.test_lsp import WAIT, Session, codes, run_session

    (desk / ".factlint").mkdir()
    BAD_INDEXES["corrupt"][0](desk / INDEX)
    uris = [_write(desk, name, SLIP).as_uri() for name in ("a.txt", "b.txt")]
    shown: list[types.ShowMessageParams] = []

    async def body(session: Session) -> None:
        @session.client.feature(types.WINDOW_SHOW_MESSAGE)
        def show(params: types.ShowMessageParams) -> None:
            shown.append(params)

        for uri in uris:
            session.open(uri, SLIP)
            assert codes(await session.diagnostics(uri, 1)) == ["NM001"]
        session.change(uris[0], SLIP + "\nMore.\n")
        assert codes(await session.diagnostics(uris[0], 2)) == ["NM001"]
        logged = await asyncio.wait_for(session.logged.get(), WAIT)
        assert "not a readable SQLite" in logged.message and "(AR)" in logged.message
        assert session.logged.empty()

    assert run_session(desk, body) == 0
    assert len(shown) == 1, shown
    assert shown[0].type == types.MessageType.Warning
    assert "not a readable SQLite" in shown[0].message


WORDS = '"We will open the northern basin to freight this year."'
# Each article gives the archived words of Mayor Tobias Wrenfield to someone else; the
# speaker AR004 names (None: the article's speaker is in doubt, so no finding).
SPEAKER_SHAPES = {
    "inverted.md": (
        f"Councillor Delia Marchetti spoke first. Said Marchetti: {WORDS}",
        "Delia Marchetti",
    ),
    "conjunction.md": (
        f"Mayor Ivo Brandt's quay opened late, but Councillor Delia Marchetti said: {WORDS}",
        "Delia Marchetti",
    ),  # the clause after "but" has the speaker; Brandt's is another clause
    "appositive.md": (
        f"Councillor Delia Marchetti, whose rival Ivo Brandt chairs the trust, said: {WORDS}",
        "Delia Marchetti",
    ),  # what the appositive names is said of the speaker
    "listener.md": (
        f"Councillor Delia Marchetti told Mayor Ivo Brandt: {WORDS}",
        "Delia Marchetti",
    ),
    "role.md": (
        '"We will open the northern basin to freight this year," said William Hill '
        "spokesman Ivo Brandt.",
        "Ivo Brandt",
    ),  # the name before the role qualifies the one after it
    "continued.md": (
        f'Councillor Delia Marchetti said: "The quay is ready.\n\n{WORDS}',
        "Delia Marchetti",
    ),  # a new paragraph of the same quotation: its opening mark, no closing one before
    "agree.md": (
        '"It is ready," said Councillor Delia Marchetti.\n\n'
        f'{WORDS} The quay was busy. "It is late," said Marchetti.',
        "Delia Marchetti",
    ),  # the quote before and the paragraph's later cue agree on who goes on speaking
    "reported.md": (f"Councillor Delia Marchetti said Mayor Ivo Brandt told her: {WORDS}", None),
    "narrative.md": (
        f'Councillor Delia Marchetti said: "The quay is ready." Mayor Ivo Brandt nodded. {WORDS}',
        None,
    ),  # a sentence of narrative naming another person: the quote may be his
    "title-only.md": (f"Harbour Master, Ivo Brandt, said: {WORDS}", None),
    # the words before the appositive name no one: the appositive may be the speaker
    "two-named.md": (
        f"Mayor Ivo Brandt was away and Councillor Delia Marchetti said: {WORDS}",
        None,
    ),  # the words that name the speaker name two people
}


def test_the_speakers_clause_decides_who_is_beyond_doubt(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Who says it is beyond doubt when the cue's own clause names the speaker, whatever
    else the clause names (an appositive, the one spoken to, a name that qualifies the
    speaker's role), in the clause after a conjunction, with the verb first ("Said
    Marchetti:"), in a new paragraph of a quotation the speaker opened, and where the quote
    before and a later cue agree; not across a second verb of saying, a sentence of
    narrative naming another person, or a subject that names two people or only a title
    (the person in its appositive may be the one who speaks)."""
    run(capsys, "index", "build", "desk.jsonl", "--jobs", "1")
    for name, (text, _) in SPEAKER_SHAPES.items():
        _write(desk, name, HEAD + text + "\n")
    _, out, _ = run(
        capsys, "check", "--format", "json", "--no-cache", "articles", "--select", "AR004"
    )
    found = {Path(f["path"]).name: f["diagnostics"] for f in json.loads(out)["files"]}
    for name, (_, speaker) in SPEAKER_SHAPES.items():
        messages = [d["message"] for d in found.get(name, [])]
        if speaker is None:
            assert messages == [], name
        else:
            assert len(messages) == 1 and f"Tobias Wrenfield, not {speaker}" in messages[0], (
                name,
                messages,
            )
