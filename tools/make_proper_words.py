"""Build ``factlint/data/proper_words.yaml``: common English words that are written
capitalised (Christmas, Olympic, Westminster, Parliament's "Commons" aside: words whose
lower-case form Harper's dictionary rejects, suggesting the capitalised one).

Run once when the lists should change (``python tools/make_proper_words.py``); factlint
itself reads only the YAML. A capitalised word used once, unknown to every word list and
one typing slip from one of these ("Christtmas", "Olymipc") is a misspelling; one slip
from a common lower-case word ("Tata" from "tara", "Hemet" from "helmet") is as often a
name nobody's list knows, so only these count. People's given names and surnames (Faker's
lists, all locales) are left out: a slip of a name is as often another name.
"""

from __future__ import annotations

from pathlib import Path

import harper
from spellchecker import SpellChecker

from factlint.analyses.name_lists import faker_person_providers

OUT = Path(__file__).resolve().parent.parent / "factlint" / "data" / "proper_words.yaml"
MIN_COUNT = 100  # pyspellchecker's count: as in factlint.analyses.spelling_evidence.WELL_KNOWN
BATCH = 2000


def person_names() -> set[str]:
    names: set[str] = set()
    for provider in faker_person_providers():
        for attribute in ("first_names", "last_names", "first_names_male", "first_names_female"):
            found = getattr(provider, attribute, ())
            if isinstance(found, (dict, list, tuple, set, frozenset)):
                names.update(str(name).casefold() for name in found)
    return names


def capitalised_only(words: list[str]) -> list[str]:
    """Those of ``words`` that Harper rejects in lower case, suggesting them capitalised."""
    linter = harper.Linter(dialect=harper.Dialect.AMERICAN)
    found = []
    for start in range(0, len(words), BATCH):
        text = "\n\n".join(f"see {word} now." for word in words[start : start + BATCH])
        lints = linter.organized_lints(text, language=harper.Language.PLAINTEXT)
        for lint in lints.get("SpellCheck", []):
            word = text[lint.span.start : lint.span.end]
            if word.capitalize() in [s.replacement_text for s in lint.suggestions]:
                found.append(word.capitalize())
    return found


def main() -> None:
    counts = SpellChecker().word_frequency.dictionary
    words = sorted(w for w, n in counts.items() if n >= MIN_COUNT and w.isalpha() and len(w) >= 4)
    people = person_names()
    proper = sorted(w for w in capitalised_only(words) if w.casefold() not in people)
    lines = [
        "# Made by tools/make_proper_words.py: common words written capitalised (Harper's",
        "# dictionary rejects them in lower case), people's names left out. A one-off",
        "# capitalised word unknown everywhere and one slip from one of these is misspelt.",
        "proper_words:",
        *(f"  - {word}" for word in proper),
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(proper)} words")


if __name__ == "__main__":
    main()
