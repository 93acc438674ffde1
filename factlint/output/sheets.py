"""What the sheet commands (``factlint quotes``, ``factlint sheet``) share: one entry per
file, printed as it comes in text, or gathered into one JSON document (version 1)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO, TextIO

from factlint.analyses.context import RuleContext
from factlint.core.errors import FATAL, internal_error

Target = tuple[str, Path | None, str | None]  # display name, path (None: stdin), error
Loader = Callable[[str, Path | None, BinaryIO], tuple[RuleContext | None, str | None]]


def run_sheets(
    args: argparse.Namespace,
    targets: Iterable[Target],
    stdin: BinaryIO,
    out: TextIO,
    err: TextIO,
    load: Loader,
    build: Callable[[RuleContext | None], dict],
    print_text: Callable[[dict, TextIO], None],
) -> int:
    """Exit status 0, 1 when some file could not be read, 2 when none could, 3 when
    factlint itself failed on one (an internal error; that file's entry has its error and
    the others go on).

    ``print_text`` prints the entry of a file that could be read; a file's error goes to
    ``err``."""
    files: list[dict] = []
    internal = False
    for display, path, error in targets:
        name = (args.stdin_filename or "-") if path is None and error is None else display
        try:
            ctx, error = load(name, path, stdin) if error is None else (None, error)
            entry = {"path": name, "error": error, **build(ctx)}
        except FATAL:
            raise
        except BaseException as exc:  # a bug, or a native library's panic: this file only
            internal = True
            error = "could not be checked: " + internal_error("while reading the article", exc)
            entry = {"path": name, "error": error, **build(None)}
        files.append(entry)
        if error:  # in every format, as check does: JSON carries it too
            err.write(f"{name}: error: {error}\n")
        elif args.format == "text":
            print_text(entry, out)
    if args.format == "json":
        json.dump({"version": 1, "files": files}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "html":
        from factlint.output.htmlreport import render_sheet  # jinja2: for this page only

        render_sheet(args.command, files, out)
    if internal:
        return 3
    if all(entry["error"] for entry in files):
        return 2
    return 1 if any(entry["error"] for entry in files) else 0
