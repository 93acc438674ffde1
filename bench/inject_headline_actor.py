"""Recall and false alarms of HL003 (headline-actor-reversed) and HL004
(headline-name-not-in-body) on real articles.

Usage::

    python bench/inject_headline_actor.py [--limit N] [--show]

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

import argparse
from collections import Counter
from pathlib import Path

import corpora
import regex

from factlint.core.resources import load as load_data
from factlint.core.words import NAME_LIKE, word_frequency
from factlint.engine.run import check_text

CONFIG = corpora.config(["HL003"])
NAME_CONFIG = corpora.config(["HL004"])
STRANGERS = ("Quenneville", "Okonkwo", "Haraldsen", "Vasquez-Lind", "Brannagh")
_PARTY = regex.compile(r"\b\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)*\b")  # "Fannie Mae"
_ACTIONS = [
    regex.compile(rf"\b(?:{forms})\b", regex.I)
    for forms in load_data("headline")["headline_actions"].values()
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles a corpus")
    parser.add_argument("--show", action="store_true", help="print every case")
    args = parser.parse_args(argv)
    found = corpora.news_files(args.limit)
    if not found:
        return corpora.skip("inject_headline_actor", corpora.bbc_folder(), corpora.polnear_folder())
    for name, files in found.items():
        _measure(name, files, args.show)
    return 0


def _measure(corpus: str, files: list[Path], show: bool) -> None:
    counts: Counter[str] = Counter()
    for path in files:
        text = corpora.read_article(path)
        headline, _, body = text.partition("\n")
        _name_case(path.name, headline, body, counts)
        swapped = _reversed(headline, body)
        if swapped is None:
            continue
        acted = _body_acts(body, headline)
        kind = "body names the doer" if acted else "body never names the doer"
        counts[f"{kind} cases"] += 1
        untouched = check_text(path.name, text, CONFIG).diagnostics
        counts[f"{kind} untouched alarms"] += bool(untouched)
        fired = bool(check_text(path.name, swapped + "\n" + body, CONFIG).diagnostics)
        counts[f"{kind} caught"] += fired
        if show:
            print(f"  {'HIT ' if fired else 'miss'} {path.name}: {swapped}")
    print(f"{corpus}: {len(files)} articles")
    hits, cases = counts["name caught"], counts["name cases"]
    print(
        f"  HL004 headline name replaced: {hits}/{cases} caught"
        + (f" = {hits / cases:.3f}" if cases else "")
    )
    print(f"  HL004 on the untouched headlines: {counts['name untouched']}/{len(files)} articles")
    for kind in ("body names the doer", "body never names the doer"):
        cases = counts[f"{kind} cases"]
        print(
            f"  {kind:26} reversed caught {counts[f'{kind} caught']}/{cases}, "
            f"untouched alarms {counts[f'{kind} untouched alarms']}/{cases}"
        )


def _name_case(name: str, headline: str, body: str, counts: Counter[str]) -> None:
    text = headline + "\n" + body
    counts["name untouched"] += bool(check_text(name, text, NAME_CONFIG).diagnostics)
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
        return
    word = words[0]
    changed = headline[: word.start()] + stranger + headline[word.end() :]
    result = check_text(name, changed + "\n" + body, NAME_CONFIG)
    counts["name cases"] += 1
    counts["name caught"] += any(d.start.line == 1 for d in result.diagnostics)


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
