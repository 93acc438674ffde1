"""The typed command objects: each command's options parsed once into a frozen dataclass,
none dropped on the way; the report formats in one registry; a sheet run's exit status
decided by the command line."""

from __future__ import annotations

import argparse
import dataclasses
import io
from pathlib import Path

import pytest

from factlint.cli.commands import (
    COMMANDS,
    AuditCommand,
    CheckCommand,
    SheetCommand,
    command_of,
)
from factlint.cli.parser import build_parser
from factlint.cli.sheets import sheet_status
from factlint.output.formats import FORMATS, ReporterContext
from factlint.output.reporters import Layout, Reporter
from factlint.output.sheets import SheetOutcome


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _destinations(parser: argparse.ArgumentParser) -> set[str]:
    found = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.add(action.dest)
            for sub in action.choices.values():
                found |= _destinations(sub)
        elif action.dest not in ("help", "version"):
            found.add(action.dest)
    return found


def test_every_command_has_a_typed_object_holding_every_option() -> None:
    """An option the parser reads but the command's dataclass lacks would be lost
    silently: each parser destination is a field."""
    commands = _subparsers(build_parser())
    assert set(commands) == set(COMMANDS)
    for name, parser in commands.items():
        names = {field.name for field in dataclasses.fields(COMMANDS[name])}
        assert _destinations(parser) - {"action"} <= names, name


def test_a_command_is_parsed_once_into_frozen_typed_values() -> None:
    parsed = build_parser().parse_args(
        ["check", "--jobs", "3", "--select", "QT", "--no-context", "-o", "out.json", "a.txt"]
    )
    command = command_of(parsed)
    assert isinstance(command, CheckCommand)
    assert (command.jobs, command.select, command.context) == (3, "QT", False)
    assert command.paths == ("a.txt",) and command.output_file == Path("out.json")
    assert command.show_fixes is None and command.color == "auto"
    with pytest.raises(dataclasses.FrozenInstanceError):
        command.jobs = 1  # type: ignore[misc]


def test_the_sheet_commands_say_which_sheet_and_audit_has_no_engine_url() -> None:
    quotes = command_of(build_parser().parse_args(["quotes", "--format", "json", "a.txt"]))
    assert quotes == SheetCommand(sheet="quotes", paths=("a.txt",), format="json")
    sheet = command_of(build_parser().parse_args(["sheet", "--config", "c.yaml", "-"]))
    assert isinstance(sheet, SheetCommand) and sheet.sheet == "sheet"
    assert sheet.config == Path("c.yaml")
    audit = command_of(build_parser().parse_args(["audit", "-o", "out.jsonl", "in.jsonl"]))
    assert isinstance(audit, AuditCommand)
    assert audit.languagetool_url is None and audit.dialect is None and audit.batch_size == 32


def test_the_format_choices_are_the_registry() -> None:
    check = _subparsers(build_parser())["check"]
    (choices,) = [a.choices for a in check._actions if a.dest == "format"]
    assert tuple(choices) == tuple(FORMATS)
    assert {name for name, f in FORMATS.items() if f.statistics} == {"text", "github"}


@pytest.mark.parametrize("name", list(FORMATS))
def test_each_format_makes_its_reporter_from_the_one_context(name: str) -> None:
    out = io.StringIO()
    context = ReporterContext(out, io.StringIO(), None, Layout())
    reporter = FORMATS[name].make(context)
    assert isinstance(reporter, Reporter) and reporter.out is out


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        (SheetOutcome(files=2, errors=0, internal=False), 0),
        (SheetOutcome(files=2, errors=1, internal=False), 1),
        (SheetOutcome(files=2, errors=2, internal=False), 2),
        (SheetOutcome(files=0, errors=0, internal=False), 2),
        (SheetOutcome(files=2, errors=2, internal=True), 3),
    ],
)
def test_a_sheet_runs_exit_status_is_the_command_lines(outcome: SheetOutcome, status: int) -> None:
    assert sheet_status(outcome) == status
