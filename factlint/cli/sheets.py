"""``factlint quotes`` and ``factlint sheet``: the sheets a fact-checker works from, and
the exit status of a sheet run."""

from __future__ import annotations

import sys

from factlint.cli.commands import SheetCommand
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


def sheet_command(command: SheetCommand) -> int:
    """The quote sheet (``quotes``) or the fact-check sheet (``sheet``, with the config
    ``--config`` names) of the paths named; the exit status."""
    request = SheetRequest(command.sheet, command.format, command.stdin_filename or "-")
    stdin, out, err = sys.stdin.buffer, sys.stdout, sys.stderr
    if command.sheet == "quotes":
        from factlint.output.quotesheet import quote_sheet

        return sheet_status(quote_sheet(request, targets(list(command.paths)), stdin, out, err))
    from factlint.output.factsheet import fact_sheet

    found = targets(list(command.paths), Selection(Resolver(command.config)))
    return sheet_status(fact_sheet(request, command.config, found, stdin, out, err))
