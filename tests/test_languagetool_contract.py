"""Contract test for the LanguageTool backend.

No LanguageTool runs on these machines and none can be downloaded, so this test starts a
local HTTP server that answers LanguageTool's documented HTTP API (``GET /v2/languages``,
``POST /v2/check`` with form fields ``language`` and ``text``, answering ``{"matches":
[...]}`` with ``offset``, ``length``, ``message``, ``replacements`` and ``rule`` with its
``id`` and ``category``), and drives factlint through language-tool-python's remote-server
mode against it, exactly as a newsroom's self-hosted LanguageTool server would be used.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs

import pytest
from helpers import QUICK_SHUTDOWN

from factlint.cli.main import main

LANGUAGES = [
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
]


def _match(text: str, wrong: str, right: str, rule: str, category: str) -> dict | None:
    offset = text.find(wrong)
    if offset < 0:
        return None
    return {
        "message": f"Did you mean “{right}”?",
        "shortMessage": "",
        "replacements": [{"value": right}],
        "offset": offset,
        "length": len(wrong),
        "context": {"text": text, "offset": offset, "length": len(wrong)},
        "sentence": text,
        "type": {"typeName": "Other"},
        "rule": {
            "id": rule,
            "description": rule,
            "issueType": "misspelling" if category == "TYPOS" else "grammar",
            "category": {"id": category, "name": category.title()},
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


class _LanguageTool(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []  # what the server was asked, for the tests

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/v2/languages"):
            self._send(LANGUAGES)
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        if not self.path.rstrip("/").endswith("/v2/check"):
            self.send_error(404)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        form = {k: v[0] for k, v in parse_qs(body).items()}
        type(self).requests.append(form)
        text = form.get("text", "")
        found = [
            _match(text, "a apple", "an apple", "EN_A_VS_AN", "MISC"),
            _match(text, "goverment", "government", "MORFOLOGIK_RULE_EN_US", "TYPOS"),
            _match(text, "Okonjo", "Okonkwo", "MORFOLOGIK_RULE_EN_US", "TYPOS"),
        ]
        self._send({"software": {"name": "LanguageTool"}, "matches": [m for m in found if m]})

    def _send(self, payload: object) -> None:
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def languagetool_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _LanguageTool)
    thread = threading.Thread(target=server.serve_forever, kwargs=QUICK_SHUTDOWN, daemon=True)
    thread.start()
    _LanguageTool.requests = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


ARTICLE = (
    "Harbour reopens\n\n"
    "Harbour master Adaeze Okonjo said the goverment had paid for a apple orchard.\n\n"
    "Okonjo said the quay was safe.\n"
)


def test_languagetool_matches_become_gr_and_sp_diagnostics(
    languagetool_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "story.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    options = ["--format", "json", "--dialect", "american", "--languagetool-url", languagetool_url]
    code = main(["check", *options, str(article)])
    document = json.loads(capsys.readouterr().out)
    diagnostics = document["files"][0]["diagnostics"]
    found = {(d["code"], d["line"], d["message"], d["engine_rule"]) for d in diagnostics}
    assert code == 0  # GR100 and SP100 are at info level
    grammar = 'Did you mean “an apple”? Suggestion: replace "a apple" with "an apple".'
    assert ("GR100", 3, grammar, "EN_A_VS_AN") in found
    spelling = '"goverment" may be misspelt; did you mean "government"?'
    assert ("SP100", 3, spelling, "MORFOLOGIK_RULE_EN_US") in found
    assert not any("Okonkwo" in message for _, _, message, _ in found)  # a name, spelled one way
    sp = next(d for d in document["files"][0]["diagnostics"] if d["code"] == "SP100")
    assert sp["fix"] == {
        "replacement": "government",
        "offset": sp["offset"],
        "length": 9,
        "safe": False,
    }
    assert {r["language"] for r in _LanguageTool.requests} == {"en-US"}


def test_unchanged_paragraphs_are_not_sent_again(
    languagetool_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "story.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    main(["check", "--languagetool-url", languagetool_url, str(article)])
    first = len(_LanguageTool.requests)
    main(["check", "--languagetool-url", languagetool_url, str(article)])
    capsys.readouterr()
    # the headline and two paragraphs, in American and in British English: the article's
    # spelling does not decide its dialect
    assert first == 6 and len(_LanguageTool.requests) == first
    assert {r["language"] for r in _LanguageTool.requests} == {"en-US", "en-GB"}


def test_unreachable_languagetool_is_a_note_on_the_file_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The other rules still check the file (tests/test_grammar_outage.py: every finding,
    every format); the file says, in one line, why the grammar rules did not run."""
    article = tmp_path / "story.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code = main(["check", "--languagetool-url", "http://127.0.0.1:9", str(article)])
    err = capsys.readouterr().err
    assert code == 2  # no file fully checked
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"{article}: error: not fully checked: the grammar engine was")
    assert "LanguageTool: cannot use the LanguageTool server at http://127.0.0.1:9" in err
    assert "--languagetool-url" in err


def test_a_warm_cache_needs_no_server(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "story.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _LanguageTool)
    threading.Thread(target=server.serve_forever, kwargs=QUICK_SHUTDOWN, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        first = main(["check", "--languagetool-url", url, str(article)])
        report = capsys.readouterr().out
    finally:
        server.shutdown()
        server.server_close()
    assert main(["check", "--languagetool-url", url, str(article)]) == first == 0  # infos
    assert capsys.readouterr().out == report and "SP100" in report
