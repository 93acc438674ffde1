"""What several test modules share: running the command line as a user would."""

from __future__ import annotations

import pytest

from factlint.cli.main import main

# A desk's own pack of one rule (DK001: "utilize" -> "use"), for tests that need one.
DESK_PACK = """\
pack: desk
source: our stylebook
prefix: DK
rules:
  - code: DK001
    name: no-utilize
    kind: substitution
    message: 'write "{replacement}"'
    swap: {utilize: use}
    examples: {bad: [We utilize it.], good: [We use it.]}
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``factlint ARGS``: the exit status, standard output and standard error (never a
    traceback)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err
