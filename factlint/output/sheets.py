"""What the sheet commands (``factlint quotes``, ``factlint sheet``) share: one entry per
file, printed as it comes in text, or gathered into one JSON document (version 1)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from factlint.analyses.context import RuleContext
from factlint.core.errors import FATAL, internal_error

Target = tuple[str, Path | None, str | None]  # display name, path (None: stdin), error
Loader = Callable[[str, Path | None, BinaryIO], tuple[RuleContext | None, str | None]]


@dataclass(frozen=True)
class SheetRequest:
    """What a sheet command asks for: the sheet (``quotes`` or ``sheet``), the format
    (text, json or html) and the name standard input is reported by."""

    sheet: str
    output: str = "text"
    stdin_name: str = "-"


@dataclass(frozen=True)
class SheetOutcome:
    """How a sheet run went: the files named, those that could not be read, and whether
    factlint itself failed on one (the command line turns it into the exit status)."""

    files: int
    errors: int
    internal: bool


def run_sheets(
    request: SheetRequest,
    targets: Iterable[Target],
    stdin: BinaryIO,
    out: TextIO,
    err: TextIO,
    load: Loader,
    build: Callable[[RuleContext | None], dict],
    print_text: Callable[[dict, TextIO], None],
) -> SheetOutcome:
    """Each file's entry; an internal error on one file is that file's entry's error,
    and the others go on.

    ``print_text`` prints the entry of a file that could be read; a file's error goes to
    ``err``."""
    files: list[dict] = []
    internal = False
    for display, path, error in targets:
        name = request.stdin_name if path is None and error is None else display
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
        elif request.output == "text":
            print_text(entry, out)
    if request.output == "json":
        json.dump({"version": 1, "files": files}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif request.output == "html":
        from factlint.output.htmlreport import render_sheet  # jinja2: for this page only

        render_sheet(request.sheet, files, out)
    errors = sum(1 for entry in files if entry["error"])
    return SheetOutcome(len(files), errors, internal)
