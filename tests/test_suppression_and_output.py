"""Text output on a terminal, and a failing rule (suppression: test_suppression.py)."""

from __future__ import annotations

import io
import re

from factlint.engine.config import Config
from factlint.engine.run import check_text
from factlint.output.reporters import Layout
from factlint.output.text import TextReporter


def test_text_reporter_with_colour_and_context_shows_the_line_and_a_marker() -> None:
    result = check_text("a.txt", "Headline\n\nThe mayor said the the vote was close.\n", Config())
    out = io.StringIO()
    reporter = TextReporter(out, io.StringIO(), Layout(context=True, color="always"))
    reporter.file(result)
    reporter.finish()
    lines = out.getvalue().splitlines()
    assert "a.txt:3:20:" in lines[0] and "GR001" in lines[0] and "warning" in lines[0]
    assert "\033[" in lines[0]
    assert lines[1].endswith("The mayor said the the vote was close.")
    plain = re.sub(r"\033\[[0-9;]*m", "", lines[2])
    assert plain.index("^^^") - plain.index("|") - 2 == len("The mayor said the ")
    assert "Found 0 errors, 1 warning, 0 infos in 1 file checked." in lines[-1]


def test_a_failing_rule_is_reported_and_the_others_still_run(monkeypatch) -> None:
    import dataclasses

    from factlint.engine import config as config_module

    def broken(doc, options):
        raise ValueError("boom")
        yield  # pragma: no cover

    rules = [
        dataclasses.replace(rule, check=broken) if rule.code == "QT001" else rule
        for rule in config_module.all_rules()
    ]
    monkeypatch.setattr(config_module, "all_rules", lambda: tuple(rules))
    result = check_text("a.txt", 'Headline\n\nThe the "open.\n', Config())
    assert result.error == "internal error in rule QT001 (ValueError: boom); please report it"
    assert [d.code for d in result.diagnostics] == ["GR001"]
