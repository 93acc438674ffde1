"""The options of ``factlint audit`` (the command is :mod:`factlint.cli.audit`, loaded
only when it runs: building the parser imports nothing of the audit)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from factlint.backends import BACKENDS
from factlint.cli.arguments import positive_number
from factlint.core.diagnostics import Severity


def add_parser(commands: Any, exit_epilog: str) -> None:
    audit = commands.add_parser(
        "audit",
        help="check an archive on a Dask cluster, one JSON line per article",
        epilog=exit_epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    audit.add_argument(
        "paths", nargs="+", metavar="INPUT", help="files, folders, or JSON Lines archives (.jsonl)"
    )
    audit.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT", help="the JSON Lines output"
    )
    audit.add_argument(
        "--scheduler",
        default="local",
        metavar="ADDRESS",
        help="a Dask scheduler's address (tcp://host:8786), or local (default): a LocalCluster",
    )
    audit.add_argument(
        "--workers",
        type=positive_number,
        metavar="N",
        help="local: worker processes (default: CPUs)",
    )
    audit.add_argument(
        "--batch-size", type=positive_number, default=32, metavar="N", help="articles a task (32)"
    )
    audit.add_argument(
        "--resume", action="store_true", help="skip the articles already in OUT (same content)"
    )
    audit.add_argument("--config", type=Path, help="use this config file")
    audit.add_argument("--select", help="only these rule codes or prefixes, comma-separated")
    audit.add_argument("--ignore", help="skip these rule codes or prefixes, comma-separated")
    audit.add_argument("--grammar", choices=BACKENDS)
    audit.add_argument("--no-cache", action="store_true", help="no on-disk grammar cache")
    audit.add_argument("--cache-dir", type=Path, metavar="DIR", help="the grammar cache's folder")
    audit.add_argument("--timeout", type=float, metavar="SECONDS", help="per article, as check")
    audit.add_argument("--fail-on", choices=tuple(s.label for s in sorted(Severity, reverse=True)))
    audit.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    audit.add_argument(
        "--no-respect-gitignore", action="store_true", help="search folders ignoring .gitignore"
    )
    audit.add_argument(
        "--archive-output",
        type=Path,
        metavar="FILE",
        help="the archive-level findings (NM100), JSON Lines (default: OUT's name with "
        ".archive.jsonl)",
    )
    audit.add_argument(
        "--no-archive-checks", action="store_true", help="no archive-level checks (NM100)"
    )
    audit.add_argument(
        "--name-min-majority",
        type=positive_number,
        metavar="N",
        help="NM100: a name form is the usual one when at least N articles write it (5)",
    )
    audit.add_argument(
        "--name-max-odd",
        type=positive_number,
        metavar="N",
        help="NM100: a form is reported when at most N articles write it (2)",
    )
    audit.add_argument(
        "--name-max-share",
        type=float,
        metavar="F",
        help="NM100: ... and at most F times as many as the usual form (0.2)",
    )
