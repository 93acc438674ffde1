"""The name index: mentions, people, spelling variants and consistently spelled names."""

from __future__ import annotations

from pathlib import Path

import pytest

from factlint.analyses.name_similarity import near_miss
from factlint.analyses.people import NameIndex, name_gender
from factlint.article.document import parse

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "kishida-peace-treaty.txt"


def _index(body: str):
    return NameIndex(parse("a.txt", "Headline\n\n" + body, False))


def test_seed_people_titles_and_quotes() -> None:
    names = NameIndex(parse("seed.txt", SEED.read_text(encoding="utf-8"), False))
    assert set(names.people) >= {"kishida", "matsuno", "putin"}
    matsuno = names.people["matsuno"]
    assert [(m.title, m.text, m.courtesy) for m in matsuno.mentions] == [
        ("Chief Cabinet Secretary", "Hirokazu Matsuno", False),
        ("Mr.", "Matsuno", True),
    ]
    assert "japan" not in names.people and "minister" not in names.people


def test_seed_names_are_spelled_consistently() -> None:
    names = NameIndex(parse("seed.txt", SEED.read_text(encoding="utf-8"), False))
    assert names.variants == []
    assert {"Kishida", "Fumio", "Hirokazu", "Matsuno", "Kyodo", "Kuril"} <= set(names.word_counts)


def test_a_near_miss_of_a_known_surname_is_a_variant_with_the_majority_form() -> None:
    names = _index(
        "Prime Minister Fumio Kishida spoke. Kishida said no. Kishida left.\n\n"
        "Later Kishda said it again.\n"
    )
    (variant,) = names.variants
    assert (variant.word.text, variant.expected, variant.expected_count) == ("Kishda", "Kishida", 3)
    assert "Kishda" in {v.word.text for v in names.variants}


def test_given_names_are_not_compared_with_surnames() -> None:
    names = _index("David Davis said so. Davis said it twice. David Davis left.\n")
    assert names.variants == []


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Kishida", "Kishda", True),
        ("Matsuno", "Matuno", True),
        ("Russia", "Russian", False),  # an inflection
        ("Clark", "Clarke", False),  # another common surname
        ("Clinton", "Clintons", False),
        ("Smith", "Jones", False),
        ("Lian", "Liang", False),  # too short to tell
        ("Kishida", "Pishida", False),  # a different initial
    ],
)
def test_near_miss(a: str, b: str, expected: bool) -> None:
    assert near_miss(a, b) is expected


def test_name_gender_from_faker_lists() -> None:
    assert name_gender("Michelle") == "female"
    assert name_gender("Barack") in (None, "male")
    assert name_gender("Robert") == "male"
