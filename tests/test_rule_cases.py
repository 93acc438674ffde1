"""Rule case files: ``tests/rule_cases/<CODE>.yaml``, several Bad and Good articles a rule,
each Bad one pinning where the rule reports (line, column, end) and the fix it offers.

In the style of sqlfluff's YAML rule cases. A file is::

    rule: GR001
    config: {grammar: {backend: harper}}   # optional: config keys for every case
    cases:
      - name: doubled-article
        bad: The ministry said the the talks were over.
        findings:
          - at: 3:23-3:26        # line:column-end_line:end_column, 1-based, end exclusive
            text: the            # the article's text at that span
            fix: {old: ' the', new: '', safe: true}   # the text the fix replaces, and with what
        fixed: The ministry said the talks were over.  # optional, one-line cases: every fix applied
      - name: had-had
        good: She had had enough of the delays by then.
        options: {allowed: [had]}   # optional: the rule's options
        facts: seed-register.yaml   # optional: a register in fixtures/facts/
        archive: desk.jsonl         # optional: an archive in fixtures/archive/, indexed once
        with: [GR001]               # optional: other rules run beside it
        xfail: why                  # optional: a known bug, left visible

A one-line ``bad``/``good`` is a body sentence under the headline ``Example`` (as a rule's
docstring examples are); a longer one is the whole article, Markdown when it opens with
front matter. Only the case's rule's findings are compared, and all of them: a Bad case
lists every finding, a Good case none. A finding without ``fix`` asserts that it has none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from factlint.core.diagnostics import Diagnostic
from factlint.engine.config import from_mapping
from factlint.engine.run import check_text
from factlint.rules import ONE_LINE_HEADLINE

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "rule_cases"
REGISTERS = ROOT / "fixtures" / "facts"
ARCHIVES = ROOT / "fixtures" / "archive"
CASE_KEYS = {"name", "bad", "good", "findings", "fixed", "options", "facts", "archive", "with"}
CASE_KEYS |= {"xfail", "config"}


def _files() -> list[Path]:
    return sorted(CASES.glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data.get("rule") == path.stem, f"{path.name}: rule"
    return data


def _params() -> list[Any]:
    params = []
    for path in _files():
        data = _load(path)
        for case in data["cases"]:
            known_bug = "xfail" in case
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if known_bug else []
            ident = f"{path.stem}-{'bad' if 'bad' in case else 'good'}-{case['name']}"
            params.append(pytest.param(data, case, id=ident, marks=marks))
    return params


def article(case: dict[str, Any]) -> str:
    """The case's text as the article it is checked as."""
    text = str(case["bad"] if "bad" in case else case["good"])
    return text if "\n" in text.strip() else f"{ONE_LINE_HEADLINE}\n\n{text.strip()}\n"


_indexes: dict[str, Path] = {}


def _archive_index(name: str, folder: Path) -> Path:
    """The fixture archive ``name`` built into an index (once a session)."""
    if name not in _indexes:
        from factlint.archive.store import ArchiveWriter
        from factlint.cli.audit import read_inputs
        from factlint.engine.indexing import Source, records, write

        index = folder / f"cases-{name}.sqlite"
        sources = [Source(a.path, a.text) for a in read_inputs([str(ARCHIVES / name)], None)]
        writer = ArchiveWriter(index, fresh=True)
        write(writer, records(sources, str(ROOT)), fresh=True, root=ROOT)
        writer.close()
        _indexes[name] = index
    return _indexes[name]


def run_case(data: dict[str, Any], case: dict[str, Any], folder: Path) -> tuple[str, list]:
    """The article of ``case`` and the findings of its file's rule on it."""
    code = data["rule"]
    mapping: dict[str, Any] = {"grammar": {"backend": "none"}}
    mapping.update(data.get("config", {}))
    mapping.update(case.get("config", {}))
    mapping["select"] = [code, *case.get("with", [])]
    if "options" in case:
        mapping["options"] = {code: dict(case["options"])}
    if "facts" in case:
        mapping["facts"] = str(REGISTERS / case["facts"])
    if "archive" in case:
        mapping["archive"] = str(_archive_index(case["archive"], folder))
    text = article(case)
    name = "example.md" if text.startswith("---\n") else "example.txt"
    result = check_text(name, text, from_mapping(mapping, None))
    assert result.error is None, result.error
    return text, [d for d in result.diagnostics if d.code == code]


def describe(text: str, found: Diagnostic) -> dict[str, Any]:
    """A finding as a case file writes it."""
    start, end = found.start, found.end
    entry: dict[str, Any] = {
        "at": f"{start.line}:{start.column}-{end.line}:{end.column}",
        "text": text[found.offset : found.offset + found.length],
    }
    if found.fix is not None:
        fix = found.fix
        old = text[fix.offset : fix.offset + fix.length]
        entry["fix"] = {"old": old, "new": fix.replacement, "safe": fix.safe}
    return entry


def fixed(text: str, found: list[Diagnostic]) -> str:
    """``text`` with every fix of ``found`` applied."""
    for fix in sorted((d.fix for d in found if d.fix), key=lambda f: -f.offset):
        text = text[: fix.offset] + fix.replacement + text[fix.offset + fix.length :]
    return text


@pytest.mark.parametrize(("data", "case"), _params())
def test_case(data: dict, case: dict, tmp_path_factory: pytest.TempPathFactory) -> None:
    text, found = run_case(data, case, tmp_path_factory.getbasetemp())
    got = [describe(text, d) for d in found]
    if "good" in case:
        assert got == [], f"{data['rule']} flags a good case:\n{text}"
        return
    assert got == case["findings"], f"{data['rule']} on:\n{text}"
    if "fixed" in case:  # a one-line case: its sentence with every fix applied
        assert fixed(text, found) == article({"bad": case["fixed"]})


# --- the files themselves --------------------------------------------------------------


@pytest.mark.parametrize("path", _files(), ids=lambda path: path.stem)
def test_case_file_is_well_formed(path: Path) -> None:
    data = _load(path)
    assert set(data) <= {"rule", "config", "cases"}
    names = [case["name"] for case in data["cases"]]
    assert len(names) == len(set(names)), f"{path.name}: two cases share a name"
    for case in data["cases"]:
        assert set(case) <= CASE_KEYS, f"{path.name}: {case['name']}: unknown keys"
        assert ("bad" in case) != ("good" in case), f"{path.name}: {case['name']}: bad or good"
        assert ("findings" in case) == ("bad" in case), f"{path.name}: {case['name']}: findings"
        assert case.get("findings", [None]), f"{path.name}: {case['name']}: a Bad case finds"


def test_every_rule_has_a_case_file() -> None:
    """Every Python rule and every rule of the packs that are on by default."""
    codes = {rule.code for rule in from_mapping({}, None).rules}
    assert codes - {path.stem for path in _files()} == set()
    assert {path.stem for path in _files()} - codes == set()


@pytest.mark.parametrize("path", _files(), ids=lambda path: path.stem)
def test_three_bad_and_three_good_cases_a_rule(path: Path) -> None:
    cases = [case for case in _load(path)["cases"] if "xfail" not in case]
    assert sum("bad" in case for case in cases) >= 3, path.name
    assert sum("good" in case for case in cases) >= 3, path.name
