"""Which version of a dependency is installed, found without importing it.

A cache key names the version of what made the cached data (the grammar engine, the word
counts), and the data is often used without the dependency itself. ``importlib.metadata``
answers, but importing it takes longer than the rest of a short run's set-up, so the
version is read from the ``*.dist-info`` folder beside the package, as
``importlib.metadata`` would read it, falling back to ``importlib.metadata`` when that
folder is not plain to see (an editable or zipped install, two versions side by side).
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from pathlib import Path


def is_installed(package: str) -> bool:
    """Whether the top-level package ``package`` can be imported (it is not imported)."""
    return importlib.util.find_spec(package) is not None


@cache
def installed_version(distribution: str, package: str) -> str:
    """``importlib.metadata.version(distribution)``, where ``package`` is the top-level
    package the distribution installs. Raises ``importlib.metadata.PackageNotFoundError``
    when it is not installed."""
    try:
        return _dist_info_version(distribution, package)
    except (OSError, LookupError, ValueError):
        from importlib import metadata

        return metadata.version(distribution)


def _dist_info_version(distribution: str, package: str) -> str:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(package)
    folder = Path(next(iter(spec.submodule_search_locations))).parent
    wanted = _normalized(distribution)
    found = [
        entry.path
        for entry in os.scandir(folder)
        if entry.name.endswith(".dist-info")
        and _normalized(entry.name.removesuffix(".dist-info").partition("-")[0]) == wanted
    ]
    if len(found) != 1:
        raise LookupError(distribution)
    return _metadata_version(Path(found[0]) / "METADATA", wanted)


def _metadata_version(path: Path, wanted: str) -> str:
    name = version = None
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                break  # the headers end at the first blank line
            key, _, value = line.partition(":")
            if key == "Name":
                name = value.strip()
            elif key == "Version":
                version = value.strip()
    if name is None or _normalized(name) != wanted or not version:
        raise LookupError(path)
    return version


def _normalized(name: str) -> str:
    """A distribution's name as PEP 503 compares them (``harper-py``, ``harper_py``)."""
    out = []
    for char in name.lower():
        out.append("-" if char in "-_." else char)
    return "-".join(part for part in "".join(out).split("-") if part)
