"""The LanguageTool target: ``factlint check`` against a fake LanguageTool server on
127.0.0.1 whose answers are hostile.

The server (a thread of this process) serves each input at its own path
(``http://127.0.0.1:PORT/c<index>/``, the config's ``grammar: {url: ...}``), answering
``v2/check`` in one of these ways: a sound answer; matches with offsets and lengths out of
range or of the wrong types; JSON that is invalid, deep or mutated; an HTTP error; no
answer (it sleeps), a trickle of bytes, a closed connection; a huge answer or a gzip bomb;
a redirect (to ``/leak/``, which records what it is sent). The article is a lightly mutated
real one, checked with ``--format json`` or ``sarif``.

Besides the command line's failures (abort, exit 3, internal error, CPU over the budget),
an input fails when:

- ``no-report``: the report is missing (not JSON): an outage must cost only the grammar
  findings;
- ``hang``: the whole check took longer than ``--lt-deadline`` seconds of wall time
  (plus 10 times its CPU time, for a busy machine): the config's ``timeout`` is 1 s a
  request;
- ``redirect-followed``: the article's text reached the redirect's target;
- ``over-memory``: the check's peak memory passed ``--memory-budget-mb``;
- ``misplaced``: a diagnostic outside the text (an offset of the server's taken as is).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from fuzzing import mutators, supervisor

LANGUAGES = [{"name": "English (US)", "code": "en", "longCode": "en-US"}]


def sound_match(rng: random.Random, text_length: int) -> dict:
    offset = rng.randrange(max(1, text_length))
    return {
        "message": "Possible spelling mistake found.",
        "shortMessage": "Spelling mistake",
        "replacements": [{"value": "word"}],
        "offset": offset,
        "length": min(rng.randint(1, 8), max(0, text_length - offset)),
        "context": {"text": "x", "offset": 0, "length": 1},
        "sentence": "x",
        "rule": {
            "id": "MORFOLOGIK_RULE_EN_US",
            "description": "d",
            "issueType": "misspelling",
            "category": {"id": "TYPOS", "name": "Typos"},
        },
    }


def hostile_match(rng: random.Random, text_length: int) -> dict:
    match = sound_match(rng, text_length)
    key = rng.choice(["offset", "length", "replacements", "rule", "message", "context"])
    match[key] = rng.choice(
        [
            -1,
            -(10**9),
            text_length + 5,
            10**18,
            2**64,
            None,
            "7",
            [],
            {},
            1.5,
            float("inf"),
            [{"value": None}],
            [{"value": "x" * 100_000}],
            {"id": None},
            "\ud800",
        ]
    )
    if rng.random() < 0.3:
        match["offset"], match["length"] = text_length, rng.choice([1, 100, -5])
    return match


def answer_of(rng: random.Random, behaviour: str, text: str) -> tuple[int, dict, Iterator[bytes]]:
    """The status, headers and body chunks of the answer to a check of ``text``."""
    length = len(text)
    headers = {"Content-Type": "application/json"}

    def body(value: object) -> Iterator[bytes]:
        yield json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")

    matches: list[dict] = [sound_match(rng, length) for _ in range(rng.randint(0, 3))]
    if behaviour == "sound":
        return 200, headers, body({"matches": matches})
    if behaviour == "offsets":
        return 200, headers, body({"matches": [hostile_match(rng, length) for _ in range(5)]})
    if behaviour == "shape":
        return (
            200,
            headers,
            body(
                rng.choice(
                    [
                        [],
                        5,
                        None,
                        "x",
                        {"matches": 5},
                        {"matches": [5, None]},
                        {"matches": {"a": 1}},
                        {"nomatches": []},
                        {"matches": [{}]},
                    ]
                )
            ),
        )
    if behaviour == "invalid-json":
        raw = json.dumps({"matches": matches}).encode()
        return 200, headers, iter([raw[: rng.randrange(max(1, len(raw)))] + b"\xff"])
    if behaviour == "deep-json":
        depth = mutators.size(rng, 1000, 200_000)
        return 200, headers, iter([b'{"matches": ' + b"[" * depth + b"]" * depth + b"}"])
    if behaviour == "http-error":
        return rng.choice([500, 404, 429, 503, 301]), {"Content-Type": "text/html"}, iter([b"<h1>"])
    if behaviour == "huge":
        padding = mutators.size(rng, 10, 300) * 1024 * 1024  # 10-300 MB
        return 200, headers, huge_body(padding)
    if behaviour == "gzip-bomb":
        return 200, {**headers, "Content-Encoding": "gzip"}, iter([gzip_bomb()])
    raise ValueError(behaviour)


def huge_body(padding: int) -> Iterator[bytes]:
    yield b'{"matches": [], "padding": "'
    chunk = b"x" * (1024 * 1024)
    for _ in range(padding // len(chunk)):
        yield chunk
    yield b'"}'


_BOMB: list[bytes] = []


def gzip_bomb() -> bytes:
    """Gzip of 1 GB of a JSON string's bytes (about 1 MB), made once."""
    if not _BOMB:
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        parts = [packer.compress(b'{"matches": [], "x": "')]
        block = b"0" * (16 * 1024 * 1024)
        parts += [packer.compress(block) for _ in range(64)]
        parts.append(packer.compress(b'"}') + packer.flush())
        _BOMB.append(b"".join(parts))
    return _BOMB[0]


BEHAVIOURS = {
    "sound": 3,
    "offsets": 3,
    "shape": 2,
    "invalid-json": 2,
    "deep-json": 1,
    "http-error": 2,
    "sleep": 1,
    "trickle": 1,
    "close": 1,
    "huge": 1,
    "gzip-bomb": 1,
    "redirect": 1,
}


class FakeLanguageTool:
    """The server: ``behaviours[case]`` says how to answer the input ``case``'s checks."""

    def __init__(self) -> None:
        self.behaviours: dict[str, tuple[str, int]] = {}
        self.leaked: set[str] = set()
        self.stopping = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                fake.answer(self, b"")

            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                fake.answer(self, self.rfile.read(size))

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        self.port = self.http.server_address[1]
        gzip_bomb()  # made before any client waits for it
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def url(self, case: str) -> str:
        return f"http://127.0.0.1:{self.port}/{case}/"

    def answer(self, handler: BaseHTTPRequestHandler, posted: bytes) -> None:
        parts = handler.path.split("/")
        case = parts[1] if len(parts) > 1 else ""
        if case == "leak":
            self.leaked.add(parts[2] if len(parts) > 2 else "")
            return self.send(
                handler, 200, {"Content-Type": "application/json"}, [b'{"matches":[]}']
            )
        if handler.path.split("?")[0].endswith("/languages"):
            return self.send(handler, 200, {}, [json.dumps(LANGUAGES).encode()])
        behaviour, seed = self.behaviours.get(case, ("sound", 0))
        text = parse_qs(posted.decode("utf-8", "replace")).get("text", [""])[0]
        rng = random.Random(f"{seed}/{len(text)}")
        with contextlib.suppress(OSError):  # the client gave up: as it may
            self.misbehave(handler, case, behaviour, rng, text)

    def misbehave(
        self,
        handler: BaseHTTPRequestHandler,
        case: str,
        behaviour: str,
        rng: random.Random,
        text: str,
    ) -> None:
        if behaviour == "sleep":
            self.stopping.wait(30)
            return
        if behaviour == "close":
            handler.close_connection = True
            return
        if behaviour == "redirect":
            where = f"http://127.0.0.1:{self.port}/leak/{case}/v2/check"
            return self.send(handler, 307, {"Location": where}, [b""])
        if behaviour == "trickle":
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", "100000")
            handler.end_headers()
            for _ in range(120):  # a byte each half second for 60 s
                if self.stopping.wait(0.5):
                    return
                handler.wfile.write(b" ")
                handler.wfile.flush()
            return
        status, headers, chunks = answer_of(rng, behaviour, text)
        self.send(handler, status, headers, chunks)

    @staticmethod
    def send(handler, status: int, headers: dict, chunks) -> None:  # type: ignore[no-untyped-def]
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for chunk in chunks:
            if chunk:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        handler.wfile.write(b"0\r\n\r\n")

    def stop(self) -> None:
        self.stopping.set()
        self.http.shutdown()


def cases(
    server: FakeLanguageTool, seed: int, articles: list[Path], deadline: float
) -> Iterator[supervisor.Case]:
    import fuzz

    for index in range(10**9):
        rng = random.Random(f"languagetool/{seed}/{index}")
        text = (
            rng.choice(articles).read_text("utf-8", "replace") if articles else fuzz.generate(rng)
        )
        data, _ = mutators.mutate_article(rng, text, heavy_share=0.0)
        behaviour = rng.choices(list(BEHAVIOURS), list(BEHAVIOURS.values()))[0]
        name = f"c{seed}-{index}"
        server.behaviours[name] = (behaviour, index)
        config = {"grammar": {"backend": "languagetool", "url": server.url(name), "timeout": 1}}
        form = rng.choice(["json", "sarif"])
        argv = ["check", "--format", form, "--no-cache", "--no-progress", "-j", "1", "a.md"]
        yield supervisor.Case(
            name=f"lt-{seed}-{index}-{behaviour}",
            files={"a.md": data, ".factlint.yaml": json.dumps(config).encode()},
            argv=argv,
            article="a.md" if form == "json" else None,
            meta={
                "seed": seed,
                "index": index,
                "behaviour": behaviour,
                "mutators": [behaviour],
                "report": True,
                "wall_budget": deadline,
                "leak": name,
            },
            judge=_leak_judge(server, name),
        )


def _leak_judge(server: FakeLanguageTool, name: str) -> Callable[[dict], str | None]:
    """A run fails when the article text reached the place the server redirected to."""

    def judge(answer: dict) -> str | None:
        return "redirect-followed" if name in server.leaked else None

    return judge


def run(args, summary, print_summary, failed) -> int:  # type: ignore[no-untyped-def]
    import fuzz

    articles = fuzz.sources(args.articles) if not args.generated_only else []
    args.grammar = "languagetool"
    server = FakeLanguageTool()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="factlint-fuzz-lt-"))
    env = {**os.environ, "FACTLINT_CACHE_DIR": str(workdir / "cache")}
    args.crashes.mkdir(parents=True, exist_ok=True)
    limits = supervisor.Limits(
        budget=args.budget,
        kill_after=args.kill_after or args.budget + 1.0,
        wall_cap=max(args.wall_cap, 2 * args.lt_deadline),
        memory_mb=args.memory_mb,
        memory_budget_mb=args.memory_budget_mb,
        per_process=args.per_process,
    )
    started = time.monotonic()
    try:
        tally = supervisor.run_cases(
            cases(server, args.seed, articles, args.lt_deadline),
            args.count,
            jobs=args.jobs,
            limits=limits,
            workdir=workdir,
            crashes=args.crashes,
            env=env,
            deadline=fuzz.deadline(args),
        )
    finally:
        server.stop()
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    figures = summary("languagetool", args, tally, time.monotonic() - started)
    (args.crashes / "summary-languagetool.json").write_text(json.dumps(figures, indent=2), "utf-8")
    print_summary(figures, args.json)
    return 1 if failed(figures) else 0
