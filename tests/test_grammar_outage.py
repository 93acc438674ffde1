"""A grammar engine that cannot be used costs only its own findings: with a LanguageTool
server that is dead, refuses, hangs, trickles, answers garbage, a huge answer, a gzip bomb
or a redirect, or with Harper not installed, every file is still checked by every other
rule and reported in every format, with a file-level note saying why; LanguageTool's
requests are bounded (a total deadline, a size limit, no redirects) and its matches are
placed in the text or dropped.

The servers are the tests' own, on 127.0.0.1 (``fake_languagetool.py``).
"""

from __future__ import annotations

import json
import shutil
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_languagetool import HEADERS, TLS_RECORD, bad_matches, dead_url, serve, trickling_socket
from helpers import run
from hypothesis import given, settings
from hypothesis import strategies as st

from factlint.backends import languagetool
from factlint.backends.base import GrammarMatch
from factlint.backends.bounded_http import ServerProblem, exchange

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "kishida-peace-treaty.txt"  # byline, quote and headline findings
TIMEOUT = 2  # grammar.timeout of these tests, seconds
UNAVAILABLE = "not fully checked: the grammar engine was unavailable, so GR100, SP100, SP103"

# the hostile servers, and the words the file's note has for each
HOSTILE = {
    "refusing": "closed the connection without answering",
    "hanging": f"timed out: no complete answer within {TIMEOUT} s",
    "trickling": f"timed out: no complete answer within {TIMEOUT} s",
    "garbage": "gave a malformed answer (not LanguageTool's JSON)",
    "not-http": "gave a malformed answer (not an HTTP answer)",
    "http-error": "answered with HTTP error 500",
    "huge": "gave an answer over the limit of 10 MB (decompressed)",
    "gzip-bomb": "gave an answer over the limit of 10 MB (decompressed)",
}


@pytest.fixture(autouse=True)
def _fresh_backends(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test meets its servers afresh: no failure remembered from another test, no
    proxy of the shell's in the way."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    languagetool._failures.clear()
    yield
    languagetool._failures.clear()


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the seed article and a config giving LanguageTool TIMEOUT s."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "story.txt")
    (tmp_path / ".factlint.yaml").write_text(f"grammar: {{timeout: {TIMEOUT}}}\n")
    return tmp_path


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code, out, err = run(capsys, "check", "--no-cache", "--format", "json", *args)
    return code, json.loads(out), err


def _json_findings(document: dict) -> set[tuple]:
    return {
        (entry["path"], d["code"], d["line"], d["column"], d["message"])
        for entry in document["files"]
        for d in entry["diagnostics"]
    }


def _sarif_findings(log: dict) -> set[tuple]:
    return {
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["message"]["text"],
        )
        for r in log["runs"][0]["results"]
    }


def _sarif_notes(log: dict) -> list[str]:
    invocation = log["runs"][0]["invocations"][0]
    return [n["message"]["text"] for n in invocation.get("toolExecutionNotifications", [])]


def _without_grammar(capsys: pytest.CaptureFixture[str], fmt: str, *paths: str) -> dict:
    code, out, _ = run(capsys, "check", "--no-cache", "--grammar", "none", "--format", fmt, *paths)
    assert code == 1
    return json.loads(out)


def _assert_degraded(
    capsys: pytest.CaptureFixture[str], url: str, problem: str, *paths: str
) -> None:
    """JSON and SARIF with the server at ``url``: every finding of ``--grammar none``,
    each file noted with ``problem``, exit status 2 (no file fully checked)."""
    paths = paths or ("story.txt",)
    expected = _json_findings(_without_grammar(capsys, "json", *paths))
    assert {code for _, code, *_ in expected} >= {"BY001", "QT003", "QT004", "HL003"}
    code, document, err = _json(capsys, "--languagetool-url", url, *paths)
    assert code == 2
    assert _json_findings(document) == expected
    for entry in document["files"]:
        assert entry["error"].startswith(UNAVAILABLE), entry["error"]
        assert problem in entry["error"]
        assert f"{entry['path']}: error: {UNAVAILABLE}" in err
    assert document["summary"]["file_errors"] == document["summary"]["not_fully_checked"]
    assert document["summary"]["file_errors"] == len(paths)

    sarif_expected = _sarif_findings(_without_grammar(capsys, "sarif", *paths))
    code, out, _ = run(
        capsys, "check", "--no-cache", "--format", "sarif", "--languagetool-url", url, *paths
    )
    log = json.loads(out)
    assert code == 2
    assert _sarif_findings(log) == sarif_expected
    notes = _sarif_notes(log)
    assert len(notes) == len(paths) and all(problem in note for note in notes)


def test_a_dead_server_costs_only_the_grammar_findings(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = dead_url()
    _assert_degraded(capsys, url, "refused the connection (is it running, at that address?)")


@pytest.mark.slow
@pytest.mark.parametrize("mode", sorted(HOSTILE))
def test_a_hostile_server_costs_only_the_grammar_findings(
    mode: str, desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve(mode) as server:
        _assert_degraded(capsys, server.url, HOSTILE[mode])
    assert len(server.checks) == 1  # asked once; then not again for the rest of the run


def test_a_language_the_server_does_not_offer_is_said(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (desk / ".factlint.yaml").write_text("grammar: {language: de-DE}\n")
    with serve("garbage") as server:
        _assert_degraded(capsys, server.url, "it does not offer the language de-DE")
    assert not server.checks  # its list of languages said so: nothing was sent


@pytest.mark.slow
def test_a_server_that_failed_is_not_asked_again_in_the_run(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("second.txt", "third.txt"):
        shutil.copy(SEED, desk / name)
    paths = ("story.txt", "second.txt", "third.txt")
    with serve("hanging") as server:
        _assert_degraded(capsys, server.url, HOSTILE["hanging"], *paths)
    # one paragraph of one file waited the deadline; the rest (British and American
    # English, every paragraph, every file) were not sent
    assert len(server.checks) == 1


def test_a_server_that_failed_is_asked_again_after_the_retry_time(
    desk: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A language server runs for days: a server back up is used again."""
    monkeypatch.setattr(languagetool, "RETRY_AFTER_SECONDS", 0.0)
    with serve("garbage") as server:
        _json(capsys, "--languagetool-url", server.url, "story.txt")
    assert len(server.checks) > 1  # every paragraph, now that no failure is remembered


@pytest.mark.serial
def test_a_trickling_server_is_cut_off_at_the_deadline(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A server sending a byte a second never lets a read time out (it trickles until
    the test stops it); the deadline is for the whole request."""
    with serve("trickling") as server:
        code, document, _ = _json(capsys, "--languagetool-url", server.url, "story.txt")
        sent = server.sent
    assert code == 2 and HOSTILE["trickling"] in document["files"][0]["error"]
    assert 0 < sent < 5 * TIMEOUT  # bytes, at one a second: cut off at the deadline


@pytest.mark.parametrize(
    ("scheme", "first"), [("http", HEADERS), ("https", TLS_RECORD)], ids=["headers", "tls"]
)
@pytest.mark.serial
def test_a_deadline_covers_trickled_headers_and_tls_handshakes(scheme: str, first: bytes) -> None:
    with trickling_socket(first) as server:
        with pytest.raises(ServerProblem, match=r"^timed out: no complete answer within 2 s$"):
            exchange(f"{scheme}://{server.url}/v2/languages", None, "get", 2)
        sent = server.sent
    assert sent < 10  # bytes, at one a second: cut off at the deadline


def test_a_login_in_the_address_is_sent_as_basic_authentication() -> None:
    with serve("bad-offsets") as server:
        address = server.url.replace("http://", "http://desk:s%40cret@")
        assert json.loads(exchange(f"{address}/v2/languages", None, "get", 5))
    assert server.logins == ["Basic ZGVzazpzQGNyZXQ="]  # desk:s@cret


def test_the_environment_s_proxy_is_used_as_requests_used_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    address = "languagetool.invalid:8081"
    with serve("bad-offsets") as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        assert json.loads(exchange(f"http://{address}/v2/languages", None, "get", 5))
        with pytest.raises(ServerProblem, match=r"the proxy \(HTTPS_PROXY\) refused the tunnel"):
            exchange(f"https://{address}/v2/languages", None, "get", 5)
        monkeypatch.setenv("NO_PROXY", "languagetool.invalid")
        with pytest.raises(ServerProblem, match=r"^could not be found \(no such host name\)$"):
            exchange(f"http://{address}/v2/languages", None, "get", 5)
    assert proxy.requests == [f"GET http://{address}/v2/languages", f"CONNECT {address}"]


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["huge", "gzip-bomb"])
def test_a_huge_answer_is_not_held_in_memory(
    mode: str, desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _without_grammar(capsys, "json", "story.txt")  # what any check loads, loaded
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        _without_grammar(capsys, "json", "story.txt")
        without = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        with serve(mode) as server:
            code, document, _ = _json(capsys, "--languagetool-url", server.url, "story.txt")
            sent = server.sent
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 2 and HOSTILE[mode] in document["files"][0]["error"]
    assert peak - without < 40 * 2**20  # the answer stopped at 10 MB, not 256 or 400
    if mode == "huge":
        assert sent < 64 * 2**20  # factlint stopped reading: the server could not go on


@pytest.mark.slow
def test_a_redirect_is_not_followed(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serve("bad-offsets") as elsewhere, serve("redirect", target=elsewhere.url) as server:
        _assert_degraded(capsys, server.url, "answered with a redirect (HTTP 307)")
    assert server.checks and not elsewhere.checks  # the article went nowhere else


@pytest.mark.parametrize("mode", ["out-of-range", "bad-offsets"])
def test_matches_outside_the_text_are_dropped_and_fix_nothing(
    mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "story.txt"
    original = "Harbour reopens\n\nThe harbour master said the quay was safe on Tuesday.\n"
    article.write_text(original, encoding="utf-8")
    with serve(mode) as server:
        url = ["--languagetool-url", server.url]
        code, document, _ = _json(capsys, *url, "story.txt")
        assert code == 0 and document["files"][0]["error"] is None  # answered: checked
        diagnostics = document["files"][0]["diagnostics"]
        assert not any(d["code"].startswith(("GR", "SP")) for d in diagnostics)
        run(capsys, "check", "--no-cache", "--fix", "--unsafe-fixes", *url, "story.txt")
    assert server.checks  # the paragraphs were sent, and every match was dropped
    assert article.read_text(encoding="utf-8") == original


def test_offsets_count_utf16_units_and_a_place_inside_a_character_is_none() -> None:
    text = "Fans 😀 cheered the goverment 😀x"
    places = languagetool._Utf16Places(text)
    units = text.encode("utf-16-le")
    wrong = text.index("goverment")
    utf16 = len(text[:wrong].encode("utf-16-le")) // 2
    match = languagetool._match(
        {
            "offset": utf16,
            "length": 9,
            "message": "Possible spelling mistake found.",
            "replacements": [{"value": "government"}, {"value": 5}, "x"],
            "rule": {"id": "MORFOLOGIK_RULE_EN_US", "category": {"id": "TYPOS"}},
        },
        places,
    )
    assert match == GrammarMatch(
        wrong, 9, "MORFOLOGIK_RULE_EN_US", "TYPOS", "Possible spelling mistake found.",
        ("government",), spelling=True,
    )  # fmt: skip
    inside = text.index("😀") + 1  # the emoji's second UTF-16 unit
    assert places.index(inside) is None and places.index(len(units) // 2) == len(text)
    assert places.index(len(units) // 2 + 1) is None and places.index(-1) is None
    for bad in bad_matches(text):
        assert languagetool._match(bad, places) is None


_ANY = st.one_of(
    st.integers(-(2**70), 2**70), st.floats(), st.text(max_size=5), st.booleans(), st.none()
)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(st.characters(codec="utf-8"), max_size=40),
    offset=_ANY | st.integers(-2, 45),
    length=_ANY | st.integers(-2, 45),
    replacements=st.lists(st.one_of(_ANY, st.fixed_dictionaries({"value": _ANY})), max_size=3),
)
def test_a_match_is_in_the_text_or_dropped(
    text: str, offset: object, length: object, replacements: list
) -> None:
    item = {
        "offset": offset,
        "length": length,
        "message": "m",
        "replacements": replacements,
        "rule": {"id": "R", "category": {"id": "TYPOS"}},
    }
    match = languagetool._match(item, languagetool._Utf16Places(text))
    if match is not None:
        assert 0 <= match.offset <= match.offset + match.length <= len(text)
        assert all(isinstance(r, str) for r in match.replacements)
        assert isinstance(offset, int) and isinstance(length, int)  # those were integers
        units = text.encode("utf-16-le")[2 * offset : 2 * (offset + length)]
        assert units.decode("utf-16-le") == text[match.offset : match.offset + match.length]


@pytest.mark.parametrize("fmt", ["text", "github", "gitlab", "rdjson", "html"])
def test_every_format_has_the_findings_and_the_note(
    fmt: str, desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, clean, _ = run(capsys, "check", "--no-cache", "--grammar", "none", "--format", fmt, ".")
    code, out, err = run(
        capsys, "check", "--no-cache", "--format", fmt, "--languagetool-url", dead_url(), "."
    )
    assert code == 2
    assert f"story.txt: error: {UNAVAILABLE}" in err  # standard error, in every format
    for finding in ("BY001", "QT003", "QT004", "HL003"):
        assert finding in out and finding in clean
    if fmt != "text":  # in the report itself too (text: the summary counts it)
        assert "the grammar engine was unavailable" in out
    if fmt == "text":
        assert out.endswith("in 1 file checked, 1 not fully.\n")
    if fmt == "html":
        assert "Not fully checked: the grammar engine was unavailable" in out
        assert "not fully checked</span>" in out


def test_a_suppression_of_a_rule_that_could_not_run_is_not_called_unused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.txt").write_text(
        "Harbour reopens\n\n"
        "<!-- factlint-disable-next-line SP100 -->\n"
        "The harbour master Okonjo said the quay was safe on Tuesday.\n",
        encoding="utf-8",
    )
    args = ("--select", "ALL,FL003", "story.txt")
    _, healthy, _ = _json(capsys, "--grammar", "none", *args)
    assert {d["code"] for d in healthy["files"][0]["diagnostics"]} == {"FL003"}  # the control
    _, document, _ = _json(capsys, "--languagetool-url", dead_url(), *args)
    assert document["files"][0]["error"].startswith("not fully checked: the grammar engine")
    assert not document["files"][0]["diagnostics"]  # SP100 did not run: nothing to judge


def test_harper_not_installed_is_the_same_degradation(
    desk: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from factlint.backends import harper

    harper.harper_backend.cache_clear()
    monkeypatch.setattr(harper, "is_installed", lambda name: False)
    try:
        expected = _json_findings(_without_grammar(capsys, "json", "story.txt"))
        code, document, _ = _json(capsys, "--grammar", "harper", "story.txt")
    finally:
        harper.harper_backend.cache_clear()
    assert code == 2 and _json_findings(document) == expected
    error = document["files"][0]["error"]
    assert error.startswith(UNAVAILABLE) and "pip install harper-py" in error


def test_harper_that_cannot_load_is_the_same_degradation(
    desk: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.machinery
    import types

    from factlint.backends import harper

    def broken_linter(**_: object) -> None:
        raise OSError("libharper.so: cannot open shared object file")

    fake = types.ModuleType("harper")  # installed, and broken: its Linter cannot start
    fake.__spec__ = importlib.machinery.ModuleSpec("harper", None)
    fake.Dialect = types.SimpleNamespace(__members__={"AMERICAN": 0, "BRITISH": 1})  # type: ignore[attr-defined]
    fake.Linter = broken_linter  # type: ignore[attr-defined]
    fake.Language = types.SimpleNamespace(PLAINTEXT=0)  # type: ignore[attr-defined]
    harper.harper_backend.cache_clear()
    monkeypatch.setitem(sys.modules, "harper", fake)
    try:
        expected = _json_findings(_without_grammar(capsys, "json", "story.txt"))
        code, document, _ = _json(capsys, "--grammar", "harper", "story.txt")
    finally:
        harper.harper_backend.cache_clear()
    assert code == 2 and _json_findings(document) == expected
    error = document["files"][0]["error"]
    assert error.startswith(UNAVAILABLE) and "Harper could not be loaded (OSError)" in error


@pytest.mark.slow
def test_audit_articles_keep_their_findings_and_are_no_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from factlint.audit.work import Article, AuditSettings, check_batch
    from factlint.engine.run import Options

    text = SEED.read_text(encoding="utf-8")
    articles = [Article(f"story-{n}.txt", text, f"h{n}") for n in range(3)]

    def lines(grammar: dict) -> list[dict]:
        settings = AuditSettings(Options(grammar=grammar), cwd=str(tmp_path), names=False)
        result = check_batch(settings, articles)
        assert not result.config_errors and not any(c.internal for c in result.checked)
        return [json.loads(c.line) for c in result.checked]

    expected = lines({"backend": "none"})
    found = lines({"backend": "languagetool", "url": dead_url(), "timeout": TIMEOUT})
    assert [e["diagnostics"] for e in found] == [e["diagnostics"] for e in expected]
    assert all(e["diagnostics"] for e in found)
    assert all(e["error"].startswith(UNAVAILABLE) for e in found)


def test_the_language_server_shows_the_findings_and_the_note(tmp_path: Path) -> None:
    pytest.importorskip("pygls")
    from factlint.engine.run import Options
    from factlint.lsp.engine import Engine

    options = Options(grammar={"backend": "languagetool", "url": dead_url()})
    engine = Engine(tmp_path, None, options)
    checked = engine.check("story.txt", SEED.read_text(encoding="utf-8"), None, "utf-16")
    assert checked.result.error is not None and checked.result.error.startswith(UNAVAILABLE)
    assert not checked.result.internal
    assert {"BY001", "QT003"} <= {d.code for d in checked.result.diagnostics}
