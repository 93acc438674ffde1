"""What a config may say: its keys, the grammar's keys, the dialects, and
:class:`ConfigError`, the one error a config that cannot be used raises."""

from __future__ import annotations

from factlint.core.errors import InputError

CONFIG_NAMES = (".factlint.yaml", ".factlint.yml")
KEYS = (
    "select",
    "ignore",
    "severity",
    "per-file-ignores",
    "options",
    "fail-on",
    "grammar",
    "dialect",
    "dictionary",
    "packs",
    "pack-paths",
    "facts",
    "archive",
    "baseline",
    "exclude",
    "extend-exclude",
    "timeout",
    "allow-outside-paths",
)
DEFAULT_TIMEOUT = 30.0  # seconds the rules may take on one article
OUTSIDE = "allow-outside-paths"  # facts, dictionary, pack-paths, baseline may leave the folder
GRAMMAR_KEYS = (
    "backend",
    "dialect",
    "fallback-dialect",
    "language",
    "url",
    "cache",
    "disabled-rules",
    "timeout",
)
DIALECTS = ("auto", "american", "british", "australian", "canadian", "indian")
FALLBACK_DIALECTS = (*DIALECTS[1:], "none")
OFF = "off"


class ConfigError(InputError):
    """A configuration file that cannot be used; the message names the file."""
