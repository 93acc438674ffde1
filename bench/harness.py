"""The injection harness: put a known problem into a real article, run factlint on it,
decide whether the problem was found, and count cases, finds and recall per class.

Every injector (``inject-*``, ``archive-index``) builds :class:`Case` objects and hands
them to :meth:`Tally.judge`; the untouched articles go through :meth:`Tally.clean`, which
counts what factlint says on them (the false alarms a recall must not be bought with).
A case is *found* when one diagnostic meets all of its conditions: a code it names (a
code is a prefix, so ``"BY"`` is the whole family), on one of its lines, covering its
offset, starting in its span, covering its needle. A *control* case is a text in which
nothing is wrong: a finding there is a false alarm.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from factlint.core.diagnostics import Diagnostic, Severity
from factlint.engine.config import Config
from factlint.engine.run import check_text


class InjectionError(RuntimeError):
    """factlint could not check an article at all (its own error, not a miss)."""


@dataclass(frozen=True)
class Case:
    kind: str  # the class of problem injected, counted apart
    article: str  # the file name factlint is given (``.md`` for Markdown)
    text: str  # the article with the problem in it
    codes: tuple[str, ...]  # a finding of one of these (prefixes) counts
    lines: frozenset[int] = frozenset()  # ... starting on one of these lines (none: any)
    covers: int | None = None  # ... covering this offset
    within: tuple[int, int] | None = None  # ... starting in [start, end)
    needle: str | None = None  # ... whose text holds this
    control: bool = False  # nothing is wrong here: a finding is a false alarm
    also: tuple[str, ...] = ()  # further classes the case counts in (a subset's name)
    note: str = ""  # what was changed, for the list of misses

    def found_by(self, diagnostic: Diagnostic) -> bool:
        """Whether ``diagnostic`` is the finding this case expects."""
        end = diagnostic.offset + max(diagnostic.length, 1)
        return (
            diagnostic.code.startswith(self.codes)
            and (not self.lines or diagnostic.start.line in self.lines)
            and (self.covers is None or diagnostic.offset <= self.covers < end)
            and (self.within is None or self.within[0] <= diagnostic.offset < self.within[1])
            and (self.needle is None or self.needle in self.text[diagnostic.offset : end])
        )

    def found_in(self, diagnostics: Iterable[Diagnostic]) -> bool:
        return any(self.found_by(d) for d in diagnostics)


def check(article: str, text: str, config: Config) -> list[Diagnostic]:
    """factlint's diagnostics on ``text`` checked as the file ``article``."""
    result = check_text(article, text, config)
    if result.error:
        raise InjectionError(f"{article}: {result.error}")
    return result.diagnostics


def covering(diagnostics: Iterable[Diagnostic], offset: int) -> list[Diagnostic]:
    """Those of ``diagnostics`` whose span covers ``offset`` (an empty span: its start)."""
    return [d for d in diagnostics if d.offset <= offset < d.offset + max(d.length, 1)]


def line_of(text: str, offset: int) -> int:
    """The 1-based line of ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1


@dataclass
class Tally:
    """Cases and finds per class on one corpus, and what the untouched articles gave."""

    config: Config
    keep_misses: int = 0
    articles: int = 0
    words: int = 0
    untouched: Counter[str] = field(default_factory=Counter)  # diagnostics by code
    untouched_errors: int = 0
    cases: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    controls: set[str] = field(default_factory=set)
    misses: list[Case] = field(default_factory=list)

    def clean(self, article: str, text: str, codes: Sequence[str] = ()) -> list[Diagnostic]:
        """Check the untouched ``text``, count it and its diagnostics (of ``codes`` when
        given), and return them all."""
        diagnostics = check(article, text, self.config)
        self.articles += 1
        self.words += len(text.split())
        kept = [d for d in diagnostics if not codes or d.code.startswith(tuple(codes))]
        self.untouched.update(d.code for d in kept)
        self.untouched_errors += sum(d.severity is Severity.ERROR for d in kept)
        return diagnostics

    def judge(self, case: Case, diagnostics: list[Diagnostic] | None = None) -> bool:
        """Check ``case`` (or take its ``diagnostics``), count it, and return whether its
        problem was found (for a control: whether factlint raised a false alarm)."""
        if diagnostics is None:
            diagnostics = check(case.article, case.text, self.config)
        hit = case.found_in(diagnostics)
        for kind in (case.kind, *case.also):
            self.cases[kind] += 1
            self.found[kind] += hit
            if case.control:
                self.controls.add(kind)
        if hit == case.control and len(self.misses) < self.keep_misses:
            self.misses.append(case)
        return hit

    def run(self, cases: Iterable[Case]) -> None:
        for case in cases:
            self.judge(case)

    def figures(self, order: Sequence[str] = (), controls: Sequence[str] = ()) -> dict[str, Any]:
        """The tally as JSON figures: per class ``cases``, ``found`` and ``recall`` (a
        control class: ``false_alarms`` and ``false_alarm_rate``); the untouched articles'
        diagnostics per article and per 1,000 words. ``order``: the classes to give first
        (even without cases); ``controls``: those of them that are controls."""
        kinds = [*order, *sorted(set(self.cases) - set(order))]
        per_class: dict[str, dict[str, Any]] = {}
        for kind in kinds:
            cases, found = self.cases[kind], self.found[kind]
            rate = round(found / cases, 4) if cases else None
            if kind in self.controls or kind in controls:
                per_class[kind] = {"cases": cases, "false_alarms": found, "false_alarm_rate": rate}
            else:
                per_class[kind] = {"cases": cases, "found": found, "recall": rate}
        total = sum(self.untouched.values())
        return {
            "articles": self.articles,
            "words": self.words,
            "untouched": {
                "diagnostics": total,
                "errors": self.untouched_errors,
                "per_article": round(total / self.articles, 4) if self.articles else 0.0,
                "per_1000_words": round(1000 * total / self.words, 4) if self.words else 0.0,
                "by_code": dict(sorted(self.untouched.items())),
            },
            "classes": per_class,
        }


def measure(
    corpus: str,
    articles: Iterable[tuple[str, str]],
    cases: Callable[[str, str], Iterable[Case]],
    config: Config,
    *,
    kinds: Sequence[str] = (),
    controls: Sequence[str] = (),
    show: int = 0,
) -> dict[str, Any]:
    """An injector's run on one corpus: each article, as (name, text), checked untouched and
    with each of its ``cases``; the figures printed (with up to ``show`` misses) and given."""
    tally = Tally(config, keep_misses=show)
    for name, text in articles:
        tally.clean(name, text)
        tally.run(cases(name, text))
    figures = tally.figures(kinds, controls)
    print_figures(corpus, figures)
    print_misses(tally.misses)
    return figures


def print_figures(corpus: str, figures: dict[str, Any]) -> None:
    """The figures of :meth:`Tally.figures` as a few lines of text."""
    clean = figures["untouched"]
    print(
        f"{corpus}: {figures['articles']} articles, {figures['words']} words; untouched: "
        f"{clean['per_article']:.3f} diagnostics per article "
        f"({clean['per_1000_words']:.3f} per 1,000 words, {clean['errors']} error-level)"
    )
    for kind, row in figures["classes"].items():
        if "recall" in row:
            recall = "n/a" if row["recall"] is None else f"{row['recall']:.3f}"
            print(f"  {kind:28} {row['found']:5}/{row['cases']:<5} recall {recall}")
        else:
            rate = "n/a" if row["false_alarm_rate"] is None else f"{row['false_alarm_rate']:.3f}"
            print(
                f"  {kind:28} {row['false_alarms']:5}/{row['cases']:<5} false alarms {rate}"
                " (control)"
            )


def print_misses(misses: Iterable[Case]) -> None:
    for case in misses:
        what = "false alarm" if case.control else "miss"
        print(f"  {what} {case.kind} {case.article}: {case.note}")
