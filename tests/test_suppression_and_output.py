"""Suppression comments and text output on a terminal."""

from __future__ import annotations

import io

from factlint.article.suppression import find_directives
from factlint.engine.config import Config, from_mapping
from factlint.engine.run import check_text
from factlint.output.reporters import TextReporter

NO_GRAMMAR = from_mapping({"grammar": {"backend": "none"}}, None)


def _codes_and_lines(text: str, name: str = "a.txt") -> list[tuple[str, int]]:
    result = check_text(name, text, NO_GRAMMAR)
    return [(d.code, d.start.line) for d in result.diagnostics]


def test_directive_forms() -> None:
    directives = find_directives(
        "<!-- factlint-disable QT001, gr -->\nfactlint: ignore BY001 because of the archive\n"
        "<!-- factlint-enable -->\n<!-- factlint: ignore -->\n"
    )
    assert [(d.verb, d.codes) for d in directives] == [
        ("disable", ("QT001", "GR")),
        ("ignore", ("BY001",)),
        ("enable", ()),
        ("ignore", ()),
    ]


def test_enable_with_a_code_ends_only_that_code() -> None:
    text = (
        "Headline\n\n<!-- factlint-disable GR001 -->\n<!-- factlint-disable QT001 -->\n\n"
        'One the the "open.\n\n<!-- factlint-enable QT001 -->\n\nTwo the the "open.\n'
    )
    assert _codes_and_lines(text) == [("QT001", 10)]


def test_disable_without_enable_runs_to_the_end() -> None:
    text = (
        "Headline\n\nOne the the.\n\n<!-- factlint-disable -->\n\nTwo the the.\n\nThree the the.\n"
    )
    assert _codes_and_lines(text) == [("GR001", 3)]


def test_ignore_line_applies_to_the_next_paragraph_only() -> None:
    text = "Headline\n\nfactlint: ignore GR\n\nOne the the.\n\nTwo the the.\n"
    assert _codes_and_lines(text) == [("GR001", 7)]


def test_directive_words_inside_prose_are_not_directives() -> None:
    text = "Headline\n\nThe tool prints factlint: ignore lines, the the docs say.\n"
    assert _codes_and_lines(text) == [("GR001", 3)]


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
