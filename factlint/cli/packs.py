"""``factlint packs``: list the rule packs, or test them against their own examples."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from factlint.engine.config import Config
from factlint.packs.kinds import example_failures, safe_fix_failures
from factlint.packs.schema import Pack, PackError, packs_in, shipped_packs

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def packs_command(test_paths: list[str] | None, config: Config, out: TextIO, err: TextIO) -> int:
    on = {rule.pack for rule in config.pack_rules}
    known = {pack.name: pack for pack in (*shipped_packs(), *(config.packs or ()))}
    if test_paths is None:
        for pack in known.values():
            state = "on " if pack.name in on else "off"
            codes = f"{pack.rules[0].code}–{pack.rules[-1].code}"
            out.write(
                f"{pack.name:<22} {state}  {len(pack.rules):>2} rules  {codes}  {pack.source}\n"
            )
        return EXIT_OK
    try:
        extra = [pack for path in test_paths for pack in _packs_at(Path(path))]
    except PackError as exc:
        err.write(f"factlint: error: {exc}\n")
        return EXIT_ERROR
    return _test([*known.values(), *extra], out)


def _packs_at(path: Path) -> list[Pack]:
    """The packs a path named on the command line holds: none is an error, since testing
    the shipped packs alone would pass for a test of packs that are not there."""
    found = packs_in(path)
    if not found:
        raise PackError(f"pack folder {path}: no packs (*.yaml, *.yml) in it")
    return found


def _test(packs: list[Pack], out: TextIO) -> int:
    failures = [
        failure
        for pack in packs
        for rule in pack.rules
        for failure in (*example_failures(rule), *safe_fix_failures(rule))
    ]
    for failure in failures:
        out.write(f"FAIL {failure}\n")
    rules = sum(len(pack.rules) for pack in packs)
    examples = sum(len(r.examples["bad"]) + len(r.examples["good"]) for p in packs for r in p.rules)
    verdict = f"{len(failures)} failed" if failures else "all pass"
    out.write(f"{rules} rules in {len(packs)} packs, {examples} examples: {verdict}\n")
    return EXIT_FINDINGS if failures else EXIT_OK
