"""The documentation agrees with the code.

- docs/rules.md's "## Python rules" table (code | name | default | what it reports) has one
  row for each registered Python rule, with its name and default severity, and no row for
  a rule that does not exist.
- docs/rule-reference.md is what tools/gen_rule_docs.py generates from the registry and the
  packs today (a stale page fails, saying how to regenerate it).
- No hand-written page writes a range of rule codes ("ST201-ST204"): the ranges are
  generated, so a new rule cannot leave them stale.
- docs/check.md's options table has every option of `factlint check --help`, and its
  `--format` row every format the command line accepts.
- The README stays short, its links lead to files that exist, and its set-up commands are
  the ones .ci/run and tests/fresh_machine/check_setup.sh rely on.
- The site builds with `mkdocs build --strict` (slow; skipped without MkDocs): a broken
  link or anchor, or a page left out of the navigation, fails.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from factlint.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
RULES_PAGE = DOCS / "rules.md"
HEADER = ["code", "name", "default", "what it reports"]
README_MAX_LINES = 150
CODE_RANGE = re.compile(r"\b[A-Z]{2}\d{3}\s*[–—-]\s*(?:[A-Z]{2})?\d{3}\b")


def _cells(line: str) -> list[str]:
    """The cells of a markdown table row, without backticks or surrounding whitespace."""
    body = line.strip().removeprefix("|").removesuffix("|")
    return [cell.replace("`", "").strip() for cell in re.split(r"(?<!\\)\|", body)]


def _rule_table(markdown: str) -> list[list[str]]:
    """The rows (header and separator left out) of the first table under "## Python rules"."""
    section = re.search(r"^## Python rules[ \t]*\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert section, 'docs/rules.md has no "## Python rules" section'
    table = re.search(r"(?:^[ \t]*\|.*\n?)+", section.group(1), re.M)
    assert table, 'no table in docs/rules.md\'s "## Python rules" section'
    header, separator, *rows = [_cells(line) for line in table.group(0).splitlines()]
    assert [cell.lower() for cell in header] == HEADER, f"unexpected table header {header}"
    assert all(re.fullmatch(r":?-+:?", cell) for cell in separator), "no header separator"
    return rows


def test_rule_table_matches_registry() -> None:
    rows = _rule_table(RULES_PAGE.read_text(encoding="utf-8"))
    malformed = [row for row in rows if len(row) != len(HEADER)]
    assert not malformed, f"rows without {len(HEADER)} cells in docs/rules.md: {malformed}"
    documented = {(code, name, default) for code, name, default, _ in rows}
    registered = {
        (rule.code, rule.name, rule.severity.label if rule.enabled_by_default else "off")
        for rule in all_rules()
        if rule.pack is None
    }
    counts = Counter(code for code, *_ in rows)
    twice = sorted(code for code, count in counts.items() if count > 1)
    assert not twice, f"rules with more than one row in docs/rules.md: {twice}"
    undocumented = sorted(registered - documented)
    assert not undocumented, f"(code, name, default) missing from docs/rules.md: {undocumented}"
    unknown = sorted(documented - registered)
    assert not unknown, f"rows of docs/rules.md's rule table that are not rules: {unknown}"


def test_check_options_table_has_every_option_and_format(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from factlint.cli.main import main

    with pytest.raises(SystemExit):
        main(["check", "--help"])
    usage = capsys.readouterr().out
    table = (DOCS / "check.md").read_text(encoding="utf-8")
    options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", usage)) - {"--help"}
    assert options, "no options in `factlint check --help`"
    missing = sorted(option for option in options if f"`{option}" not in table)
    assert not missing, f"options of factlint check missing from docs/check.md: {missing}"
    formats = re.search(r"--format \{([a-z,]+)\}", usage)
    assert formats, "no --format choices in `factlint check --help`"
    row = re.search(r"^\| `--format ([^`]+)`", table, re.M)
    assert row, "no --format row in docs/check.md"
    documented = row.group(1).split("\\|")
    undocumented = [f for f in formats.group(1).split(",") if f not in documented]
    assert not undocumented, f"formats missing from docs/check.md's --format row: {undocumented}"


def _generator() -> ModuleType:
    path = ROOT / "tools" / "gen_rule_docs.py"
    spec = importlib.util.spec_from_file_location("gen_rule_docs", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rule_reference_is_generated_from_the_rules_of_today() -> None:
    generator = _generator()
    committed = generator.PAGE.read_text(encoding="utf-8")
    assert committed == generator.render(), (
        f"docs/rule-reference.md is stale: run `{generator.REGENERATE}` and commit the page"
    )


def test_rule_reference_has_every_rule_with_its_examples() -> None:
    page = _generator().render()
    for rule in all_rules():
        section = page.split(f"{{#{rule.code.lower()}}}", 1)
        assert len(section) == 2, f"{rule.code} has no section in the rule reference"
        body = section[1].split("\n#### ", 1)[0]
        assert body.count("**Bad") >= 1 and body.count("**Good") >= 1, rule.code
        for option in rule.options:
            assert f"`{rule.code}.{option}`" in body, (rule.code, option)
    from factlint.engine.registry import shipped_pack_rules

    for rule in shipped_pack_rules():
        assert f"{{#{rule.code.lower()}}}" in page, f"pack rule {rule.code} has no section"


def test_hand_written_docs_give_no_code_ranges() -> None:
    pages = [README, ROOT / "CONTRIBUTING.md", *DOCS.glob("*.md")]
    found = [
        f"{page.relative_to(ROOT)}: {match.group(0)}"
        for page in pages
        if page.name != "rule-reference.md"
        for match in CODE_RANGE.finditer(page.read_text(encoding="utf-8"))
    ]
    assert not found, f"code ranges go stale when a rule is added; link the reference: {found}"


def test_readme_is_short_and_its_links_lead_somewhere() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= README_MAX_LINES, "the README is an introduction: see docs/"
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    local = [t for t in targets if not re.match(r"[a-z]+:", t)]
    assert local, "the README links into docs/"
    missing = sorted(t for t in local if not (ROOT / t).exists())
    assert not missing, f"README links to files that do not exist: {missing}"


def test_readme_set_up_commands_are_the_ones_ci_runs() -> None:
    """tests/fresh_machine/check_setup.sh runs the two ```sh blocks of "## Set-up" on a
    fresh Debian; the second must be .ci/run's test command, line for line."""
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Set-up\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert section
    commands = re.findall(r"^```sh\n(.*?)\n```", section.group(1), re.M | re.S)
    assert len(commands) == 2 and all("\n" not in c for c in commands), commands
    assert "pip install -q . " in commands[0] and "fixtures/kishida-peace-treaty.txt" in commands[0]
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci_lines
    assert commands[1].endswith(".venv/bin/python -m pytest -q")


@pytest.mark.slow
def test_the_site_builds_strictly(tmp_path: Path) -> None:
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None:
        pytest.skip("MkDocs or its Material theme is not installed: pip install -e '.[docs]'")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
         "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(site)],
        capture_output=True, text=True, timeout=300, env=env, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-4000:]
    pages = {p.parent.name for p in site.glob("*/index.html")}
    assert {"rule-reference", "getting-started", "output-formats", "bench"} <= pages
    reference = (site / "rule-reference" / "index.html").read_text(encoding="utf-8")
    assert 'id="nm003"' in reference and 'id="st101"' in reference
