"""The HTML report as a reader uses it, in headless Chromium driven by Playwright.

The browser is the system's (Debian's ``chromium``, which ``.ci/run`` installs); nothing is
downloaded. Without a browser or Playwright these tests are skipped, saying which is
missing. The seed's report is saved as a screenshot in ``test-artifacts/`` (or the folder
``FACTLINT_ARTIFACTS`` names).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import run

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parent.parent
SEED = ROOT / "fixtures" / "kishida-peace-treaty.txt"
FIXTURES = sorted(p for p in (ROOT / "fixtures").iterdir() if p.suffix in (".txt", ".md"))
BROWSERS = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _browser_path() -> str | None:
    named = os.environ.get("FACTLINT_CHROMIUM")
    if named:
        return named
    for candidate in BROWSERS:
        found = candidate if Path(candidate).is_file() else shutil.which(candidate)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install playwright)"
    )
    path = _browser_path()
    if path is None:
        pytest.skip("no Chromium to test the HTML report in (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _report(
    capsys, tmp_path: Path, *paths: Path, select: str | None = None
) -> tuple[Path, list[dict]]:
    """The HTML report of ``paths`` and the JSON document's files, from the same run."""
    out = tmp_path / "report.html"
    common = ("check", "--grammar", "none", "--no-cache", "--jobs", "1")  # no pool to start
    if select is not None:
        common += ("--select", select)
    code, _, err = run(capsys, *common, "--format", "html", "-o", str(out), *map(str, paths))
    assert code in (0, 1), err
    _, document, _ = run(capsys, *common, "--format", "json", *map(str, paths))
    return out, json.loads(document)["files"]


def _highlighted(page: Any, finding: str) -> str:
    return page.evaluate(
        """id => Array.from(document.querySelectorAll(`mark[data-f~="${id}"]`))
                     .map(mark => mark.textContent).join("")""",
        finding,
    )


def test_every_finding_is_highlighted_at_its_text(capsys, tmp_path: Path, page: Any) -> None:
    # every rule, those off by default too: as many kinds of span as the fixtures give
    report, files = _report(capsys, tmp_path, *FIXTURES, select="ALL,FL,HL,NM,ST")
    page.goto(report.as_uri())
    articles = {f["path"]: n for n, f in enumerate(files, 1) if f["diagnostics"]}
    checked = 0
    for entry in files:
        if not entry["diagnostics"]:
            continue
        text = Path(entry["path"]).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        for n, d in enumerate(sorted(entry["diagnostics"], key=_order), 1):
            finding = f"a{articles[entry['path']]}-f{n}"
            expected = text[d["offset"] : d["offset"] + d["length"]]
            shown = _highlighted(page, finding)
            assert "".join(shown.split()) == "".join(expected.split()), (entry["path"], d)
            if not expected:
                assert page.locator(f'mark.point[data-f~="{finding}"]').count() == 1
            checked += 1
    assert checked > 50


def _order(d: dict) -> tuple:
    return (d["offset"], d["length"], d["code"])


def test_clicking_a_finding_in_the_list_scrolls_to_it(capsys, tmp_path: Path, page: Any) -> None:
    report, files = _report(capsys, tmp_path, SEED)
    page.goto(report.as_uri())
    last = len(files[0]["diagnostics"])
    page.locator(f'nav.findings a[href="#a1-f{last}"]').click()
    mark = page.locator(f'mark[data-f~="a1-f{last}"]').first
    page.wait_for_function(
        """id => document.activeElement && (document.activeElement.dataset.f || "")
                 .split(" ").includes(id)""",
        arg=f"a1-f{last}",
    )
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] <= 900 - box["height"]
    assert page.evaluate("() => window.scrollY") > 0  # it moved down to the bio
    assert page.locator(f'nav.findings li[data-finding="a1-f{last}"]').get_attribute("class")
    assert "current" in page.locator(f'li[data-finding="a1-f{last}"]').first.get_attribute("class")


def test_the_related_place_is_linked_from_the_note(capsys, tmp_path: Path, page: Any) -> None:
    report, _ = _report(capsys, tmp_path, SEED)
    page.goto(report.as_uri())
    byline = page.locator("mark[data-r]")
    assert byline.count() >= 1 and byline.first.text_content() == "Aldograph Redley"
    page.locator('.note a[href$="-r0"]').first.click()
    assert page.evaluate("() => document.activeElement.textContent") == "Aldograph Redley"
    byline.first.click()  # and back to the finding it explains
    finding = byline.first.get_attribute("data-r")
    assert page.evaluate("() => document.activeElement.dataset.f") == finding
    assert page.evaluate("() => document.activeElement.textContent") == "Aldgra Fredly"


def test_the_filters_hide_and_show(capsys, tmp_path: Path, page: Any) -> None:
    report, _ = _report(capsys, tmp_path, SEED)
    page.goto(report.as_uri())
    quotes = page.locator('nav.findings li[data-family="QT"]')
    assert quotes.count() > 0 and quotes.first.is_visible()
    page.get_by_label("QT quotes and attribution").uncheck()
    assert all(not quotes.nth(i).is_visible() for i in range(quotes.count()))
    assert page.locator('.note[data-family="QT"]').first.is_hidden()
    finding = quotes.first.get_attribute("data-finding")
    assert "off" in page.locator(f'mark[data-f="{finding}"]').first.get_attribute("class")
    assert page.locator('nav.findings li[data-family="BY"]').first.is_visible()
    page.get_by_label("warning", exact=True).uncheck()
    warnings = page.locator('nav.findings li[data-severity="warning"]')
    assert all(not warnings.nth(i).is_visible() for i in range(warnings.count()))
    page.get_by_label("QT quotes and attribution").check()
    page.get_by_label("warning", exact=True).check()
    assert quotes.first.is_visible() and warnings.first.is_visible()
    assert "off" not in page.locator(f'mark[data-f="{finding}"]').first.get_attribute("class")


def test_the_keyboard_moves_between_findings(capsys, tmp_path: Path, page: Any) -> None:
    report, _ = _report(capsys, tmp_path, SEED)
    page.goto(report.as_uri())
    page.keyboard.press("j")
    page.keyboard.press("j")
    focused = page.evaluate("() => document.activeElement.dataset.f")
    assert "a1-f2" in focused.split()
    page.keyboard.press("k")
    assert "a1-f1" in page.evaluate("() => document.activeElement.dataset.f").split()


def test_a_hostile_headline_is_shown_never_run(capsys, tmp_path: Path, page: Any) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text(
        "<script>alert(1)</script> <img src=x onerror=alert(2)> 3 cats\n\n"
        'He said "<script>alert(3)</script> it was the best" and left.\n',
        encoding="utf-8",
    )
    report, _ = _report(capsys, tmp_path, article)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    assert dialogs == []
    assert page.locator("img").count() == 0
    assert "<script>alert(1)</script>" in page.locator(".text p").first.text_content()


def test_readable_without_javascript(capsys, tmp_path: Path, browser: Any) -> None:
    report, files = _report(capsys, tmp_path, SEED)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(report.as_uri())
    assert page.locator("#filters").is_hidden()  # they need the script
    assert page.locator(".note").count() == len(files[0]["diagnostics"])
    assert page.locator(".note").first.is_visible()
    assert page.get_by_text("Aldgra Fredly is a Malaysia-based").is_visible()
    context.close()


def test_a_link_into_a_collapsed_article_opens_it(capsys, tmp_path: Path, page: Any) -> None:
    for n in range(25):
        (tmp_path / f"a{n:02}.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    report, _ = _report(capsys, tmp_path, tmp_path)
    page.goto(report.as_uri())
    assert page.locator("details[open]").count() == 0
    page.locator('nav.index a[href="#a20"]').click()
    assert page.locator("details#a20").get_attribute("open") is not None
    assert page.locator("#a20 nav.findings li").first.is_visible()
    page.keyboard.press("j")  # the article's first finding, not the page's
    assert page.evaluate("() => document.activeElement.dataset.f") == "a20-f1"


def test_a_screenshot_of_the_seeds_report(capsys, tmp_path: Path, page: Any) -> None:
    report, _ = _report(capsys, tmp_path, SEED)
    page.goto(report.as_uri())
    folder = Path(os.environ.get("FACTLINT_ARTIFACTS", ROOT / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "html-report-seed.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
