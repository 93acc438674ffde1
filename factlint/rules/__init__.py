"""The Python rules, one module each, in one folder per family (``byline/``, ``names/``,
``quotes/``, ``grammar/``, ``dates/``, ``numbers/``, ``headline/``, ``facts/``).

A rule module declares ``CODE`` (its family's letters and three digits), ``NAME``
(kebab-case, saying what is wrong), ``SEVERITY`` (its default), optionally ``OPTIONS``
(defaults of its settings), ``CHOICES`` (allowed values of an option),
``ENABLED_BY_DEFAULT = False`` (it runs only when ``select`` names it by code or family,
not through ``ALL``), ``AFTER_OTHER_RULES = True`` (it runs last, reading what the others
left: which suppressions were used), and
``check(ctx, options)``, which reads a :class:`~factlint.analyses.context.RuleContext` and
yields :class:`~factlint.core.diagnostics.Finding` objects. Its docstring is its
documentation: why the rule matters, then ``Bad:`` and ``Good:`` examples, which run as
tests. The engine, not the rule, decides severity, suppression and output. No rule imports
another: what two rules share is an analysis (:mod:`factlint.analyses`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from factlint.analyses.context import RuleContext
from factlint.core.codes import CODE, FAMILIES, NAME
from factlint.core.diagnostics import Finding, Severity

Check = Callable[[RuleContext, Mapping[str, Any]], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str
    check: Check
    options: Mapping[str, Any] = field(default_factory=dict)
    choices: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)  # allowed values
    defers_to: tuple[str, ...] = ()  # rules that own this defect: while one is on, this is off
    pack: str | None = None  # the rule pack it comes from; None for the Python rules
    enabled_by_default: bool = True  # False: runs only when a selector names it (not ALL)
    after_other_rules: bool = False  # reads what the other rules' run left (suppression use)

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].rstrip(".") if self.doc.strip() else ""


def _load(module_name: str) -> Rule:
    module = importlib.import_module(module_name)
    code, name = module.CODE, module.NAME
    if not CODE.match(code) or code[:2] not in FAMILIES:
        raise ValueError(f"rule module {module_name}: bad CODE {code!r}")
    if not NAME.match(name):
        raise ValueError(f"rule module {module_name}: NAME {name!r} is not kebab-case")
    return Rule(
        code=code,
        name=name,
        severity=Severity.parse(module.SEVERITY),
        doc=module.__doc__ or "",
        check=module.check,
        options=dict(getattr(module, "OPTIONS", {})),
        choices=dict(getattr(module, "CHOICES", {})),
        enabled_by_default=getattr(module, "ENABLED_BY_DEFAULT", True),
        after_other_rules=getattr(module, "AFTER_OTHER_RULES", False),
    )


def _rule_modules() -> list[str]:
    """Every module of every family folder (``factlint.rules.quotes.unbalanced_quotes``)."""
    modules = []
    for family in pkgutil.iter_modules(__path__, f"{__name__}."):
        if not family.ispkg:
            continue
        package = importlib.import_module(family.name)
        modules.extend(
            info.name
            for info in pkgutil.iter_modules(package.__path__, f"{family.name}.")
            if not info.ispkg and not info.name.rsplit(".", 1)[1].startswith("_")
        )
    return modules


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every Python rule, sorted by code."""
    rules = [_load(name) for name in _rule_modules()]
    codes = [rule.code for rule in rules]
    duplicates = {code for code in codes if codes.count(code) > 1}
    if duplicates:
        raise ValueError(f"rule codes used twice: {', '.join(sorted(duplicates))}")
    return tuple(sorted(rules, key=lambda rule: rule.code))
