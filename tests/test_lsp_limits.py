"""``factlint lsp`` under load and abuse: checks that never wait on another document's, a
time limit that holds in the server, size limits, lone surrogates, a client that dies.

The slow checks come from tests/lsp_slow_server.py ("SLOWDOWN": a rule sleeps; "HANG":
the parsing sleeps). No timing is asserted; ``WAIT`` only guards against a hang."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsp_raw import RawServer, feed_messages, frame
from lsprotocol import types
from test_lsp import NO_GRAMMAR, WAIT, Session, codes, run_session, the

from factlint.core.safefile import MAX_FILE_BYTES
from factlint.lsp.transport import MAX_MESSAGE_BYTES

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="checks in worker processes"),
    pytest.mark.slow,
]

SLOW_SERVER = [sys.executable, str(Path(__file__).with_name("lsp_slow_server.py")), "lsp"]
STORY = "Council vote\n\nThe council met on Tuesday and the the vote was close.\n"
SLOW = STORY.replace("Tuesday", "Tuesday (SLOWDOWN)")
HANGING = STORY.replace("Tuesday", "Tuesday (HANG)")


def workspace(tmp_path: Path, timeout: int) -> Path:
    (tmp_path / ".factlint.yaml").write_text(f"{NO_GRAMMAR}timeout: {timeout}\n", "utf-8")
    return tmp_path


def test_a_slow_document_never_delays_another_and_shutdown_answers(tmp_path: Path) -> None:
    """The slow document is opened first; the quick one's diagnostics come first, and
    ``shutdown`` is answered while the slow check still runs (run_session waits ``WAIT``)."""
    desk = workspace(tmp_path, 3600)
    slow, quick = (desk / "slow.txt").as_uri(), (desk / "quick.txt").as_uri()

    async def body(session: Session) -> None:
        session.open(slow, SLOW)
        session.open(quick, STORY)
        first = await asyncio.wait_for(session.published.get(), WAIT)
        assert first.uri == quick and "GR001" in codes(list(first.diagnostics))

    assert run_session(desk, body, server=SLOW_SERVER) == 0


def test_a_newer_version_stops_the_older_check(tmp_path: Path) -> None:
    """Two slow documents take both workers; a newer version of either is checked all the
    same: its older check is interrupted (in a rule) or stopped (where no alarm reaches)."""
    desk = workspace(tmp_path, 3600)
    first, second = (desk / "first.txt").as_uri(), (desk / "second.txt").as_uri()

    async def body(session: Session) -> None:
        session.open(first, HANGING)
        session.open(second, SLOW)
        await asyncio.sleep(0.5)  # both checks under way
        version = session.change(first, STORY)
        assert "GR001" in codes(await session.diagnostics(first, version))
        session.open(first.replace("first", "third"), HANGING)  # a worker taken again
        version = session.change(second, STORY)
        assert "GR001" in codes(await session.diagnostics(second, version))

    assert run_session(desk, body, server=SLOW_SERVER) == 0


@pytest.mark.serial
def test_the_time_limit_stops_a_check_in_the_server(tmp_path: Path) -> None:
    """In a rule, the alarm stops the rule; in the parsing, where no alarm reaches, the
    check's process is stopped. Either way the next check runs as usual."""
    desk = workspace(tmp_path, 3600)  # --timeout goes before the config's
    hanging, slow = (desk / "hanging.txt").as_uri(), (desk / "slow.txt").as_uri()

    async def body(session: Session) -> None:
        session.open(hanging, HANGING)
        (stopped,) = await session.diagnostics(hanging, 1)
        assert stopped.message.startswith(
            "not checked: the check ran past the time limit of 3 s (--timeout) and was stopped"
        )
        assert stopped.range.start == types.Position(0, 0)
        session.open(slow, SLOW)
        found = await session.diagnostics(slow, 1)
        rule_stopped = found[0].message  # (on a busy machine another rule may be the one)
        assert rule_stopped.startswith("not fully checked: the rules ran past the time limit")
        assert " was stopped" in rule_stopped
        version = session.change(hanging, STORY)
        assert "GR001" in codes(await session.diagnostics(hanging, version))

    assert run_session(desk, body, server=[*SLOW_SERVER, "--timeout", "3"]) == 0


def test_lone_surrogates_are_checked_and_positions_stay_right(tmp_path: Path) -> None:
    desk = workspace(tmp_path, 30)
    uri = (desk / "surrogate.txt").as_uri()
    text = "Council vote\n\nThe \ud800 council met and the the vote was close.\n"
    changed = text.replace("council met", "council \udfff\ud83d met")

    async def body(session: Session) -> None:
        session.open(uri, text)
        doubled = the(await session.diagnostics(uri, 1), "GR001")
        line = text.splitlines()[2]  # no character outside the BMP: code points are units
        at = line.index("the the") + 4
        assert doubled.range == types.Range(types.Position(2, at), types.Position(2, at + 3))
        version = session.change(uri, changed)
        doubled = the(await session.diagnostics(uri, version), "GR001")
        at = changed.splitlines()[2].index("the the") + 4
        assert doubled.range.start == types.Position(2, at)

    assert run_session(desk, body) == 0


@pytest.mark.slow
def test_a_lone_surrogate_in_a_uri_is_checked_as_an_unsaved_document(tmp_path: Path) -> None:
    """No file can have the name (found by ``tests/fuzzer/fuzz.py lsp``: an internal error, and
    the document got no diagnostics)."""
    server = RawServer(folder=tmp_path)
    try:
        uri = (tmp_path / "x.md").as_uri().replace("x.md", "\ud800.md")
        assert server.send(_open(uri, STORY))
        checked = server.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            ),
            WAIT,
        )
        assert checked is not None
        assert "GR001" in [d["code"] for d in checked["params"]["diagnostics"]]
        assert server.probe(WAIT)
    finally:
        assert server.close(WAIT) == 0
    assert "internal error" not in server.error_text()


def test_a_document_over_the_size_limit_gets_one_diagnostic(tmp_path: Path) -> None:
    desk = workspace(tmp_path, 30)
    uri = (desk / "huge.txt").as_uri()
    huge = "Headline\n\n" + "The the vote. " * (MAX_FILE_BYTES // 14 + 1)

    async def body(session: Session) -> None:
        session.open(uri, huge)
        (too_large,) = await session.diagnostics(uri, 1)
        assert too_large.message == (
            "not checked: file too large (5.0 MB): factlint checks articles up to 5 MB"
        )
        version = session.change(uri, STORY)
        assert "GR001" in codes(await session.diagnostics(uri, version))

    assert run_session(desk, body) == 0


def _open(uri: str, text: str) -> bytes:
    document = {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}
    params = {"textDocument": document}
    return frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": params})


def test_an_over_long_message_is_passed_over_and_the_server_goes_on(tmp_path: Path) -> None:
    server = RawServer(folder=tmp_path)
    try:
        huge, quick = (tmp_path / "huge.txt").as_uri(), (tmp_path / "quick.txt").as_uri()
        over = "x" * (MAX_MESSAGE_BYTES + 10)
        params = {"textDocument": {"uri": huge}, "position": {"line": 0, "character": 0}}
        request = {"jsonrpc": "2.0", "id": 77, "method": "textDocument/hover", "params": params}
        request["padding"] = over
        assert server.send(frame(request) + _open(huge, over) + _open(quick, STORY))
        answer = server.wait_for(lambda m: m.get("id") == 77, WAIT)
        assert answer is not None and answer["error"]["code"] == -32600
        assert "was passed over: the limit is 20 MB" in answer["error"]["message"]

        def published(uri: str):  # type: ignore[no-untyped-def]
            return lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and (m["params"]["uri"] == uri)
            )

        refused = server.wait_for(published(huge), WAIT)
        assert refused is not None
        (problem,) = refused["params"]["diagnostics"]
        assert problem["message"].startswith("not checked: file too large (20.0 MB)")
        checked = server.wait_for(published(quick), WAIT)
        assert checked is not None
        assert "GR001" in [d["code"] for d in checked["params"]["diagnostics"]]
        # The document refused is open, empty: a change that fits is checked.
        document = {"uri": huge, "version": 2}
        params = {"textDocument": document, "contentChanges": [{"text": STORY}]}
        server.send(frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": params}))
        checked = server.wait_for(published(huge), WAIT)
        assert checked is not None and checked["params"]["version"] == 2
        assert "GR001" in [d["code"] for d in checked["params"]["diagnostics"]]
        assert server.probe(WAIT)
    finally:
        assert server.close(WAIT) == 0


@pytest.mark.parametrize(
    "messages",
    [
        [b"Content-Length: 1000000000000\r\n\r\n{}"],  # was a MemoryError
        [b"Content-Length: 99999999999999999999999\r\n\r\n"],
        [b"X" * 100_000 + b"\r\n", frame(b"{not json")],
        [frame(b'{"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": 5}')],
        [frame(b"\xff\xfe" + b'{"jsonrpc": "2.0"}')],
        [frame(b"[1, 2, 3]")],
        [frame(b'{"jsonrpc": "2.0", "id": 2, "method": "no/such/method", "params": {}}')],
    ],
    ids=["terabyte", "digits", "long-header", "bad-params", "bad-utf8", "list", "no-method"],
)
def test_hostile_messages_neither_crash_nor_hang_the_server(messages: list[bytes]) -> None:
    outcome = feed_messages(messages, timeout=WAIT)
    assert outcome.verdict == "ok", outcome.detail


def test_the_server_exits_when_its_client_process_dies(tmp_path: Path) -> None:
    client = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    server = RawServer(folder=tmp_path, process_id=client.pid)
    try:
        assert server.probe(WAIT)
        client.kill()
        client.wait()
        assert server.process.wait(WAIT) == 0
    finally:
        client.kill()
        server.end(1)


def test_the_server_ends_with_its_input_while_a_check_runs(tmp_path: Path) -> None:
    workspace(tmp_path, 3600)
    command = [*SLOW_SERVER, "--debounce", "0"]
    server = RawServer(command, folder=tmp_path, config=f"{NO_GRAMMAR}timeout: 3600\n")
    assert server.send(_open((tmp_path / "slow.txt").as_uri(), SLOW))
    assert server.probe(WAIT)
    time.sleep(2)  # the check under way
    assert server.end(WAIT) == 0  # None: it was still waiting for the check


@pytest.mark.bench
def test_the_latency_bench_compares_two_checkouts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``bench/lsp_latency.py --compare``, this checkout against itself, tiny (here rather
    than in tests/test_bench.py, to keep that file to its own)."""
    from test_bench import run as run_bench

    root = Path(__file__).resolve().parent.parent
    monkeypatch.syspath_prepend(str(root / "bench"))
    argv = ["--compare", str(root), "--rounds", "1", "--edits", "2", "--grammar", "none"]
    status, out = run_bench(
        "lsp_latency", [*argv, "--slow-seconds", "1", "--json"], monkeypatch, capsys
    )
    figures = json.loads(out)
    assert status == 0
    behind = figures["small_document_behind_slow_one"]
    assert behind["before"]["count"] == behind["after"]["count"] == 1
    assert figures["per_check_keystroke"]["after"]["count"] == 2
    assert set(figures["memory_mb_with_workers"]) == {"before", "after"}


def test_the_reader_passes_over_what_it_cannot_use() -> None:
    """In process: an over-long header line, a header without a length, a message over
    the limit (read past, never kept: what its start says is given), then a good one."""
    from io import BytesIO

    from factlint.lsp.transport import MessageReader, Refused

    request = b'{"jsonrpc": "2.0", "id": 7, "method": "textDocument/didOpen", "params": '
    request += b'{"textDocument": {"uri": "file:///a.txt", "languageId": "markdown", "text": "'
    over = request + b"x" * 200 + b'"}}}'
    stream = BytesIO(
        b"X-Long: " + b"y" * 10_000 + b"\r\n\r\n"
        + b"Content-Type: json\r\n\r\n"
        + b"Content-Length: %d\r\n\r\n" % len(over) + over
        + frame({"jsonrpc": "2.0", "method": "initialized"})
    )  # fmt: skip
    reader = MessageReader(stream, limit=100)
    refused = reader.next()
    assert refused == Refused(len(over), 7, "textDocument/didOpen", "file:///a.txt", "markdown")
    assert json.loads(reader.next())["method"] == "initialized"  # type: ignore[arg-type]
    assert reader.next() is None


def test_a_rule_timeout_out_of_a_check_is_a_superseded_or_stopped_check() -> None:
    """An interrupt (or the time limit) can ring outside a rule, where no rule catches it:
    the worker sends the RuleTimeout back. Was: it escaped the server's check task, a
    traceback on standard error (found by ``tests/fuzzer/fuzz.py lsp``)."""
    import threading

    from factlint.engine.budget import RuleTimeout
    from factlint.engine.worker import WorkerStopped
    from factlint.lsp.checks import Lanes, Superseded

    def ring() -> None:  # stands for a check the alarm ends outside a rule
        raise AssertionError("run by the stand-in worker, never called")

    class Worker:
        def __init__(self) -> None:
            self.interrupted = threading.Event()

        def start(self) -> None: ...

        def close(self) -> None: ...

        def stop(self) -> None: ...

        def interrupt(self) -> None:
            self.interrupted.set()

        def call(self, function, *args, seconds=None):  # type: ignore[no-untyped-def]
            if function is ring:
                self.interrupted.wait(args[0])
                raise RuleTimeout()
            return function(*args)

    async def main() -> None:
        lanes = Lanes(Worker, size=2, grace=WAIT)  # type: ignore[arg-type]
        older = asyncio.create_task(lanes.run("a", ring, WAIT, seconds=WAIT))
        await asyncio.sleep(0.05)
        newer = asyncio.create_task(lanes.run("a", str, "newer", seconds=WAIT))
        with pytest.raises(Superseded):
            await older
        assert await newer == "newer"
        with pytest.raises(WorkerStopped):  # not overtaken: the time limit's
            await lanes.run("b", ring, 0.0, seconds=WAIT)
        lanes.close()

    asyncio.run(asyncio.wait_for(main(), WAIT))


def test_lanes_drop_an_older_waiting_call_and_stop_an_older_running_one() -> None:
    """In process, with stand-in workers (a call runs in a thread; ``stop`` ends it)."""
    import threading

    from factlint.engine.worker import WorkerStopped
    from factlint.lsp.checks import Lanes, Superseded

    def nap() -> None:  # stands for a slow check
        raise AssertionError("run by the stand-in worker, never called")

    class Worker:
        def __init__(self) -> None:
            self.stopped = threading.Event()

        def start(self) -> None: ...

        def interrupt(self) -> None: ...

        def close(self) -> None:
            self.stopped.set()

        def stop(self) -> None:
            self.stopped.set()

        def call(self, function, *args, seconds=None):  # type: ignore[no-untyped-def]
            if function is nap:
                if self.stopped.wait(WAIT):
                    raise WorkerStopped(cancelled=True)
                raise AssertionError("never stopped")
            return function(*args)

    async def main() -> None:
        lanes = Lanes(Worker, size=1, grace=0.1)  # type: ignore[arg-type]
        first = asyncio.create_task(lanes.run("a", nap, seconds=WAIT))
        await asyncio.sleep(0.05)
        older = asyncio.create_task(lanes.run("b", str, "older", seconds=WAIT))
        await asyncio.sleep(0.05)
        newer = asyncio.create_task(lanes.run("b", str, "newer", seconds=WAIT))
        again = asyncio.create_task(lanes.run("a", str, "a again", seconds=WAIT))
        with pytest.raises(Superseded):
            await first  # stopped by the newer call of "a", after the grace
        with pytest.raises(Superseded):
            await older  # never ran: "b" had a newer call by the time a worker was free
        assert await newer == "newer" and await again == "a again"
        lanes.close()

    asyncio.run(asyncio.wait_for(main(), WAIT))
