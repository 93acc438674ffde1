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


# --- a slip no list knows is a slip wherever it stands ------------------------------------


@pytest.mark.parametrize(
    ("body", "slip", "expected"),
    [
        # the surname in a firm's name ("given name" position): roles do not matter
        (
            "Steel boss Rajan Kowtani said the deal was done. Kowtani said the price was "
            "fair, and Kowtani left. Shares in Kowttani Steel rose.\n",
            "Kowttani",
            "Kowtani",
        ),
        # in a relative's full name, whose given name is not this person's
        (
            "Prime Minister Alan Brackley said he would stay. Brackley said so twice, and "
            "Brackley left. His wife, Cherie Brackkley, smiled.\n",
            "Brackkley",
            "Brackley",
        ),
        # in the only full name, the surname written bare (never as a person's) elsewhere
        (
            "The Quintrell campaign said the Quintrell plan would work. Supporters of the "
            "Quintrell bill cheered as Alan Qiuntrell arrived.\n",
            "Qiuntrell",
            "Quintrell",
        ),
    ],
)
def test_a_slip_no_list_knows_is_a_variant_wherever_it_stands(
    body: str, slip: str, expected: str
) -> None:
    variants = {v.word.text: v.expected for v in _index(body).variants}
    assert variants == {slip: expected}


def test_two_peoples_names_the_lists_know_are_not_variants() -> None:
    # "Horan" is a surname of the lists: two players, each given in full
    body = (
        "Ireland named Shane Horgan on the wing. Horgan scored twice. Marcus Horan came on "
        "for his first cap and Horgan left.\n"
    )
    assert _index(body).variants == []
