"""The options of ``factlint index`` (the command is :mod:`factlint.cli.index`, loaded only
when it runs: building the parser imports nothing of the index)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def add_parser(commands: Any, positive: Any) -> None:
    index = commands.add_parser(
        "index", help="the desk's archive index: build, update, stats, show NAME"
    )
    actions = index.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = actions.add_parser("build", help="index these articles, in place of what is there")
    build.add_argument(
        "paths", nargs="+", metavar="INPUT", help="files, folders, or JSON Lines archives (.jsonl)"
    )
    update = actions.add_parser(
        "update", help="read build's paths again: index what changed, drop what is gone"
    )
    stats = actions.add_parser("stats", help="articles, people, quotes, size, last update")
    show = actions.add_parser("show", help="what the index holds on a person")
    show.add_argument("name", help="a person's name as articles write it (Fumio Kishida)")
    for parser in (build, update, stats, show):
        parser.add_argument("--index", type=Path, metavar="FILE", help="the index (default: "
                            "the config's `archive:`)")  # fmt: skip
        parser.add_argument("--config", type=Path, help="use this config file")
    for parser in (stats, show):
        parser.add_argument("--format", choices=("text", "json"), default="text")
    for parser in (build, update):
        parser.add_argument("--jobs", type=positive, metavar="N", help="processes (default: CPUs)")
        parser.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            help="read the articles on Dask: a scheduler's address, or local (a LocalCluster)",
        )
        parser.add_argument("--workers", type=positive, metavar="N", help="local: Dask workers")
        parser.add_argument(
            "--no-respect-gitignore", action="store_true", help="search folders ignoring .gitignore"
        )
