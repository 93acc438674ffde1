"""The word lists in factlint/data are lists of strings (YAML reads a bare On or No as a
boolean, which would silently drop the word)."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

DATA_FILES = sorted(
    f.name
    for f in resources.files("factlint").joinpath("data").iterdir()
    if f.name.endswith(".yaml")
)


@pytest.mark.parametrize("name", DATA_FILES)
def test_word_lists_hold_only_strings(name: str) -> None:
    data = yaml.safe_load(resources.files("factlint").joinpath("data", name).read_text("utf-8"))
    for key, value in data.items():
        assert isinstance(value, (list, dict)), key
        items = list(value.items()) if isinstance(value, dict) else [("", v) for v in value]
        odd = [item for pair in items for item in pair if not isinstance(item, str)]
        assert not odd, f"{name}: {key} holds non-strings {odd}"
