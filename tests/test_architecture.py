"""The layers hold: import-linter's contracts in pyproject.toml (each layer imports only
from the layers below it; no rule imports another rule), the article model loads no
layer above it, no module takes part in an import cycle, and the package type-checks
(mypy, as configured in pyproject.toml)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept(capsys) -> None:
    cwd = Path.cwd()
    os.chdir(ROOT)  # import-linter reads pyproject.toml and finds the package from here
    try:
        status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    finally:
        os.chdir(cwd)
    report = capsys.readouterr().out
    assert status == 0, report
    assert "BROKEN" not in report and "2 kept, 0 broken" in report


def test_importing_the_article_model_loads_no_rule_or_engine() -> None:
    import subprocess
    import sys

    code = (
        "import sys, factlint.article.document;"
        "print(sorted(m for m in sys.modules if m.startswith("
        "('factlint.rules', 'factlint.engine', 'factlint.packs', 'factlint.analyses'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.slow
def test_the_package_type_checks() -> None:
    from mypy import api

    cwd = Path.cwd()
    os.chdir(ROOT)  # mypy reads [tool.mypy] from pyproject.toml here
    try:
        out, err, status = api.run(["--no-error-summary"])
    finally:
        os.chdir(cwd)
    assert status == 0, out + err


def test_no_module_imports_itself_round_a_cycle() -> None:
    import graphlib

    import grimp

    graph = grimp.build_graph("factlint")
    imports = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    try:
        graphlib.TopologicalSorter(imports).prepare()
    except graphlib.CycleError as exc:
        raise AssertionError(f"import cycle: {' -> '.join(exc.args[1])}") from None


def test_only_the_command_line_imports_argparse() -> None:
    """Nothing below ``factlint/cli/`` sees the command line: commands hand typed values
    down, never an ``argparse.Namespace``."""
    import ast

    package = ROOT / "factlint"
    found = []
    for module in sorted(package.rglob("*.py")):
        if module.is_relative_to(package / "cli"):
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(name.split(".")[0] == "argparse" for name in names):
                found.append(str(module.relative_to(ROOT)))
    assert found == []


MAX_MODULE_LINES = 500


def test_no_module_is_longer_than_the_limit() -> None:
    """A module past :data:`MAX_MODULE_LINES` lines is split into coherent parts."""
    long = {
        str(module.relative_to(ROOT)): lines
        for module in sorted((ROOT / "factlint").rglob("*.py"))
        if (lines := len(module.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}
