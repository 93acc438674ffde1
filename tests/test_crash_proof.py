"""Nothing an article or a rule does can crash factlint or hang it: a crash caught at the
file or the rule boundary is that file's internal error (exit 3), a rule that runs past
the time budget leaves the file "not fully checked", and the other files go on."""

from __future__ import annotations

import dataclasses
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from factlint.article import sentences
from factlint.engine import config as config_module
from factlint.engine.config import Config, ConfigError, from_mapping
from factlint.engine.run import check_text
from tests.helpers import QUICK_SHUTDOWN, run

# sentencex 1.0.32 panics (pyo3_runtime.PanicException, a BaseException) on an initial
# followed by a space that is not ASCII and a full stop.
PANIC_INPUTS = ["I\u00a0. It rained.", "I\u2028. It rained.", "I\u2029. It rained.", "I\u0085."]
GOOD = "Headline\n\nIt rained on Monday. The the crowd left.\n"


class NativePanic(BaseException):
    """Stands in for pyo3_runtime.PanicException."""


def _articles(tmp_path: Path, bad: str) -> tuple[Path, Path]:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(f"Head\n\n{bad}\n", encoding="utf-8")
    second.write_text(GOOD, encoding="utf-8")
    return first, second


@pytest.mark.parametrize("text", PANIC_INPUTS)
def test_the_splitter_no_longer_panics_and_keeps_offsets(text: str) -> None:
    spans = sentences.split_sentences(text)
    assert spans and spans[-1][1] <= len(text)
    assert text[spans[-1][0] : spans[-1][1]].endswith(".")


@pytest.mark.parametrize("command", ["check", "quotes", "sheet"])
def test_the_panic_input_is_checked_like_any_other(tmp_path, capsys, command) -> None:
    bad, good = _articles(tmp_path, PANIC_INPUTS[0])
    extra = ["--no-cache"] if command == "check" else []
    code, out, err = run(capsys, command, *extra, "--format", "json", str(bad), str(good))
    files = json.loads(out)["files"]
    assert [f["error"] for f in files] == [None, None]
    assert "panicked" not in err and code in (0, 1)


def _panicking_splitter(monkeypatch: pytest.MonkeyPatch) -> None:
    real = sentences._segment()

    def segment(language: str, text: str) -> list[str]:
        if "Kaboom" in text:
            raise NativePanic("end byte index 2 is not a char boundary")
        return real(language, text)

    monkeypatch.setattr(sentences, "_segment", lambda: segment)


@pytest.mark.parametrize("command", ["check", "quotes", "sheet"])
def test_a_parse_crash_is_one_files_internal_error(tmp_path, capsys, monkeypatch, command):
    _panicking_splitter(monkeypatch)
    bad, good = _articles(tmp_path, "Kaboom went the story.")
    extra = ["--no-cache"] if command == "check" else []
    code, out, err = run(capsys, command, *extra, "--format", "json", str(bad), str(good))
    assert code == 3
    files = json.loads(out)["files"]  # complete JSON, both files
    assert [f["path"] for f in files] == [str(bad), str(good)]
    assert "could not be checked: internal error" in files[0]["error"]
    assert "NativePanic" in files[0]["error"] and files[1]["error"] is None
    lines = [line for line in err.splitlines() if "internal error" in line]
    assert len(lines) == 1 and lines[0].startswith(f"{bad}: error: ")
    assert lines[0].endswith("please report it")


def _replace_rule(monkeypatch: pytest.MonkeyPatch, code: str, check) -> None:
    rules = [
        dataclasses.replace(rule, check=check) if rule.code == code else rule
        for rule in config_module.all_rules()
    ]
    monkeypatch.setattr(config_module, "all_rules", lambda: tuple(rules))


def test_a_rule_raising_a_base_exception_exits_3(tmp_path, capsys, monkeypatch) -> None:
    def broken(ctx, options):
        raise NativePanic("boom")
        yield  # pragma: no cover

    _replace_rule(monkeypatch, "QT001", broken)
    bad, good = _articles(tmp_path, "It rained.")
    code, out, _ = run(capsys, "check", "--no-cache", "--format", "json", str(bad), str(good))
    assert code == 3
    files = json.loads(out)["files"]
    assert len(files) == 2
    assert files[0]["error"] == "internal error in rule QT001 (NativePanic: boom); please report it"
    assert any(d["code"] == "GR001" for d in files[1]["diagnostics"])  # the others still ran


@pytest.mark.parametrize("fatal", [KeyboardInterrupt, SystemExit, GeneratorExit])
def test_ctrl_c_exit_and_generator_exit_are_never_swallowed(monkeypatch, fatal) -> None:
    def stop(ctx, options):
        raise fatal()
        yield  # pragma: no cover

    _replace_rule(monkeypatch, "QT001", stop)
    with pytest.raises(fatal):
        check_text("a.txt", GOOD, Config())


def _slow(seconds: float):
    def check(ctx, options):
        if "Slow" in ctx.article.text:
            time.sleep(seconds)
        return []

    return check


@pytest.mark.slow
def test_a_rule_past_the_timeout_is_stopped_and_named(tmp_path, capsys, monkeypatch) -> None:
    _replace_rule(monkeypatch, "QT001", _slow(30))
    bad, good = _articles(tmp_path, "Slow rain.")
    started = time.monotonic()
    code, out, err = run(
        capsys, "check", "--no-cache", "--timeout", "0.5", "--format", "json", str(bad), str(good)
    )
    assert time.monotonic() - started < 10  # the alarm stopped the sleeping rule
    assert code == 1
    files = json.loads(out)["files"]
    assert files[1]["error"] is None and files[1]["diagnostics"]
    error = files[0]["error"]
    assert error.startswith("not fully checked: the rules ran past the time limit of 0.5 s")
    assert "rule QT001 was stopped" in error
    assert f"{bad}: error: not fully checked" in err


def test_without_an_alarm_the_budget_is_checked_between_rules(monkeypatch) -> None:
    _replace_rule(monkeypatch, "QT001", _slow(0.4))
    config = dataclasses.replace(Config(), timeout=0.2)
    results = []
    text = "Headline\n\nSlow rain. The the crowd left.\n"
    thread = threading.Thread(target=lambda: results.append(check_text("a.txt", text, config)))
    thread.start()  # not the main thread: no alarm, the rules are checked between
    thread.join()
    error = results[0].error
    assert "did not get to run" in error and "the findings of the rules that completed" in error
    assert not results[0].internal


def test_timeout_in_the_config_and_on_the_command_line(capsys) -> None:
    assert from_mapping({"timeout": 5}, None).timeout == 5.0
    for bad in (0, -1, "soon", True):
        with pytest.raises(ConfigError, match="timeout"):
            from_mapping({"timeout": bad}, None)
    with pytest.raises(SystemExit) as exited:
        run(capsys, "check", "--timeout", "0")
    assert exited.value.code == 2 and "--timeout" in capsys.readouterr().err


def test_a_pack_timeout_keeps_the_other_rules_findings(monkeypatch) -> None:
    from factlint.packs.kinds import PackTimeout

    def runaway(ctx, options):
        yield from ()
        raise PackTimeout("pack desk, rule DK001 (slow): its pattern ran for over 2 s")

    _replace_rule(monkeypatch, "QT001", runaway)
    result = check_text("a.txt", GOOD, Config())
    assert (
        result.error
        == "not fully checked: pack desk, rule DK001 (slow): its pattern ran for over 2 s"
    )
    assert [d.code for d in result.diagnostics] == ["GR001"] and not result.internal


# --- a LanguageTool server that refuses, sleeps, fails or talks nonsense -------------------

LANGUAGES = b'[{"name": "English (US)", "code": "en", "longCode": "en-US"}]'


class _Server(BaseHTTPRequestHandler):
    mode: ClassVar[str] = "ok"

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer()

    def _answer(self) -> None:
        if self.mode == "sleep":
            time.sleep(2)  # bounded: the client gave up long before
        status, body = {
            "500": (500, b"Internal Server Error"),
            "garbage": (200, b"<html>not json"),
        }.get(self.mode, (200, LANGUAGES))
        try:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client hung up

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Callable[[str], str]]:
    """Starts a server on 127.0.0.1 in the mode asked for; its URL."""
    started: list[ThreadingHTTPServer] = []

    def start(mode: str) -> str:
        handler = type("Handler", (_Server,), {"mode": mode})
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, kwargs=QUICK_SHUTDOWN, daemon=True).start()
        started.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    yield start
    for httpd in started:
        httpd.shutdown()
        httpd.server_close()


def _refusing_url() -> str:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        ("refuse", "refused the connection"),
        ("sleep", "timed out: no complete answer within 0.5 s"),
        ("500", "answered with HTTP error 500"),
        ("garbage", "gave a malformed answer"),
    ],
)
def test_a_languagetool_server_that_fails_is_said_in_one_line(
    tmp_path, capsys, server, mode, said
) -> None:
    pytest.importorskip("language_tool_python")
    url = _refusing_url() if mode == "refuse" else server(mode)
    config = tmp_path / ".factlint.yaml"
    config.write_text(f"grammar: {{backend: languagetool, url: '{url}', timeout: 0.5}}\n")
    article = tmp_path / "a.txt"
    article.write_text(GOOD, encoding="utf-8")
    started = time.monotonic()
    code, _, err = run(capsys, "check", "--no-cache", "--config", str(config), str(article))
    assert time.monotonic() - started < 10
    assert code == 2  # the file not fully checked (the other rules did check it)
    lines = [line for line in err.splitlines() if line.strip()]
    unavailable = f"{article}: error: not fully checked: the grammar engine was unavailable"
    assert len(lines) == 1 and lines[0].startswith(unavailable)
    assert "(LanguageTool: cannot use" in lines[0] and said in lines[0] and url in lines[0]


def test_the_languagetool_timeout_is_a_grammar_setting() -> None:
    assert from_mapping({"grammar": {"timeout": 3}}, None).grammar.timeout == 3.0
    assert Config().grammar.timeout <= 20
    with pytest.raises(ConfigError, match="timeout"):
        from_mapping({"grammar": {"timeout": "never"}}, None)


@pytest.mark.serial
def test_the_timeout_holds_in_worker_processes(tmp_path, capsys) -> None:
    pack = tmp_path / "desk.yaml"
    pack.write_text(
        "pack: desk\nsource: ours\nprefix: DK\nrules:\n  - code: DK001\n    name: slow\n"
        "    kind: existence\n    message: slow\n    nonword: true\n"
        "    pattern: '(a|aa)+$'\n    examples: {bad: [aa], good: [b]}\n",
        encoding="utf-8",
    )
    config = tmp_path / ".factlint.yaml"
    config.write_text(f"packs: [desk]\npack-paths: ['{pack}']\ngrammar: {{backend: none}}\n")
    for n in range(17):  # more than a run checks in its own process
        (tmp_path / f"f{n:02}.txt").write_text("Headline\n\nThe the " + "a" * 40 + "b\n")
    code, out, _ = run(
        capsys, "check", "--no-cache", "-j", "2", "--timeout", "1.5", "--format", "json",
        "--config", str(config), str(tmp_path),
    )  # fmt: skip
    files = json.loads(out)["files"]
    assert code == 2 and len(files) == 17  # no file fully checked, none lost
    for entry in files:
        assert entry["error"].startswith("not fully checked") and "DK001" in entry["error"]
        # GR001 runs first; on a machine too busy to finish it in the time, it did not run
        assert [d["code"] for d in entry["diagnostics"]] in (["GR001"], [])


def test_a_crash_outside_any_file_is_one_line_and_exit_3(capsys, monkeypatch) -> None:
    from factlint.cli import main as main_module

    def crash(args):
        raise NativePanic("index out of range")

    monkeypatch.setattr(main_module, "check_command", crash)
    code, _, err = run(capsys, "check", "x.txt")
    assert code == 3
    assert err == (
        "factlint: error: internal error in factlint (NativePanic: index out of range); "
        "please report it\n"
    )
