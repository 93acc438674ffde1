"""Configuration files: discovery, validation, selection, severities, per-file ignores."""

from __future__ import annotations

from pathlib import Path

import pytest

from factlint.core.diagnostics import Severity
from factlint.engine.config import Config, ConfigError, Resolver, from_mapping, load_file


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_discovery_walks_up_to_the_nearest_config(tmp_path: Path) -> None:
    _write(tmp_path / ".factlint.yaml", "ignore: [GR001]\n")
    _write(tmp_path / "desk" / "pyproject.toml", "[tool.factlint]\nignore = ['QT']\n")
    _write(tmp_path / "other" / "pyproject.toml", "[project]\nname = 'x'\n")
    resolver = Resolver()
    assert resolver.for_file(tmp_path / "desk" / "a" / "story.txt").ignore == ["QT"]
    # a pyproject.toml without [tool.factlint] is passed over
    assert resolver.for_file(tmp_path / "other" / "story.txt").ignore == ["GR001"]


def test_yaml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    _write(tmp_path / ".factlint.yaml", "ignore: [GR001]\n")
    _write(tmp_path / "pyproject.toml", "[tool.factlint]\nignore = ['QT']\n")
    assert Resolver().for_file(tmp_path / "a.txt").ignore == ["GR001"]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"colour": "red"}, r"unknown key \(key 1\)"),
        ({"select": ["QT999"]}, r"select: unknown rule code \(item 1\)"),
        ({"ignore": ["XX"]}, r"ignore: unknown rule code \(item 1\)"),
        ({"severity": {"QT001": "fatal"}}, r"QT001: unknown severity \(error"),
        ({"per-file-ignores": {"*.md": ["ZZ001"]}}, r"ignores: unknown rule code \(item 1\)"),
        ({"options": {"GR001": {"colour": 1}}}, r"GR001: unknown option \(key 1\)"),
        ({"options": {"NM003": {"courtesy-titles": "sometimes"}}}, "must be one of none"),
        ({"options": {"GR001": {"allowed": "had"}}}, "allowed: must be a list"),
        ({"fail-on": "sometimes"}, "fail-on"),
        ({"select": 3}, "expected a list of rule codes"),
    ],
)
def test_unknown_keys_and_codes_are_errors_that_say_which(settings: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as raised:
        from_mapping(settings, Path("/desk/.factlint.yaml"))
    assert not {"colour", "QT999", "XX", "fatal", "ZZ001"} & set(str(raised.value).split())


def test_malformed_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path / ".factlint.yaml", "select: [QT\nignore: x: y\n")
    with pytest.raises(ConfigError, match=r"\.factlint\.yaml:\d+: invalid YAML"):
        load_file(path)


def test_malformed_toml_names_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", "[tool.factlint\n")
    with pytest.raises(ConfigError, match=r"pyproject\.toml:1: invalid TOML"):
        load_file(path)


def test_select_and_ignore_prefer_the_more_specific_selector() -> None:
    config = from_mapping({"select": ["QT001", "GR"], "ignore": ["QT", "GR001"]}, None)
    assert config.enabled("QT001", None)
    assert not config.enabled("GR001", None)
    assert not config.enabled("BY001", None)


def test_severity_overrides_and_off() -> None:
    config = from_mapping({"severity": {"QT": "info", "QT001": "warning", "GR001": "off"}}, None)
    assert config.severity_of("QT001", Severity.ERROR) is Severity.WARNING
    assert config.severity_of("QT002", Severity.ERROR) is Severity.INFO
    assert config.severity_of("GR001", Severity.WARNING) is None
    assert config.severity_of("BY001", Severity.ERROR) is Severity.ERROR


def test_per_file_ignores_match_relative_paths_and_names(tmp_path: Path) -> None:
    config = from_mapping(
        {"per-file-ignores": {"opinion/*": ["GR"], "*.md": ["QT001"]}}, tmp_path / ".factlint.yaml"
    )
    assert not config.enabled("GR001", tmp_path / "opinion" / "a.txt")
    assert config.enabled("GR001", tmp_path / "news" / "a.txt")
    assert not config.enabled("QT001", tmp_path / "news" / "a.md")


def test_command_line_select_replaces_and_ignore_adds() -> None:
    config = from_mapping({"select": ["QT"], "ignore": ["GR001"]}, None)
    merged = config.with_overrides(["BY"], ["BY002"])
    assert merged.select == ["BY"] and merged.ignore == ["GR001", "BY002"]
    assert config.select == ["QT"]


def test_defaults() -> None:
    config = Config()
    assert config.enabled("QT001", None)
    assert config.fail_on is Severity.WARNING
