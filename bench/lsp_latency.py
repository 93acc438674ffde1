"""How soon a writer sees fresh findings: ``factlint lsp`` driven over stdio, keystroke by
keystroke, against a plain in-process ``check_text`` of the same texts in the same run.

Run from anywhere (needs the ``lsp`` extra, pygls)::

    python -m bench lsp-latency                       # 200 keystrokes, then 1,000 for memory
    python -m bench lsp-latency --edits 500 --json
    python -m bench lsp-latency --grammar none        # without the grammar engine

What it does:

- Starts ``factlint lsp --debounce MS`` on a copy of the seed
  (``fixtures/kishida-peace-treaty.txt``) in a new folder, with a new, empty cache folder
  (``FACTLINT_CACHE_DIR``), initializes it as an editor does and opens the seed.
- Types: each edit adds one character of a phrase to one paragraph (the paragraph moves
  on every 20 keystrokes), so every edit is a paragraph the grammar engine has not seen.
  After each edit it waits for the diagnostics of that version. The latency of an edit is
  the time from sending it to receiving its ``publishDiagnostics``, less the debounce: the
  time from the debounce ending to the diagnostics, as the editor sees it (the transport
  included).
- The reference: this process checks the same texts with ``check_text`` (the same
  settings, its own empty cache folder, warmed on the seed first), one call each, in
  turns with the server (a text's diagnostics received, then its ``check_text``), so a
  change in the machine's load falls on both alike.
- Memory: after ``--memory-edits`` more edits (1,000 by default), the server's resident
  memory (``VmRSS`` of ``/proc/PID/status``; Linux), beside its memory after opening the
  seed.

Prints the median and 95th percentile of each, and their ratio (server / in-process).

``--against BEFORE`` (a checkout of factlint, such as ``/work/main`` or a ``git worktree``
of an older commit) runs two servers in turns in the same run, BEFORE's and this
checkout's, each as ``tests/lsp_slow_server.py`` (factlint with a test hook: "SLOWDOWN" in
a text makes a rule sleep ``--slow-seconds``), and prints side by side:

- **A small document while a slow one is checked**: the slow document is changed (a new
  version, still slow), then the small one; the time from the small one's change to its
  diagnostics (``--rounds`` times; each round waits for the slow one's diagnostics too).
- **Per check**: the keystroke latency above (``--edits``), each server in turn.
- **Memory**: resident memory of each server with its worker processes, after the rounds.

    python -m bench lsp-latency --against /work/main --rounds 5 --edits 100
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import corpora, outputs

NAME = "lsp-latency"

SEED = corpora.REPO_ROOT / "fixtures" / "kishida-peace-treaty.txt"
SLOW_SERVER = corpora.REPO_ROOT / "tests" / "lsp_slow_server.py"
SMALL = "Council vote\n\nThe council met on Tuesday and the the vote was close.\n"
PHRASE = " and the talks went on "  # typed one character at a time
PER_PARAGRAPH = 20  # keystrokes before the cursor moves to another paragraph


def keystrokes(seed: str, count: int) -> list[str]:
    """``count`` texts, each the one before with one more character typed: the phrase,
    again and again, at a cursor in the middle of a paragraph of the story, which moves
    to the next paragraph every :data:`PER_PARAGRAPH` keystrokes. No text comes twice."""
    paragraphs = seed.split("\n\n")
    body = [i for i, p in enumerate(paragraphs) if len(p) > 80]  # the story's paragraphs
    cursors = {i: len(paragraphs[i]) // 2 for i in body}
    texts = []
    for n in range(count):
        target = body[(n // PER_PARAGRAPH) % len(body)]
        at = cursors[target]
        paragraph = paragraphs[target]
        paragraphs[target] = paragraph[:at] + PHRASE[n % len(PHRASE)] + paragraph[at:]
        cursors[target] = at + 1
        texts.append("\n\n".join(paragraphs))
    return texts


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(values) * 1000, 2),
        "p95_ms": round(percentile(values, 0.95) * 1000, 2),
        "count": len(values),
    }


def resident_mb(pid: int) -> float | None:
    """The process's resident memory in MB (Linux), or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


async def drive_server(
    folder: Path,
    texts: list[str],
    memory_texts: list[str],
    grammar: str | None,
    debounce: int,
    reference: Callable[[str], float],
) -> dict:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("factlint-bench", "1")
    published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    command = [sys.executable, "-m", "factlint", "lsp", "--debounce", str(debounce)]
    if grammar:
        command += ["--grammar", grammar]
    env = {**os.environ, "FACTLINT_CACHE_DIR": str(folder / "server-cache")}
    await client.start_io(*command, cwd=str(folder), env=env)
    uri = (folder / "seed.txt").as_uri()

    async def diagnostics_of(version: int) -> None:
        while (await asyncio.wait_for(published.get(), 60)).version != version:
            pass

    def change(version: int, text: str) -> None:
        document = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
        content = types.TextDocumentContentChangeWholeDocument(text)
        client.text_document_did_change(types.DidChangeTextDocumentParams(document, [content]))

    try:
        params = types.InitializeParams(types.ClientCapabilities(), root_uri=folder.as_uri())
        await asyncio.wait_for(client.initialize_async(params), 60)
        client.initialized(types.InitializedParams())
        seed = (folder / "seed.txt").read_text(encoding="utf-8")
        item = types.TextDocumentItem(uri, "plaintext", 1, seed)
        client.text_document_did_open(types.DidOpenTextDocumentParams(item))
        await diagnostics_of(1)
        assert client._server is not None
        pid = client._server.pid
        opened_mb = resident_mb(pid)
        latencies, references = [], []
        version = 1
        for text in texts:  # the server's check of a text, then this process's: in turns
            version += 1
            sent = time.perf_counter()
            change(version, text)
            await diagnostics_of(version)
            latencies.append(time.perf_counter() - sent - debounce / 1000)
            references.append(reference(text))
        for text in memory_texts:
            version += 1
            change(version, text)
            await diagnostics_of(version)
        memory = {"opened_mb": opened_mb, "after_edits_mb": resident_mb(pid)}
        await asyncio.wait_for(client.shutdown_async(None), 60)
        client.exit(None)
        await asyncio.wait_for(client._server.wait(), 60)
    finally:
        if client._server is not None and client._server.returncode is None:
            client._server.kill()
        await client.stop()
    return {
        "latencies": latencies,
        "references": references,
        "memory": memory,
        "edits": version - 1,
    }


def family_mb(pid: int) -> float | None:
    """The resident memory of a process and its children (Linux), in MB."""
    total, pids = 0.0, [pid]
    while pids:
        current = pids.pop()
        mb = resident_mb(current)
        total += mb or 0.0
        for task in Path(f"/proc/{current}/task").glob("*/children"):  # every thread's
            with contextlib.suppress(OSError):
                pids.extend(int(child) for child in task.read_text().split())
    return round(total, 1) if total else None


class Driven:
    """One server over stdio, with what it published by document and version."""

    def __init__(self, label: str, checkout: Path, folder: Path, grammar: str | None) -> None:
        self.label, self.checkout, self.folder, self.grammar = label, checkout, folder, grammar
        self.published: dict[tuple[str, int], asyncio.Event] = {}
        self.versions: dict[str, int] = {}

    async def start(self, slow_seconds: float) -> None:
        from lsprotocol import types
        from pygls.lsp.client import LanguageClient

        self.types = types
        self.client = LanguageClient("factlint-bench", "1")

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self._event(params.uri, params.version or 0).set()

        command = [sys.executable, str(SLOW_SERVER), "lsp", "--debounce", "0"]
        if self.grammar:
            command += ["--grammar", self.grammar]
        env = {
            **os.environ,
            "PYTHONPATH": str(self.checkout),
            "FACTLINT_CACHE_DIR": str(self.folder / "cache"),
            "FACTLINT_TEST_SLOW_SECONDS": str(slow_seconds),
        }
        await self.client.start_io(*command, cwd=str(self.folder), env=env)
        params = types.InitializeParams(types.ClientCapabilities(), root_uri=self.folder.as_uri())
        await asyncio.wait_for(self.client.initialize_async(params), 120)
        self.client.initialized(types.InitializedParams())

    def _event(self, uri: str, version: int) -> asyncio.Event:
        return self.published.setdefault((uri, version), asyncio.Event())

    def send(self, name: str, text: str) -> tuple[str, int]:
        """Open or change document ``name``: its uri and version."""
        types = self.types
        uri = (self.folder / name).as_uri()
        version = self.versions[uri] = self.versions.get(uri, 0) + 1
        if version == 1:
            item = types.TextDocumentItem(uri, "plaintext", 1, text)
            self.client.text_document_did_open(types.DidOpenTextDocumentParams(item))
        else:
            document = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
            change = types.TextDocumentContentChangeWholeDocument(text)
            self.client.text_document_did_change(
                types.DidChangeTextDocumentParams(document, [change])
            )
        return uri, version

    async def timed(self, name: str, text: str, limit: float = 600) -> float:
        """Seconds from sending the text to its diagnostics."""
        sent = time.perf_counter()
        uri, version = self.send(name, text)
        await asyncio.wait_for(self._event(uri, version).wait(), limit)
        return time.perf_counter() - sent

    async def wait(self, uri: str, version: int, limit: float = 600) -> None:
        await asyncio.wait_for(self._event(uri, version).wait(), limit)

    async def stop(self) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), 120)
            self.client.exit(None)
            assert self.client._server is not None
            await asyncio.wait_for(self.client._server.wait(), 120)
        finally:
            server = self.client._server
            if server is not None and server.returncode is None:
                server.kill()
            await self.client.stop()


async def compare(
    before: Path, folder: Path, grammar: str | None, rounds: int, edits: int, slow: float
) -> dict:
    """Both servers, in turns: a small document behind a slow one, and keystrokes."""
    servers = []
    for label, checkout in (("before", before), ("after", corpora.REPO_ROOT)):
        home = folder / label
        home.mkdir()
        (home / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
        servers.append(Driven(label, checkout, home, grammar))
    for server in servers:
        await server.start(slow)
    seed = SEED.read_text(encoding="utf-8")
    behind: dict[str, list[float]] = {s.label: [] for s in servers}
    typing: dict[str, list[float]] = {s.label: [] for s in servers}
    memory: dict[str, float | None] = {}
    try:
        for server in servers:  # warm: both documents checked once (the slow one quickly)
            await server.timed("seed.txt", seed)
            await server.timed("small.txt", SMALL)
            await server.timed("slow.txt", SMALL)
        for n in range(rounds):
            for server in servers:
                slow_text = SMALL.replace("Tuesday", f"Tuesday (SLOWDOWN {n})")
                uri, version = server.send("slow.txt", slow_text)
                await asyncio.sleep(0.2)  # its check under way
                small = SMALL.replace("Tuesday", f"Tuesday {n}")
                behind[server.label].append(await server.timed("small.txt", small))
                await server.wait(uri, version)
        for text in keystrokes(seed, edits):
            for server in servers:
                typing[server.label].append(await server.timed("seed.txt", text))
        for server in servers:
            assert server.client._server is not None
            memory[server.label] = family_mb(server.client._server.pid)
    finally:
        for server in servers:
            await server.stop()

    def side_by_side(values: dict[str, list[float]]) -> dict:
        before_, after_ = statistics.median(values["before"]), statistics.median(values["after"])
        return {
            "before": summary(values["before"]),
            "after": summary(values["after"]),
            "ratio_median_after_before": round(after_ / before_, 3),
        }

    return {
        "grammar": grammar or "config (harper by default)",
        "slow_seconds": slow,
        "small_document_behind_slow_one": side_by_side(behind),
        "per_check_keystroke": side_by_side(typing),
        "memory_mb_with_workers": memory,
    }


def in_process(folder: Path, grammar: str | None) -> Callable[[str], float]:
    """A timer of ``check_text`` in this process (its own cache folder), warmed on the
    seed: given a text, the seconds one check of it takes."""
    os.environ["FACTLINT_CACHE_DIR"] = str(folder / "reference-cache")
    from factlint.engine.config import Resolver
    from factlint.engine.run import Options, check_text, file_config

    path = folder / "seed.txt"
    options = Options(grammar={"backend": grammar} if grammar else None)
    config = file_config(path, Resolver(), options)
    check_text(str(path), path.read_text(encoding="utf-8"), config, path=path)

    def timed(text: str) -> float:
        start = time.perf_counter()
        check_text(str(path), text, config, path=path)
        return time.perf_counter() - start

    return timed


def main(argv: list[str] | None = None) -> int:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("--edits", type=int, default=200, help="keystrokes timed (200)")
    parser.add_argument(
        "--memory-edits", type=int, default=1000, help="keystrokes before memory is read (1000)"
    )
    parser.add_argument("--grammar", choices=("harper", "none"), help="default: the config's")
    parser.add_argument("--debounce", type=int, default=50, help="the server's, in ms (50)")
    parser.add_argument("--against", type=Path, metavar="BEFORE", help="a checkout to compare")
    parser.add_argument("--rounds", type=int, default=5, help="with --against (5)")
    parser.add_argument("--slow-seconds", type=float, default=5.0, help="with --against (5)")
    args = outputs.parse(NAME, parser, _against(sys.argv[1:] if argv is None else argv))
    try:
        import pygls  # noqa: F401
    except ImportError:
        print("skipped: pygls is not installed (pip install 'factlint[lsp]')")
        return 0
    if args.against is not None:
        return _compare(args)
    seed = SEED.read_text(encoding="utf-8")
    texts = keystrokes(seed, args.edits + args.memory_edits)
    timed, more = texts[: args.edits], texts[args.edits :]
    with tempfile.TemporaryDirectory(prefix="factlint-lsp-bench-") as name:
        folder = Path(name)
        (folder / "seed.txt").write_text(seed, encoding="utf-8")
        reference = in_process(folder, args.grammar)
        run = drive_server(folder, timed, more, args.grammar, args.debounce, reference)
        server = asyncio.run(run)
        references = server["references"]
    figures = {
        "grammar": args.grammar or "config (harper by default)",
        "debounce_ms": args.debounce,
        "server": summary(server["latencies"]),
        "check_text": summary(references),
        "ratio_median": round(
            statistics.median(server["latencies"]) / statistics.median(references), 2
        ),
        "memory": {**server["memory"], "edits": server["edits"]},
    }
    with outputs.text_output(args):
        _print(figures)
    return outputs.finish(args, figures)


def _against(argv: list[str]) -> list[str]:
    """``--compare BEFORE`` (a path after it), as this script once took it: ``--against``."""
    return [
        "--against" if arg == "--compare" and argv[i + 1 : i + 2] and argv[i + 1][0] != "-" else arg
        for i, arg in enumerate(argv)
    ]


def _print(figures: dict[str, Any]) -> None:
    s, r, m = figures["server"], figures["check_text"], figures["memory"]
    print(f"grammar: {figures['grammar']}; {s['count']} keystrokes to the seed")
    for label, figure in (("factlint lsp, debounce end to diagnostics", s), ("check_text", r)):
        print(f"{label:<42} median {figure['median_ms']} ms, p95 {figure['p95_ms']} ms")
    print(f"ratio (server / check_text, medians): {figures['ratio_median']}")
    print(
        f"server memory: {m['opened_mb']} MB with the seed open, "
        f"{m['after_edits_mb']} MB after {m['edits']} edits"
    )


def _compare(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="factlint-lsp-bench-") as name:
        run = compare(
            args.against.resolve(), Path(name), args.grammar, args.rounds, args.edits,
            args.slow_seconds,
        )  # fmt: skip
        figures = asyncio.run(run)
    with outputs.text_output(args):
        _print_against(figures, args)
    return outputs.finish(args, figures)


def _print_against(figures: dict[str, Any], args: argparse.Namespace) -> None:
    print(f"grammar: {figures['grammar']}; before: {args.against}; after: this checkout")
    for key, label in (
        ("small_document_behind_slow_one", f"small document behind a {args.slow_seconds:g} s one"),
        ("per_check_keystroke", "keystroke to diagnostics"),
    ):
        f = figures[key]
        print(
            f"{label:<44} before median {f['before']['median_ms']} ms, after "
            f"{f['after']['median_ms']} ms (ratio {f['ratio_median_after_before']}); p95 "
            f"{f['before']['p95_ms']} / {f['after']['p95_ms']} ms"
        )
    m = figures["memory_mb_with_workers"]
    print(f"memory with worker processes: before {m['before']} MB, after {m['after']} MB")


if __name__ == "__main__":
    sys.exit(main())
