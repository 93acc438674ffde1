"""Recall and false alarms of HL003 (headline-actor-reversed) and HL004
(headline-name-not-in-body) on real articles.

Usage::

    python -m bench inject-headline-actor [--limit N] [--show-misses N] [--json] [--compare]

HL004: a capitalised headline word after the first that the body also has (a name) is
replaced by a surname the body does not have ("Quenneville"): HL004 should report it.

For every headline with an action HL003 knows ("suspends", "withdrawal", "rejects" …) and
two capitalised parties that are not common words, both named in the body ("Russia
suspends talks with Japan"), the party before the action and the other party are swapped
("Japan suspends talks with Russia"): a reversed headline. HL003 should report it when the
body says who did it; the untouched article should draw nothing. Cases where the body
never has the action done by either party are counted apart: no rule can tell there.
PolNeAR's test split is never read; skips cleanly without the corpora.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import regex

from bench import corpora, harness, outputs
from factlint.core.resources import load as load_data
from factlint.core.words import NAME_LIKE, word_frequency

NAME = "inject-headline-actor"
CONFIG = corpora.config(["HL003", "HL004"])
KINDS = (
    "name-replaced",
    "reversed-doer-named",
    "untouched-doer-named",
    "reversed-doer-unnamed",
    "untouched-doer-unnamed",
)
CONTROLS = ("untouched-doer-named", "untouched-doer-unnamed")
LINE_1 = frozenset({1})
STRANGERS = ("Quenneville", "Okonkwo", "Haraldsen", "Vasquez-Lind", "Brannagh")
_PARTY = regex.compile(r"\b\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)*\b")  # "Fannie Mae"
_ACTIONS = [
    regex.compile(rf"\b(?:{forms})\b", regex.I)
    for forms in load_data("headline")["headline_actions"].values()
]


def main(argv: list[str] | None = None) -> int:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles a corpus")
    parser.add_argument("--show-misses", type=int, default=0, help="print this many misses")
    args = outputs.parse(NAME, parser, argv)
    found = corpora.news_files(args.limit)
    if not found:
        return corpora.skip(NAME, corpora.bbc_folder(), corpora.polnear_folder())
    figures = {}
    with outputs.text_output(args):
        for name, files in found.items():
            figures[name] = _measure(name, files, args.show_misses)
    return outputs.finish(args, figures)


def _measure(corpus: str, files: list[Path], show: int) -> dict[str, Any]:
    articles = ((path.name, corpora.read_article(path)) for path in files)
    return harness.measure(
        corpus, articles, _cases, CONFIG, kinds=KINDS, controls=CONTROLS, show=show
    )


def _cases(name: str, text: str) -> Iterator[harness.Case]:
    headline, _, body = text.partition("\n")
    replaced = _name_replaced(headline, body)
    if replaced is not None:
        note = f"headline: {replaced}"
        yield harness.Case(
            "name-replaced", name, replaced + "\n" + body, ("HL004",), LINE_1, note=note
        )
    swapped = _reversed(headline, body)
    if swapped is None:
        return
    doer = "doer-named" if _body_acts(body, headline) else "doer-unnamed"
    yield harness.Case(f"reversed-{doer}", name, swapped + "\n" + body, ("HL003",), note=swapped)
    yield harness.Case(f"untouched-{doer}", name, text, ("HL003",), control=True, note=headline)


def _name_replaced(headline: str, body: str) -> str | None:
    """The headline with its first one-word name the body has (after its first word)
    replaced by a surname the body lacks."""
    words = [
        m
        for m in _PARTY.finditer(headline)
        if m.start() > 0
        and " " not in m.group()
        and word_frequency(m.group().lower()) < NAME_LIKE
        and m.group() in body
    ]
    stranger = next((s for s in STRANGERS if s not in body), None)
    if not words or stranger is None:
        return None
    word = words[0]
    return headline[: word.start()] + stranger + headline[word.end() :]


def _reversed(headline: str, body: str) -> str | None:
    """The headline with its actor and another party swapped, or None if it has no such pair."""
    for pattern in _ACTIONS:
        action = pattern.search(headline)
        if action is None:
            continue
        parties = [
            m
            for m in _PARTY.finditer(headline)
            if all(word_frequency(w.lower()) < NAME_LIKE for w in m.group().split())
            and m.group() in body
        ]
        before = [m for m in parties if m.end() <= action.start()]
        others = [m for m in parties if m.group() != (before[-1].group() if before else None)]
        if not before or not others:
            return None
        actor = before[-1]
        other = next((m for m in others if m.start() > action.end()), others[0])
        first, second = sorted((actor, other), key=lambda m: m.start())
        return (
            headline[: first.start()]
            + second.group()
            + headline[first.end() : second.start()]
            + first.group()
            + headline[second.end() :]
        )
    return None


def _body_acts(body: str, headline: str) -> bool:
    """Whether a body sentence has one of the headline's actions after a capitalised party."""
    for pattern in _ACTIONS:
        if pattern.search(headline):
            for match in pattern.finditer(body):
                if _PARTY.search(body, max(0, match.start() - 60), match.start()):
                    return True
    return False


if __name__ == "__main__":
    raise SystemExit(main())
