"""Tables kept in the cache folder (factlint/core/cachefile.py): read back whole or built
again, never code; and what they hold is what they were built from (word frequencies,
given names, installed versions)."""

from __future__ import annotations

import hashlib
import pickle
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from factlint.analyses import name_lists
from factlint.core import cachefile, words
from factlint.core.installed import installed_version


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(tmp_path))
    return tmp_path


def _counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def test_a_table_is_built_once_and_read_back(cache: Path) -> None:
    value = (
        "a\nb",
        b"\x00\x01",
        {"x": frozenset({"y"}), "n": [1, 2.5, None, True], "s": {(1, "t")}},
        {1: "one", None: (), "\x00t": ["a key that looks like a tag"], 2.5: set()},
        [{"\x00b": 1}, (), {}, [], ""],
    )
    calls, build = _counting(value)
    assert cachefile.load_or_build("t", "k1", build) == value
    assert cachefile.load_or_build("t", "k1", build) == value
    assert len(calls) == 1
    cachefile.load_or_build("t", "k2", build)  # another key: another table
    assert len(calls) == 2
    assert cachefile.table_path("t", "k1").parent == cache / "tables"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-7],  # cut short
        lambda data: data[:-3] + b"xyz",  # changed
        lambda data: b"",  # empty
        lambda data: b"not a table at all",
    ],
)
def test_a_damaged_table_is_built_again(cache: Path, damage) -> None:
    calls, build = _counting({"word": 3})
    cachefile.load_or_build("t", "k", build)
    path = cachefile.table_path("t", "k")
    path.write_bytes(damage(path.read_bytes()))
    assert cachefile.load_or_build("t", "k", build) == {"word": 3}
    assert len(calls) == 2
    assert cachefile.load_or_build("t", "k", build) == {"word": 3}  # and rewritten whole
    assert len(calls) == 2


def test_a_table_holding_a_class_is_never_kept(cache: Path) -> None:
    calls, build = _counting({"path": Path("x")})
    cachefile.load_or_build("t", "k", build)
    assert not cachefile.table_path("t", "k").exists()
    cachefile.load_or_build("t", "k", build)
    assert len(calls) == 2  # not plain data, so built each time


class _Payload:
    """Unpickled, it creates the file ``marker``: what a crafted table could do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (open, (str(self.marker), "w"))


def _table_file(path: Path, magic: bytes, payload: bytes) -> None:
    """A table file with a right digest: anyone who can write the folder can make one."""
    digest = hashlib.blake2b(payload, digest_size=32).digest()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(magic + digest + payload)


def test_a_pickle_in_the_cache_folder_is_never_run(cache: Path) -> None:
    marker = cache / "ran"
    payload = pickle.dumps({"word": _Payload(marker)})
    path = cachefile.table_path("t", "k")
    for name in (path, path.with_suffix(".pickle")):  # this format's name and the old one's
        for magic in (b"factlint-table-1\n", b"factlint-table-2 json\n"):
            _table_file(name, magic, payload)
            assert cachefile.load_or_build("t", "k", lambda: {"word": 3}) == {"word": 3}
    assert not marker.exists()


@pytest.mark.parametrize(
    "payload",
    [
        b"[" * 100_000 + b"]" * 100_000,  # deeper than json can read
        b'{"\\u0000b": "not base64!"}',
        b'{"\\u0000s": [[1]]}',  # a set of lists
        b'{"\\u0000d": [[1]]}',
        b'{"\\u0000q": []}',
        b'{"\\u0000t": 5}',
        b"\xff\xfe",
    ],
)
def test_a_table_that_is_not_one_of_ours_is_built_again(cache: Path, payload: bytes) -> None:
    _table_file(cachefile.table_path("t", "k"), b"factlint-table-2 json\n", payload)
    assert cachefile.load_or_build("t", "k", lambda: {"word": 3}) == {"word": 3}
    assert cachefile.load_or_build("t", "k", lambda: {"word": 4}) == {"word": 3}  # rewritten


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(blocker / "cache"))
    assert cachefile.load_or_build("t", "k", lambda: [1]) == [1]


@pytest.mark.slow
def test_word_frequencies_are_pyspellchecker_s(cache: Path) -> None:
    from spellchecker import SpellChecker

    theirs = SpellChecker(distance=1).word_frequency
    words._frequencies.cache_clear()
    try:
        sample = list(theirs.dictionary)[::97]
        sample += ["Kishida", "MEANWHILE", "Chelsea", "", "zzqxj", "Über", "ﬁnd", "a\nb"]
        for _ in range(2):  # built, then read back from the cache folder
            assert {w: words.word_frequency(w) for w in sample} == {w: theirs[w] for w in sample}
            words._frequencies.cache_clear()
    finally:
        words._frequencies.cache_clear()


def test_given_names_read_back_are_faker_s(cache: Path) -> None:
    name_lists._faker_names.cache_clear()
    try:
        assert name_lists._faker_names() == name_lists._gather_faker_names()
        name_lists._faker_names.cache_clear()  # read back from the cache folder
        assert name_lists._faker_names() == name_lists._gather_faker_names()
    finally:
        name_lists._faker_names.cache_clear()


@pytest.mark.parametrize(
    ("distribution", "package"),
    [("harper-py", "harper"), ("pyspellchecker", "spellchecker"), ("PyYAML", "yaml")],
)
def test_installed_versions_are_importlib_metadata_s(distribution: str, package: str) -> None:
    assert installed_version(distribution, package) == metadata.version(distribution)


def test_the_version_of_a_missing_distribution_is_an_error() -> None:
    with pytest.raises(metadata.PackageNotFoundError):
        installed_version("no-such-distribution-here", "no_such_package_here")


def _no_home() -> Path:
    raise RuntimeError("Could not determine home directory.")


def test_no_home_folder_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FACTLINT_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", _no_home)
    assert cachefile.load_or_build("t", "k", lambda: {"a": 1}) == {"a": 1}


def test_a_table_of_the_wrong_shape_is_built_again_and_replaced(cache: Path) -> None:
    cachefile.load_or_build("t", "k", lambda: ("old", "format"))
    calls, build = _counting(b"new\n")

    def valid(table: object) -> bool:
        return isinstance(table, bytes)

    assert cachefile.load_or_build("t", "k", build, valid) == b"new\n"
    assert cachefile.load_or_build("t", "k", build, valid) == b"new\n"
    assert len(calls) == 1


@pytest.mark.slow
def test_processes_writing_one_table_at_once_leave_it_whole(cache: Path) -> None:
    code = (
        "import sys; from factlint.core import cachefile;"
        "t = cachefile.load_or_build('t', 'k', lambda: {'n': list(range(50000))});"
        "sys.exit(t != {'n': list(range(50000))})"
    )
    runs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(4)]
    assert [run.wait() for run in runs] == [0, 0, 0, 0]
    calls, build = _counting(None)
    assert cachefile.load_or_build("t", "k", build) == {"n": list(range(50000))}
    assert not calls and [p.name for p in (cache / "tables").iterdir()] == [
        cachefile.table_path("t", "k").name
    ]  # no temporary file left behind
