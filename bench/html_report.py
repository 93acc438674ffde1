"""The HTML report of a long run: its size, the time to write it, and whether a browser
still handles it, side by side with the JSON report of the same articles.

Run from anywhere::

    python -m bench html-report                  # the first 500 BBC articles
    python -m bench html-report --count 100 --grammar none
    python -m bench html-report --select ALL,HL004   # rules off by default too

For N BBC articles (sorted by name), in one temporary folder:

1. the grammar cache is warmed once (``check --format json``, not timed), so that both
   timed runs do the same work;
2. ``factlint check --format json`` and ``factlint check --format html``, each a new
   process timed ``--repeats`` times in turns (median); the ratio html/json is factlint's
   cost of building the page (the whole-file result cache is off, ``--no-cache``);
3. the page's size beside the JSON's;
4. with Chromium (``--browser PATH``, else the system's, with Playwright), the time from
   navigation to the page's ``load`` event, and from a click on the index's last article
   to its first finding being focused after a ``j`` key (the page stays usable).

The corpus is read from ``../shared/corpora`` (or ``$FACTLINT_CORPORA``); without it the
script says so and exits 0.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import outputs
from bench.corpora import bbc_folder, skip

NAME = "html-report"

BROWSERS = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome")


def main(argv: list[str] | None = None) -> int:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--grammar", default="harper", choices=("harper", "none"))
    parser.add_argument("--select", help="the rules to run, as check --select (default: ALL)")
    parser.add_argument("--browser", help="a Chromium executable (default: the system's)")
    args = outputs.parse(NAME, parser, argv)
    folder = bbc_folder()
    if not folder.is_dir():
        return skip(NAME, folder)
    articles = sorted(folder.glob("*.txt"))[: args.count]
    with tempfile.TemporaryDirectory() as scratch, outputs.text_output(args):
        work = Path(scratch)
        base = [sys.executable, "-m", "factlint.cli.main", "check", "--exit-zero"]
        base += ["--grammar", args.grammar, "--cache-dir", str(work / "cache")]
        base += ["--select", args.select] if args.select else []
        paths = [str(p) for p in articles]
        subprocess.run([*base, "--format", "json", *paths], capture_output=True, check=True)
        times: dict[str, list[float]] = {"json": [], "html": []}
        for _ in range(args.repeats):
            for output in times:
                report = work / f"report.{output}"
                command = [*base, "--no-cache", "--format", output, "-o", str(report)]
                started = time.perf_counter()
                subprocess.run([*command, *paths], capture_output=True, check=True)
                times[output].append(time.perf_counter() - started)
        json_time, html_time = (statistics.median(times[k]) for k in ("json", "html"))
        json_mb, html_mb = (_mb(work / f"report.{k}") for k in ("json", "html"))
        print(f"{len(articles)} BBC articles, grammar {args.grammar}, median of {args.repeats}:")
        print(f"  check --format json  {json_time:7.2f} s   {json_mb:.2f} MB")
        print(f"  check --format html  {html_time:7.2f} s   {html_mb:.2f} MB")
        print(f"  html / json          {html_time / json_time:7.2f}")
        figures: dict[str, Any] = {
            "articles": len(articles),
            "json_seconds": round(json_time, 3),
            "html_seconds": round(html_time, 3),
            "html_over_json": round(html_time / json_time, 3),
            "json_mb": round(json_mb, 3),
            "html_mb": round(html_mb, 3),
            "browser": _in_browser(work / "report.html", args.browser),
        }
    return outputs.finish(args, figures)


def _mb(path: Path) -> float:
    return path.stat().st_size / 1e6


def _in_browser(page_path: Path, browser: str | None) -> dict[str, float]:
    """Load the page in Chromium and jump to a finding: the seconds of each (none
    without Playwright or Chromium)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("  (no Playwright: the page was not opened in a browser)")
        return {}
    executable = browser or next(
        (c if Path(c).is_file() else shutil.which(c) for c in BROWSERS if _exists(c)), None
    )
    if executable is None:
        print("  (no Chromium: the page was not opened in a browser)")
        return {}
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = chromium.new_page(viewport={"width": 1300, "height": 900})
        started = time.perf_counter()
        page.goto(page_path.as_uri(), wait_until="load")
        loaded = time.perf_counter() - started
        if page.locator("nav.index a").count() == 0:
            chromium.close()
            print(f"  Chromium: loaded in {loaded:.2f} s; no findings, so no index to click")
            return {"load_seconds": round(loaded, 3)}
        last = page.locator("nav.index a").last
        started = time.perf_counter()
        last.click()
        page.keyboard.press("j")
        page.wait_for_function("() => document.activeElement.tagName === 'MARK'")
        jumped = time.perf_counter() - started
        marks = page.locator("mark").count()
        chromium.close()
    print(f"  Chromium: loaded in {loaded:.2f} s ({marks} highlights); "
          f"index link + j to a finding: {jumped:.2f} s")  # fmt: skip
    return {"load_seconds": round(loaded, 3), "jump_seconds": round(jumped, 3), "highlights": marks}


def _exists(candidate: str) -> bool:
    return Path(candidate).is_file() or shutil.which(candidate) is not None


if __name__ == "__main__":
    sys.exit(main())
