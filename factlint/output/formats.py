"""Every report format ``factlint check --format`` writes, in one place (:data:`FORMATS`):
its name, whether it shows ``--statistics``, and how its reporter is made from the one
:class:`ReporterContext` the command line gives. Each format's module is imported only
when it is chosen (rich for text, jinja2 for html)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from factlint.output.reporters import Layout, Reporter
from factlint.rules import Rule


@dataclass(frozen=True)
class ReporterContext:
    """What any reporter may need: where the report goes (``out``; notes to ``err``),
    what ends it (``on_finish``, which may move a report file into place), what it shows
    (``layout``: text and github), the rules run (SARIF lists them), GitHub's step summary
    file and the ``--changed-since`` revision (github)."""

    out: TextIO
    err: TextIO
    on_finish: Callable[[], None] | None = None
    layout: Layout = field(default_factory=Layout)
    rules: Sequence[Rule] = ()
    step_summary: str | None = None
    since: str | None = None


@dataclass(frozen=True)
class Format:
    """One report format: ``make`` makes its reporter; ``statistics``: it can show the
    count of each code (``--statistics``)."""

    name: str
    make: Callable[[ReporterContext], Reporter]
    statistics: bool = False


def _text(context: ReporterContext) -> Reporter:
    from factlint.output.text import TextReporter  # rich: loaded for the text report only

    return TextReporter(context.out, context.err, context.layout, context.on_finish)


def _json(context: ReporterContext) -> Reporter:
    from factlint.output.reporters import JsonReporter

    return JsonReporter(context.out, context.err, on_finish=context.on_finish)


def _github(context: ReporterContext) -> Reporter:
    from factlint.output.github import GithubReporter

    return GithubReporter(
        context.out,
        context.err,
        context.layout,
        context.on_finish,
        step_summary=context.step_summary,
        since=context.since,
    )


def _root() -> Path:
    """Where SARIF, rdjson and GitLab's paths are relative to: the git work tree's top
    (or the current folder outside one)."""
    from factlint.engine.changes import repository_root

    return repository_root() or Path.cwd().resolve()


def _sarif(context: ReporterContext) -> Reporter:
    root = _root()
    from factlint.output.sarif import SarifReporter

    return SarifReporter(
        context.out, context.err, on_finish=context.on_finish, rules=context.rules, root=root
    )


def _rdjson(context: ReporterContext) -> Reporter:
    from factlint.output.rdjson import RdjsonReporter

    return RdjsonReporter(context.out, context.err, on_finish=context.on_finish)


def _gitlab(context: ReporterContext) -> Reporter:
    root = _root()
    from factlint.output.gitlab import GitlabReporter

    return GitlabReporter(context.out, context.err, on_finish=context.on_finish, root=root)


def _html(context: ReporterContext) -> Reporter:
    from factlint.output.htmlreport import HtmlReporter  # jinja2: for this report only

    return HtmlReporter(context.out, context.err, on_finish=context.on_finish)


FORMATS: dict[str, Format] = {
    format.name: format
    for format in (
        Format("text", _text, statistics=True),
        Format("json", _json),
        Format("github", _github, statistics=True),
        Format("sarif", _sarif),
        Format("rdjson", _rdjson),
        Format("gitlab", _gitlab),
        Format("html", _html),
    )
}
