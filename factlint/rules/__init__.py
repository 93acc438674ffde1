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
documentation: why the rule matters, then ``Bad`` and ``Good`` examples, which run as
tests. The engine, not the rule, decides severity, suppression and output. No rule imports
another: what two rules share is an analysis (:mod:`factlint.analyses`).

Examples
--------
A rule's docstring ends with its examples: from the first line that starts with ``Bad`` or
``Good``, there is nothing but examples (and blank lines). Each example opens with a label
line at the start of a line, ``Bad`` or ``Good``, optionally settings in parentheses, and a
colon; its text follows on the same line, or as a block of indented lines below::

    Bad:  The ministry said the the talks were over.
    Good (courtesy-titles: required):
        Talks end

        Chief Cabinet Secretary Hirokazu Matsuno spoke on Tuesday.

        Mr. Matsuno said the talks were over.

- A one-line example is a body sentence: it is checked as the plain-text article
  ``Example``, a blank line, and the sentence.
- A block is the whole article, verbatim once dedented (blank lines keep its paragraphs
  apart; its first line is the headline when it stands alone). A block whose first line is
  ``---`` opens with front matter and is Markdown (``example.md``); any other example is
  plain text (``example.txt``).
- The settings are a YAML flow mapping without its braces. ``facts: FILE`` names a fact
  register in the repository's ``fixtures/facts/`` folder; ``archive: FILE`` an archive (a
  JSON Lines file of articles) in ``fixtures/archive/``, built into an index for the
  example; ``with: [GR001]`` runs other
  rules beside this one (a rule about suppressions needs something to suppress); every
  other key is one of the rule's ``OPTIONS`` (``courtesy-titles: required``,
  ``allowed: [had]``).

:attr:`Rule.examples` gives them as :class:`Example` objects, numbered in order for each
label (``QT001-bad-1``). With the rule selected alone, a Bad example must report the rule
at least once and a Good one never (``tests/test_rule_examples.py``).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, Literal

import yaml

from factlint.analyses.context import RuleContext, RuleOptions
from factlint.core.codes import CODE, FAMILIES, NAME
from factlint.core.diagnostics import Finding, Severity

Check = Callable[[RuleContext, RuleOptions], Iterable[Finding]]


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

    @cached_property
    def examples(self) -> tuple[Example, ...]:
        """The Bad and Good examples of a Python rule's docstring (none for a pack rule:
        ``factlint packs --test`` runs those). Raises ValueError when they are malformed."""
        return () if self.pack is not None else parse_examples(self.code, self.doc, self.options)


@dataclass(frozen=True)
class Example:
    """One example of a rule's docstring, as the article it is checked as."""

    code: str  # the rule's
    label: Literal["bad", "good"]
    number: int  # 1, 2 ... in order among the rule's examples of this label
    text: str  # the whole article
    markdown: bool = False  # Markdown with front matter, else plain text
    options: Mapping[str, Any] = field(default_factory=dict)  # the rule's, from the settings
    facts: str | None = None  # a fact register in the repository's fixtures/facts/
    archive: str | None = None  # an archive (JSON Lines) in the repository's fixtures/archive/
    with_rules: tuple[str, ...] = ()  # other rules that run beside this one

    @property
    def id(self) -> str:
        return f"{self.code}-{self.label}-{self.number}"

    @property
    def filename(self) -> str:
        return "example.md" if self.markdown else "example.txt"


_LABEL = re.compile(r"(?P<label>Bad|Good)(?: \((?P<settings>[^()]*)\))?:(?: +(?P<text>\S.*))?")
ONE_LINE_HEADLINE = "Example"


def parse_examples(code: str, doc: str, options: Mapping[str, Any]) -> tuple[Example, ...]:
    """The examples at the end of a rule's docstring, in the format this module's
    docstring gives ("Examples"); ``options`` are the rule's, which settings may set."""
    lines = [line.rstrip() for line in inspect.cleandoc(doc).splitlines()]
    start = next((i for i, line in enumerate(lines) if _LABEL.fullmatch(line)), len(lines))
    examples: list[Example] = []
    i = start
    while i < len(lines):
        line = lines[i]
        match = _LABEL.fullmatch(line)
        if match is None:
            if line:
                raise ValueError(f"{code}: docstring line {line!r} is not in an example")
            i += 1
            continue
        i += 1
        block: list[str] = []
        while i < len(lines) and (not lines[i] or lines[i][0].isspace()):
            block.append(lines[i])
            i += 1
        while block and not block[-1]:
            block.pop()
        inline = match.group("text")
        if bool(inline) == bool(block):
            raise ValueError(f"{code}: {line!r}: give the example on its line or as a block")
        text = (
            f"{ONE_LINE_HEADLINE}\n\n{inline}\n"
            if inline
            else textwrap.dedent("\n".join(block)) + "\n"
        )
        label: Literal["bad", "good"] = "bad" if match.group("label") == "Bad" else "good"
        settings = _settings(code, line, match.group("settings"), options)
        facts = settings.pop("facts", None)
        archive = settings.pop("archive", None)
        with_rules = tuple(str(c) for c in settings.pop("with", None) or ())
        examples.append(
            Example(
                code=code,
                label=label,
                number=1 + sum(e.label == label for e in examples),
                text=text,
                markdown=not inline and text.startswith("---\n"),
                options=settings,
                facts=str(facts) if facts is not None else None,
                archive=str(archive) if archive is not None else None,
                with_rules=with_rules,
            )
        )
    return tuple(examples)


def _settings(
    code: str, line: str, settings: str | None, options: Mapping[str, Any]
) -> dict[str, Any]:
    if settings is None:
        return {}
    try:
        parsed = yaml.safe_load(f"{{{settings}}}")
    except yaml.YAMLError:
        parsed = None
    if not isinstance(parsed, dict):
        raise ValueError(f"{code}: {line!r}: settings are not `key: value, ...`")
    settings_keys = ("facts", "archive", "with")
    unknown = [key for key in parsed if key not in settings_keys and key not in options]
    if unknown:
        raise ValueError(
            f"{code}: {line!r}: {unknown[0]!r} is not facts, archive, with or an option"
        )
    return parsed


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
    modules: list[str] = []
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
