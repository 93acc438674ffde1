"""``--format html``: one self-contained page an editor reads, the article with its findings.

For each article: its text as paragraphs, every finding highlighted at its span (coloured by
severity; code and message on hover and in a note beside the paragraph; the fix as a
suggestion), the places a finding relates to linked both ways, and a list of the findings
that jumps to each. At the top: the counts, an index of the articles (clean ones marked
clean) and filters by family and severity. The sheet commands' ``--format html`` uses the
same page for their tables.

Safe to open whatever the article holds: Jinja's autoescaping escapes everything taken
from an article, and a strict Content-Security-Policy allows only the page's own inline
style and script (by their hashes): no network request, no other script. Everything is
readable without JavaScript; the script adds the filters, opens a collapsed article when
a link points into it, and moves between findings with ``j`` and ``k``.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, TextIO

from factlint import __version__
from factlint.core.codes import FAMILIES
from factlint.core.diagnostics import Diagnostic, Severity
from factlint.core.results import FileResult
from factlint.output.reporters import NOT_FULLY_CHECKED, Reporter

OPEN_UP_TO = 20  # articles shown open; past this many, each is collapsed under the index
SEVERITIES = ("error", "warning", "info")
_SEVERITY = {severity.label: severity for severity in Severity}  # a note's label: its rank


@dataclass(frozen=True)
class Segment:
    """A run of a paragraph's text, and what covers it: findings (``finding_ids``) and the
    places findings relate to (``related_ids``); ``anchors`` are ids that start here."""

    text: str
    severity: str | None = None  # the worst finding covering it
    finding_ids: tuple[str, ...] = ()
    related_ids: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()  # code, name and message of each finding, for hover
    anchors: tuple[str, ...] = ()


@dataclass
class Note:
    """A finding as the page lists it, beside its paragraph and in the article's list."""

    id: str
    code: str
    name: str
    family: str
    severity: str
    message: str
    line: int
    column: int
    fix: tuple[str, str, bool] | None = None  # the text replaced, its replacement, safe
    related: list[tuple[str, int, str]] = field(default_factory=list)  # id, line, message


@dataclass
class Paragraph:
    segments: list[Segment]
    notes: list[Note]

    @property
    def html(self) -> Any:
        """The paragraph's text as HTML, each segment a ``<mark>`` when something covers it."""
        from markupsafe import Markup, escape

        return Markup("".join(_segment_html(segment, escape) for segment in self.segments))


def _segment_html(segment: Segment, escape: Any) -> str:
    """One segment as HTML: everything taken from the article goes through ``escape``."""
    anchors = "".join(f'<span class="anchor" id="{escape(a)}"></span>' for a in segment.anchors)
    if not segment.finding_ids and not segment.related_ids:
        return anchors + str(escape(segment.text))
    classes = [f"sev-{segment.severity}" if segment.severity else "related"]
    if not segment.text:
        classes.append("point")
    if segment.related_ids and segment.severity:
        classes.append("related")
    attributes = {
        "class": " ".join(classes),
        "data-f": " ".join(segment.finding_ids),
        "data-r": " ".join(segment.related_ids),
        "title": "\n".join(segment.titles),
        "tabindex": "-1",
    }
    shown = " ".join(f'{key}="{escape(value)}"' for key, value in attributes.items() if value)
    mark = f"<mark {shown}>{escape(segment.text)}</mark>"
    if not segment.finding_ids:  # only a related place: it links back to its finding
        mark = f'<a class="back" href="#{escape(segment.related_ids[0])}">{mark}</a>'
    return anchors + mark


@dataclass
class ArticleView:
    id: str
    path: str
    error: str | None
    counts: Counter[str]
    paragraphs: list[Paragraph] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.error is None and not self.notes

    @property
    def error_line(self) -> str:
        """The file's error as a sentence: "Could not be checked: ...", or for a file
        not fully checked (its findings are shown below it) "Not fully checked: ..."."""
        error = self.error or ""
        if error.startswith(NOT_FULLY_CHECKED):
            return error[:1].upper() + error[1:]
        return f"Could not be checked: {error}"


class HtmlReporter(Reporter):
    """Keeps each article (its text and findings) and writes the page at the end."""

    reads_text = True  # the page shows each article's text

    def begin(self) -> None:
        self.articles: list[ArticleView] = []

    def file(self, result: FileResult) -> None:
        super().file(result)
        self.articles.append(article_view(f"a{len(self.articles) + 1}", result))

    def end(self) -> None:
        render_report(self.articles, self.summary.to_json(), self.out)


# --- the view of one article ---------------------------------------------------------


def article_view(article_id: str, result: FileResult) -> ArticleView:
    text = result.text or ""
    diagnostics = sorted(result.diagnostics, key=lambda d: d.sort_key)
    notes = [finding_note(f"{article_id}-f{n}", d, text) for n, d in enumerate(diagnostics, 1)]
    counts = Counter(note.severity for note in notes)
    shown = paragraphs(text, list(zip(notes, diagnostics, strict=True))) if notes else []
    return ArticleView(article_id, result.path, result.error, counts, shown, notes)


def finding_note(note_id: str, d: Diagnostic, text: str) -> Note:
    """The note of a finding; its related places are ``NOTE_ID-r0``, ``-r1``..."""
    fix = None
    if d.fix is not None:
        replaced = text[d.fix.offset : d.fix.offset + d.fix.length]
        fix = (replaced, d.fix.replacement, d.fix.safe)
    related = [(f"{note_id}-r{n}", pos.line, rel.message) for n, (pos, rel) in enumerate(d.related)]
    return Note(note_id, d.code, d.name, d.code[:2], d.severity.label, d.message,
                d.start.line, d.start.column, fix, related)  # fmt: skip


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    anchor: str  # the id of the place's first piece
    note: Note
    related: bool  # a place the finding relates to, not the finding itself


def _spans(pairs: Iterable[tuple[Note, Diagnostic]]) -> list[_Span]:
    spans = []
    for note, d in pairs:
        spans.append(_Span(d.offset, d.offset + d.length, note.id, note, False))
        for (anchor, _, _), (_, rel) in zip(note.related, d.related, strict=True):
            spans.append(_Span(rel.offset, rel.offset + rel.length, anchor, note, True))
    return spans


def paragraphs(text: str, pairs: list[tuple[Note, Diagnostic]]) -> list[Paragraph]:
    """The text in paragraphs (split at blank lines), each cut into segments where a span
    starts or ends. A span belongs to the paragraph where it starts (a place between two
    paragraphs, to the one before it): its anchor and, for a finding, its note are there;
    its highlight covers whatever text it spans."""
    bounds = paragraph_bounds(text)
    starts = [start for start, _ in bounds]
    owned: list[list[_Span]] = [[] for _ in bounds]
    crossing: list[list[_Span]] = [[] for _ in bounds]
    notes: list[list[Note]] = [[] for _ in bounds]
    for span in _spans(pairs):
        owned[_owner(starts, span.start)].append(span)
        for index in range(_owner(starts, span.start), bisect.bisect_left(starts, span.end)):
            if span.start < bounds[index][1] and span.end > bounds[index][0]:
                crossing[index].append(span)
    for note, d in pairs:
        notes[_owner(starts, d.offset)].append(note)
    return [
        Paragraph(_segments(text, bound, mine, across), its_notes)
        for bound, mine, across, its_notes in zip(bounds, owned, crossing, notes, strict=True)
    ]


def _owner(starts: list[int], offset: int) -> int:
    """The paragraph an offset belongs to: the last one starting at or before it."""
    return max(bisect.bisect_right(starts, offset) - 1, 0)


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Start and end of each paragraph: runs of lines between blank lines."""
    bounds: list[tuple[int, int]] = []
    start: int | None = None
    last_end = offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        if line.strip():
            start = offset if start is None else start
            last_end = end
        elif start is not None:
            bounds.append((start, last_end))
            start = None
        offset = end + 1
    if start is not None:
        bounds.append((start, last_end))
    return bounds or [(0, len(text))]


def _segments(
    text: str, bounds: tuple[int, int], owned: Sequence[_Span], crossing: Sequence[_Span]
) -> list[Segment]:
    """``text`` between ``bounds`` cut where a span crossing it begins or ends. The anchor
    of each ``owned`` span goes where it starts (clamped into the paragraph); one that
    covers none of the paragraph's text (an empty span, or one between paragraphs) is an
    empty segment there, shown as a point. One pass over the cuts: the spans covering a
    segment are those opened at or before it and not yet closed."""
    start, end = bounds

    def clamp(point: int) -> int:
        return min(max(point, start), end)

    starting: dict[int, list[_Span]] = {}
    for span in owned:
        starting.setdefault(clamp(span.start), []).append(span)
    opening: dict[int, list[int]] = {}
    closing: dict[int, list[int]] = {}
    for number, span in enumerate(crossing):
        if span.end > span.start:
            opening.setdefault(clamp(span.start), []).append(number)
            closing.setdefault(clamp(span.end), []).append(number)
    cuts = sorted({start, end, *starting, *opening, *closing})
    active: set[int] = set()
    segments = []
    for left, right in zip(cuts, [*cuts[1:], end], strict=True):
        active.difference_update(closing.get(left, ()))
        active.update(opening.get(left, ()))
        here = starting.get(left, [])
        points = [s for s in here if not (s.start < end and s.end > start) or s.start == s.end]
        if points:
            segments.append(_segment("", points, tuple(s.anchor for s in points)))
        if right > left:
            covering = [crossing[number] for number in sorted(active)]
            anchors = tuple(s.anchor for s in here if not any(s is p for p in points))
            segments.append(_segment(text[left:right], covering, anchors))
    return segments


def _segment(text: str, spans: Sequence[_Span], anchors: tuple[str, ...]) -> Segment:
    findings = [s for s in spans if not s.related]
    worst = max((_SEVERITY[s.note.severity] for s in findings), default=None)
    return Segment(
        text=text,
        severity=worst.label if worst is not None else None,
        finding_ids=tuple(dict.fromkeys(s.note.id for s in findings)),
        related_ids=tuple(dict.fromkeys(s.note.id for s in spans if s.related)),
        titles=tuple(
            dict.fromkeys(
                f"{'Related to ' if s.related else ''}{s.note.code} {s.note.name}: {s.note.message}"
                for s in spans
            )
        ),
        anchors=anchors,
    )


# --- the page ------------------------------------------------------------------------


def render_report(articles: list[ArticleView], summary: dict[str, Any], out: TextIO) -> None:
    found = sorted({note.family for a in articles for note in a.notes})
    families = [(family, FAMILIES.get(family, "a desk's pack")) for family in found]
    out.write(
        _render(
            "report.html.j2",
            articles=articles,
            summary=summary,
            families=families,
            severities=SEVERITIES,
            open_articles=len(articles) <= OPEN_UP_TO,
            clean=sum(1 for a in articles if a.clean),
        )
    )


def render_sheet(kind: str, files: list[dict[str, Any]], out: TextIO) -> None:
    """The fact-check sheet (``kind`` "sheet") or the quote sheet ("quotes") as a page."""
    out.write(_render("sheet.html.j2", kind=kind, files=files))


def _render(template: str, **values: Any) -> str:
    style, script = _asset("report.css"), _asset("report.js")
    policy = (
        f"default-src 'none'; style-src '{csp_digest(style)}'; script-src '{csp_digest(script)}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return (
        _environment()
        .get_template(template)
        .render(style=style, script=script, policy=policy, version=__version__, **values)
    )


def csp_digest(text: str) -> str:
    """The Content-Security-Policy source that allows an inline style or script: its hash."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


@cache
def _asset(name: str) -> str:
    return resources.files("factlint.output").joinpath("templates", name).read_text("utf-8")


@cache
def _environment() -> Any:
    import jinja2  # the HTML report only

    return jinja2.Environment(
        loader=jinja2.PackageLoader("factlint.output", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
