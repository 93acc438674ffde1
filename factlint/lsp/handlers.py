"""The language server's handlers of the protocol's messages (open, change, save, close,
watched files, code actions, hover, shutdown) on a :class:`FactlintServer`, and
:func:`serve`, which runs them on standard input and output with pygls's log on one line."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from lsprotocol import types

from factlint.engine.run import Options
from factlint.lsp import transport
from factlint.lsp.code_actions import (
    FIX_ALL,
    FIX_ALL_TITLES,
    edits_between,
    fixed_text,
    quick_fixes,
    wanted,
    workspace_edit,
)
from factlint.lsp.engine import rule_markdown
from factlint.lsp.server import DEFAULT_DEBOUNCE, FactlintServer, _path, is_article

WATCHED = (
    "**/.factlint.yaml",
    "**/.factlint.yml",
    "**/pyproject.toml",
    "**/*.yaml",  # packs and fact registers
    "**/*.yml",
    "**/*.txt",  # dictionaries (an article's change is passed over)
)


def build_server(
    config: Path | None = None, options: Options | None = None, debounce: float = DEFAULT_DEBOUNCE
) -> FactlintServer:
    server = FactlintServer(config, options, debounce)

    @server.feature(types.INITIALIZE)
    def initialize(ls: FactlintServer, params: types.InitializeParams) -> None:
        ls.start_engine(ls.root)
        if params.process_id is not None:
            ls.watching = asyncio.ensure_future(ls.watch_parent(params.process_id))

    @server.feature(types.INITIALIZED)
    async def initialized(ls: FactlintServer, params: types.InitializedParams) -> None:
        await _watch_files(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: FactlintServer, params: types.DidOpenTextDocumentParams) -> None:
        document = params.text_document
        if is_article(document.uri, document.language_id):
            ls.generations.setdefault(document.uri, 0)
            ls.schedule(document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: FactlintServer, params: types.DidChangeTextDocumentParams) -> None:
        if params.text_document.uri in ls.generations:
            ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: FactlintServer, params: types.DidSaveTextDocumentParams) -> None:
        if params.text_document.uri in ls.generations:
            ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: FactlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.forget(uri)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def files_changed(ls: FactlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        changed = [path for change in params.changes if (path := _path(change.uri))]
        if ls.engine is None or any(ls.engine.depends_on(path) for path in changed):
            await ls.reload()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    async def code_actions(
        ls: FactlintServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        uri = params.text_document.uri
        if uri not in ls.generations or ls.engine is None:
            return []
        checked = await ls.current(uri)
        if checked is None:
            return []
        only = params.context.only
        actions = []
        if wanted(only, types.CodeActionKind.QuickFix):
            actions += quick_fixes(ls, uri, checked, params.range)
        kinds = [kind for kind in (types.CodeActionKind.QuickFix, FIX_ALL) if wanted(only, kind)]
        if kinds and any(d.fix is not None and d.fix.safe for d in checked.result.diagnostics):
            after = await fixed_text(ls, uri, checked)
            if after is not None and after != checked.index.stored:
                edit = workspace_edit(uri, edits_between(checked, after))
                actions += [
                    types.CodeAction(FIX_ALL_TITLES[kind], kind, edit=edit) for kind in kinds
                ]
        return actions

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: FactlintServer, params: types.HoverParams) -> types.Hover | None:
        checked = ls.checked.get(params.text_document.uri)
        if checked is None or ls.engine is None:
            return None
        offset = checked.index.offset(params.position)
        found = [d for d in checked.result.diagnostics if d.offset <= offset <= d.offset + d.length]
        parts = []
        for d in found:
            rule = ls.engine.rule(d.code, checked.config)
            if rule is not None:
                parts.append(f"**{d.message}**\n\n{rule_markdown(rule)}")
        if not parts:
            return None
        content = types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(parts))
        return types.Hover(content)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: FactlintServer, params: None) -> None:
        ls.stop_checks()

    return server


async def _watch_files(ls: FactlintServer) -> None:
    """Ask the client to report changes to configs, packs, registers and dictionaries
    (when it can register the capability at run time)."""
    capabilities = ls.client_capabilities.workspace
    watched = capabilities.did_change_watched_files if capabilities else None
    if not (watched and watched.dynamic_registration):
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
    )
    registration = types.Registration(
        "factlint-watched-files", types.WORKSPACE_DID_CHANGE_WATCHED_FILES, options
    )
    try:
        await ls.client_register_capability_async(types.RegistrationParams([registration]))
    except Exception as exc:  # the client refused: configs are read again on restart
        ls.log(types.MessageType.Warning, f"factlint: cannot watch the config files: {exc}")


def serve(config: Path | None, options: Options, debounce: float) -> None:
    """Run the server on standard input and output until the client ends it."""
    _log_in_one_line()
    build_server(config, options, debounce).start_io()


class _OneLine(logging.Formatter):
    """A log record on one line, its exception named, not traced: a message a client got
    wrong (pygls logs each with its traceback) is not a fault of the server's."""

    def format(self, record: logging.LogRecord) -> str:
        message = (record.getMessage().strip().splitlines() or [""])[0]  # not a traceback
        text = f"factlint lsp: {record.levelname.lower()}: {message}"
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            text += f" ({type(error).__name__}: {error})"
        return " ".join(text.split())


def _log_in_one_line() -> None:
    """pygls's and the transport's warnings and errors on standard error, one line each."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    handler.setLevel(logging.WARNING)
    for name in ("pygls", transport.__name__):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.propagate = False
