"""The documentation agrees with the code.

README.md's "## Rules" table (code | name | default | what it reports) has one row for each
registered Python rule, with its name and default severity, and no row for a rule that
does not exist.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from factlint.rules import all_rules

README = Path(__file__).resolve().parent.parent / "README.md"
HEADER = ["code", "name", "default", "what it reports"]


def _cells(line: str) -> list[str]:
    """The cells of a markdown table row, without backticks or surrounding whitespace."""
    body = line.strip().removeprefix("|").removesuffix("|")
    return [cell.replace("`", "").strip() for cell in re.split(r"(?<!\\)\|", body)]


def _rule_table(markdown: str) -> list[list[str]]:
    """The rows (header and separator left out) of the first table under "## Rules"."""
    section = re.search(r"^## Rules[ \t]*\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert section, 'README.md has no "## Rules" section'
    table = re.search(r"(?:^[ \t]*\|.*\n?)+", section.group(1), re.M)
    assert table, 'no table in README.md\'s "## Rules" section'
    header, separator, *rows = [_cells(line) for line in table.group(0).splitlines()]
    assert [cell.lower() for cell in header] == HEADER, f"unexpected table header {header}"
    assert all(re.fullmatch(r":?-+:?", cell) for cell in separator), "no header separator"
    return rows


def test_readme_rule_table_matches_registry() -> None:
    rows = _rule_table(README.read_text(encoding="utf-8"))
    malformed = [row for row in rows if len(row) != len(HEADER)]
    assert not malformed, f"rows without {len(HEADER)} cells in README.md's rule table: {malformed}"
    documented = {(code, name, default) for code, name, default, _ in rows}
    registered = {
        (rule.code, rule.name, rule.severity.label if rule.enabled_by_default else "off")
        for rule in all_rules()
        if rule.pack is None
    }
    counts = Counter(code for code, *_ in rows)
    twice = sorted(code for code, count in counts.items() if count > 1)
    assert not twice, f"rules with more than one row in README.md: {twice}"
    undocumented = sorted(registered - documented)
    assert not undocumented, f"(code, name, default) missing from README.md: {undocumented}"
    unknown = sorted(documented - registered)
    assert not unknown, f"rows of README.md's rule table that are not rules: {unknown}"
