"""The grammar and spelling rules with Harper, the cache, and their configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from factlint.backends import BackendUnavailable, GrammarMatch
from factlint.backends.cache import GrammarCache
from factlint.engine.config import ConfigError, from_mapping
from factlint.engine.run import check_text

ARTICLE = (
    "Ferry plan approved\n\n"
    "Harbour master Adaeze Okonjo said the goverment had approved the plan. Okonjo "
    "thanked the Wielgoszewskis for their help.\n\n"
    "“The goverment listened to us,” Okonjo said.\n"
)


def _check(text: str, **grammar: object) -> list[tuple[str, str]]:
    config = from_mapping({"grammar": {"backend": "harper", **grammar}}, None)
    result = check_text("a.txt", text, config)
    return [(d.code, text[d.offset : d.offset + d.length]) for d in result.diagnostics]


def test_misspelling_reported_but_names_never() -> None:
    found = _check(ARTICLE)
    assert ("SP100", "goverment") in found
    assert "SP101" not in {code for code, _ in found}  # inside a quotation: off by default
    assert not any(word in ("Okonjo", "Adaeze", "Wielgoszewskis") for _, word in found)
    config = from_mapping({"grammar": {"backend": "harper"}, "select": ["ALL", "SP101"]}, None)
    result = check_text("a.txt", ARTICLE, config)
    selected = [(d.code, ARTICLE[d.offset : d.offset + d.length]) for d in result.diagnostics]
    assert ("SP101", "goverment") in selected and ("SP100", "goverment") in selected


def test_user_dictionary_words_are_accepted(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("# house words\ngoverment\n", encoding="utf-8")
    config = from_mapping(
        {"grammar": {"backend": "harper"}, "dictionary": "words.txt"}, tmp_path / ".factlint.yaml"
    )
    result = check_text("a.txt", ARTICLE, config)
    assert not any(d.code.startswith("SP") for d in result.diagnostics)


def test_in_quote_severity_is_info_and_configurable() -> None:
    table = {"grammar": {"backend": "harper"}, "select": ["ALL", "SP101"]}  # off by default
    result = check_text("a.txt", ARTICLE, from_mapping(table, None))
    (in_quote,) = [d for d in result.diagnostics if d.code == "SP101"]
    assert in_quote.severity.label == "info"
    config = from_mapping({**table, "severity": {"SP101": "warning"}}, None)
    result = check_text("a.txt", ARTICLE, config)
    (in_quote,) = [d for d in result.diagnostics if d.code == "SP101"]
    assert in_quote.severity.label == "warning"


def test_backend_none_checks_nothing() -> None:
    assert not [c for c, _ in _check(ARTICLE, backend="none") if c[:2] in ("GR", "SP")]


def test_cache_keeps_results_across_instances(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(tmp_path))
    match = GrammarMatch(3, 2, "Rule", "Agreement", "message", ("goes",))
    key = GrammarCache.key("harper|0.2|x", "He go home.")
    GrammarCache(persistent=True).put(key, [match])
    assert GrammarCache(persistent=True).get(key) == [match]
    assert GrammarCache(persistent=False).get(key) is None
    assert (tmp_path / "grammar.sqlite3").is_file()


def test_the_memory_cache_keeps_only_the_latest_paragraphs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A language server checks for days: its memory holds the latest paragraphs only."""
    monkeypatch.setattr("factlint.backends.cache.MEMORY_ENTRIES", 3)
    store = GrammarCache(persistent=False)
    match = GrammarMatch(0, 2, "Rule", "Agreement", "message", ())
    keys = [GrammarCache.key("harper|0.2|x", f"Paragraph {n}.") for n in range(5)]
    for key in keys:
        store.put(key, [match])
    assert [store.get(key) for key in keys] == [None, None, [match], [match], [match]]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"grammar": {"backend": "word"}}, "backend: must be one of harper, languagetool, none"),
        ({"grammar": {"engine": "harper"}}, r"grammar: unknown key \(key 1\)"),
        ({"grammar": {"cache": "yes"}}, "cache: must be true or false"),
        ({"dictionary": "missing-words.txt"}, "dictionary: the path names no file or folder"),
    ],
)
def test_grammar_config_errors(settings: dict, message: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=message):
        from_mapping(settings, tmp_path / ".factlint.yaml")


def test_seed_names_are_not_misspellings() -> None:
    seed = Path(__file__).resolve().parent.parent / "fixtures" / "kishida-peace-treaty.txt"
    text = seed.read_text(encoding="utf-8")
    flagged = {word for code, word in _check(text) if code.startswith("SP")}
    assert not flagged & {"Kishida", "Fumio", "Hirokazu", "Matsuno", "Kyodo", "Kuril"}
    assert not flagged & {"Aldograph", "Redley", "Aldgra", "Fredly"}  # BY001's business


def test_an_unknown_dialect_is_refused_by_the_config() -> None:
    with pytest.raises(ConfigError, match=r"dialect: must be one of auto, american, "):
        _check(ARTICLE, dialect="klingon")


def test_an_unknown_dialect_is_named_when_harper_is_needed() -> None:
    from factlint.backends import GrammarSettings, get_backend

    backend = get_backend(GrammarSettings(dialect="klingon"))
    assert backend is not None
    with pytest.raises(BackendUnavailable, match=r"grammar\.dialect 'klingon' is not one Harper"):
        backend.check(["A sentence."])


_RUN = (
    "import sys; from factlint.cli.main import main; code = main(['check', 'story.txt']);"
    "print('harper' in sys.modules, code, file=sys.stderr)"
)


@pytest.mark.slow
def test_a_warm_cache_neither_imports_harper_nor_builds_its_linter(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    env = {**os.environ, "FACTLINT_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", _RUN], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        for _ in range(2)
    ]
    # exit 0: SP100 is at info level
    assert [run.stderr.split() for run in runs] == [["True", "0"], ["False", "0"]]
    assert runs[0].stdout == runs[1].stdout and "goverment" in runs[0].stdout
