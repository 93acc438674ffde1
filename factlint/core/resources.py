"""The word lists and tables in ``factlint/data/*.yaml``, read by the article model,
the analyses and rules."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster


@cache
def load(name: str) -> Any:
    """Parse ``factlint/data/<name>.yaml`` once per process."""
    text = resources.files("factlint").joinpath("data", f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=_Loader)  # a safe loader
