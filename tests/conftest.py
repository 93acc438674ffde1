from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

_SLOW_KINDS = ("browser", "bench", "serial")

# Marks of test modules that other branches own (their files are theirs to edit): every test
# of test_bench.py runs a bench script; the fuzz tests that generate or spawn are slow, the
# fuzz regressions and the shape builders stay in the fast tier.
_MODULE_MARKS = {"test_bench.py": "bench"}
_SLOW_FUZZ = {
    "test_article_shape_is_checked_or_refused_in_one_line",
    "test_config_shape_is_an_input_error",
    "test_generated_articles_check_soundly",
    "test_harper_shape_is_checked_or_refused_in_one_line",
    "test_long_quote_paragraphs_check_soundly",
    "test_the_cli_mode_checks_and_tallies_inputs",
    "test_the_supervisor_names_the_input_that_aborts_or_runs_on",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A browser, bench or serial test is slow too: `pytest -m "not slow"` leaves it out."""
    for item in items:
        module = item.path.name
        if module in _MODULE_MARKS:
            item.add_marker(getattr(pytest.mark, _MODULE_MARKS[module]))
        name = item.originalname if isinstance(item, pytest.Function) else item.name
        if module == "test_fuzz.py" and name in _SLOW_FUZZ:
            item.add_marker(pytest.mark.slow)
        if any(item.get_closest_marker(kind) for kind in _SLOW_KINDS):
            item.add_marker(pytest.mark.slow)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite fixtures/*.golden.json from factlint's output instead of comparing "
        "(also FACTLINT_UPDATE_GOLDENS=1)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are to be rewritten rather than compared."""
    return bool(request.config.getoption("--update-goldens")) or (
        os.environ.get("FACTLINT_UPDATE_GOLDENS") == "1"
    )


@pytest.fixture(scope="session")
def _shared_tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The derived tables of one test run (core/cachefile.py: word counts, given names and
    surnames, letter runs, checked packs), built once and read back by every test."""
    return tmp_path_factory.mktemp("tables")


@pytest.fixture(autouse=True)
def _private_grammar_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, _shared_tables: Path
) -> None:
    """Tests never read or write the user's cache folder. Each has a cache folder of its own
    (grammar results, result cache), whose ``tables`` are the run's: building them again is
    the same work each time, a second of every factlint process a test starts. A test about
    the tables themselves sets FACTLINT_CACHE_DIR to a folder of its own."""
    cache = tmp_path_factory.mktemp("cache")
    with contextlib.suppress(OSError):  # no symbolic links here: this test builds its own
        (cache / "tables").symlink_to(_shared_tables, target_is_directory=True)
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(cache))


@pytest.fixture(autouse=True)
def _no_shell_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output follows the tests, not the shell's NO_COLOR/FORCE_COLOR or a CI runner's
    GITHUB_ACTIONS (which picks the github format) and GITHUB_STEP_SUMMARY."""
    names = ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS")
    for name in (*names, "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
