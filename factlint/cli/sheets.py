"""``factlint quotes`` and ``factlint sheet``: the sheets a fact-checker works from, and
the exit status of a sheet run."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from factlint.cli.files import Selection, targets
from factlint.engine.config import Resolver
from factlint.output.sheets import SheetOutcome, SheetRequest

EXIT_OK, EXIT_UNREAD, EXIT_NONE_READ, EXIT_INTERNAL = 0, 1, 2, 3


def sheet_status(outcome: SheetOutcome) -> int:
    """0; 1 when some file could not be read, 2 when none could (or none was found), 3
    when factlint itself failed on one (an internal error: before anything else)."""
    if outcome.internal:
        return EXIT_INTERNAL
    if outcome.errors == outcome.files:
        return EXIT_NONE_READ
    return EXIT_UNREAD if outcome.errors else EXIT_OK


def quotes_command(paths: Sequence[str], output: str, stdin_filename: str | None) -> int:
    """The quote sheet of ``paths``; the exit status."""
    from factlint.output.quotesheet import quote_sheet

    request = SheetRequest("quotes", output, stdin_filename or "-")
    found = targets(list(paths))
    return sheet_status(quote_sheet(request, found, sys.stdin.buffer, sys.stdout, sys.stderr))


def sheet_command(
    paths: Sequence[str], output: str, stdin_filename: str | None, config: Path | None
) -> int:
    """The fact-check sheet of ``paths`` (with the config ``config`` names); the status."""
    from factlint.output.factsheet import fact_sheet

    request = SheetRequest("sheet", output, stdin_filename or "-")
    found = targets(list(paths), Selection(Resolver(config)))
    outcome = fact_sheet(request, config, found, sys.stdin.buffer, sys.stdout, sys.stderr)
    return sheet_status(outcome)
