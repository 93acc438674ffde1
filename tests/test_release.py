"""Release habits: a licence that matches pyproject's, a changelog entry for the version
being released, and one ruff version pinned in one place."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from factlint import __version__

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_licence_file_is_the_licence_pyproject_declares() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "the factlint authors" in text


def test_the_changelog_has_an_entry_for_this_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(r"^## \[Unreleased\]", text, re.M), "Keep a Changelog: an Unreleased section"
    entry = re.search(rf"^## \[?{re.escape(__version__)}\]? - \d{{4}}-\d{{2}}-\d{{2}}$", text, re.M)
    assert entry, f"CHANGELOG.md has no dated entry for version {__version__}"


def test_ruff_is_pinned_once() -> None:
    extras = PYPROJECT["project"]["optional-dependencies"]
    pins = [r for reqs in extras.values() for r in reqs if re.match(r"ruff\b", r)]
    assert len(pins) == 1 and re.fullmatch(r"ruff==[\d.]+", pins[0]), pins
    hooks = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "ruff==" not in hooks, "the hooks run the dev extra's ruff: pin it in pyproject only"
    assert re.search(r"entry: mypy", hooks), "the project's hooks run mypy too"


def test_project_urls_lead_somewhere_or_are_not_given() -> None:
    """No page for factlint exists on an index or a forge yet: no URL that leads nowhere."""
    assert "urls" not in PYPROJECT["project"]
