"""Problems the language server says once, in a message, not on every document.

A config's ``archive:`` that names an index factlint cannot use (missing, corrupt, another
application's SQLite file, an older schema, locked) is one problem for the whole
workspace: ``factlint check`` says it in one line and runs the other checks. The server
does the same: one ``window/showMessage`` (and the same line in the log) the first time a
check meets it, and again only after the configs are read again (``epoch``); the documents
keep getting their other diagnostics.
"""

from __future__ import annotations

from typing import Protocol

from lsprotocol import types

from factlint.engine.config import Config


class _Client(Protocol):
    def window_show_message(self, params: types.ShowMessageParams) -> None: ...

    def window_log_message(self, params: types.LogMessageParams) -> None: ...


class Notices:
    """What the server has said once since the configs were last read."""

    def __init__(self) -> None:
        self._said: set[str] = set()
        self._epoch = 0

    def config_checked(self, client: _Client, epoch: int, config: Config) -> None:
        """Say the config's workspace-wide problems that were not said since ``epoch``."""
        if epoch != self._epoch:  # the configs were read again: a problem left is said again
            self._said.clear()
            self._epoch = epoch
        problem = config.archive_problem
        if problem is None or problem in self._said:
            return
        self._said.add(problem)
        text = f"factlint: {problem}"
        client.window_show_message(types.ShowMessageParams(types.MessageType.Warning, text))
        client.window_log_message(types.LogMessageParams(types.MessageType.Warning, text))
