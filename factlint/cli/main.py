"""The ``factlint`` command line: the command read (:mod:`factlint.cli.parser`) into its
typed options (:mod:`factlint.cli.commands`) and run; ``rules`` and ``explain`` here.

Exit status: 0 when nothing is at or above the failing severity (``fail-on``, warning by
default), 1 when something is (or when some files could not be checked), 2 for a usage or
configuration error, or when no file could be checked at all because of errors (nothing to
check, every file excluded or empty, is 0), 3 when factlint itself failed (an internal
error in parsing or a rule); 3 goes before 2, and 2 before 1. A reader that closes
``check``'s output early changes none of it.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO, cast

from factlint.backends import BackendUnavailable
from factlint.cli.check import EXIT_ERROR, EXIT_INTERNAL, EXIT_OK, check_command
from factlint.cli.commands import (
    AuditCommand,
    CheckCommand,
    Command,
    ExplainCommand,
    IndexCommand,
    LspCommand,
    PacksCommand,
    RulesCommand,
    SheetCommand,
    command_of,
)
from factlint.cli.jobs import PoolBroken
from factlint.cli.parser import build_parser
from factlint.core.codes import FAMILIES
from factlint.core.errors import internal_error
from factlint.engine.config import Config, ConfigError, Resolver
from factlint.engine.registry import find_rule, shipped_pack_rules
from factlint.packs.schema import PackError


@functools.cache
def _parser() -> argparse.ArgumentParser:
    """The parser, built once a process: parsing leaves it as it was, and the language
    server, the fuzz runner and the tests call :func:`main` many times."""
    return build_parser()


def main(argv: Sequence[str] | None = None) -> int:
    command = command_of(_parser().parse_args(argv))
    try:
        return _run(command)
    except (ConfigError, PackError, BackendUnavailable, PoolBroken) as exc:
        print(f"factlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `factlint rules | head` (check's report goes on to the end)
        sys.stderr.close()
        return EXIT_OK
    except (SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # the last resort: a bug, said in one line, exit 3
        print(f"factlint: error: {internal_error('in factlint', exc)}", file=sys.stderr)
        return EXIT_INTERNAL


def _run(command: Command) -> int:
    """Run the command; its exit status."""
    if isinstance(command, RulesCommand):
        return _rules(command.format, _cwd_config(command.config))
    if isinstance(command, ExplainCommand):
        return _explain(command.code, _cwd_config(command.config))
    if isinstance(command, SheetCommand):
        from factlint.cli.sheets import sheet_command

        return sheet_command(command)
    if isinstance(command, PacksCommand):
        return _packs(command)
    if isinstance(command, LspCommand):
        from factlint.cli.lsp import lsp_command

        return lsp_command(command)
    if isinstance(command, IndexCommand):
        from factlint.cli.index import index_command

        return index_command(command)
    if isinstance(command, AuditCommand):
        from factlint.cli.audit import audit_command

        return audit_command(command)
    return _check(command)


def _packs(command: PacksCommand) -> int:
    from factlint.cli.packs import packs_command, packs_for_files

    if command.files:
        return packs_for_files(command, Resolver(command.config), sys.stdout, sys.stderr)
    test = None if command.test is None else list(command.test)
    return packs_command(test, _cwd_config(command.config), sys.stdout, sys.stderr)


def _check(command: CheckCommand) -> int:
    """``check``, with standard error kept for its reader like the report's standard
    output: a reader that closes it early (``2>&1 | head``) changes no exit status."""
    from factlint.cli.reporting import ReaderSafe

    stderr = sys.stderr
    sys.stderr = cast(TextIO, ReaderSafe(stderr))
    try:
        return check_command(command)
    finally:
        sys.stderr = stderr


def _cwd_config(explicit: Path | None) -> Config:
    """The config that governs the current folder (or the one named): its packs."""
    return Resolver(explicit).for_file(None)


def _rules(output: str, config: Config) -> int:
    rules = config.rules
    if output == "json":
        items = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.label,
                "family": FAMILIES.get(r.code[:2], "style packs"),
                "summary": r.summary,
                "options": dict(r.options),
                "pack": r.pack,
                "enabled_by_default": r.enabled_by_default,
            }
            for r in rules
        ]
        print(json.dumps({"version": 1, "rules": items}, indent=2))
        return EXIT_OK
    width = max(len(r.name) for r in rules)
    for r in rules:
        level = r.severity.label if r.enabled_by_default else "off"
        print(f"{r.code}  {r.name:<{width}}  {level:<7}  {r.summary}")
    return EXIT_OK


def _explain(code: str, config: Config) -> int:

    rule = find_rule(code, (*config.pack_rules, *shipped_pack_rules()))
    if rule is None and code in ARCHIVE_CHECKS:
        return _explain_archive_check()
    if rule is None:
        print(f"factlint: error: unknown rule {code!r} (see `factlint rules`)", file=sys.stderr)
        return EXIT_ERROR
    off = "" if rule.enabled_by_default else "; off by default: `select` it by code to run it"
    print(f"{rule.code} {rule.name} (default severity: {rule.severity.label}{off})\n")
    print(inspect.cleandoc(rule.doc))
    if rule.options:
        print("\nOptions (set them under `options:` in the config):")
        for name, value in rule.options.items():
            choices = rule.choices.get(name)
            among = f" (one of: {', '.join(choices)})" if choices else ""
            print(f"  {rule.code}.{name}: {json.dumps(value)}{among}")
    return EXIT_OK


ARCHIVE_CHECKS = ("NM100", "archive-name-variant")  # factlint audit's, across an archive


def _explain_archive_check() -> int:
    from factlint.analyses import archive_names

    print(f"{archive_names.CODE} {archive_names.NAME} (severity: {archive_names.SEVERITY})\n")
    print("Reported by `factlint audit` only, across an archive, not by `check`.\n")
    print(inspect.cleandoc(archive_names.__doc__ or ""))
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
