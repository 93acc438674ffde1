"""Suppression comments: the directive grammar, what each form silences, and problems."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from factlint.analyses.context import RuleContext
from factlint.article.document import parse
from factlint.article.suppression import Directive, Suppressions, find_directives
from factlint.engine import run as engine
from factlint.engine.config import Config, from_mapping
from factlint.engine.run import check_text

NO_GRAMMAR = from_mapping({"grammar": {"backend": "none"}}, None)
DESK_PACK = """\
pack: tiny-desk
source: A test desk's stylebook
prefix: DK
rules:
  - code: DK001
    name: no-utilize
    kind: existence
    message: 'write "use", not "{match}"'
    tokens: [utilize]
    examples:
      bad: [We utilize the data.]
      good: [We use the data.]
"""


def _codes_and_lines(text: str, config: Config = NO_GRAMMAR) -> list[tuple[str, int]]:
    result = check_text("a.txt", text, config)
    assert result.error is None, result.error
    return [(d.code, d.start.line) for d in result.diagnostics]


# --- the defects of the old parser, through the engine --------------------------------


def test_a_desk_pack_code_is_a_code_not_a_bare_disable(tmp_path: Path) -> None:
    (tmp_path / "desk.yaml").write_text(DESK_PACK, encoding="utf-8")
    mapping = {"grammar": {"backend": "none"}, "pack-paths": ["desk.yaml"]}
    config = from_mapping(mapping, tmp_path / ".factlint.yaml")
    text = (
        "Headline\n\nWe utilize the the data.\n\n<!-- factlint-disable DK001 -->\n\n"
        "We utilize the the data again.\n"
    )
    assert _codes_and_lines(text, config) == [("DK001", 3), ("GR001", 3), ("GR001", 7)]


@pytest.mark.parametrize(
    "directive",
    [
        "<!-- factlint-disabel GR001 -->",
        "factlint: ignroe GR001",
        "<!-- factlint-disable Gr -->",
        "factlint: ignore by request of the desk",
        "<!-- factlint-disable grammar -->",
    ],
)
def test_an_unreadable_directive_silences_nothing(directive: str) -> None:
    text = f"Headline\n\n{directive}\n\nOne the the words.\n\nTwo the the words.\n"
    assert _codes_and_lines(text) == [("FL001", 3), ("GR001", 5), ("GR001", 7)]
    problems = parse("a.txt", text, False).suppressions.problems
    assert len(problems) == 1 and problems[0].start == len("Headline\n\n")


# --- disable, enable and ignore through the engine -----------------------------------

ENGINE_CASES = [
    pytest.param(
        (  # "colored", "center": an American article, which the ap pack (ST101) checks
            "Headline\n\n<!-- factlint-disable-next-line GR001 -->\nThey sold the the 3 cars.\n"
            "They sold the the colored cars at the center.\n"
        ),
        [("ST101", 4), ("GR001", 5)],
        id="disable_next_line_silences_the_next_line_only",
    ),
    pytest.param(
        (
            "Council approves budget\n\nBy Maria Gonzalez\n\nThe council approved the budget.\n\n"
            "factlint: ignore GR001 by request of the desk\n"
            "Maria Gonzales is a reporter who covers the the city hall.\n"
        ),
        [("BY001", 8)],
        id="a_lower_case_reason_word_is_not_a_family",
    ),
    pytest.param(
        (
            'Headline\n\n<!-- factlint-disable QT001, GR -->\n\nOne the the "open.\n\n'
            '<!-- factlint-enable QT001 -->\n\nTwo the the "open.\n\n<!-- factlint-enable -->\n\n'
            "Three the the words.\n"
        ),
        [("QT001", 9), ("GR001", 13)],
        id="enable_ends_exactly_the_codes_it_names",
    ),
    pytest.param(
        'Headline\n\n<!-- factlint-disable qt001 -->\n\nOne the the "open.\n',
        [("FL001", 3), ("GR001", 5), ("QT001", 5)],
        id="a_miscased_code_makes_the_directive_unreadable_not_bare",
    ),
    pytest.param(
        (
            "Headline\n\n<!-- factlint-disable GR001 -->\n<!-- factlint-disable QT001 -->\n\n"
            'One the the "open.\n\n<!-- factlint-enable QT001 -->\n\nTwo the the "open.\n'
        ),
        [("QT001", 10)],
        id="enable_with_a_code_ends_only_that_code",
    ),
    pytest.param(
        (
            "Headline\n\nOne the the.\n\n<!-- factlint-disable -->\n\n"
            "Two the the.\n\nThree the the.\n"
        ),
        [("GR001", 3)],
        id="disable_without_enable_runs_to_the_end",
    ),
    pytest.param(
        "Headline\n\nfactlint: ignore GR\n\nOne the the.\n\nTwo the the.\n",
        [("GR001", 7)],
        id="ignore_line_applies_to_the_next_paragraph_only",
    ),
    pytest.param(
        "Headline\n\nThe tool prints factlint: ignore lines, the the docs say.\n",
        [("GR001", 3)],
        id="directive_words_inside_prose_are_not_directives",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ENGINE_CASES)
def test_the_engine_applies_directives(text: str, expected: list[tuple[str, int]]) -> None:
    assert _codes_and_lines(text) == expected


# --- the parser ----------------------------------------------------------------------


def _written(text: str, directive: Directive) -> list[str]:
    """The codes as the text holds them at the directive's code offsets."""
    pairs = zip(directive.codes, directive.code_offsets, strict=True)
    return [text[offset : offset + len(code)] for code, offset in pairs]


@pytest.mark.parametrize(
    ("text", "verb", "codes", "reason"),
    [
        ("<!-- factlint-disable -->", "disable", (), ""),
        ("<!-- factlint-disable QT001, GR -->", "disable", ("QT001", "GR"), ""),
        ("<!--factlint-disable QT001,GR,,DK0-->", "disable", ("QT001", "GR", "DK0"), ""),
        ("<!-- factlint-disable DK001 -->", "disable", ("DK001",), ""),
        ("<!-- factlint-disable ALL -->", "disable", ("ALL",), ""),
        ("<!-- factlint-enable -->", "enable", (), ""),
        ("<!-- factlint-enable QT001 -->", "enable", ("QT001",), ""),
        ("<!-- factlint: ignore -->", "ignore", (), ""),
        ("<!-- factlint-ignore GR001 -->", "ignore", ("GR001",), ""),
        ("<!-- factlint: disable QT -->", "disable", ("QT",), ""),
        ("<!-- factlint-disable-next-line GR001 -->", "disable-next-line", ("GR001",), ""),
        (
            "<!--\nfactlint-disable GR001\n  QT001 -- a\n table -->",
            "disable",
            ("GR001", "QT001"),
            "a\n table",
        ),
        ("x <!-- factlint-disable-line GR001 -- quoted -->", "disable-line", ("GR001",), "quoted"),
        ("<!-- factlint-disable QT001 -- a > b -->", "disable", ("QT001",), "a > b"),
        ("factlint: ignore", "ignore", (), ""),
        ("factlint:ignore GR001", "ignore", ("GR001",), ""),
        ("  factlint: ignore GR001  ", "ignore", ("GR001",), ""),
        ("factlint-disable GR", "disable", ("GR",), ""),
        ("factlint-disable,GR", "disable", ("GR",), ""),
        ("factlint: disable-next-line QT001 GR100", "disable-next-line", ("QT001", "GR100"), ""),
        ("factlint-enable", "enable", (), ""),
        ("factlint: ignore GR001 -- the minutes", "ignore", ("GR001",), "the minutes"),
        ("factlint: ignore GR001 the minutes", "ignore", ("GR001",), "the minutes"),
        ("factlint: ignore GR001 by request", "ignore", ("GR001",), "by request"),
        ("factlint: ignore GR001 Gr is fine", "ignore", ("GR001",), "Gr is fine"),
        ("factlint: ignore GR001 — as quoted", "ignore", ("GR001",), "as quoted"),
        ("factlint: ignore GR001 BY -- two codes", "ignore", ("GR001", "BY"), "two codes"),
        ("factlint: ignore GR001, -- after a comma", "ignore", ("GR001",), "after a comma"),
        ("factlint: ignore -- by request", "ignore", (), "by request"),
        ("factlint: ignore GR001 --", "ignore", ("GR001",), ""),
        ("factlint: ignore GR001 as is -- a -- b", "ignore", ("GR001",), "as is -- a -- b"),
        ("factlint: ignore GR001 2nd time", "ignore", ("GR001",), "2nd time"),
    ],
)
def test_directives_that_read(text: str, verb: str, codes: tuple[str, ...], reason: str) -> None:
    directives, problems = find_directives(text)
    assert problems == []
    assert [(d.verb, d.codes, d.reason) for d in directives] == [(verb, codes, reason)]
    assert _written(text, directives[0]) == list(codes)


@pytest.mark.parametrize(
    ("text", "culprit", "message"),
    [
        ("<!-- factlint-disabel GR001 -->", "disabel", "did you mean 'disable'?"),
        ("factlint: ignroe GR001", "ignroe", "did you mean 'ignore'?"),
        ("factlint-disable-nextline GR001", "disable-nextline", "'disable-next-line'?"),
        ("<!-- factlint-Disable -->", "Disable", "unknown directive 'Disable'"),
        ("<!-- FactLint-disable -->", "FactLint", "lower case"),
        ("<!-- factlint -->", "factlint", "followed by '-' or ':'"),
        ("<!-- factlint disable GR001 -->", "factlint", "followed by '-' or ':'"),
        ("factlint:", "factlint", "followed by '-' or ':'"),
        ("<!-- factlint-disable qt001 -->", "qt001", "in capitals ('QT001')"),
        ("<!-- factlint-disable Gr -->", "Gr", "in capitals ('GR')"),
        ("factlint: ignore by request of the desk", "by", "reason after '--'"),
        ("factlint: ignore all", "all", "in capitals ('ALL')"),
        ("<!-- factlint-disable grammar -->", "grammar", "reason after '--'"),
        ("<!-- factlint-disable QT001, gr -->", "gr", "in capitals ('GR')"),
        ("factlint: ignore GR001, qt001", "qt001", "in capitals ('QT001')"),
        ("factlint: ignore GR001, the minutes", "the", "after ','"),
        ("factlint: ignore GR001 QT0001", "QT0001", "up to three digits"),
        ("factlint-disable GR001.", "GR001.", "up to three digits"),
        ("factlint-disable QT-001", "QT-001", "up to three digits"),
        ("factlint: disable-line GR001", "factlint: disable-line GR001", "disable-next-line"),
        ("<!-- factlint-disable-line GR001 -->", "<!-- factlint-disable-line GR001 -->", "else"),
        ("<!-- factlint-disable GR001", "<!-- factlint-disable GR001", "'-->'"),
        ("<!-- factlint-disable GR001\n\n-->", "<!-- factlint-disable GR001", "'-->'"),
    ],
)
def test_directives_that_do_not_read(text: str, culprit: str, message: str) -> None:
    directives, problems = find_directives(text)
    assert directives == []
    (problem,) = problems
    assert text[problem.offset : problem.offset + problem.length] == culprit
    assert message in problem.message
    assert problem.start == 0 and problem.end == len(text.split("\n")[0].rstrip())


@pytest.mark.parametrize(
    "text",
    [
        "The tool prints factlint: ignore lines.",
        "Factlint: the linter that reads your copy.",
        "factlint is a linter; factlint-disable is one of its comments.",
        " - factlint: ignore GR001",
        "<!-- see factlint-disable in the manual -->",
        "<!-- factlinter notes -->",
        "The factlint-disable comment, <!-- not a directive -->.",
    ],
)
def test_prose_that_mentions_factlint_is_no_directive(text: str) -> None:
    assert find_directives(text) == ([], [])


def test_a_comment_and_a_line_that_overlap_count_once() -> None:
    text = "<!--\nfactlint: ignore GR001\n-->\nfactlint-disable QT -- x <!-- factlint-enable -->"
    directives, problems = find_directives(text)
    assert [(d.verb, d.codes) for d in directives] == [("ignore", ("GR001",)), ("disable", ("QT",))]
    assert problems == []
    assert (directives[0].start, directives[0].end) == (0, text.index("-->") + 3)


def test_directives_are_found_after_start_only() -> None:
    text = "factlint: ignore GR001\nfactlint: ignore QT001\n"
    directives, _ = find_directives(text, text.index("\n") + 1)
    assert [d.codes for d in directives] == [("QT001",)]


# --- what the directives silence -----------------------------------------------------


def _silenced_lines(text: str, code: str, markdown: bool = False) -> list[int]:
    """The lines with text whose first character a diagnostic ``code`` would be silenced at."""
    doc = parse("a.md" if markdown else "a.txt", text, markdown)
    lines = []
    for number, start in enumerate(doc.line_starts, 1):
        line = doc.prose[start:].split("\n", 1)[0]
        if line.strip():
            offset = start + len(line) - len(line.lstrip())
            if doc.suppressions.suppressed(code, offset):
                lines.append(number)
    return lines


def _article(directives: str) -> str:
    """An article with text on lines 1, 5, 9 and 13, and up to three directives between,
    ``|``-separated: ``disable GR`` is ``<!-- factlint-disable GR -->``; one that starts
    with ``factlint`` is written as a line of its own."""
    lines = [d.strip() for d in directives.split("|")] + ["", ""]
    lines = [d if not d or d.startswith("factlint") else f"<!-- factlint-{d} -->" for d in lines]
    first, second, third = lines[:3]
    return f"One.\n\n{first}\n\nTwo.\n\n{second}\n\nThree.\n\n{third}\n\nFour.\n"


@pytest.mark.parametrize(
    ("directives", "code", "lines"),
    [
        ("disable", "GR001", [5, 9, 13]),
        ("disable GR | enable", "GR001", [5]),
        ("disable GR | enable", "QT001", []),
        ("disable GR001 | enable GR", "GR001", [5]),
        ("disable QT001, GR | enable QT001", "QT001", [5]),
        ("disable QT001, GR | enable QT001", "GR100", [5, 9, 13]),
        ("disable GR | enable GR001", "GR001", [5]),
        ("disable GR | enable GR001", "GR100", [5, 9, 13]),
        ("disable | enable QT", "QT001", [5]),
        ("disable | enable QT", "NM001", [5, 9, 13]),
        ("disable ALL | enable QT001", "QT001", [5]),
        ("disable | enable ALL", "NM001", [5]),
        ("disable GR | enable GR001 | enable GR", "GR100", [5, 9]),
        ("disable GR | enable GR001 | disable GR001", "GR001", [5, 13]),
        ("disable GR | disable GR001 | enable GR001", "GR001", [5, 9]),
        ("disable GR | disable GR001 | enable GR001", "GR100", [5, 9, 13]),
        ("disable GR | disable QT | enable GR", "QT001", [9, 13]),
        ("disable GR | disable QT | enable GR", "GR001", [5, 9]),
        ("enable | enable GR", "GR001", []),
        ("factlint: ignore GR", "GR001", [5]),
        ("factlint: ignore GR | enable", "GR001", [5]),
        ("disable GR | factlint: ignore GR001 | enable", "GR001", [5, 9]),
        (" | | factlint: ignore", "GR001", [13]),
        ("factlint-disable-next-line GR", "GR001", [5]),
        ("disable-next-line | | factlint: disable-next-line QT", "QT001", [5, 13]),
        (" | disable-next-line DK0", "DK001", [9]),
        (" | disable-next-line DK0", "DT001", []),
        (" | | factlint: ignore GR001 -- QT stays on", "QT001", []),
    ],
)
def test_what_each_directive_silences(directives: str, code: str, lines: list[int]) -> None:
    assert _silenced_lines(_article(directives), code) == lines


def test_disable_line_silences_the_line_the_comment_is_on() -> None:
    text = "One.\n\nTwo. <!-- factlint-disable-line GR -->\nThree.\n\nFour.\n"
    assert _silenced_lines(text, "GR001") == [3]
    assert _silenced_lines(text, "QT001") == []


def test_disable_next_line_skips_markdown_markup_and_directives() -> None:
    text = (
        "# Title\n\n<!-- factlint-disable-next-line GR001 -->\n<!-- factlint: ignore QT -->\n"
        "<!-- an editor's note -->\n\nThe the text.\n\nMore text.\n"
    )
    assert _silenced_lines(text, "GR001", markdown=True) == [7]


def test_crlf_articles_read_as_lf_ones() -> None:
    text = (
        "Headline\r\n\r\n<!-- factlint-disable-next-line GR001 -->\r\nOne the the words.\r\n"
        "Two the the words.\r\n\r\nfactlint: ignore GR001 -- quoted\r\nThree the the words.\r\n"
    )
    assert _codes_and_lines(text) == [("GR001", 5)]


# --- what silenced what --------------------------------------------------------------


def _suppressions_after_check(
    text: str, monkeypatch: pytest.MonkeyPatch, config: Config = NO_GRAMMAR
) -> Suppressions:
    """The article's suppressions once the engine has checked it."""
    contexts = []
    original = engine.article_context

    def keep(display: str, article: str, config: Config) -> RuleContext:
        contexts.append(original(display, article, config))
        return contexts[-1]

    monkeypatch.setattr(engine, "article_context", keep)
    assert engine.check_text("a.txt", text, config).error is None
    return contexts[0].article.suppressions


def test_unused_names_the_codes_that_silenced_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "Headline\n\nfactlint: ignore GR001, QT001 -- quoted\nOne the the words.\n\n"
        "<!-- factlint-disable-next-line -->\n\nTwo words.\n\n"
        "<!-- factlint-disable GR -->\n\nThree the the words.\n\n<!-- factlint-enable -->\n\n"
        "factlint: ignore NM001\n\n<!-- factlint-disable DK -->\n"
    )
    suppressions = _suppressions_after_check(text, monkeypatch)
    unused = [(d.verb, d.codes, idle) for d, idle in suppressions.unused()]
    assert unused == [
        ("ignore", ("GR001", "QT001"), ("QT001",)),
        ("disable-next-line", (), ()),
        ("ignore", ("NM001",), ("NM001",)),
        ("disable", ("DK",), ("DK",)),
    ]


def test_every_directive_that_silences_a_diagnostic_is_used() -> None:
    text = "One.\n\n<!-- factlint-disable GR -->\n\nfactlint: ignore GR001\nTwo the the.\n"
    suppressions = parse("a.txt", text, False).suppressions
    assert suppressions.suppressed("GR001", text.index("Two"))
    assert suppressions.unused() == []


def test_named_codes_gives_each_code_with_its_place() -> None:
    text = (
        "<!-- factlint-disable QT001, XX9 -->\nfactlint: ignore ALL -- all\n"
        "<!-- factlint-enable ZZ -->"
    )
    suppressions = parse("a.txt", text, False).suppressions
    named = suppressions.named_codes()
    assert [code for code, _ in named] == ["QT001", "XX9", "ALL", "ZZ"]
    assert all(text[offset : offset + len(code)] == code for code, offset in named)


# --- properties ----------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "factlint",
        "FactLint",
        "<!--",
        "-->",
        "-",
        ":",
        ",",
        " ",
        "\t",
        "\n",
        "\n\n",
        "\r",
        "--",
        "—",
        "disable",
        "enable",
        "ignore",
        "-next-line",
        "-line",
        "disable-next-line",
        "QT001",
        "GR",
        "DK0",
        "ALL",
        "qt001",
        "by",
        "é",
        "x",
    ]
)
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=40).map("".join)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=TEXTS, start=st.integers(min_value=0, max_value=60))
def test_finding_directives_never_fails_and_keeps_its_invariants(text: str, start: int) -> None:
    start = min(start, len(text))
    directives, problems = find_directives(text, start)
    spans = sorted([(d.start, d.end) for d in directives] + [(p.start, p.end) for p in problems])
    assert all(start <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    for d in directives:
        assert "factlint" in text[d.start : d.end] and d.reason == d.reason.strip()
        assert _written(text, d) == list(d.codes)
    for p in problems:
        assert p.start <= p.offset <= p.offset + p.length <= p.end and p.message
    suppressions = Suppressions(directives, problems)
    suppressions.resolve(text, [(0, len(text))])
    for offset in range(0, len(text) + 1, 7):
        suppressions.suppressed("GR001", offset)
    suppressions.unused()


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=st.text())
def test_text_without_the_word_factlint_has_no_directive(text: str) -> None:
    assume("factlint" not in text.lower())
    assert find_directives(text) == ([], [])
