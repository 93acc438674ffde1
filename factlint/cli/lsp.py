"""``factlint lsp``: the language server, for editors (needs the ``lsp`` extra: pygls)."""

from __future__ import annotations

import sys

from factlint.cli.commands import LspCommand
from factlint.engine.run import Options

EXIT_ERROR = 2
INSTALL = "pip install 'factlint[lsp]'"


def lsp_command(args: LspCommand) -> int:
    """Serve on standard input and output until the client ends the session."""
    try:
        from factlint.lsp.handlers import serve
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in ("pygls", "lsprotocol"):
            raise
        print(
            f"factlint: error: `factlint lsp` needs pygls, the language server extra: {INSTALL}",
            file=sys.stderr,
        )
        return EXIT_ERROR

    grammar = {"backend": args.grammar} if args.grammar else None
    serve(args.config, Options(grammar=grammar, timeout=args.timeout), args.debounce / 1000)
    return 0
