"""The language-server target: raw framed messages to ``factlint lsp`` over standard input.

Runs share a server: a session starts ``factlint lsp`` (``--debounce 10``) in its own
process (an address-space limit, its standard error to a log), initializes it as an editor
does, then makes up to ``--per-process`` runs on it, each its own scenario on document URIs
of its own:

- **document**: a mutated article opened (``didOpen``), sometimes followed by rapid edits
  (several ``didChange`` sent at once, each another mutation), then closed; it must get the
  diagnostics of its last version. A lone surrogate in the text is sent as JSON sends it
  (``\\ud800``).
- **framing**: a hostile message that keeps the framing (invalid JSON or UTF-8, a message
  of the wrong shape, JSON nested 100,000 deep, a URI with a lone surrogate, a 50 MB
  document, 20,000 requests at once): the server must pass over it and go on.
- **starve**: a costly document and a small one opened together: the small one's
  diagnostics must come within ``--probe-cap`` wall seconds (less than a check's time
  limit, so a check that waits for another's is caught).

After each run a fresh probe document must get the right diagnostics (those the first
server gave it) within ``--probe-cap`` (``--wall-cap`` after a framing run). A run's CPU
time is the server's and its check processes' over the run, probe included (``/proc``).
A run fails when the server or a check process dies (``abort``), it logs an internal error
or a traceback (``internal-error``; its standard error counts too), the run uses more CPU
than ``--budget`` (``over-budget``), an answer does not come in time (``hang``) or the
probe's diagnostics are wrong (``wrong-diagnostics``). A run that fails in a shared server
is made again alone, in a fresh one (the same seed makes the same run): what it does alone
is its outcome; a failure it makes only in the shared server is a note
(``only-in-session``), its frames saved all the same.

Runs that end the server by design each have a server of their own (**framing-end**): a
frame that breaks the framing (no or a bad ``Content-Length``, one of 10^12, a body
shorter or longer than said, a megabyte of headers), then a probe. The server may drop the
connection or wait for bytes that never come; it must not die of a signal, a traceback or
a MemoryError, nor burn CPU, and must exit cleanly at the end of its input.

A session ends with ``shutdown`` and ``exit``; an exit status other than 0 then is an abort
too. Each failing run's frames are saved (``messages.bin``, replayable with ``factlint lsp
< messages.bin`` or ``fuzz.py replay``) with ``meta.json``.
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
from dataclasses import dataclass, field
from pathlib import Path

from fuzzing import mutators, supervisor

INTERNAL = ("internal error", "Traceback", "MemoryError")
CHECK_DIED = "the check process ended"  # a check's worker process died (a signal, ...)
COMMAND = [sys.executable, "-m", "factlint"]  # the server: `COMMAND lsp ...`
PROBE_TEXT = "Council vote\n\nThe council met on Tuesday and the the vote was close.\n"
PROBE_CODE = "GR001"  # a code the probe's diagnostics must hold
ENDS_SESSION = frozenset(
    {
        "no-length",
        "negative-length",
        "text-length",
        "huge-length",
        "length-2^63",
        "short-length",
        "long-length",
        "huge-header",
        "many-headers",
    }
)  # hostile frames after which the server cannot find the next message


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


def hostile_frames(rng: random.Random, ending: bool = False) -> tuple[str, bytes]:
    """One hostile frame (or a few bytes that are not one), and its name: one after which
    the server cannot find the next message (``ending``), or one it must pass over."""
    name = rng.choice(sorted(name for name in HOSTILE if (name in ENDS_SESSION) == ending))
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
        self.run_at = self.log_at  # where the run in hand began in the log
        command = [*COMMAND, "lsp", "--debounce", "10"]
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

    def begin_run(self) -> None:
        """A new run: the frames sent, and the log, counted from here."""
        self.sent.clear()
        with contextlib.suppress(OSError):
            self.run_at = self.log.stat().st_size

    def cpu(self) -> float:
        """The CPU time of the server and its check processes (0 once it has gone)."""
        try:
            return supervisor.tree_cpu_seconds(self.process.pid)
        except OSError:
            return 0.0

    def said(self) -> str:
        """What the server wrote to standard error since it started (its last lines)."""
        return supervisor.tail(self.log, self.log_at)

    def stderr_problem(self, since_run: bool = False) -> tuple[str, str] | None:
        """A traceback on standard error since the server started (or the run began):
        ("internal-error", its last line) for a MemoryError or an internal error, else
        ("logged-traceback", ...), a note (pygls logs one for each malformed message it
        survives)."""
        with self.log.open("rb") as handle:
            handle.seek(self.run_at if since_run else self.log_at)
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


@dataclass
class Context:
    """What every session of a fuzzing run shares."""

    args: object
    env: dict[str, str]
    workdir: Path
    articles: list[Path]
    texts: dict[Path, str] = field(default_factory=dict)
    reference: list | None = None  # the probe's diagnostics from the first server


class Session:
    """A server and the runs made on it; :meth:`wait` says how a run ended."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.args = args = context.args
        self.budget = args.budget  # type: ignore[attr-defined]
        self.kill_after = args.kill_after or args.budget + 1.0  # type: ignore[attr-defined]
        self.root = context.workdir
        log = context.workdir / "lsp.log"
        self.server = Server(args.grammar, args.memory_mb, log, context.env)  # type: ignore[attr-defined]
        self.next_id = itertools.count(100)
        self.alive = True
        self.closed = False
        self.runs = 0

    def initialize(self) -> dict | None:
        """Initialize the server; the first server's probe diagnostics are the reference
        every later probe is held to."""
        request = {
            "jsonrpc": "2.0",
            "id": "fuzz-initialize",
            "method": "initialize",
            "params": {"processId": os.getpid(), "rootUri": self.root.as_uri(), "capabilities": {}},
        }
        self.server.send(request)
        done = lambda m: m.get("id") == "fuzz-initialize"  # noqa: E731
        outcome = self.wait(done, wall_cap=120.0, cpu_cap=60.0)
        if outcome is not None:
            return outcome
        self.server.send(notification("initialized", {}))
        if self.context.reference is None:
            found = self.probe_diagnostics("reference", 120.0)
            if isinstance(found, dict):
                return found
            if PROBE_CODE not in [d.get("code") for d in found]:
                return {"kind": "wrong-diagnostics", "detail": f"probe: no {PROBE_CODE}: {found}"}
            self.context.reference = found
        return None

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
            if (problem := logged_problem(message)) is not None:
                return problem
            if message and done(message):
                return None
            cpu, wall = self.server.cpu() - cpu_before, time.monotonic() - started
            if cpu > cpu_cap or wall > supervisor.wall_cap(wall_cap):
                kind = "over-budget" if cpu > cpu_cap else "hang"
                return {"kind": kind, "detail": f"{cpu:.1f} s CPU, {wall:.1f} s wall, no answer"}

    def diagnostics(self, uri: str, version: int | None, wall_cap: float) -> list | dict:
        """The diagnostics published for ``uri`` at ``version``; or what went wrong."""
        found: list = []

        def done(message: dict) -> bool:
            if message.get("method") != "textDocument/publishDiagnostics":
                return False
            params = message["params"]
            if params["uri"] == uri and params.get("version") in (version, None):
                found.append(params["diagnostics"])
                return True
            return False

        outcome = self.wait(done, wall_cap, self.kill_after)
        return outcome if outcome is not None else found[0]

    def diagnostics_of(self, uri: str, version: int | None) -> dict | None:
        outcome = self.diagnostics(uri, version, self.args.wall_cap)  # type: ignore[attr-defined]
        return outcome if isinstance(outcome, dict) else None

    def probe_diagnostics(self, name: str, wall_cap: float) -> list | dict:
        """A fresh document opened, its diagnostics had, closed."""
        uri = (self.root / f"probe-{name}.md").as_uri()
        self.server.send(did_open(uri, PROBE_TEXT, 1))
        found = self.diagnostics(uri, 1, wall_cap)
        if self.alive:
            self.server.send(notification("textDocument/didClose", {"textDocument": {"uri": uri}}))
        return found

    def probe(self, name: str, wall_cap: float) -> dict | None:
        """None when a fresh document gets the reference diagnostics in time."""
        found = self.probe_diagnostics(name, wall_cap)
        if isinstance(found, dict):
            return {**found, "detail": "probe document: " + found["detail"]}
        if self.context.reference is not None and shape(found) != shape(self.context.reference):
            return {"kind": "wrong-diagnostics", "detail": f"probe document: {found}"[:500]}
        return None

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
        outcome = self.wait(lambda m: False, self.args.wall_cap, self.kill_after)  # type: ignore[attr-defined]
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
            request_id = f"fuzz-shutdown-{next(self.next_id)}"
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


def logged_problem(message: dict) -> dict | None:
    """An internal error, or a check process that died, in a message the server logs."""
    if "log" not in message.get("method", ""):
        return None
    said = str(message.get("params", {}).get("message", ""))
    if any(mark in said for mark in INTERNAL):
        return {"kind": "internal-error", "detail": said}
    if CHECK_DIED in said:
        return {"kind": "abort", "detail": said}
    return None


def shape(diagnostics: list) -> list[str]:
    """Diagnostics as comparable text: code, range and message of each, in order."""
    return sorted(
        json.dumps([d.get("code"), d.get("range"), d.get("message")], sort_keys=True)
        for d in diagnostics
    )


# --- the runs ------------------------------------------------------------------------------


@dataclass
class Run:
    """One run, made again from its seed and index (its text, kind and frames)."""

    index: int
    kind: str  # document, starve, framing (the server goes on) or framing-end
    name: str  # document, starve, or the hostile frame's name
    rng: random.Random
    text: str
    frames: bytes = b""


def draw(context: Context, index: int) -> Run:
    args = context.args
    rng = random.Random(f"lsp/{args.seed}/{index}")  # type: ignore[attr-defined]
    if context.articles and rng.random() < 0.85:
        source = rng.choice(context.articles)
        text = context.texts.setdefault(source, source.read_text("utf-8", "replace"))
    else:
        import fuzz

        text = fuzz.generate(rng)
    shares = (args.framing_end_share, args.framing_share, args.starve_share)  # type: ignore[attr-defined]
    roll = rng.random()
    if roll < shares[0] + shares[1]:
        name, data = hostile_frames(rng, ending=roll < shares[0])
        return Run(index, "framing-end" if roll < shares[0] else "framing", name, rng, text, data)
    kind = "starve" if roll < sum(shares) else "document"
    return Run(index, kind, kind, rng, text)


def document_run(session: Session, rng: random.Random, text: str, index: int) -> dict | None:
    data, _ = mutators.mutate_article(rng, text, session.args.heavy_share)  # type: ignore[attr-defined]
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
    slow = (session.root / f"slow-{index}.md").as_uri()
    small = (session.root / f"small-{index}.md").as_uri()
    session.server.send(did_open(slow, costly(rng, text)))
    session.server.send(did_open(small, "Jane Doe said it rained.\n", 1))
    outcome = session.diagnostics(small, 1, session.args.probe_cap)  # type: ignore[attr-defined]
    for uri in (slow, small):
        session.server.send(notification("textDocument/didClose", {"textDocument": {"uri": uri}}))
    if isinstance(outcome, dict):
        return {**outcome, "detail": "small document: " + outcome["detail"]}
    return None


def framing_end_run(session: Session, run: Run) -> tuple[dict | None, float]:
    """A frame that breaks the framing, a probe, then the end of input: the server may
    answer the probe or not (it may wait for bytes it was promised), and must then exit
    cleanly. The outcome, and the CPU time up to the end of input."""
    before = session.server.cpu()
    session.server.send(run.frames)
    probe = (session.root / f"probe-{run.index}.md").as_uri()
    session.server.send(did_open(probe, PROBE_TEXT, 1))
    outcome = session.wait(
        lambda m: m.get("params", {}).get("uri") == probe, 1.5, session.kill_after
    )
    cpu = max(0.0, session.server.cpu() - before)
    status = session.server.process.poll()
    died_badly = status is not None and (status < 0 or status == 3)
    if outcome is not None and outcome["kind"] in ("hang", "abort") and not died_badly:
        outcome = None  # no answer, or the connection dropped: judged by how it ends
    return outcome or session.close(), cpu


def attempt(session: Session, run: Run) -> tuple[dict | None, float]:
    """One run on a live server, then the probe: its outcome and its CPU time."""
    session.server.begin_run()
    session.runs += 1
    before = session.server.cpu()
    if run.kind == "framing":
        session.server.send(run.frames)
        outcome = None
    elif run.kind == "starve":
        outcome = starve_run(session, run.rng, run.text, run.index)
    else:
        outcome = document_run(session, run.rng, run.text, run.index)
    if outcome is None and session.alive:
        cap = session.args.wall_cap if run.kind == "framing" else session.args.probe_cap  # type: ignore[attr-defined]
        outcome = session.probe(str(run.index), cap)
    cpu = max(0.0, session.server.cpu() - before)
    if outcome is None and cpu > session.budget:
        outcome = {"kind": "over-budget", "detail": f"{cpu:.1f} s CPU for the run and its probe"}
    if outcome is None and (problem := session.server.stderr_problem(since_run=True)):
        outcome = {"kind": problem[0], "detail": problem[1]}  # logged-traceback: a note
    return outcome, cpu


def alone(context: Context, index: int) -> tuple[dict | None, float, Session]:
    """Run ``index`` made alone in a fresh server, which is then ended: the outcome (a
    problem at the end counts), its CPU time and the session (its frames)."""
    run = draw(context, index)
    session = Session(context)
    if (outcome := session.initialize()) is not None:
        session.server.stop()
        return {**outcome, "detail": "initialize: " + outcome["detail"]}, 0.0, session
    if run.kind == "framing-end":
        session.server.begin_run()
        outcome, cpu = framing_end_run(session, run)
    else:
        outcome, cpu = attempt(session, run)
    ended = session.end()
    session.server.stop()
    if outcome is None or outcome["kind"] == "logged-traceback":
        outcome = ended or outcome
    return outcome, cpu, session


def run(args, summary, print_summary, failed) -> int:  # type: ignore[no-untyped-def]
    """``args.count`` runs; the summary printed; 1 when any failed."""
    import tempfile

    import fuzz

    articles = fuzz.sources(args.articles) if not args.generated_only else []
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="factlint-fuzz-lsp-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FACTLINT_CACHE_DIR": str(workdir / "cache")}
    context = Context(args, env, workdir, articles)
    args.crashes.mkdir(parents=True, exist_ok=True)
    tally = supervisor.Tally()
    started = time.monotonic()
    session: Session | None = None
    stop = fuzz.deadline(args)
    for index in range(args.count):
        if stop and time.monotonic() > stop:
            break
        run = draw(context, index)
        if run.kind == "framing-end":  # a server of its own
            outcome, cpu, used = alone(context, index)
        else:
            if session is None:
                session = Session(context)
                if (outcome := session.initialize()) is not None:
                    record(tally, args, index, "initialize", session, outcome)
                    session.server.stop()
                    session = None
                    continue
            outcome, cpu, used = *attempt(session, run), session
            if outcome is not None and outcome["kind"] != "logged-traceback":
                session.server.stop()  # a fresh server for the next run
                session = None
                outcome, cpu, used = replayed(context, index, outcome, cpu, used)
        count(tally, run, cpu)
        if outcome is not None:
            record(tally, args, index, run.name, used, outcome)
        if session is not None and session.runs >= args.per_process:
            if (ended := session.end()) is not None:
                record(tally, args, index, "shutdown", session, ended)
            session = None
        if not args.json and tally.inputs % 500 == 0:
            rate = tally.inputs / (time.monotonic() - started)
            print(f"{tally.inputs} runs ({rate:.1f}/s): {dict(tally.kinds)}", flush=True)
    if session is not None and (ended := session.end()) is not None:
        record(tally, args, args.count, "shutdown", session, ended)
    figures = summary("lsp", args, tally, time.monotonic() - started)
    figures["runs_by_kind"] = dict(tally.inputs_by_mutator)
    figures.pop("cpu_ms_per_input_by_mutator", None)
    (args.crashes / "summary-lsp.json").write_text(json.dumps(figures, indent=2), "utf-8")
    if args.workdir is None:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    print_summary(figures, args.json)
    return 1 if failed(figures) else 0


def replayed(
    context: Context, index: int, shared: dict, shared_cpu: float, session: Session
) -> tuple[dict, float, Session]:
    """A run that failed in a shared server, made again alone: its outcome there; a
    failure it does not make alone is a note, with the shared server's frames."""
    outcome, cpu, used = alone(context, index)
    if outcome is not None:
        return {**outcome, "alone": True, "in_session": shared}, max(cpu, shared_cpu), used
    note = {
        "kind": "only-in-session",
        "detail": f"{shared['kind']} in a shared server, none alone: {shared['detail']}",
        "in_session": shared,
    }
    return note, max(cpu, shared_cpu), session


def count(tally: supervisor.Tally, run: Run, cpu: float) -> None:
    tally.inputs += 1
    tally.inputs_by_mutator[run.name] += 1
    tally.cpu_by_mutator[run.name] += cpu
    tally.cpu_total += cpu
    if cpu > tally.max_cpu:
        tally.max_cpu, tally.max_cpu_case = cpu, f"{run.index} ({run.name})"


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
