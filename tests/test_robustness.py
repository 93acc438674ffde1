"""Any text at all: the article model and every rule finish without an internal error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factlint.engine.config import from_mapping
from factlint.engine.run import check_text

NO_GRAMMAR = from_mapping({"grammar": {"backend": "none"}}, None)
PIECES = st.sampled_from(
    [
        "“",
        "”",
        '"',
        "'",
        "‘",
        "’",
        "\n",
        "\n\n",
        " ",
        ".",
        ",",
        ":",
        "—",
        "-",
        "(",
        ")",
        "Mr. ",
        "Dr ",
        "By ",
        "said ",
        "told ",
        "According to ",
        "Quote ",
        "the the ",
        "Kishida",
        "Fumio ",
        "Jane Doe",
        " is a reporter",
        "Reuters contributed to this report.",
        "<!-- factlint-disable -->",
        "factlint: ignore QT001",
        "---\n",
        "title: x\n",
        "# ",
        "```",
        "`",
        "[link](http://x)",
        "*",
        "_",
        "2005",
        "WASHINGTON — ",
        "é",
        "\u00a0",
    ]
)
ARTICLES = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=60).map("".join)


@pytest.mark.slow
@settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(text=ARTICLES, markdown=st.booleans())
def test_no_internal_error_on_any_text(text: str, markdown: bool) -> None:
    if not text.strip():
        return
    result = check_text("a.md" if markdown else "a.txt", text, NO_GRAMMAR)
    assert result.error is None or "internal error" not in result.error, result.error
    for diagnostic in result.diagnostics:
        assert 0 <= diagnostic.offset <= len(text)
        assert diagnostic.start.line >= 1 and diagnostic.start.column >= 1
