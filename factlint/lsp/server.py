"""``factlint lsp``: a Language Server Protocol server (pygls) over standard input/output.

- Diagnostics are published on open, on save and, debounced, on change. Every open or
  change gives the document a new generation; a check publishes only when its generation
  is still the newest, so a stale result never overwrites a newer one.
- Checks run in worker processes that can be stopped (:mod:`factlint.lsp.checks`), each
  with a warm engine: a slow document never holds up another's diagnostics, a newer version
  of a document supersedes its older check, and a check past the time limit (``--timeout``,
  config ``timeout``) is stopped, whatever it was doing. The server's own :class:`Engine`
  (configs, rule documentation) works in one thread, off the event loop.
- Limits: a message over :data:`~factlint.lsp.transport.MAX_MESSAGE_BYTES` is passed over
  (and said); a document over the command line's article size limit gets one diagnostic
  saying so and is not checked; lone surrogates (which JSON can carry) are checked as
  U+FFFD, positions unchanged. The server exits when the process that started it
  (``initialize``'s ``processId``) has gone.
- A check that fails (a crash in a rule or in factlint) is said with ``window/logMessage``
  and the document keeps the diagnostics it had.
- Code actions: each fix as a quick fix (the safe ones preferred), "ignore CODE on this
  line" (a ``factlint-disable-line`` comment at the end of the line), and "fix all safe
  fixes" (also as ``source.fixAll.factlint``). Hover on a finding: its rule's
  documentation. Configs, packs, registers and dictionaries are read again when the client
  reports a change to one (``workspace/didChangeWatchedFiles``).

This module holds the server's state and its checking; the handlers of the protocol's
messages and :func:`~factlint.lsp.handlers.serve` are in :mod:`factlint.lsp.handlers`, the
code actions in :mod:`factlint.lsp.code_actions`.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from factlint import __version__
from factlint.article.loader import MARKDOWN_SUFFIXES
from factlint.backends import BackendUnavailable
from factlint.core.diagnostics import Diagnostic, Severity
from factlint.core.errors import InputError, internal_error
from factlint.core.safefile import MAX_FILE_BYTES, too_large
from factlint.engine import worker
from factlint.engine.run import Options
from factlint.engine.worker import StoppableWorker, WorkerFailed, WorkerStopped
from factlint.lsp import transport
from factlint.lsp.checks import DEFAULT_SIZE, Lanes, Superseded
from factlint.lsp.engine import (
    Checked,
    Engine,
    check_in_worker,
    checkable,
    display_name,
    size_problem,
    start_worker,
)
from factlint.lsp.notices import Notices

SOURCE = "factlint"
DEFAULT_DEBOUNCE = 0.25  # seconds after the last change before a document is checked
STOP_GRACE = 2.0  # seconds past the time limit before a check's worker is stopped
PARENT_POLL = 2.0  # seconds between looks at the client's process
ARTICLE_LANGUAGES = ("plaintext", "markdown", "text")
ARTICLE_SUFFIXES = (".txt", *MARKDOWN_SUFFIXES)
_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


class FactlintServer(LanguageServer):
    """The server's state: the engine, and each document's generation and last result."""

    def __init__(
        self,
        config: Path | None = None,
        options: Options | None = None,
        debounce: float = DEFAULT_DEBOUNCE,
    ) -> None:
        super().__init__(
            SOURCE, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self.explicit_config = config
        self.options = options or Options()
        self.debounce = debounce
        self.engine: Engine | None = None
        self.lanes: Lanes | None = None
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="factlint-config")
        self.generations: dict[str, int] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.checked: dict[str, Checked] = {}  # the result each document's diagnostics show
        self.watching: asyncio.Future[None] | None = None  # the client's process
        self.notices = Notices()  # workspace-wide problems, said once

    # --- the engine ------------------------------------------------------------------

    def start_engine(self, root: Path | None) -> None:
        try:
            self.engine = Engine(root, self.explicit_config, self.options)
        except InputError as exc:  # a --config that cannot be used
            self.log(types.MessageType.Error, f"factlint: {exc}")
            self.show(f"factlint: {exc}")
            return
        setup = (root, self.explicit_config, self.options)
        size = DEFAULT_SIZE if worker.AVAILABLE else 1  # no processes: one thread, as before
        self.lanes = Lanes(lambda: StoppableWorker(start_worker, setup), size)
        self.lanes.start()

    async def run(self, function, *args):  # type: ignore[no-untyped-def]
        """``function(*args)`` in the config thread: one thing at a time, off the loop."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, function, *args)

    def start_io(self, stdin=None, stdout=None) -> None:  # type: ignore[no-untyped-def]
        """Serve on standard input and output, reading with :mod:`~factlint.lsp.transport`'s
        limits (pygls's own reader has none)."""
        self._stop_event = stop = threading.Event()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        reader = transport.MessageReader(stdin or sys.stdin.buffer)

        async def main() -> None:
            try:
                await transport.serve(stop, reader, self.protocol, self.refused)
            finally:  # before the loop waits for its threads: none is left in a check
                self.stop_checks()

        try:
            asyncio.run(main())
        except BrokenPipeError:
            pass  # the client has gone
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.stop_checks()
            self.shutdown()

    def refused(self, message: transport.Refused) -> None:
        """A message too long to read: said, its request answered, its document marked."""
        limit = transport.MAX_MESSAGE_BYTES // 1_048_576
        text = (
            f"factlint: a message of {message.length:,} bytes was passed over: the limit is "
            f"{limit} MB"
        )
        self.log(types.MessageType.Warning, text)
        if message.id is not None and message.method is not None:
            error = types.ResponseError(types.ErrorCodes.InvalidRequest, text)
            self.protocol._send_response(message.id, error=error)  # pygls has no public way
        uri = message.uri
        if uri is None or message.method not in (
            types.TEXT_DOCUMENT_DID_OPEN,
            types.TEXT_DOCUMENT_DID_CHANGE,
        ):
            return
        if message.method == types.TEXT_DOCUMENT_DID_OPEN:  # open, empty: a change fills it
            language = message.language or "plaintext"
            self.workspace.put_text_document(types.TextDocumentItem(uri, language, 0, ""))
            if is_article(uri, message.language):
                self.generations.setdefault(uri, 0)
        if uri in self.generations:  # an older check's result is stale now
            generation = self.generations[uri] + 1
            self.forget(uri)
            self.generations[uri] = generation
        large = too_large(message.length, MAX_FILE_BYTES, "articles")
        problem = _at_top(f"not checked: {large}")
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, [problem]))

    def stop_checks(self) -> None:
        for task in self.pending.values():
            task.cancel()
        self.pending.clear()
        if self.lanes is not None:
            self.lanes.close()
        self.executor.shutdown(wait=False, cancel_futures=True)

    def forget(self, uri: str) -> None:
        """Stop checking the document (closed, or out of sight)."""
        if (task := self.pending.pop(uri, None)) is not None:
            task.cancel()
        if self.lanes is not None:
            self.lanes.cancel(uri)
        self.generations.pop(uri, None)
        self.checked.pop(uri, None)

    async def watch_parent(self, pid: int) -> None:
        """Exit when the client's process has gone (an editor that crashed)."""
        while _alive(pid):
            await asyncio.sleep(PARENT_POLL)
        self.stop_checks()
        os._exit(0)  # the reading thread may be blocked on an input no one will close

    # --- checking --------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Check the document after ``delay`` seconds, unless it changes before then."""
        generation = self.generations[uri] = self.generations.get(uri, 0) + 1
        if (task := self.pending.pop(uri, None)) is not None:
            task.cancel()
        self.pending[uri] = asyncio.ensure_future(self._check_later(uri, generation, delay))

    async def _check_later(self, uri: str, generation: int, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        if self.pending.get(uri) is asyncio.current_task():
            del self.pending[uri]
        document = self.workspace.get_text_document(uri)
        if (problem := size_problem(document.source)) is not None:
            if self.generations.get(uri) == generation:
                self.checked.pop(uri, None)
                diagnostics = [_at_top(f"not checked: {problem}")]
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(uri, diagnostics, version=document.version)
                )
            return
        checked = await self.check_now(uri)
        if checked is not None and self.generations.get(uri) == generation:
            self.publish(uri, checked)

    async def check_now(self, uri: str) -> Checked | None:
        """The document checked as it is now; None when it cannot be (said in the log), or
        when a newer check of it overtook this one."""
        if self.engine is None or self.lanes is None or uri not in self.generations:
            return None
        document = self.workspace.get_text_document(uri)
        if size_problem(document.source) is not None:
            return None
        path = _path(uri)
        display = display_name(path, uri, document.language_id)
        encoding = str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)
        engine, lanes = self.engine, self.lanes
        try:
            checked: Checked = await self.run(
                engine.prepare, display, document.source, path, encoding
            )
            self.notices.config_checked(self, engine.epoch, checked.config)
            if checked.excluded:
                return checked
            text, seconds = checkable(checked.index.decoded), checked.config.timeout
            checked.result = await lanes.run(
                uri, check_in_worker, engine.epoch, display, text, path,
                seconds=seconds + STOP_GRACE,
            )  # fmt: skip
        except Superseded:
            return None
        except WorkerStopped:
            checked.result.error = _stopped(seconds)
            checked.result.diagnostics = []
            return checked
        except InputError as exc:  # a config that cannot be used
            self.config_problem(uri, str(exc))
            return None
        except BackendUnavailable as exc:  # LanguageTool cannot be reached
            self.log(types.MessageType.Error, f"factlint: {exc}")
            return None
        except WorkerFailed as exc:  # a crash in native code: the server goes on
            self.log(types.MessageType.Error, f"factlint: {display}: could not be checked: {exc}")
            return None
        except Exception as exc:  # a crash: the server goes on, the diagnostics stay
            self.log(types.MessageType.Error, internal_error(f"checking {display}", exc))
            return None
        if checked.result.internal:
            self.log(types.MessageType.Error, f"{display}: {checked.result.error}")
            return None
        if checked.result.error:
            self.log(types.MessageType.Warning, f"{display}: {checked.result.error}")
        return checked

    def publish(self, uri: str, checked: Checked) -> None:
        self.checked[uri] = checked
        document = self.workspace.get_text_document(uri)
        diagnostics = [self.lsp_diagnostic(uri, checked, d) for d in checked.result.diagnostics]
        if checked.result.error:  # malformed front matter, a rule out of time: said on top
            diagnostics.insert(0, _at_top(checked.result.error))
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri, diagnostics, version=document.version)
        )

    def config_problem(self, uri: str, message: str) -> None:
        """A config that cannot be used: one diagnostic at the top of the document."""
        self.log(types.MessageType.Error, f"factlint: {message}")
        self.checked.pop(uri, None)
        problem = _at_top(message, code="config")
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, [problem]))

    def lsp_diagnostic(self, uri: str, checked: Checked, d: Diagnostic) -> types.Diagnostic:
        index = checked.index
        rule = self.engine.rule(d.code, checked.config) if self.engine else None
        related = [
            types.DiagnosticRelatedInformation(
                types.Location(uri, index.range(r.offset, r.length)), r.message
            )
            for _, r in d.related
        ]
        return types.Diagnostic(
            range=index.range(d.offset, d.length),
            message=f"{d.message} [{d.name}]",
            severity=_SEVERITIES[d.severity],
            code=d.code,
            code_description=(
                types.CodeDescription(self.engine.docs_url(rule)) if rule and self.engine else None
            ),
            source=SOURCE,
            related_information=related or None,
            data={"name": d.name},
        )

    async def reload(self) -> None:
        """Read the configs again and check every open document with them."""
        if self.engine is None:
            self.start_engine(self.root)
        else:
            await self.run(self.engine.reload)  # in the config thread: not under a prepare
        for uri in list(self.generations):
            self.schedule(uri, 0)

    @property
    def root(self) -> Path | None:
        root = self.workspace.root_path
        return Path(root) if root else None

    # --- helpers ---------------------------------------------------------------------

    def log(self, kind: types.MessageType, message: str) -> None:
        self.window_log_message(types.LogMessageParams(kind, message))

    def show(self, message: str) -> None:
        self.window_show_message(types.ShowMessageParams(types.MessageType.Error, message))

    async def current(self, uri: str) -> Checked | None:
        """The result for the document's text as it is now (checked again if it changed)."""
        checked = self.checked.get(uri)
        if (
            checked is not None
            and checked.index.stored == self.workspace.get_text_document(uri).source
        ):
            return checked
        return await self.check_now(uri)


def _stopped(seconds: float) -> str:
    return (
        f"not checked: the check ran past the time limit of {seconds:g} s (--timeout) "
        "and was stopped"
    )


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # not looked at
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def _at_top(message: str, code: str | None = None) -> types.Diagnostic:
    """A problem of the whole document (or of its config), shown at its start."""
    top = types.Range(types.Position(0, 0), types.Position(0, 0))
    return types.Diagnostic(top, message, types.DiagnosticSeverity.Error, code=code, source=SOURCE)


def _path(uri: str) -> Path | None:
    """The file the URI names; None when it names none (unsaved, or a name no file can
    have: a lone surrogate, which JSON can carry, is checked as an unsaved document)."""
    path = to_fs_path(uri)
    if not path:
        return None
    try:
        os.fsencode(path)
    except UnicodeEncodeError:
        return None
    return Path(path)


def is_article(uri: str, language_id: str | None) -> bool:
    """A plain-text or Markdown document (by its language, or its file's extension)."""
    path = _path(uri)
    if path is not None and path.suffix.lower() in ARTICLE_SUFFIXES:
        return True
    return language_id in ARTICLE_LANGUAGES
