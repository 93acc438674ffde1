"""``factlint packs``: list the rule packs, or test them against their own examples."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TextIO

from factlint.analyses import dialect as dialects
from factlint.analyses.context import RuleContext
from factlint.article import loader
from factlint.cli.commands import PacksCommand
from factlint.core.errors import InputError
from factlint.engine.config import Config, Resolver
from factlint.engine.run import article_context
from factlint.packs.kinds import example_failures, safe_fix_failures
from factlint.packs.schema import Pack, PackError, packs_in, shipped_packs

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def packs_command(test_paths: list[str] | None, config: Config, out: TextIO, err: TextIO) -> int:
    on = {rule.pack for rule in config.pack_rules}
    known = known_packs(config)
    if test_paths is None:
        for pack in known.values():
            state = "on " if pack.name in on else "off"
            codes = f"{pack.rules[0].code}–{pack.rules[-1].code}"
            dialect = pack.rules[0].dialect
            if pack.name in on and dialect and pack.name not in config.named_packs:
                codes += f" (on {dialect.capitalize()} articles only: see `factlint packs FILE`)"
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


def packs_for_files(args: PacksCommand, resolver: Resolver, out: TextIO, err: TextIO) -> int:
    """``factlint packs FILE...``: for each article, the dialect it is checked in and why,
    then each pack, on or off for it, and why."""
    status = EXIT_OK
    for name in args.files:
        path = Path(name)
        try:
            config = resolver.for_file(path)
            if args.dialect:
                config.grammar = replace(config.grammar, dialect=args.dialect)
            ctx = article_context(name, loader.read_text(path), config)
        except InputError as exc:
            err.write(f"factlint: error: {exc}\n")
            status = EXIT_ERROR
            continue
        grammar = config.grammar
        why = dialects.explain(grammar.dialect, grammar.fallback_dialect, ctx.dialect_use)
        out.write(f"{name}: dialect {why}\n")
        on = {rule.pack for rule in config.pack_rules}
        for pack in known_packs(config).values():
            state, reason = _pack_state(pack, pack.name in on, config, ctx)
            out.write(f"  {pack.name:<22} {state:<3}  {reason}\n")
    return status


def known_packs(config: Config) -> dict[str, Pack]:
    """The shipped packs and the config's, by name, each once."""
    return {pack.name: pack for pack in (*shipped_packs(), *(config.packs or ()))}


def _pack_state(pack: Pack, active: bool, config: Config, ctx: RuleContext) -> tuple[str, str]:
    if not active:
        return "off", "not among the config's packs" if config.packs else "off by default"
    dialect = pack.rules[0].dialect if pack.rules else None
    if dialect is None:
        return "on", "checks every article"
    kind = f"{'an' if dialect[0] in 'aeiou' else 'a'} {dialect.capitalize()} pack"
    if pack.name in config.named_packs:
        return "on", f"{kind} named under `packs:`, so on for every article"
    if ctx.dialect == dialect:
        return "on", f"{kind}, and the article is {ctx.dialect.capitalize()}"
    article = f"is {ctx.dialect.capitalize()}" if ctx.dialect else "is of neither dialect"
    return "off", f"{kind}, and the article {article}"


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
