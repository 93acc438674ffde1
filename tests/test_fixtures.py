"""Every article in fixtures/ against the diagnostics expected beside it.

`fixtures/<name>.txt|.md` goes with `fixtures/<name>.expected.yaml`, which lists the code
and line of each diagnostic factlint must report (and, optionally, the `config` to check
it with; the grammar engine is off unless a fixture's config turns it on, so that the
other rules' fixtures do not change with Harper's releases); a missing or an extra one
fails.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from factlint.engine.config import from_mapping
from factlint.engine.run import check_file_with_config

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ARTICLES = sorted(
    p
    for p in FIXTURES.iterdir()
    if p.suffix in (".txt", ".md", ".markdown") and p.name != "README.md"
)


def _expected_file(article: Path) -> Path:
    return article.with_name(article.stem + ".expected.yaml")


def test_every_article_has_expectations() -> None:
    assert ARTICLES, "no fixtures found"
    missing = [a.name for a in ARTICLES if not _expected_file(a).is_file()]
    assert not missing, f"fixtures without an .expected.yaml: {missing}"
    orphans = [
        e.name
        for e in FIXTURES.glob("*.expected.yaml")
        if not any(_expected_file(a) == e for a in ARTICLES)
    ]
    assert not orphans, f".expected.yaml files without an article: {orphans}"


@pytest.mark.parametrize("article", ARTICLES, ids=[a.name for a in ARTICLES])
def test_fixture(article: Path) -> None:
    expected_doc = yaml.safe_load(_expected_file(article).read_text(encoding="utf-8")) or {}
    expected = Counter((d["code"], d["line"]) for d in expected_doc.get("diagnostics") or [])
    settings = {"grammar": {"backend": "none"}, **(expected_doc.get("config") or {})}
    config = from_mapping(settings, _expected_file(article))  # paths relative to fixtures/
    result = check_file_with_config(article, config)
    assert result.error is None, result.error
    actual = Counter((d.code, d.start.line) for d in result.diagnostics)
    missing = sorted((expected - actual).elements())
    extra = sorted((actual - expected).elements())
    details = [f"{d.start.line}:{d.start.column} {d.code} {d.message}" for d in result.diagnostics]
    assert not missing and not extra, f"missing {missing}, extra {extra}; reported: {details}"
