"""The rule registry: every module in this package is one rule.

A rule module declares ``CODE`` (family letters and three digits), ``NAME`` (kebab-case,
saying what is wrong), ``SEVERITY`` (its default), optionally ``OPTIONS`` (defaults of its
settings) and ``CHOICES`` (allowed values of an option), and ``check(doc, options)``,
which yields :class:`~factlint.diagnostics.Finding` objects. Its docstring is its
documentation: why the rule matters, with a bad and a good example. The engine, not the
rule, decides severity, suppression and output.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from factlint.codes import FAMILIES
from factlint.codes import CODE as _CODE
from factlint.codes import NAME as _NAME
from factlint.diagnostics import Finding, Severity



@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str
    check: Callable[[Any, Mapping[str, Any]], Iterable[Finding]]
    options: Mapping[str, Any] = field(default_factory=dict)
    choices: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)  # allowed values
    defers_to: tuple[str, ...] = ()  # rules that own this defect: while one is on, this is off
    pack: str | None = None  # the rule pack it comes from; None for the Python rules

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].rstrip(".") if self.doc.strip() else ""


def _load(module_name: str) -> Rule:
    module = importlib.import_module(f"{__name__}.{module_name}")
    code, name = module.CODE, module.NAME
    if not _CODE.match(code) or code[:2] not in FAMILIES:
        raise ValueError(f"rule module {module_name}: bad CODE {code!r}")
    if not _NAME.match(name):
        raise ValueError(f"rule module {module_name}: NAME {name!r} is not kebab-case")
    return Rule(
        code=code,
        name=name,
        severity=Severity.parse(module.SEVERITY),
        doc=module.__doc__ or "",
        check=module.check,
        options=dict(getattr(module, "OPTIONS", {})),
        choices=dict(getattr(module, "CHOICES", {})),
    )


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, sorted by code."""
    rules = [
        _load(info.name) for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_")
    ]
    codes = [rule.code for rule in rules]
    duplicates = {code for code in codes if codes.count(code) > 1}
    if duplicates:
        raise ValueError(f"rule codes used twice: {', '.join(sorted(duplicates))}")
    return tuple(sorted(rules, key=lambda rule: rule.code))


def find_rule(code_or_name: str, extra: Iterable[Rule] = ()) -> Rule | None:
    wanted = code_or_name.strip()
    for rule in (*all_rules(), *extra):
        if rule.code == wanted.upper() or rule.name == wanted.lower():
            return rule
    return None


def is_known_selector(selector: str, extra_codes: Iterable[str] = ()) -> bool:
    """A full rule code, a family (``QT``), or a code prefix of a known rule (``QT0``),
    Python rules and shipped pack rules, or one of ``extra_codes`` (a user pack's)."""
    from factlint.stylepacks import known_pack_codes

    selector = selector.upper()
    if selector == "ALL" or selector in FAMILIES:
        return True
    codes = [rule.code for rule in all_rules()] + [*known_pack_codes(), *extra_codes]
    return len(selector) >= 2 and any(code.startswith(selector) for code in codes)


def pack_rules(packs: Iterable[Any]) -> tuple[Rule, ...]:
    """The rules of the packs that are on, as registry rules."""
    from factlint.packkinds import check_rule

    def checker(pack_rule: Any) -> Callable[[Any, Mapping[str, Any]], Iterable[Finding]]:
        return lambda doc, options: check_rule(pack_rule, doc)

    return tuple(
        Rule(
            code=r.code,
            name=r.name,
            severity=r.severity,
            doc=r.doc,
            check=checker(r),
            defers_to=r.defers_to,
            pack=r.pack,
        )
        for pack in packs
        for r in pack.rules
    )
