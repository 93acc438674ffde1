from __future__ import annotations

import os

import pytest

_SLOW_KINDS = ("browser", "bench", "serial")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A browser, bench or serial test is slow too: `pytest -m "not slow"` leaves it out."""
    for item in items:
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


@pytest.fixture(autouse=True)
def _private_grammar_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read or write the user's grammar cache."""
    monkeypatch.setenv("FACTLINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def _no_shell_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output follows the tests, not the shell's NO_COLOR/FORCE_COLOR or a CI runner's
    GITHUB_ACTIONS (which picks the github format) and GITHUB_STEP_SUMMARY."""
    names = ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS")
    for name in (*names, "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
