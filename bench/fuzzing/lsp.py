"""The language-server target: raw framed messages to ``factlint lsp`` over standard input.

A session starts ``factlint lsp`` (``--debounce 10``) in its own process (an address-space
limit, its standard error to a log), initializes it as an editor does, then makes runs,
each one of:

- **document**: a mutated article opened (``didOpen``), sometimes followed by rapid edits
  (several ``didChange`` sent at once, each another mutation), then closed; it must get the
  diagnostics of its last version. A lone surrogate in the text is sent as JSON sends it
  (``\\ud800``).
- **framing** (ends its session): a hostile frame (no or a bad ``Content-Length``, one of
  10^12, a body shorter or longer than said, invalid JSON or UTF-8, a message of the wrong
  shape, a 50 MB document), then a small document as a probe. The server may drop the
  connection or wait for bytes that never come; it must not die of a signal, a traceback
  or a MemoryError, nor burn CPU.
- **starve**: a costly document and a small one opened together: the small one's
  diagnostics must come within the wall cap.

A run fails when the server dies (``abort``), logs an internal error or a traceback
(``internal-error``; the server's standard error counts too), uses more CPU than the
budget (``over-budget``: the server's CPU time over the run, from ``/proc``), or does not
answer within the wall cap (``hang``). A session ends with ``shutdown`` and ``exit``; an
exit status other than 0 then is an abort too. Each failing run's frames are saved
(``messages.bin``, replayable with ``factlint lsp < messages.bin``) with ``meta.json``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import random
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from fuzzing import mutators, supervisor

INTERNAL = ("internal error", "Traceback", "MemoryError")


def frame(message: dict | bytes) -> bytes:
    body = message if isinstance(message, bytes) else json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def notification(method: str, params: dict) -> dict:
    return {"jsonrpc": "2.0", "method": method, "params": params}


def did_open(uri: str, text: str, version: int = 1) -> dict:
    language = "markdown" if uri.endswith(".md") else "plaintext"
    item = {"uri": uri, "languageId": language, "version": version, "text": text}
    return notification("textDocument/didOpen", {"textDocument": item})


def did_change(uri: str, text: str, version: int) -> dict:
    return notification(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
    )


def hostile_frames(rng: random.Random) -> tuple[str, bytes]:
    """One hostile frame (or a few bytes that are not one), and its name."""
    name = rng.choice(sorted(HOSTILE))
    return name, HOSTILE[name](rng)


PROBE = json.dumps(did_open("file:///x.md", "Hi.")).encode()
HOSTILE: dict[str, Callable[[random.Random], bytes]] = {
    "no-length": lambda rng: b"Content-Type: x\r\n\r\n" + PROBE,
    "negative-length": lambda rng: b"Content-Length: -5\r\n\r\n" + PROBE,
    "text-length": lambda rng: b"Content-Length: many\r\n\r\n" + PROBE,
    "huge-length": lambda rng: b"Content-Length: 1000000000000\r\n\r\n" + PROBE,
    "length-2^63": lambda rng: b"Content-Length: 9223372036854775808\r\n\r\n" + PROBE,
    "short-length": lambda rng: b"Content-Length: 10\r\n\r\n" + PROBE,
    "long-length": lambda rng: b"Content-Length: %d\r\n\r\n" % (len(PROBE) + 50) + PROBE,
    "invalid-json": lambda rng: frame(b'{"jsonrpc": "2.0", "method": "textDocument/didOpen", "pa'),
    "invalid-utf8": lambda rng: frame(b'{"jsonrpc": "2.0", "method": "x\xff\xfe", "params": {}}'),
    "not-an-object": lambda rng: frame(rng.choice([b"[]", b"5", b"null", b'"x"', b"[" * 100_000])),
    "deep-json": lambda rng: frame(b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
    "wrong-params": lambda rng: frame(notification("textDocument/didOpen", {"textDocument": 5})),
    "unknown-request": lambda rng: frame({"jsonrpc": "2.0", "id": 7, "method": "x/y"}),
    "huge-header": lambda rng: b"X-" + b"a" * 1_000_000 + b": b\r\n" + frame(PROBE),
    "many-headers": lambda rng: b"X: y\r\n" * 100_000 + frame(PROBE),
    "surrogate-uri": lambda rng: frame(did_open("file:///\ud800.md", "a\udfff")),
    "huge-document": lambda rng: frame(did_open("file:///huge.md", "The cat sat. " * 4_000_000)),
    "request-storm": lambda rng: b"".join(
        frame(
            {
                "jsonrpc": "2.0",
                "id": i,
                "method": "textDocument/hover",
                "params": {
                    "textDocument": {"uri": "file:///n.md"},
                    "position": {"line": i, "character": 0},
                },
            }
        )
        for i in range(20_000)
    ),
}


def initialize_frames(root: Path) -> bytes:
    """What an editor sends first: for a replay of the saved frames alone."""
    request = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {"processId": None, "rootUri": root.as_uri(), "capabilities": {}},
    }
    return frame(request) + frame(notification("initialized", {}))


class Server:
    """A ``factlint lsp`` process, its messages read into a queue by a thread."""

    def __init__(self, grammar: str, memory_mb: int, log: Path, env: dict[str, str]) -> None:
        memory = memory_mb * 1024 * 1024

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

        self.log = log
        self.log_at = log.stat().st_size if log.exists() else 0
        command = [sys.executable, "-m", "factlint", "lsp", "--debounce", "10"]
        with log.open("ab") as stderr:
            self.process = subprocess.Popen(
                [*command, "--grammar", grammar],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=env,
                preexec_fn=limit,
            )
        self.messages: queue.Queue[dict | None] = queue.Queue()
        self.sent = bytearray()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        try:
            while True:
                length = None
                while (line := stream.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                if not line or length is None:
                    break
                self.messages.put(json.loads(stream.read(length)))
        except (OSError, ValueError):
            pass
        self.messages.put(None)

    def send(self, data: bytes | dict) -> bool:
        data = frame(data) if isinstance(data, dict) else data
        self.sent += data
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except OSError:
            return False
        return True

    def cpu(self) -> float:
        try:
            return supervisor.cpu_seconds(self.process.pid)
        except OSError:
            return 0.0

    def said(self) -> str:
        """What the server wrote to standard error since it started (its last lines)."""
        return supervisor.tail(self.log, self.log_at)

    def stderr_problem(self) -> tuple[str, str] | None:
        """A traceback on standard error since the server started: ("internal-error", its
        last line) for a MemoryError or an internal error, else ("logged-traceback", ...),
        a note (pygls logs one for each malformed message it survives)."""
        with self.log.open("rb") as handle:
            handle.seek(self.log_at)
            lines = handle.read().decode("utf-8", "replace").splitlines()
        if not any(any(mark in line for mark in INTERNAL) for line in lines):
            return None
        last = [line for line in lines if line and not line.startswith((" ", "Traceback"))]
        said = (last or ["Traceback"])[-1][:300]
        serious = any("MemoryError" in line or "internal error" in line for line in lines)
        return ("internal-error" if serious else "logged-traceback", said)

    def stop(self) -> int:
        with contextlib.suppress(OSError):
            self.process.kill()
        return self.process.wait()


class Session:
    """A server and the runs made on it; :meth:`wait` says how a run ended."""

    def __init__(self, args, env: dict[str, str], workdir: Path) -> None:  # type: ignore[no-untyped-def]
        self.args, self.budget = args, args.budget
        self.kill_after = args.kill_after or args.budget + 1.0
        self.server = Server(args.grammar, args.memory_mb, workdir / "lsp.log", env)
        self.root = workdir
        self.next_id = itertools.count(100)
        self.alive = True
        self.closed = False

    def initialize(self) -> dict | None:
        request = {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {"processId": os.getpid(), "rootUri": self.root.as_uri(), "capabilities": {}},
        }
        self.server.send(request)
        outcome = self.wait(lambda m: m.get("id") == 1, wall_cap=120.0, cpu_cap=60.0)
        if outcome is None:
            self.server.send(notification("initialized", {}))
        return outcome

    def wait(self, done, wall_cap: float, cpu_cap: float) -> dict | None:  # type: ignore[no-untyped-def]
        """None once a message ``done`` accepts arrives; else what went wrong."""
        started, cpu_before = time.monotonic(), self.server.cpu()
        while True:
            try:
                message = self.server.messages.get(timeout=0.2)
            except queue.Empty:
                message = {}
            if message is None:
                self.alive = False
                status = self.server.process.wait()
                said = (self.server.stderr_problem() or ("", self.server.said()))[1]
                return {"kind": "abort", "detail": f"exit {status}: {said}"}
            if "id" in message and "method" in message:  # the server asks: say yes
                self.server.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            text = (
                json.dumps(message.get("params", {})) if "log" in message.get("method", "") else ""
            )
            if any(mark in text for mark in INTERNAL):
                return {"kind": "internal-error", "detail": message["params"].get("message", "")}
            if message and done(message):
                return None
            cpu, wall = self.server.cpu() - cpu_before, time.monotonic() - started
            if cpu > cpu_cap or wall > supervisor.wall_cap(wall_cap):
                kind = "over-budget" if cpu > cpu_cap else "hang"
                return {"kind": kind, "detail": f"{cpu:.1f} s CPU, {wall:.1f} s wall, no answer"}

    def diagnostics_of(self, uri: str, version: int | None) -> dict | None:
        def done(message: dict) -> bool:
            if message.get("method") != "textDocument/publishDiagnostics":
                return False
            params = message["params"]
            return params["uri"] == uri and params.get("version") in (version, None)

        started = self.server.cpu()
        outcome = self.wait(done, self.args.wall_cap, self.kill_after)
        cpu = self.server.cpu() - started
        if outcome is None and cpu > self.budget:
            return {"kind": "over-budget", "detail": f"{cpu:.1f} s CPU for the diagnostics"}
        return outcome

    def close(self) -> dict | None:
        """End of input: the server must exit, without a signal, a traceback or exit 3."""
        if self.closed:
            return None
        self.closed = True
        if not self.alive:
            self.server.stop()
            return None
        with contextlib.suppress(OSError):
            self.server.process.stdin.close()  # type: ignore[union-attr]
        outcome = self.wait(lambda m: False, self.args.wall_cap, self.kill_after)
        if outcome is not None and outcome["kind"] == "abort":
            status = self.server.process.returncode
            outcome = outcome if status < 0 or status == 3 else None
        self.alive = False
        problem = self.server.stderr_problem()
        if outcome is None and problem:
            outcome = {"kind": problem[0], "detail": problem[1]}
        self.server.stop()
        return outcome

    def end(self) -> dict | None:
        """Shut the server down as an editor does; a problem on the way is the outcome."""
        if self.closed:
            return None
        self.closed = True
        outcome = None
        if self.alive:
            request_id = next(self.next_id)
            self.server.send({"jsonrpc": "2.0", "id": request_id, "method": "shutdown"})
            outcome = self.wait(lambda m: m.get("id") == request_id, 60.0, self.kill_after)
            self.server.send(notification("exit", {}))
        try:
            status = self.server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            status = self.server.stop()
            outcome = outcome or {"kind": "hang", "detail": "did not exit after 'exit'"}
        if status < 0 or status == 3:
            outcome = outcome or {"kind": "abort", "detail": f"exit {status}: {self.server.said()}"}
        problem = self.server.stderr_problem()
        if outcome is None and problem:
            outcome = {"kind": problem[0], "detail": problem[1]}
        self.server.stop()
        return outcome


def document_run(session: Session, rng: random.Random, text: str, index: int) -> dict | None:
    data, _ = mutators.mutate_article(rng, text, session.args.heavy_share)
    try:  # a lone surrogate stays one (JSON sends it as \ud800); other bad bytes are replaced
        body = data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        body = data.decode("utf-8", "replace")
    if rng.random() < 0.05:
        body += "\ud800"
    uri = (session.root / f"doc-{index}.{rng.choice(['md', 'txt'])}").as_uri()
    session.server.send(did_open(uri, body))
    version = 1
    for _ in range(rng.choice([0, 0, 0, 1, 5, 20])):  # rapid edits: sent at once
        version += 1
        edited, _ = mutators.mutate_article(rng, text, 0.0)
        session.server.send(did_change(uri, edited.decode("utf-8", "replace"), version))
    outcome = session.diagnostics_of(uri, version)
    if session.alive:
        session.server.send(notification("textDocument/didClose", {"textDocument": {"uri": uri}}))
    return outcome


def starve_run(session: Session, rng: random.Random, text: str, index: int) -> dict | None:
    costly = mutators.HEAVY[rng.choice(["backtick-flood", "bracket-flood", "long-token"])][1]
    slow, small = (session.root / f"slow-{index}.md").as_uri(), (session.root / "s.md").as_uri()
    session.server.send(did_open(slow, costly(rng, text)))
    session.server.send(did_open(small, "Jane Doe said it rained.\n", 1))
    outcome = session.diagnostics_of(small, 1)
    for uri in (slow, small):
        session.server.send(notification("textDocument/didClose", {"textDocument": {"uri": uri}}))
    return outcome and {**outcome, "detail": "small document: " + outcome["detail"]}


def framing_run(session: Session, rng: random.Random) -> tuple[str, dict | None]:
    """A hostile frame, a probe, then the end of input: the server may answer the probe or
    not (it may wait for bytes it was promised), and must then exit cleanly."""
    name, data = hostile_frames(rng)
    session.server.send(data)
    probe = (session.root / "probe.md").as_uri()
    session.server.send(did_open(probe, "Jane Doe said it rained.\n", 1))
    outcome = session.wait(
        lambda m: m.get("params", {}).get("uri") == probe, 1.5, session.kill_after
    )
    status = session.server.process.poll()
    died_badly = status is not None and (status < 0 or status == 3)
    if outcome is not None and outcome["kind"] in ("hang", "abort") and not died_badly:
        outcome = None  # no answer, or the connection dropped: judged by how it ends
    return name, outcome or session.close()


def run(args, summary, print_summary, failed) -> int:  # type: ignore[no-untyped-def]
    """``args.count`` runs; the summary printed; 1 when any failed."""
    import tempfile

    import fuzz

    articles = fuzz.sources(args.articles) if not args.generated_only else []
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="factlint-fuzz-lsp-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FACTLINT_CACHE_DIR": str(workdir / "cache")}
    args.crashes.mkdir(parents=True, exist_ok=True)
    tally = supervisor.Tally()
    started = time.monotonic()
    session: Session | None = None
    texts: dict[Path, str] = {}
    stop = fuzz.deadline(args)
    for index in range(args.count):
        if stop and time.monotonic() > stop:
            break
        rng = random.Random(f"lsp/{args.seed}/{index}")
        if articles and rng.random() < 0.85:
            source = rng.choice(articles)
            text = texts.setdefault(source, source.read_text("utf-8", "replace"))
        else:
            text = fuzz.generate(rng)
        if session is None:
            session = Session(args, env, workdir)
            if (outcome := session.initialize()) is not None:
                record(tally, args, index, "initialize", session, outcome)
                session.close()
                session = None
                continue
        current, cpu_before = session, session.server.cpu()
        session.server.sent.clear()
        roll = rng.random()
        if roll < args.framing_share:
            what, outcome = framing_run(session, rng)
            session = None  # a framing run ends its session
        else:
            what = "starve" if roll < args.framing_share + args.starve_share else "document"
            outcome = (starve_run if what == "starve" else document_run)(session, rng, text, index)
            survived = outcome is not None and outcome["kind"] == "internal-error"
            if not session.alive or (outcome is not None and not survived):
                outcome = outcome or session.close()  # a fresh server for the next run
                session.server.stop()
                session = None
        tally.inputs += 1
        tally.inputs_by_mutator[what] += 1
        cpu = current.server.cpu() - cpu_before if current.server.process.poll() is None else 0
        tally.cpu_total += cpu
        tally.max_cpu = max(tally.max_cpu, cpu)
        if outcome is not None:
            record(tally, args, index, what, current, outcome)
        if session is not None and index % args.per_process == args.per_process - 1:
            if (outcome := session.end()) is not None:
                record(tally, args, index, "shutdown", session, outcome)
            session = None
        if not args.json and tally.inputs % 500 == 0:
            print(f"{tally.inputs} runs: {dict(tally.kinds)}", flush=True)
    if session is not None and (outcome := session.end()) is not None:
        record(tally, args, args.count, "shutdown", session, outcome)
    figures = summary("lsp", args, tally, time.monotonic() - started)
    figures["runs_by_kind"] = dict(tally.inputs_by_mutator)
    figures.pop("cpu_ms_per_input_by_mutator", None)
    (args.crashes / "summary-lsp.json").write_text(json.dumps(figures, indent=2), "utf-8")
    if args.workdir is None:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    print_summary(figures, args.json)
    return 1 if failed(figures) else 0


def record(tally, args, index, what, session, outcome) -> None:  # type: ignore[no-untyped-def]
    kind = outcome["kind"]
    tally.kinds[kind] += 1
    target = args.crashes / kind / f"lsp-{args.seed}-{index}-{what}"
    target.mkdir(parents=True, exist_ok=True)
    sent = initialize_frames(session.root) + bytes(session.server.sent)
    (target / "messages.bin").write_bytes(sent)
    meta = {"seed": args.seed, "index": index, "run": what, **outcome}
    (target / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    detail = supervisor.first(outcome["detail"])
    tally.found.append({"kind": kind, "input": str(target), "detail": detail})
    with (args.crashes / "summary.tsv").open(
        "a", encoding="utf-8", errors="backslashreplace"
    ) as summary:
        summary.write(f"{kind}\t{target}\t{detail}\n")
    print(f"{kind}: {what}: {detail[:150]} -> {target}", flush=True)
