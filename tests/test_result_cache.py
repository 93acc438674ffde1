"""The whole-file result cache: what its key holds (each part misses when changed, an
identical re-run hits), what it stores, and that no state of the cache on disk (corrupt,
unusable, written by several processes at once) breaks a run."""

from __future__ import annotations

import dataclasses
import itertools
import json
import multiprocessing
import os
import pickle
import shutil
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import DESK_PACK, run

import factlint
from factlint.backends.base import GrammarMatch
from factlint.backends.cache import GrammarCache
from factlint.core.results import FileResult
from factlint.engine import config as config_module
from factlint.engine import result_cache, result_key, result_store
from factlint.engine.config import Config, load_file
from factlint.engine.result_cache import check_file_cached, result_value
from factlint.engine.result_key import cache_key
from factlint.engine.result_store import RESULTS_FOLDER, ResultCache
from factlint.engine.run import check_file_with_config

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = """\
Kishida says the the talks will resume

By Aiko Tanaka

TOKYO — Prime Minister Fumio Kishida said on Monday the the government would utilize
every channel. “We will not give up,” Mr. Kishida told reporters.
"""
PACK = DESK_PACK
REGISTER = """\
people:
  - name: Fumio Kishida
    roles:
      - {title: Prime Minister, organisation: Japan, start: 2021-10-04}
"""
SETTINGS = {
    "grammar": {"backend": "none", "dialect": "american"},
    "select": ["ALL", "NM003"],  # NM003 runs only when selected
    "dictionary": "words.txt",
    "facts": "facts.yaml",
    "pack-paths": ["styles/"],
    "severity": {"GR001": "warning"},
    "options": {"GR001": {"allowed": ["had"]}, "NM003": {"courtesy-titles": "none"}},
    "per-file-ignores": {"other/*": ["QT"]},
    "fail-on": "warning",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A desk's folder: its config with every kind of setting, a dictionary, a fact
    register, a pack of its own, and one article, ``desk/story.txt``."""
    root = tmp_path / "project"
    (root / "styles").mkdir(parents=True)
    (root / "desk").mkdir()
    _configure(root)
    (root / "words.txt").write_text("Tanaka\n", encoding="utf-8")
    (root / "facts.yaml").write_text(REGISTER, encoding="utf-8")
    (root / "styles" / "desk.yaml").write_text(PACK, encoding="utf-8")
    (root / "desk" / "story.txt").write_text(ARTICLE, encoding="utf-8")
    return root


def _configure(root: Path, **changes: object) -> None:
    settings = {**SETTINGS, **changes}
    (root / ".factlint.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")


def _config(root: Path) -> Config:
    return load_file(root / ".factlint.yaml")


def _story(root: Path) -> Path:
    return root / "desk" / "story.txt"


def _key(root: Path, article: Path | None = None) -> str:
    article = article or _story(root)
    return cache_key(_config(root), article, article.read_bytes())


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files really checked (not taken from the cache), as they are shown."""
    calls: list[str] = []
    real = result_cache.check_text

    def spy(display: str, text: str, config: Config, **how: Any) -> FileResult:
        calls.append(display)
        return real(display, text, config, **how)

    monkeypatch.setattr(result_cache, "check_text", spy)
    return calls


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


Change = Callable[[Path, pytest.MonkeyPatch], None]
MISSES: dict[str, Change] = {
    "a severity": lambda root, _: _configure(root, severity={"GR001": "info"}),
    "a rule's option": lambda root, _: _configure(root, options={"GR001": {"allowed": ["the"]}}),
    "ignore": lambda root, _: _configure(root, ignore=["NM003"]),
    "select": lambda root, _: _configure(root, select=["GR", "NM", "DK"]),
    "the packs on": lambda root, _: _configure(root, packs=["newsroom", "desk"]),
    "the pack file": lambda root, _: (root / "styles" / "desk.yaml").write_text(
        PACK.replace('write "{replacement}"', 'we write "{replacement}"'), encoding="utf-8"
    ),
    "the register file": lambda root, _: _append(
        root / "facts.yaml",
        "  - name: Aiko Tanaka\n    roles:\n      - {title: Reporter, organisation: Kyodo}\n",
    ),
    "the dictionary": lambda root, _: _append(root / "words.txt", "utilize\n"),
    "the grammar dialect": lambda root, _: _configure(
        root, grammar={"backend": "none", "dialect": "british"}
    ),
    "the grammar backend": lambda root, _: _configure(root, grammar={"backend": "harper"}),
    "the grammar's disabled rules": lambda root, _: _configure(
        root, grammar={"backend": "none", "disabled-rules": ["LongSentences"]}
    ),
    "the LanguageTool language": lambda root, _: _configure(
        root, grammar={"backend": "none", "language": "en-GB"}
    ),
    "per-file-ignores for this file": lambda root, _: _configure(
        root, **{"per-file-ignores": {"desk/*": ["GR001"]}}
    ),
    "fail-on": lambda root, _: _configure(root, **{"fail-on": "error"}),
    "the article's bytes": lambda root, _: _story(root).write_bytes(
        _story(root).read_bytes().replace(b"\n", b"\r\n")
    ),
    "factlint's version": lambda _, monkeypatch: monkeypatch.setattr(
        factlint, "__version__", "99.0"
    ),
}
HITS: dict[str, Change] = {
    "nothing": lambda root, _: None,
    "per-file-ignores for other files": lambda root, _: _configure(
        root, **{"per-file-ignores": {"other/*": ["QT", "GR"], "*.md": ["NM"]}}
    ),
    "whether the grammar results are cached": lambda root, _: _configure(
        root, grammar={"backend": "none", "dialect": "american", "cache": False}
    ),
    "the config's layout": lambda root, _: (root / ".factlint.yaml").write_text(
        "# the desk's settings\n" + yaml.safe_dump(SETTINGS, indent=4), encoding="utf-8"
    ),
    "the times of the files, not their content": lambda root, _: [
        os.utime(path, (time.time() + 100, time.time() + 100))
        for path in root.rglob("*")
        if path.is_file()
    ],
}


@pytest.mark.parametrize(
    ("change", "hit"),
    [pytest.param(name, False, id=f"miss-{name}") for name in MISSES]
    + [pytest.param(name, True, id=f"hit-{name}") for name in HITS],
)
def test_the_key_changes_exactly_with_what_can_change_the_result(
    change: str, hit: bool, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change to any part of the key misses; what cannot change the result keeps it."""
    before = _key(project)
    {**MISSES, **HITS}[change](project, monkeypatch)
    assert (_key(project) == before) is hit


def test_an_edited_file_of_factlint_itself_misses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "factlint"
    (package / "rules").mkdir(parents=True)
    (package / "__init__.py").write_text('"""factlint."""\n', encoding="utf-8")
    rule = package / "rules" / "rule.py"
    rule.write_text("LIMIT = 1\n", encoding="utf-8")
    monkeypatch.setattr(factlint, "__file__", str(package / "__init__.py"))
    stamp = result_key.installation.__wrapped__  # not once per process, here
    before = stamp()
    (package / "rules" / "__pycache__").mkdir()
    (package / "rules" / "__pycache__" / "rule.cpython-311.pyc").write_bytes(b"compiled")
    assert stamp() == before  # compiling changes nothing
    rule.write_text("LIMIT = 20\n", encoding="utf-8")  # a new size: times may tie
    assert stamp() != before


def test_the_path_is_not_in_the_key_but_markdown_or_not_is(project: Path) -> None:
    story = _story(project)
    copy = shutil.copy(story, project / "desk" / "another.txt")
    assert _key(project, Path(copy)) == _key(project)
    assert _key(project, Path(shutil.copy(story, project / "desk" / "story.md"))) != _key(project)


def test_an_identical_rerun_is_not_checked_again(project: Path, checked: list[str]) -> None:
    first = check_file_cached(_story(project), _config(project), ResultCache(project / "c"))
    again = check_file_cached(_story(project), _config(project), ResultCache(project / "c"))
    assert checked == [str(_story(project))]
    assert {"GR001", "NM003", "DK001"} <= {d.code for d in first.diagnostics}
    assert again == first and again.text == first.text == ARTICLE
    assert again == check_file_with_config(_story(project), _config(project))


def test_a_changed_setting_is_checked_again_and_reported_anew(
    project: Path, checked: list[str]
) -> None:
    cache = ResultCache(project / "c")
    check_file_cached(_story(project), _config(project), cache)
    _configure(project, severity={"GR001": "info"})
    result = check_file_cached(_story(project), _config(project), cache)
    assert len(checked) == 2
    assert {d.severity.label for d in result.diagnostics if d.code == "GR001"} == {"info"}


def test_a_hit_is_labelled_with_the_current_path(project: Path, checked: list[str]) -> None:
    cache = ResultCache(project / "c")
    check_file_cached(_story(project), _config(project), cache)
    copy = Path(shutil.copy(_story(project), project / "desk" / "copy.txt"))
    result = check_file_cached(copy, _config(project), cache)
    assert checked == [str(_story(project))] and result.path == str(copy)


def test_a_diagnostic_is_stored_exactly() -> None:
    fixtures = sorted(ROOT.glob("fixtures/*.txt")) + sorted(ROOT.glob("fixtures/*.md"))
    config = Config().with_overrides(None, None, {"backend": "none"})
    diagnostics = [d for f in fixtures for d in check_file_with_config(f, config).diagnostics]
    assert any(d.related for d in diagnostics) and any(d.fix for d in diagnostics)
    for diagnostic in diagnostics:
        data = diagnostic.to_json(spans=True)
        assert type(diagnostic).from_json(data) == diagnostic
        assert data == {**diagnostic.to_json(), "related": data["related"]}
        assert "offset" not in str(diagnostic.to_json()["related"])  # JSON v1 as it was


def _broken_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: object, options: object) -> list:
        raise ValueError("boom")

    rules = [
        dataclasses.replace(rule, check=broken) if rule.code == "QT001" else rule
        for rule in config_module.all_rules()
    ]
    monkeypatch.setattr(config_module, "all_rules", lambda: tuple(rules))


def test_a_failed_check_is_not_stored(
    project: Path, checked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _broken_rule(monkeypatch)
    cache = ResultCache(project / "c")
    for _ in range(2):
        result = check_file_cached(_story(project), _config(project), cache)
        assert result.error is not None and "internal error in rule QT001" in result.error
    assert len(checked) == 2 and _entries(project / "c") == 0


def test_unreadable_and_empty_files_are_not_stored(project: Path) -> None:
    bad, empty = project / "desk" / "bad.txt", project / "desk" / "empty.txt"
    bad.write_bytes(b"caf\xe9 society\n")
    empty.write_text("  \n", encoding="utf-8")
    cache = ResultCache(project / "c")
    assert "invalid UTF-8" in (check_file_cached(bad, _config(project), cache).error or "")
    assert check_file_cached(empty, _config(project), cache).skipped == "empty article"
    assert "no such file" in (check_file_cached(project / "gone.txt", Config(), cache).error or "")
    assert _entries(project / "c") == 0


def _entries(folder: Path) -> int:
    if not (folder / "cache.db").exists():
        return 0
    with sqlite3.connect(folder / "cache.db") as db:
        return int(db.execute("select count(*) from factlint_results").fetchone()[0])


def _store(folder: Path, key: str, value: object) -> None:
    """Write ``value`` as the stored text of ``key``, as another program could."""
    ResultCache(folder).get(key)  # made, if it was not
    with sqlite3.connect(folder / "cache.db") as db:
        db.execute("insert or replace into factlint_results values (?, ?, 1, 1)", (key, value))


def _garbage_whole(path: Path) -> None:
    path.write_bytes(b"\x13garbage" * 4096)


def _garbage_after_header(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\xff" * (len(data) - 100))


@pytest.mark.parametrize("damage", [_garbage_whole, _garbage_after_header])
def test_a_corrupt_cache_is_rebuilt(
    damage: Callable[[Path], None], project: Path, checked: list[str]
) -> None:
    folder = project / "c"
    expected = check_file_cached(_story(project), _config(project), ResultCache(folder))
    for path in folder.rglob("*"):
        if path.is_file():
            damage(path)
    assert check_file_cached(_story(project), _config(project), ResultCache(folder)) == expected
    assert check_file_cached(_story(project), _config(project), ResultCache(folder)) == expected
    assert len(checked) == 2  # checked again once, then taken from the rebuilt cache
    assert _entries(folder) == 1


def _diagnostic(**changes: object) -> str:
    """A stored value of one diagnostic, as factlint writes it, with ``changes``."""
    diagnostic = {
        "code": "GR001", "name": "doubled-word", "severity": "error", "message": "m",
        "line": 1, "column": 1, "end_line": 1, "end_column": 2, "offset": 0, "length": 1,
        "fix": None, "related": [],
    }  # fmt: skip
    return json.dumps({"format": 1, "diagnostics": [diagnostic | changes], "words": 3})


GARBAGE = (
    "not json",
    "[1, 2]",
    '{"format": 1, "diagnostics": [{"code": 1}]}',
    "[" * 100_000 + "]" * 100_000,  # deeper than json can read
    '{"format": 2, "diagnostics": [], "words": 3}',
    '{"format": 1, "diagnostics": [], "words": 3, "more": 1}',
    '{"format": 1, "diagnostics": [], "words": "3"}',
    _diagnostic(offset=10**6),  # outside the text
    _diagnostic(offset=-1),
    _diagnostic(line=10**6),
    _diagnostic(length=1.5),
    _diagnostic(message=["m"]),
    _diagnostic(fix={"replacement": "x", "offset": 10**6, "length": 1, "safe": True}),
    _diagnostic(fix={"replacement": "x", "offset": 0, "length": 1, "safe": "yes"}),
    _diagnostic(related=[{"line": 1, "column": 1, "message": "m", "offset": 10**6, "length": 0}]),
)


def test_a_value_that_is_not_ours_is_a_miss_and_replaced(project: Path, checked: list[str]) -> None:
    cache = ResultCache(project / "c")
    key = _key(project)
    for garbage in GARBAGE:
        _store(project / "c", key, garbage)
        check_file_cached(_story(project), _config(project), cache)
    check_file_cached(_story(project), _config(project), cache)
    assert len(checked) == len(GARBAGE)


def test_a_value_factlint_wrote_is_a_hit(project: Path, checked: list[str]) -> None:
    cache = ResultCache(project / "c")
    _store(project / "c", _key(project), _diagnostic())
    result = check_file_cached(_story(project), _config(project), cache)
    assert not checked and [d.code for d in result.diagnostics] == ["GR001"]


def test_an_unusable_cache_folder_runs_uncached(project: Path, checked: list[str]) -> None:
    (project / "c").write_text("a file where the folder should be\n", encoding="utf-8")
    cache = ResultCache(project / "c" / "results")
    for _ in range(2):
        assert check_file_cached(_story(project), _config(project), cache).error is None
    assert len(checked) == 2


def test_the_oldest_entries_are_evicted_past_the_size_limit(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c", size_limit=200_000)
    value = result_value(FileResult("a.txt", words=1)) | {"padding": "x" * 20_000}
    for number in range(60):
        cache.put(f"key{number}", value)
    assert cache.get("key59") == value and cache.get("key0") is None
    assert _entries(tmp_path / "c") < 60


def _hammer(folder: Path, worker: int, articles: list[Path], root: Path) -> None:
    """One of several processes at once: check the articles (storing their results), and
    write and read many entries of its own."""
    cache = ResultCache(folder)
    for path in articles[worker::2] + articles:
        assert check_file_cached(path, _config(root), cache).error is None
    for number in range(400):
        cache.put(f"{worker}-{number}", {"format": 1, "n": number})
        assert cache.get(f"{worker}-{number}") == {"format": 1, "n": number}


@pytest.mark.slow
def test_processes_at_once_share_the_cache_safely(project: Path, checked: list[str]) -> None:
    articles = []
    for number in range(12):
        path = project / "desk" / f"story{number}.txt"
        path.write_text(ARTICLE.replace("Monday", f"Monday {number}"), encoding="utf-8")
        articles.append(path)
    folder = project / "c"
    ResultCache(folder).get("opened before the fork")
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_hammer, args=(folder, n, articles, project)) for n in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    cache = ResultCache(folder)
    assert all(cache.get(f"{w}-{n}") == {"format": 1, "n": n} for w in (0, 1) for n in range(400))
    for path in articles:
        check_file_cached(path, _config(project), cache)
    assert checked == []  # every result was stored by a worker
    with sqlite3.connect(folder / "cache.db") as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)


def _write_forever(folder: Path) -> None:
    cache = ResultCache(folder)
    for number in itertools.count():
        padding = "x" * (40_000 if number % 10 == 0 else 10)  # a file of its own, or not
        cache.put(f"key{number}", {"format": 1, "padding": padding})


def _written(folder: Path) -> int:
    try:
        return _entries(folder)
    except sqlite3.Error:  # not made yet
        return 0


def test_a_process_killed_while_writing_leaves_a_usable_cache(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    writer = multiprocessing.get_context("fork").Process(target=_write_forever, args=(folder,))
    writer.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and _written(folder) < 20:
        time.sleep(0.05)
    os.kill(writer.pid or 0, signal.SIGKILL)
    writer.join()
    cache = ResultCache(folder)
    cache.put("after", {"format": 1})
    assert cache.get("after") == {"format": 1} and cache.get("key1") is not None
    with sqlite3.connect(folder / "cache.db") as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)


def test_a_busy_cache_skips_a_write_and_stays_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(result_store, "TIMEOUT", 0.1)
    cache = ResultCache(tmp_path / "c")
    cache.put("before", {"format": 1})
    other = sqlite3.connect(tmp_path / "c" / "cache.db", isolation_level=None)
    other.execute("begin exclusive")  # another process in the middle of a long write
    cache.put("during", {"format": 1})
    assert cache.get("before") == {"format": 1}
    other.execute("rollback")
    cache.put("after", {"format": 1})
    assert cache.get("during") is None and cache.get("after") == {"format": 1}
    assert ResultCache.in_folder(tmp_path).size_limit == 200 * 1024 * 1024


@pytest.mark.slow
def test_a_cache_crosses_to_a_spawned_process(project: Path) -> None:
    cache = ResultCache(project / "c")
    cache.get("opened here")
    assert pickle.loads(pickle.dumps(cache)).directory == cache.directory
    config = Config().with_overrides(None, None, {"backend": "none"})
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        there = pool.apply(check_file_cached, (_story(project), config, cache))
    assert check_file_cached(_story(project), config, cache) == there
    assert _entries(project / "c") == 1


# --- the command line ----------------------------------------------------------------


def test_check_reuses_results_and_shows_the_text_again(
    capsys: pytest.CaptureFixture[str], project: Path, checked: list[str]
) -> None:
    args = ("check", "--context", "--show-fixes", str(_story(project)))
    first = run(capsys, *args)
    assert run(capsys, *args) == first
    assert len(checked) == 1 and "| TOKYO — Prime Minister" in first[1]


def test_the_cache_lives_in_the_cache_folder(
    capsys: pytest.CaptureFixture[str], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(project / "env"))
    run(capsys, "check", str(_story(project)))
    assert _entries(project / "env" / RESULTS_FOLDER) == 1


def test_cache_dir_overrides_the_environment(
    capsys: pytest.CaptureFixture[str], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(project / "env"))
    _configure(project, grammar={"backend": "harper"})
    run(capsys, "check", "--cache-dir", str(project / "mine"), str(_story(project)))
    assert _entries(project / "mine" / RESULTS_FOLDER) == 1
    assert (project / "mine" / "grammar.sqlite3").is_file()
    assert not (project / "env").exists()


@pytest.mark.parametrize("extra", [("--no-cache",), ("--diff",), ("--fix",)])
def test_no_cache_fix_and_diff_bypass_the_cache(
    extra: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(project / "env"))
    for _ in range(2):
        assert run(capsys, "check", *extra, str(_story(project)))[0] in (0, 1)
    assert not (project / "env" / RESULTS_FOLDER).exists()


def test_a_corrupt_cache_does_not_trouble_the_command_line(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    args = ("check", "--cache-dir", str(project / "c"), str(_story(project)))
    first = run(capsys, *args)
    for path in (project / "c" / RESULTS_FOLDER).rglob("*"):
        if path.is_file():
            _garbage_whole(path)
    code, out, err = run(capsys, *args)
    assert (code, out) == first[:2] and err.count("moved aside") == 1
    assert run(capsys, *args) == first
    assert _entries(project / "c" / RESULTS_FOLDER) == 1


# --- what others may have put in the cache folder ------------------------------------

# diskcache's table, as factlint before version 1 of its own store kept results in it
DISKCACHE_TABLE = (
    "CREATE TABLE Cache (rowid INTEGER PRIMARY KEY, key BLOB, raw INTEGER,"
    " store_time REAL, expire_time REAL, access_time REAL, access_count INTEGER DEFAULT 0,"
    " tag BLOB, size INTEGER DEFAULT 0, mode INTEGER DEFAULT 0, filename TEXT, value BLOB)"
)
DISKCACHE_PICKLE_MODE = 4


class _Payload:
    """Unpickled, it creates the file ``marker``: what a crafted cache row could do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


def test_a_pickle_in_the_cache_is_never_run(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    folder, marker = project / "c" / RESULTS_FOLDER, project / "ran"
    folder.mkdir(parents=True)
    with sqlite3.connect(folder / "cache.db") as db:  # a row the old way: mode says pickle
        db.execute(DISKCACHE_TABLE)
        db.execute(
            "insert into Cache (key, raw, store_time, access_time, mode, value)"
            " values (?, 1, 0, 0, ?, ?)",
            (_key(project), DISKCACHE_PICKLE_MODE, pickle.dumps(_Payload(marker))),
        )
    args = ("check", "--cache-dir", str(project / "c"), str(_story(project)))
    expected = run(capsys, "check", "--no-cache", str(_story(project)))
    assert run(capsys, *args) == expected
    assert run(capsys, *args) == expected and _entries(folder) == 1
    assert not marker.exists()


def test_a_pickle_as_a_value_is_a_miss(project: Path, checked: list[str]) -> None:
    marker = project / "ran"
    cache = ResultCache(project / "c")
    expected = check_file_cached(_story(project), _config(project), cache)
    _store(project / "c", _key(project), pickle.dumps(_Payload(marker)))
    assert check_file_cached(_story(project), _config(project), cache) == expected
    assert len(checked) == 2 and not marker.exists()


def test_a_damaged_cache_is_moved_aside_and_nothing_else_touched(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    folder = project / "c" / RESULTS_FOLDER
    folder.mkdir(parents=True)
    (folder / "cache.db").write_bytes(b"my own notes, not SQLite\n" * 100)
    (folder / "notes.txt").write_text("a user's file\n", encoding="utf-8")
    args = ("check", "--cache-dir", str(project / "c"), str(_story(project)))
    expected = run(capsys, "check", "--no-cache", str(_story(project)))
    code, out, err = run(capsys, *args)
    assert (code, out) == expected[:2] and err.count("moved aside") == 1
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "a user's file\n"
    (aside,) = folder.glob("cache.db.damaged-*")
    assert aside.read_bytes() == b"my own notes, not SQLite\n" * 100
    assert run(capsys, *args) == expected and _entries(folder) == 1


@pytest.mark.parametrize("kind", ["folder", "link"])
def test_a_cache_path_that_is_not_a_file_is_left_alone(
    kind: str, capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    folder, target = project / "c" / RESULTS_FOLDER, project / "elsewhere.db"
    folder.mkdir(parents=True)
    if kind == "folder":
        (folder / "cache.db").mkdir()
        (folder / "cache.db" / "keep.txt").write_text("kept\n", encoding="utf-8")
    else:
        target.write_bytes(b"someone else's file")
        (folder / "cache.db").symlink_to(target)
    args = ("check", "--cache-dir", str(project / "c"), str(_story(project)))
    expected = run(capsys, "check", "--no-cache", str(_story(project)))
    code, out, err = run(capsys, *args)
    assert (code, out) == expected[:2] and "running without the result cache" in err
    assert sorted(p.name for p in folder.rglob("*")) == sorted(
        ["cache.db", "keep.txt"] if kind == "folder" else ["cache.db"]
    )
    assert kind == "folder" or target.read_bytes() == b"someone else's file"


@pytest.mark.parametrize(
    "stored",
    [
        "not json",
        "[" * 100_000,
        '{"offset": 0}',
        '[{"offset": 0}]',
        '[{"offset": -1, "length": 2, "rule": "R", "category": "C", "message": "m",'
        ' "replacements": [], "spelling": false, "names": []}]',
        '[{"offset": 0, "length": 2, "rule": 5, "category": "C", "message": "m",'
        ' "replacements": [], "spelling": false, "names": []}]',
        b"\x80\x04pickle",
    ],
)
def test_a_grammar_cache_row_that_is_not_ours_is_a_miss(stored: object, tmp_path: Path) -> None:
    match = GrammarMatch(0, 2, "R", "C", "m", ("x",))
    key = GrammarCache.key("harper|0.2|x", "He go home.")
    GrammarCache(persistent=True, directory=str(tmp_path)).put(key, [match])
    assert GrammarCache(persistent=True, directory=str(tmp_path)).get(key) == [match]
    with sqlite3.connect(tmp_path / "grammar.sqlite3") as db:
        db.execute("update grammar set matches = ? where key = ?", (stored, key))
    assert GrammarCache(persistent=True, directory=str(tmp_path)).get(key) is None


def test_a_value_too_large_to_be_ours_is_not_read(
    project: Path, checked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ResultCache(project / "c")
    check_file_cached(_story(project), _config(project), cache)
    with sqlite3.connect(project / "c" / "cache.db") as db:
        (stored,) = db.execute("select value from factlint_results").fetchone()
    monkeypatch.setattr(result_store, "MAX_VALUE", len(stored) - 1)
    check_file_cached(_story(project), _config(project), cache)
    monkeypatch.setattr(result_store, "MAX_VALUE", len(stored))
    check_file_cached(_story(project), _config(project), cache)
    assert len(checked) == 2  # a miss past the limit, a hit within it


def test_processes_finding_one_damage_move_it_aside_once(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = project / "c"
    first, second = ResultCache(folder), ResultCache(folder)
    first.put("a", {"format": 1})
    assert second.get("a") == {"format": 1}  # both have the file open
    with sqlite3.connect(folder / "cache.db") as db:
        db.execute("pragma wal_checkpoint(truncate)")  # all in the file, none in its log
    _garbage_whole(folder / "cache.db")
    for cache in (first, second, first, second):
        cache.put("b", {"format": 1})
        cache.get("a")
    assert len(list(folder.glob("cache.db.damaged-*[0-9]"))) == 1  # with its -wal, -shm
    assert capsys.readouterr().err.count("moved aside") == 1
    assert ResultCache(folder).get("b") == {"format": 1}
