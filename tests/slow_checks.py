"""Checks made slow on purpose, for the tests of the time limit where no alarm can be set
(the language server's checks, ``audit``'s workers): importing this module makes
"SLOWDOWN" in a text put GR001 to sleep (in a rule, where the time limit's alarm reaches)
and "HANG" put the parsing to sleep in a way no alarm ends (as a native library's long
call: only stopping the check's process ends it). A worker's child process imports it too
when its setup is :func:`start_audit_child` (pickled by reference), or when a script that
imports it is the main module (the child runs it first, as multiprocessing's spawn does)."""

from __future__ import annotations

import contextlib
import os
import time

from factlint.audit import work
from factlint.audit.work import AuditSettings
from factlint.engine import run
from factlint.rules.grammar import doubled_word

SECONDS = float(os.environ.get("FACTLINT_TEST_SLOW_SECONDS", "3600"))  # bench/lsp_latency.py
_check = doubled_word.check
_context = run.article_context


def _slow_check(ctx, options):  # type: ignore[no-untyped-def]
    if "SLOWDOWN" in ctx.article.text:
        time.sleep(SECONDS)
    return _check(ctx, options)


def _hanging_context(display, text, config):  # type: ignore[no-untyped-def]
    if "HANG" in text:  # as a native library's long call: no alarm stops it
        deadline = time.monotonic() + SECONDS
        while (left := deadline - time.monotonic()) > 0:
            with contextlib.suppress(BaseException):  # the time limit's RuleTimeout
                time.sleep(left)
    return _context(display, text, config)


doubled_word.check = _slow_check  # before the rules are loaded: they take this one
run.article_context = _hanging_context
_start_child = getattr(work, "_start_child", None)  # (an older factlint, for the bench: none)


def start_audit_child(settings: AuditSettings) -> None:
    """``audit``'s child setup, in a child that has imported this module."""
    assert _start_child is not None
    _start_child(settings)
