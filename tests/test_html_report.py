"""``--format html``: the page itself (escaping, its policy, what it lists), without a browser.

The page as a reader uses it, in headless Chromium, is ``test_html_browser.py``.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import run

from factlint.core.diagnostics import Diagnostic, Fix, Position, Related, Severity
from factlint.output.htmlreport import csp_digest, finding_note, paragraph_bounds, paragraphs

ROOT = Path(__file__).parent.parent
SEED = ROOT / "fixtures" / "kishida-peace-treaty.txt"
HOSTILE = (
    "<script>alert(1)</script> & <img src=x onerror=alert(2)>\n\n"
    'He said "<script>alert(3)</script> it was the best" and left. </mark><b>not bold</b>\n'
)  # HL001 (selected: off by default) and QT005 find something in it, so its text is shown


class _Page(HTMLParser):
    """The tags, attributes and inline scripts and styles of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: dict[str, list[str]] = {"script": [], "style": []}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in self.inline else None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.inline[self._open].append(data)

    def handle_endtag(self, tag: str) -> None:
        self._open = None


def _page(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


def _report(capsys, tmp_path: Path, *paths: Path, extra: tuple[str, ...] = ()) -> str:
    out = tmp_path / "report.html"
    code, _, err = run(capsys, "check", "--grammar", "none", "--format", "html", "-o", str(out),
                       *extra, *map(str, paths))  # fmt: skip
    assert code in (0, 1), err
    return out.read_text(encoding="utf-8")


def test_the_hostile_headline_is_text_and_only_the_pages_own_script_runs(
    capsys, tmp_path: Path
) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE, encoding="utf-8")
    html = _report(capsys, tmp_path, article, extra=("--select", "ALL,HL001"))
    page = _page(html)
    assert [tag for tag, _ in page.tags].count("script") == 1  # the page's own
    assert not any(tag in ("img", "b") for tag, _ in page.tags)
    assert "&lt;script&gt;alert(" in html and "HL001" in html
    assert "&lt;/mark&gt;&lt;b&gt;not bold&lt;/b&gt;" in html
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)


def test_the_policy_allows_only_the_inline_style_and_script_it_holds(
    capsys, tmp_path: Path
) -> None:
    page = _page(_report(capsys, tmp_path, SEED))
    policy = next(
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["script-src"] == f"'{csp_digest(''.join(page.inline['script']))}'"
    assert rules["style-src"] == f"'{csp_digest(''.join(page.inline['style']))}'"


@pytest.mark.slow
def test_the_page_asks_for_nothing_over_the_network(capsys, tmp_path: Path) -> None:
    fixtures = sorted((ROOT / "fixtures").glob("*.txt"))
    page = _page(_report(capsys, tmp_path, *fixtures, extra=("--jobs", "1")))  # no pool
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    assert not any(re.search(r"url\(|@import", style) for style in page.inline["style"])


def test_every_finding_is_listed_noted_and_anchored(capsys, tmp_path: Path) -> None:
    html = _report(capsys, tmp_path, SEED)
    _, out, _ = run(capsys, "check", "--grammar", "none", "--format", "json", str(SEED))
    diagnostics = json.loads(out)["files"][0]["diagnostics"]
    page = _page(html)
    listed = [a for t, a in page.tags if t == "li" and "findings" not in (a.get("class") or "")]
    ids = {a["data-finding"] for a in listed if "data-finding" in a}
    assert len(ids) == len(diagnostics) > 0
    anchors = {a["id"] for t, a in page.tags if t == "span" and a.get("class") == "anchor"}
    assert ids <= anchors
    notes = [a for t, a in page.tags if t == "li" and "note" in (a.get("class") or "").split()]
    assert len(notes) == len(diagnostics)
    assert {d["code"][:2] for d in diagnostics} == {a["data-family"] for a in notes}


def test_clean_and_unreadable_articles_are_listed(capsys, tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("A quiet day\n\nNothing happened in the town on Tuesday.\n", encoding="utf-8")
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\xff\xfe\x00bad")
    html = _report(capsys, tmp_path, clean, broken, SEED)
    assert re.search(r"clean\.txt</span> <span class=\"badge clean\">clean</span>", html)
    assert re.search(r"broken\.txt</a> <span class=\"badge sev-error\">not checked</span>", html)
    assert "3 articles, 1 clean, 1 could not be checked" in " ".join(html.split())


def test_many_articles_are_collapsed_under_the_index(capsys, tmp_path: Path) -> None:
    story = "Council vote\n\nThe council met on Tuesday and the the vote was close.\n"
    for n in range(21):  # a short story each: their number is the point, not their size
        (tmp_path / f"a{n:02}.txt").write_text(story, encoding="utf-8")
    page = _page(_report(capsys, tmp_path, tmp_path, extra=("--jobs", "1")))  # no pool to start
    details = [a for t, a in page.tags if t == "details"]
    assert len(details) == 21 and all("open" not in a for a in details)
    one = [a for t, a in _page(_report(capsys, tmp_path, SEED)).tags if t == "details"]
    assert one and all("open" in a for a in one)  # one article: open


def _diagnostic(offset: int, length: int, code: str = "QT001", related=()) -> Diagnostic:
    return Diagnostic(code, "a-rule", Severity.WARNING, "what is wrong", offset, length,
                      Position(1, offset + 1), Position(1, offset + length + 1),
                      Fix("new", offset, length, True), list(related))  # fmt: skip


def _shown(text: str, diagnostics: list[Diagnostic]) -> dict[str, str]:
    """What the page highlights for each finding and related place, by its id."""
    notes = [finding_note(f"a1-f{n}", d, text) for n, d in enumerate(diagnostics, 1)]
    shown: dict[str, str] = {}
    for paragraph in paragraphs(text, list(zip(notes, diagnostics, strict=True))):
        for segment in paragraph.segments:
            for finding in (*segment.finding_ids, *segment.related_ids):
                shown[finding] = shown.get(finding, "") + segment.text
    return shown


def test_overlapping_nested_and_empty_spans_each_keep_their_text() -> None:
    text = "Alpha beta gamma.\n\nDelta epsilon."
    diagnostics = [_diagnostic(0, 10), _diagnostic(6, 10), _diagnostic(6, 4), _diagnostic(17, 0)]
    shown = _shown(text, diagnostics)
    assert shown["a1-f1"] == "Alpha beta"
    assert shown["a1-f2"] == "beta gamma"
    assert shown["a1-f3"] == "beta"
    assert shown.get("a1-f4", "") == ""  # an empty span: a point, anchored where it is


def test_a_span_across_paragraphs_and_a_related_place_are_highlighted() -> None:
    text = "First para ends.\n\nSecond starts here."
    related = [(Position(3, 1), Related(18, 6, "the other half"))]
    shown = _shown(text, [_diagnostic(11, 13), _diagnostic(0, 5, related=related)])
    assert shown["a1-f1"] == "ends.Second"  # the separator is not shown inside a mark
    assert shown["a1-f2"] == "First" + "Second"  # the finding, then its related place


def test_paragraphs_are_split_at_blank_lines() -> None:
    assert paragraph_bounds("a\nb\n\n  \nc\n") == [(0, 3), (8, 9)]
    assert paragraph_bounds("") == [(0, 0)]


@pytest.mark.parametrize("command", ["sheet", "quotes"])
def test_the_sheets_as_html_tables(capsys, tmp_path: Path, command: str) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    code, out, _ = run(capsys, command, "--format", "html", str(SEED), str(hostile))
    assert code == 0
    page = _page(out)
    rows = [a for t, a in page.tags if t == "tr"]
    boxes = [a for t, a in page.tags if t == "input" and a.get("type") == "checkbox"]
    assert len(rows) > 10 and len(boxes) >= 10
    assert "Fumio Kishida" in out and "extremely unreasonable." in out
    assert "&lt;script&gt;" in out and [t for t, _ in page.tags].count("script") == 1
    if command == "sheet":
        assert "76 individuals" in out and "Chief Cabinet Secretary" in out


# --- contrast: WCAG 2 AA (4.5:1 for text) ---------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_pass_wcag_aa() -> None:
    css = (ROOT / "factlint" / "output" / "templates" / "report.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", css))
    pairs = [("text", "page"), ("muted", "page"), ("link", "page")]
    pairs += [("text", f"{s}-bg") for s in ("error", "warning", "info")]
    pairs += [("badge-text", f"{s}-badge") for s in ("error", "warning", "info", "clean")]
    for foreground, background in pairs:
        ratio = _contrast(colours[foreground], colours[background])
        assert ratio >= 4.5, (foreground, background, round(ratio, 2))
