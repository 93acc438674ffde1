"""The settings-schema helper the three YAML readers (config, packs, fact register) share:
one form of error (file, line, keys above, problem), unknown keys refused, types checked."""

from __future__ import annotations

import pytest

from factlint.core.errors import InputError
from factlint.core.settings_schema import FLAG, TEXTS, WHOLE, Place, Schema, check_types
from factlint.core.yamlfile import LinedDict
from factlint.engine.config import ConfigError, from_mapping


class _Error(InputError):
    pass


def test_a_place_names_the_file_the_line_and_the_keys() -> None:
    assert str(Place("config a.yaml")) == "config a.yaml"
    assert (
        str(Place("config a.yaml", 4, ("severity", "QT001"))) == "config a.yaml:4: severity: QT001"
    )
    assert str(Place("pack p.yaml").of({"__line__": 7}).under("rule ST101")) == (
        "pack p.yaml:7: rule ST101"
    )


def test_an_unknown_key_is_said_by_its_line_or_its_number_never_quoted() -> None:
    schema = Schema(("select", "ignore"), {})
    lined = LinedDict({"select": "ALL", "secret-token": 1})
    lined.key_lines = {"select": 1, "secret-token": 2}
    with pytest.raises(_Error) as caught:
        schema.check(lined, Place("config c.yaml"), _Error)
    assert str(caught.value) == "config c.yaml:2: unknown key (known keys: select, ignore)"
    with pytest.raises(_Error) as caught:
        schema.check({"select": "ALL", "secret-token": 1}, Place("config c.toml"), _Error)
    assert str(caught.value) == "config c.toml: unknown key (key 2) (known keys: select, ignore)"


def test_a_lined_mapping_keeps_its_line_key_and_lists_the_keys_sorted() -> None:
    schema = Schema(("b", "a"), {}, unknown="unknown person key ({known})", sort=True, lined=True)
    schema.check({"__line__": 3, "a": 1}, Place("facts f.yaml"), _Error)
    with pytest.raises(_Error, match=r"^facts f.yaml:3: unknown person key \(a, b\)$"):
        schema.check({"__line__": 3, "c": 1}, Place("facts f.yaml").of({"__line__": 3}), _Error)


def test_a_config_key_named_like_the_line_key_is_still_unknown() -> None:
    with pytest.raises(ConfigError, match="unknown key"):
        from_mapping({"__line__": 1}, None)


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ({"max": True}, "max must be a whole number"),
        ({"safe": "yes"}, "safe must be true or false"),
        ({"tokens": ["a", ""]}, "tokens must be a list of text"),
    ],
)
def test_a_value_of_the_wrong_type_names_the_key_and_the_type(table: dict, said: str) -> None:
    types = {"max": WHOLE, "safe": FLAG, "tokens": TEXTS}
    with pytest.raises(_Error) as caught:
        check_types(table, types, Place("pack p.yaml", 2), _Error)
    assert str(caught.value) == f"pack p.yaml:2: {said}"


def test_a_bounded_type_keeps_its_name_and_refuses_what_lies_outside() -> None:
    from factlint.core.settings_schema import NUMBER, bounded

    seconds = bounded(NUMBER, above=0, below=1e6)
    count = bounded(WHOLE, at_least=0)
    assert seconds.name == "a number" and count.name == "a whole number"
    assert [seconds.valid(v) for v in (0.5, 0, -1, 1e6, True, float("nan"), "3")] == [
        True, False, False, False, False, False, False
    ]  # fmt: skip
    assert [count.valid(v) for v in (0, 3, -1, 2.0, False)] == [True, True, False, False, False]


@pytest.mark.parametrize(("timeout", "valid"), [(0.5, True), (0, False), (10**6, False)])
def test_the_configs_seconds_use_the_bounded_number(timeout: float, valid: bool) -> None:
    if valid:
        assert from_mapping({"timeout": timeout}, None).timeout == timeout
        return
    with pytest.raises(
        ConfigError, match=r"^config: timeout: expected a number of seconds above 0$"
    ):
        from_mapping({"timeout": timeout}, None)
