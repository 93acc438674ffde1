"""``factlint`` whose checks can be made slow (tests/slow_checks.py: "SLOWDOWN" in a text
makes a rule sleep, "HANG" the parsing), for tests/test_lsp_limits.py, which starts it as a
language server. Its worker processes run this script as their main module first, as
multiprocessing's spawn does, so they take the slow checks too."""

from __future__ import annotations

import sys

import slow_checks  # noqa: F401 (the slow checks, on import)

from factlint.cli.main import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
