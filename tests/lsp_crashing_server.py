"""``factlint`` with a GR001 that crashes on the word "CRASH": for tests/test_lsp.py, which
starts it as a language server to see that a crash in a check does not stop the server."""

from __future__ import annotations

import sys

from factlint.cli.main import main
from factlint.rules.grammar import doubled_word

_check = doubled_word.check


def _crashing_check(ctx, options):  # type: ignore[no-untyped-def]
    if "CRASH" in ctx.article.text:
        raise RuntimeError("CRASH: a bug in a rule, planted by the test")
    return _check(ctx, options)


doubled_word.check = _crashing_check  # before the rules are loaded: they take this one

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
