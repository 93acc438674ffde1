"""The fact register: its errors, how its names feed the other rules, and the sheet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factlint.cli.main import main
from factlint.engine.config import ConfigError, from_mapping
from factlint.engine.run import check_text

ROOT = Path(__file__).resolve().parent.parent
REGISTER = ROOT / "fixtures" / "facts" / "seed-register.yaml"
GOOD = """\
people:
  - name: Hirokazu Matsuno
    roles:
      - {title: Chief Cabinet Secretary, organisation: Japan, start: 2021-10-04}
"""


def _config(tmp_path: Path, text: str) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    from_mapping({"facts": str(path)}, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("people: [\n", "facts.yaml:2: invalid YAML"),
        (GOOD.replace("roles:", "role:"), "facts.yaml:2: unknown person key (aliases, "),
        (GOOD.replace("start: 2021-10-04", "start: 4 October 2021"), "facts.yaml:4: start"),
        (GOOD.replace("start: 2021-10-04", "start: 2021-10-04, end: 2020-01-01"), "ends before"),
        (GOOD.replace("name: Hirokazu Matsuno", "name: ''"), "facts.yaml:2: a person needs name"),
        ("figures:\n  - {what: banks, value: seven, unit: banks}\n", "needs value: (a number)"),
        ("people: Matsuno\n", "facts.yaml:1: people must be a list"),
    ],
)
def test_a_malformed_register_names_file_and_line(tmp_path, text, expected) -> None:
    with pytest.raises(ConfigError) as caught:
        _config(tmp_path, text)
    assert expected in str(caught.value)


def test_a_missing_register_is_a_config_error(tmp_path) -> None:
    with pytest.raises(ConfigError, match=r"^config: facts: the path names no file") as raised:
        from_mapping({"facts": str(tmp_path / "nowhere.yaml")}, None)
    assert "nowhere" not in str(raised.value)


def test_register_names_join_the_dictionary() -> None:
    config = from_mapping({"facts": str(REGISTER)}, None)
    assert {"Matsuno", "Hirokazu", "Kishida", "Kyodo", "Putin"} <= config.grammar.words


def test_the_register_settles_which_spelling_is_right() -> None:
    text = (
        "Talks end\n\nChief Cabinet Secretary Hirokazu Matuno spoke. Matuno said talks were over."
        " Matuno left. Later Matsuno returned.\n"
    )
    plain = from_mapping({"grammar": {"backend": "none"}, "select": ["NM001", "FC"]}, None)
    found = [(d.code, d.message) for d in check_text("a.txt", text, plain).diagnostics]
    assert found == [("NM001", '"Matsuno" is spelled "Matuno" elsewhere in the article (3 times)')]
    settings = {"grammar": {"backend": "none"}, "select": ["NM001", "FC"], "facts": str(REGISTER)}
    registered = from_mapping(settings, None)
    found = [d for d in check_text("a.txt", text, registered).diagnostics if d.code != "FC005"]
    assert {d.code for d in found} == {"FC001"} and len(found) == 3
    assert all(d.fix.replacement in ("Hirokazu Matsuno", "Matsuno") for d in found)


def test_the_sheet_lists_people_numbers_dates_and_quotes(tmp_path, capsys) -> None:
    config = tmp_path / ".factlint.yaml"
    config.write_text(f"facts: {REGISTER}\nallow-outside-paths: true\n", encoding="utf-8")
    article = ROOT / "fixtures" / "facts-titles.md"
    assert main(["sheet", "--config", str(config), str(article)]) == 0
    out = capsys.readouterr().out
    assert "article date: 2022-03-22" in out
    assert "[ ] Hirokazu Matsuno (line 7; in register)" in out
    assert "Japan's Prime Minister was Fumio Kishida" in out
    assert (
        main(
            [
                "sheet",
                "--format",
                "json",
                "--config",
                str(config),
                str(ROOT / "fixtures" / "kishida-peace-treaty.txt"),
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)["files"][0]
    assert data["date"] is None and data["register"].endswith("seed-register.yaml")
    assert {p["name"] for p in data["people"]} >= {"Fumio Kishida", "Vladimir Putin"}
    assert any(n["text"] == "7 Russian banks" and n["line"] == 27 for n in data["numbers"])
    assert any(q["speaker"] == "Hirokazu Matsuno" and q["line"] == 21 for q in data["quotes"])
    assert main(["sheet", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err


def test_a_percentage_figure_is_checked_in_its_own_clause(tmp_path) -> None:
    register = tmp_path / "facts.yaml"
    register.write_text(
        "figures:\n  - {what: the jobless rate, value: 2.7, unit: percent,"
        " context: [unemployment], source: Statistics Bureau, as-of: 2022-03-29}\n",
        encoding="utf-8",
    )
    config = from_mapping(
        {"grammar": {"backend": "none"}, "select": ["FC003"], "facts": str(register)}, None
    )

    def flagged(sentence: str) -> list[str]:
        result = check_text("a.txt", f"Headline\n\n{sentence}\n", config)
        return [d.message.split(":")[0] for d in result.diagnostics]

    assert flagged("Unemployment stood at 2.7% in February.") == []
    assert flagged("Unemployment stood at 2.9 per cent.") == ['"2.9 per cent"']
    assert flagged("Unemployment rose 3 percent, and inflation 2.9 percent.") == ['"3 percent"']
