"""Every rule a run knows: the Python rules and the rules of the style packs, as one list
of :class:`~factlint.rules.Rule`, and which selectors name them.

Pack rules become ordinary rules here, so that selection, severity, suppression and
output work for them as for the Python rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.codes import ALL, FAMILIES, selects
from factlint.core.diagnostics import Finding
from factlint.packs.kinds import check_rule, describe
from factlint.packs.schema import Pack, PackError, PackRule, shipped_packs
from factlint.rules import Check, Rule, all_rules


def pack_rules(packs: Iterable[Pack]) -> tuple[Rule, ...]:
    """The rules of ``packs``, as registry rules."""
    return tuple(
        Rule(
            code=r.code,
            name=r.name,
            severity=r.severity,
            doc=describe(r),
            check=_checker(r),
            defers_to=r.defers_to,
            pack=r.pack,
            enabled_by_default=r.default,
        )
        for pack in packs
        for r in pack.rules
    )


def _checker(pack_rule: PackRule) -> Check:
    def check(ctx: RuleContext, options: RuleOptions) -> Iterable[Finding]:
        if not _applies(pack_rule, ctx):
            return ()
        return check_rule(pack_rule, ctx.article)

    return check


def _applies(pack_rule: PackRule, ctx: RuleContext) -> bool:
    """A pack of one dialect's house style (``dialect: american``: AP) checks the articles
    of that dialect, and every article when the config names it under ``packs:``."""
    return (
        pack_rule.dialect is None
        or pack_rule.pack in ctx.settings.named_packs
        or ctx.dialect == pack_rule.dialect
    )


@cache
def shipped_pack_rules() -> tuple[Rule, ...]:
    """The rules of every shipped pack, on or off."""
    return pack_rules(shipped_packs())


def find_rule(code_or_name: str, extra: Iterable[Rule] = ()) -> Rule | None:
    """The rule with this code or name: a Python rule, or one of ``extra`` (packs')."""
    wanted = code_or_name.strip()
    for rule in (*all_rules(), *extra):
        if rule.code == wanted.upper() or rule.name == wanted.lower():
            return rule
    return None


def is_known_selector(selector: str, extra_codes: Iterable[str] = ()) -> bool:
    """``ALL``, a family (``QT``), or a prefix of a known code (``QT0``): a Python rule's, a
    shipped pack rule's, or one of ``extra_codes`` (a desk pack's)."""
    if selector == ALL or selector in FAMILIES:
        return True
    codes = [rule.code for rule in (*all_rules(), *shipped_pack_rules())]
    return len(selector) >= 2 and selects(selector, [*codes, *extra_codes])


def check_deferrals(packs: Iterable[Pack], where: str) -> None:
    """``defers-to`` must name rules that exist, or the deferral would silently do nothing."""
    packs = list(packs)
    known = {rule.code for rule in all_rules()} | {r.code for p in packs for r in p.rules}
    for pack in packs:
        for rule in pack.rules:
            unknown = [code for code in rule.defers_to if code not in known]
            if unknown:
                raise PackError(
                    f"{where}: pack {pack.path}:{rule.line}: rule {rule.code} defers to "
                    f"an unknown rule (defers-to item {rule.defers_to.index(unknown[0]) + 1})"
                )
