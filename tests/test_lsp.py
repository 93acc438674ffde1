"""``factlint lsp``: the real server, driven over standard input/output by pygls's client."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types
from pygls.lsp.client import LanguageClient

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "kishida-peace-treaty.txt"
CRASHING_SERVER = Path(__file__).with_name("lsp_crashing_server.py")
NO_GRAMMAR = "grammar:\n  backend: none\n  cache: false\n"
# NM003 runs only when selected: the seed's courtesy title, with its safe fix
WORKSPACE = NO_GRAMMAR + "select: [ALL, NM003]\n"
FRONT_MATTER = """---
title: Council vote
author: Jane Smyth
---

By Jane Smith

The council met on Tuesday and the vote was close.
"""
WAIT = 20.0  # seconds a notification may take before the test fails (never reached)


class Session:
    """A client talking to one server process: what it published and logged."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()
        self.logged: asyncio.Queue[types.LogMessageParams] = asyncio.Queue()
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        self.registrations: list[types.Registration] = []

    async def diagnostics(self, uri: str, version: int | None = None) -> list[types.Diagnostic]:
        """The next diagnostics published for ``uri`` (for ``version`` when given)."""
        while True:
            params = await asyncio.wait_for(self.published.get(), WAIT)
            if params.uri == uri and (version is None or params.version == version):
                return list(params.diagnostics)

    def open(self, uri: str, text: str, language: str = "plaintext") -> None:
        self.versions[uri], self.texts[uri] = 1, text
        item = types.TextDocumentItem(uri, language, 1, text)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(item))

    def change(self, uri: str, text: str) -> int:
        self.versions[uri] += 1
        self.texts[uri] = text
        document = types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri])
        change = types.TextDocumentContentChangeWholeDocument(text)
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(document, [change]))
        return self.versions[uri]

    def apply(self, uri: str, edit: types.WorkspaceEdit) -> int:
        """Apply a workspace edit to the document, as an editor would, and send it."""
        assert edit.changes is not None
        text = self.texts[uri]
        lines = text.splitlines(keepends=True)
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line))

        def index(position: types.Position) -> int:  # the seed is ASCII-safe for UTF-16 here
            return starts[position.line] + position.character

        for edit_ in sorted(edit.changes[uri], key=lambda e: index(e.range.start), reverse=True):
            text = (
                text[: index(edit_.range.start)] + edit_.new_text + text[index(edit_.range.end) :]
            )
        return self.change(uri, text)

    async def hover(self, uri: str, position: types.Position) -> types.Hover | None:
        params = types.HoverParams(types.TextDocumentIdentifier(uri), position)
        return await asyncio.wait_for(self.client.text_document_hover_async(params), WAIT)

    async def actions(
        self, uri: str, diagnostic: types.Diagnostic, only: list[str] | None = None
    ) -> list[types.CodeAction]:
        context = types.CodeActionContext([diagnostic], only=only)
        params = types.CodeActionParams(
            types.TextDocumentIdentifier(uri), diagnostic.range, context
        )
        actions = await asyncio.wait_for(self.client.text_document_code_action_async(params), WAIT)
        return [a for a in actions or [] if isinstance(a, types.CodeAction)]


def run_session(
    tmp_path: Path,
    body: Callable[[Session], Awaitable[None]],
    capabilities: types.ClientCapabilities | None = None,
    server: list[str] | None = None,
) -> int:
    """Start the server in ``tmp_path``'s workspace, initialize, run ``body``, shut down;
    the server's exit status."""

    async def main() -> int:
        client = LanguageClient("factlint-tests", "1")
        session = Session(client)

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            session.published.put_nowait(params)

        @client.feature(types.WINDOW_LOG_MESSAGE)
        def logged(params: types.LogMessageParams) -> None:
            session.logged.put_nowait(params)

        @client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:
            session.registrations.extend(params.registrations)

        command = server or [sys.executable, "-m", "factlint", "lsp", "--debounce", "20"]
        await client.start_io(*command, cwd=str(tmp_path))
        try:
            initialize = types.InitializeParams(
                capabilities=capabilities or types.ClientCapabilities(),
                root_uri=tmp_path.as_uri(),
            )
            await asyncio.wait_for(client.initialize_async(initialize), WAIT)
            client.initialized(types.InitializedParams())
            await body(session)
            await asyncio.wait_for(client.shutdown_async(None), WAIT)
            client.exit(None)
            assert client._server is not None
            return await asyncio.wait_for(client._server.wait(), WAIT)
        finally:
            if client._server is not None and client._server.returncode is None:
                client._server.kill()  # a failed test: the server is not left waiting
            await client.stop()

    return asyncio.run(main())


def codes(diagnostics: list[types.Diagnostic]) -> list[str]:
    return [str(d.code) for d in diagnostics]


def the(diagnostics: list[types.Diagnostic], code: str) -> types.Diagnostic:
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, codes(diagnostics)
    return found[0]


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """A workspace: the seed article and a config without a grammar engine."""
    (tmp_path / ".factlint.yaml").write_text(WORKSPACE, encoding="utf-8")
    (tmp_path / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_a_writing_session_over_stdio(desk: Path) -> None:
    """Open the seed, edit it, take a quick fix, hover, change the config, shut down."""
    uri = (desk / "seed.txt").as_uri()
    seed = SEED.read_text(encoding="utf-8")

    async def body(session: Session) -> None:
        session.open(uri, seed)
        first = await session.diagnostics(uri, 1)
        assert {"BY001", "NM003", "QT002"} <= set(codes(first))
        assert "GR001" not in codes(first)

        bio = the(first, "BY001")  # the bio's spelling, with the byline as related
        assert bio.source == "factlint" and bio.severity == types.DiagnosticSeverity.Error
        assert "[byline-bio-mismatch]" in bio.message
        assert bio.range == types.Range(types.Position(35, 0), types.Position(35, 13))
        assert bio.related_information is not None
        related = bio.related_information[0]
        assert related.location.uri == uri and related.location.range.start.line == 32
        assert "Aldograph Redley" in related.message
        assert bio.code_description is not None
        docs = Path(bio.code_description.href.removeprefix("file://"))
        assert "byline-bio-mismatch" in docs.read_text(encoding="utf-8")

        # A doubled word typed into one paragraph: the update has it, at its place.
        edited = seed.replace("Japan’s goal", "Japan’s the the goal")
        version = session.change(uri, edited)
        second = await session.diagnostics(uri, version)
        doubled = the(second, "GR001")
        line = edited.splitlines()[doubled.range.start.line]
        start, end = doubled.range.start.character, doubled.range.end.character
        assert line[start:end] == "the" and line[:end].endswith("Japan’s the the")
        assert set(codes(first)) < set(codes(second))

        # The quick fix: the safe one first and preferred; applied, the finding is gone.
        actions = await session.actions(uri, doubled)
        titles = [a.title for a in actions]
        assert titles[0] == 'GR001: delete " the" (safe)' and actions[0].is_preferred
        assert "Ignore GR001 on this line" in titles
        assert actions[0].edit is not None
        version = session.apply(uri, actions[0].edit)
        fixed = await session.diagnostics(uri, version)
        assert "GR001" not in codes(fixed)
        assert session.texts[uri] == seed.replace("Japan’s goal", "Japan’s the goal")

        # Hover on a finding: its rule's documentation.
        courtesy = the(fixed, "NM003")
        hover = await session.hover(uri, courtesy.range.start)
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        assert "NM003 courtesy-title" in hover.contents.value
        assert "courtesy-titles" in hover.contents.value  # the option, from the docstring
        nothing = await session.hover(uri, types.Position(2, 0))
        assert nothing is None

        # The config changes on disk: the client says so, the findings follow it.
        config = desk / ".factlint.yaml"
        config.write_text(WORKSPACE + "ignore: [BY, NM003]\n", encoding="utf-8")
        event = types.FileEvent(config.as_uri(), types.FileChangeType.Changed)
        session.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams([event])
        )
        after = await session.diagnostics(uri)
        assert not {"BY001", "NM003"} & set(codes(after))
        assert "QT002" in codes(after)

        # A config that cannot be used: one error at the top, until it is mended.
        config.write_text(WORKSPACE + "ignore: [XX999]\n", encoding="utf-8")
        session.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams([event])
        )
        (problem,) = await session.diagnostics(uri)
        assert problem.code == "config" and "ignore: unknown rule code (item 1)" in problem.message
        assert problem.range.start == types.Position(0, 0)
        config.write_text(WORKSPACE, encoding="utf-8")
        session.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams([event])
        )
        assert set(codes(await session.diagnostics(uri))) == set(codes(fixed))

        # Saving checks the document too.
        session.client.text_document_did_save(
            types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri))
        )
        assert set(codes(await session.diagnostics(uri))) == set(codes(fixed))

    assert run_session(desk, body) == 0


def test_ignore_and_fix_all_actions(desk: Path) -> None:
    uri = (desk / "seed.txt").as_uri()
    seed = SEED.read_text(encoding="utf-8")
    edited = seed.replace("Japan’s goal", "Japan’s the the goal")

    async def body(session: Session) -> None:
        session.open(uri, edited)
        found = await session.diagnostics(uri, 1)
        doubled = the(found, "GR001")
        ignore = next(a for a in await session.actions(uri, doubled) if "Ignore" in a.title)
        assert ignore.edit is not None
        version = session.apply(uri, ignore.edit)
        assert "the the goal" in session.texts[uri]
        assert "<!-- factlint-disable-line GR001 -->" in session.texts[uri]
        ignored = await session.diagnostics(uri, version)
        assert "GR001" not in codes(ignored)
        assert not {"FL001", "FL002"} & set(codes(ignored))  # the directive is well formed

        version = session.change(uri, edited)
        found = await session.diagnostics(uri, version)
        assert {"GR001", "NM003", "ST102"} <= set(codes(found))
        fix_all = await session.actions(uri, the(found, "GR001"), only=["source.fixAll"])
        assert [a.kind for a in fix_all] == ["source.fixAll.factlint"]
        assert fix_all[0].edit is not None
        version = session.apply(uri, fix_all[0].edit)
        remaining = await session.diagnostics(uri, version)
        assert "GR001" not in codes(remaining)  # the new doubled word: the one safe fix
        assert {"NM003", "ST102", "BY001"} <= set(codes(remaining))  # unsafe fixes, or none
        assert "Mr. Matsuno said" in session.texts[uri] and "the the" not in session.texts[uri]

    assert run_session(desk, body) == 0


def test_positions_count_utf16_units_unless_the_client_offers_utf32(desk: Path) -> None:
    """An emoji is two UTF-16 units and one code point; CRLF line ends count as one."""
    text = "Headline here\r\n\r\nThe 🎉 the the mayor spoke.\r\n"
    uri = (desk / "emoji.txt").as_uri()
    ranges: dict[str, types.Range] = {}

    def body_for(name: str) -> Callable[[Session], Awaitable[None]]:
        async def body(session: Session) -> None:
            session.open(uri, text)
            ranges[name] = the(await session.diagnostics(uri, 1), "GR001").range

        return body

    assert run_session(desk, body_for("utf-16")) == 0
    utf32 = types.ClientCapabilities(
        general=types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind.Utf32]
        )
    )
    assert run_session(desk, body_for("utf-32"), utf32) == 0
    # The second "the" follows 10 code points, one of them the emoji: 11 UTF-16 units.
    assert ranges["utf-16"] == types.Range(types.Position(2, 11), types.Position(2, 14))
    assert ranges["utf-32"] == types.Range(types.Position(2, 10), types.Position(2, 13))


def test_unsaved_documents_take_the_workspace_config_and_per_file_ignores_and_excludes_apply(
    desk: Path,
) -> None:
    (desk / ".factlint.yaml").write_text(
        WORKSPACE + "ignore: [NM003]\nper-file-ignores:\n  'opinion/*': [GR001]\n",
        encoding="utf-8",
    )
    (desk / "opinion").mkdir()
    text = "Council vote\n\nMr. Smith said the the vote was close.\n"

    async def body(session: Session) -> None:
        session.open("untitled:Untitled-1", text)
        untitled = await session.diagnostics("untitled:Untitled-1", 1)
        assert "GR001" in codes(untitled)
        assert "NM003" not in codes(untitled)  # ignored by the workspace's config
        opinion = (desk / "opinion" / "column.txt").as_uri()
        session.open(opinion, text)
        in_opinion = codes(await session.diagnostics(opinion, 1))
        assert "GR001" not in in_opinion and "NM003" not in in_opinion
        story = (desk / "story.md").as_uri()  # a finding in the front matter
        session.open(story, FRONT_MATTER, "markdown")
        in_yaml = the(await session.diagnostics(story, 1), "BY001")
        assert in_yaml.range.start.line == 2
        titles = [action.title for action in await session.actions(story, in_yaml)]
        assert not any("Ignore" in title for title in titles)  # no comment inside YAML
        impossible = FRONT_MATTER.replace("author:", "date: 2020-02-30\nauthor:")
        session.change(story, impossible)  # a document that cannot be checked: said on top
        (unreadable,) = await session.diagnostics(story, 2)
        assert unreadable.message.startswith("malformed front matter: line 3: date")
        assert unreadable.range.start == types.Position(0, 0)
        readme = (desk / "README.md").as_uri()  # not an article: excluded by default
        session.open(readme, text, "markdown")
        assert await session.diagnostics(readme, 1) == []

    watching = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True
            )
        )
    )
    registrations: list[types.Registration] = []

    async def body_and_registrations(session: Session) -> None:
        await body(session)
        registrations.extend(session.registrations)

    assert run_session(desk, body_and_registrations, watching) == 0
    (registration,) = registrations  # the server asked to hear of config changes
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    options = registration.register_options  # as sent: JSON, not unpacked by the client
    assert isinstance(options, dict)
    globs = [watcher["globPattern"] for watcher in options["watchers"]]
    assert "**/.factlint.yaml" in globs and "**/pyproject.toml" in globs


def test_a_crash_in_a_check_is_logged_and_the_diagnostics_stay(desk: Path) -> None:
    """The test server's GR001 crashes on the word "CRASH"; the server lives on."""
    uri = (desk / "seed.txt").as_uri()
    seed = SEED.read_text(encoding="utf-8")
    command = [sys.executable, str(CRASHING_SERVER), "lsp", "--debounce", "20"]

    async def body(session: Session) -> None:
        session.open(uri, seed)
        first = await session.diagnostics(uri, 1)
        session.change(uri, seed.replace("Japan’s goal", "Japan’s CRASH goal"))
        message = await asyncio.wait_for(session.logged.get(), WAIT)
        assert message.type == types.MessageType.Error
        assert "GR001" in message.message and "CRASH" in message.message
        assert session.published.empty()  # the first diagnostics stay
        version = session.change(uri, seed.replace("Japan’s goal", "Japan’s the the goal"))
        after = await session.diagnostics(uri, version)
        assert set(codes(after)) == {*codes(first), "GR001"}

    assert run_session(desk, body, server=command) == 0


def test_stale_results_never_overwrite_newer_ones(desk: Path) -> None:
    uri = (desk / "seed.txt").as_uri()
    seed = SEED.read_text(encoding="utf-8")

    slow = [sys.executable, "-m", "factlint", "lsp", "--debounce", "500"]

    async def body(session: Session) -> None:
        session.open(uri, seed)
        await session.diagnostics(uri, 1)
        for count in range(2, 7):  # quicker than the debounce: only the last is checked
            session.change(uri, seed.replace("Japan’s goal", "Japan’s the the goal" * count))
        last = session.versions[uri]
        params = await asyncio.wait_for(session.published.get(), WAIT)
        assert params.version == last
        assert codes(list(params.diagnostics)).count("GR001") == 6

    assert run_session(desk, body, server=slow) == 0


def test_without_pygls_lsp_says_how_to_install_it() -> None:
    code = (
        "import sys; sys.modules['pygls'] = None\n"
        "from factlint.cli.main import main\n"
        "sys.exit(main(['lsp']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "pip install 'factlint[lsp]'" in done.stderr
    assert done.stdout == ""
