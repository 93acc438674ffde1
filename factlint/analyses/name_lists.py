"""The lists of names factlint knows: given names and surnames in Latin script from Faker's
lists for some 80 locales (gathered once into the cache folder), which sex a given name
belongs to, the countries, peoples and continents of ``data/names.yaml``, and the
lower-case particles inside names."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import regex

from factlint.core.cachefile import load_or_build
from factlint.core.installed import installed_version
from factlint.core.resources import load as load_data


@cache
def place_names() -> frozenset[str]:
    """Countries, their people and the continents (``places`` in ``data/names.yaml``):
    never a person's surname, so never compared with one ("Greece" is not "Greene")."""
    return frozenset(load_data("names")["places"])


@cache
def name_particles() -> frozenset[str]:
    """Lower-case words inside a name ("van", "bin", "dei"): ``data/lexicon.yaml``."""
    return frozenset(load_data("lexicon")["name_particles"])


def given_names() -> frozenset[str]:
    """Given names in Latin script, from Faker's name lists for some 80 locales (~25,000)."""
    return _faker_names()[0]


@cache
def surnames() -> frozenset[str]:
    """Surnames in Latin script, from Faker's name lists for some 80 locales."""
    key = f"faker {installed_version('faker', 'faker')}"
    return load_or_build("surnames", key, _gather_faker_surnames, valid=_are_surnames)


def _are_surnames(table: object) -> bool:
    return isinstance(table, frozenset)


def _gather_faker_surnames() -> frozenset[str]:
    found: set[str] = set()
    for provider in faker_person_providers():
        for attribute in ("last_names", "last_romanized_names"):
            found.update(_names_in(getattr(provider, attribute, None)))
    return frozenset(n for n in found if _LATIN_NAME.fullmatch(n))


def faker_person_providers() -> Iterator[Any]:
    """Faker's person provider of every locale that imports (Faker is imported here)."""
    import importlib
    import pkgutil

    from faker.providers import person

    for module in pkgutil.iter_modules(person.__path__):
        try:
            yield importlib.import_module(f"{person.__name__}.{module.name}").Provider
        except ImportError:
            continue


def name_gender(given: str) -> str | None:
    """ "male" or "female" when Faker's lists give the name to one sex only, else None."""
    _, male, female = _faker_names()
    if given in male and given not in female:
        return "male"
    if given in female and given not in male:
        return "female"
    return None


Names = tuple[frozenset[str], frozenset[str], frozenset[str]]  # all, male, female


@cache
def _faker_names() -> Names:
    """Faker's lists, gathered once into the cache folder (importing Faker's 80 person
    providers takes longer than the rest of a check), keyed by Faker's version."""
    key = f"faker {installed_version('faker', 'faker')}"
    return load_or_build("given-names", key, _gather_faker_names, valid=_are_names)


def _are_names(table: object) -> bool:
    """Whether ``table`` has the shape :func:`_gather_faker_names` gives."""
    return isinstance(table, tuple) and len(table) == 3


def _gather_faker_names() -> Names:
    found: dict[str, set[str]] = {"": set(), "_male": set(), "_female": set()}
    for provider in faker_person_providers():
        for suffix, names in found.items():
            for attribute in (f"first_names{suffix}", f"first_romanized_names{suffix}"):
                names.update(_names_in(getattr(provider, attribute, None)))
    latin = {
        key: frozenset(n for n in names if _LATIN_NAME.fullmatch(n)) for key, names in found.items()
    }
    male, female = latin["_male"], latin["_female"]
    return latin[""] | male | female, male, female


_LATIN_NAME = regex.compile(r"\p{Lu}[\p{Latin}'’-]+")


def _names_in(value: object) -> list[str]:
    if isinstance(value, dict):
        return [k for k in value if isinstance(k, str)]
    if isinstance(value, (tuple, list, set, frozenset)):
        return [v for v in value if isinstance(v, str)]
    return []
