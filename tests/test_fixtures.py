"""Every article in fixtures/ against the diagnostics expected beside it.

`fixtures/<name>.txt|.md` goes with `fixtures/<name>.expected.yaml`, which lists the code
and line of each diagnostic factlint must report (and, optionally, the `config` to check
it with; the grammar engine is off unless a fixture's config turns it on, so that the
other rules' fixtures do not change with Harper's releases); a missing or an extra one
fails.

It also goes with `fixtures/<name>.golden.json`, factlint's full output for it (every
diagnostic's `to_json()` and the file's error), which must not change unnoticed. After an
intended change, rewrite the golden files with `python -m pytest tests/test_fixtures.py
--update-goldens` (or FACTLINT_UPDATE_GOLDENS=1) and review their diff.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from factlint.core.results import FileResult
from factlint.engine.config import from_mapping
from factlint.engine.run import check_file_with_config

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ARTICLES = sorted(
    p
    for p in FIXTURES.iterdir()
    if p.suffix in (".txt", ".md", ".markdown") and p.name != "README.md"
)
REGENERATE = "python -m pytest tests/test_fixtures.py --update-goldens"


def _expected_file(article: Path) -> Path:
    return article.with_name(article.stem + ".expected.yaml")


def _golden_file(article: Path) -> Path:
    return article.with_name(article.stem + ".golden.json")


def _expected(article: Path) -> dict[str, Any]:
    return yaml.safe_load(_expected_file(article).read_text(encoding="utf-8")) or {}


def _check(article: Path) -> FileResult:
    """factlint's result for ``article`` with its fixture's config (grammar engine off)."""
    settings = {"grammar": {"backend": "none"}, **(_expected(article).get("config") or {})}
    config = from_mapping(settings, _expected_file(article))  # paths relative to fixtures/
    return check_file_with_config(article, config)


def _golden_text(result: FileResult) -> str:
    """The golden file's text: the error and every diagnostic, in a stable order."""
    diagnostics = sorted(
        (d.to_json() for d in result.diagnostics),
        key=lambda d: (d["line"], d["column"], d["end_line"], d["end_column"], d["code"]),
    )
    output = {"error": result.error, "diagnostics": diagnostics}
    return json.dumps(output, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _orphans(suffix: str, companion: Callable[[Path], Path]) -> list[str]:
    """Files ending in ``suffix`` that are no article's ``companion``."""
    companions = {companion(a) for a in ARTICLES}
    return sorted(p.name for p in FIXTURES.glob("*" + suffix) if p not in companions)


def test_every_article_has_expectations() -> None:
    assert ARTICLES, "no fixtures found"
    missing = [a.name for a in ARTICLES if not _expected_file(a).is_file()]
    assert not missing, f"fixtures without an .expected.yaml: {missing}"
    orphans = _orphans(".expected.yaml", _expected_file)
    assert not orphans, f".expected.yaml files without an article: {orphans}"


def test_every_article_has_a_golden_file(update_goldens: bool) -> None:
    missing = [a.name for a in ARTICLES if not _golden_file(a).is_file()]
    assert update_goldens or not missing, (
        f"fixtures without a .golden.json: {missing}; create them with: {REGENERATE}"
    )
    orphans = _orphans(".golden.json", _golden_file)
    assert not orphans, f".golden.json files without an article (delete them): {orphans}"


@pytest.mark.parametrize("article", ARTICLES, ids=[a.name for a in ARTICLES])
def test_fixture(article: Path) -> None:
    expected = Counter((d["code"], d["line"]) for d in _expected(article).get("diagnostics") or [])
    result = _check(article)
    assert result.error is None, result.error
    actual = Counter((d.code, d.start.line) for d in result.diagnostics)
    missing = sorted((expected - actual).elements())
    extra = sorted((actual - expected).elements())
    details = [f"{d.start.line}:{d.start.column} {d.code} {d.message}" for d in result.diagnostics]
    assert not missing and not extra, f"missing {missing}, extra {extra}; reported: {details}"


@pytest.mark.parametrize("article", ARTICLES, ids=[a.name for a in ARTICLES])
def test_fixture_golden(article: Path, update_goldens: bool) -> None:
    golden = _golden_file(article)
    actual = _golden_text(_check(article))
    if update_goldens:
        if not golden.is_file() or golden.read_text(encoding="utf-8") != actual:
            golden.write_text(actual, encoding="utf-8", newline="\n")
        return
    if not golden.is_file():
        pytest.fail(f"no {golden.name}; create it with: {REGENERATE}", pytrace=False)
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"fixtures/{golden.name}",
            tofile="factlint's output",
        )
        pytest.fail(
            f"{golden.name} differs from factlint's output; if the change is intended, "
            f"rewrite it with: {REGENERATE}\n\n{''.join(diff)}",
            pytrace=False,
        )
