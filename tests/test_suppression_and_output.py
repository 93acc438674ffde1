"""Text output on a terminal, and a failing rule (suppression: test_suppression.py)."""

from __future__ import annotations

import io

from factlint.engine.config import Config
from factlint.engine.run import check_text
from factlint.output.reporters import TextReporter


def test_text_reporter_on_a_terminal_shows_the_line_and_a_marker() -> None:
    result = check_text("a.txt", "Headline\n\nThe mayor said the the vote was close.\n", Config())
    out = io.StringIO()
    reporter = TextReporter(out, io.StringIO(), color=True)
    reporter.file(result)
    reporter.finish()
    lines = out.getvalue().splitlines()
    assert "a.txt:3:20:" in lines[0] and "GR001" in lines[0] and "[warning]" in lines[0]
    assert lines[1].endswith("The mayor said the the vote was close.")
    marker_line = lines[2]
    plain = marker_line.replace("\033[2m", "").replace("\033[0m", "").replace("\033[33m", "")
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
