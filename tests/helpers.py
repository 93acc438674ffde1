"""What several test modules share: running the command line as a user would."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from factlint.cli.main import main

# serve_forever() looks for shutdown() every poll_interval (0.5 s by default), and shutdown()
# waits for it: a test's fake server stops at once with this.
QUICK_SHUTDOWN = {"poll_interval": 0.02}

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


def action_environment(tmp_path: Path, **inputs: str) -> dict[str, str]:
    """The environment of the GitHub Action's check step (scripts/github-action.sh): this
    Python first on PATH, GITHUB_ACTIONS set, the caches in ``tmp_path``, and the action's
    ``inputs`` as its FACTLINT_* variables; no GITHUB_ or FACTLINT_ variable of the caller."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("GITHUB_", "FACTLINT_"))
    }
    environment.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{environment.get('PATH', '')}",
        GITHUB_ACTIONS="true",
        FACTLINT_CACHE_DIR=str(tmp_path / "cache"),
        **{f"FACTLINT_{name.upper()}": value for name, value in inputs.items()},
    )
    return environment
