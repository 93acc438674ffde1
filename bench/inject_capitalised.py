"""Defect injection: misspelt capitalised words, and misspelt later mentions of a surname.

Run from anywhere (the corpora are found as ``bench/corpora.py`` says)::

    python -m bench inject-capitalised                       # 200 articles a corpus, seed 17
    python -m bench inject-capitalised --limit 400 --seed 3 --corpus bbc
    python -m bench inject-capitalised --show-misses 10      # misses, and new findings on
                                                             # the untouched articles

Real, edited articles are read at run time (BBC without its marked duplicates; PolNeAR
``train`` and ``dev``, never ``test``). Each article is checked with factlint's default
configuration (``check_text``, the default grammar engine) as it is (``untouched``), then
once for each kind of case, with one word misspelt:

* ``capitalised``: a capitalised word in the middle of a sentence of the body that is no
  part of a person's name as factlint's name index groups them (a country, nationality,
  team, company, institution, holiday, month ...), of 4+ letters, and that a checker could
  know: Harper's dictionary knows it (no spelling match on it in the untouched article),
  or the article writes it at least twice. The *all* line counts every such word, known
  or not, for comparison.
* ``later-surname``: a bare surname (no title, not in a list) after the person's full name,
  a later mention of someone the name index knows.

The slip is ``inject_names.typo``: one keyboard slip in an inner letter (a letter dropped,
doubled, swapped with the next, or changed for a neighbouring key), and the result is no
word of the article. A slip that makes another English word (pyspellchecker knows it:
"Form" for "From", "Homes" for "Holmes") is a real-word error, which no spelling check
can see: such cases are counted apart, not in the recall. A hit is an SP100, SP101, SP103
or NM001 diagnostic covering the slip.
``untouched`` gives SP100, SP103 and NM001 per 1,000 words on the original articles (the false
alarms the slips must not be bought with).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

import regex

from bench import corpora, harness, outputs
from bench.inject_names import typo
from factlint.core.words import word_frequency
from factlint.engine.config import from_mapping

NAME = "inject-capitalised"
HIT_CODES = ("SP100", "SP101", "SP103", "NM001")
UNTOUCHED_CODES = ("SP100", "SP103", "NM001")
KINDS = (
    "capitalised",
    "capitalised-all",
    "capitalised-real-word",
    "later-surname",
    "later-surname-all",
    "later-surname-real-word",
)
MIN_LENGTH = 4
_CAPITALISED = regex.compile(r"(?<![\p{L}\p{M}'’.-])\p{Lu}\p{Ll}+(?![\p{L}\p{M}'’-])")


@dataclass
class Slip:
    kind: str
    article: str
    original: str
    misspelt: str
    offset: int
    known: bool  # capitalised: Harper knows the word, or the article writes it twice
    real_word: bool  # the slip made another English word ("Form" for "From")


def load(corpus: str, limit: int, seed: int) -> list[tuple[str, str]]:
    paths = corpora.bbc_files(skip_duplicates=True) if corpus == "bbc" else corpora.polnear_files()
    rng = random.Random(seed)
    chosen = sorted(rng.sample(range(len(paths)), min(limit, len(paths))))
    return [(paths[i].stem, corpora.read_article(paths[i])) for i in chosen]


def _sentence_starts(ctx) -> set[int]:  # type: ignore[no-untyped-def]
    return {s.start for p in ctx.article.paragraphs for s in p.sentences}


def candidates(name: str, text: str, seed: int) -> list[Slip]:
    """One case of each kind for the article (when it has a word to misspell)."""
    config = from_mapping({}, None)
    ctx = corpora.context(f"{name}.txt", text, config)
    rng = random.Random(f"{seed}:{name}")
    words_here = set(regex.findall(r"\p{L}+", text))
    person_spans = [
        (m.offset, m.end) for person in ctx.people.people.values() for m in person.mentions
    ]
    flagged = {item.offset for item in ctx.grammar_matches if item.match.spelling}
    starts = _sentence_starts(ctx)
    counts = Counter(m.group() for m in _CAPITALISED.finditer(text))
    cases = []
    body = [p for p in ctx.article.paragraphs if p.kind == "body"]
    options = []
    for paragraph in body:
        for match in _CAPITALISED.finditer(paragraph.text):
            at = paragraph.start + match.start()
            word = match.group()
            if at in starts or len(word) < MIN_LENGTH:
                continue
            if any(start <= at < end for start, end in person_spans):
                continue
            known = at not in flagged or counts[word] >= 2
            options.append((at, word, known))
    rng.shuffle(options)
    for at, word, known in options:
        case = _misspelt("capitalised", name, word, at, known, words_here, rng)
        if case is not None:
            cases.append(case)
            break
    later = []
    for person in ctx.people.people.values():
        full = [m for m in person.mentions if m.full]
        if not full:
            continue
        for mention in person.mentions:
            if mention.full or mention.title or mention.in_list or mention.offset < full[0].end:
                continue
            if len(mention.surname.text) >= MIN_LENGTH and mention.paragraph.kind == "body":
                later.append((mention.surname.offset, mention.surname.text))
    rng.shuffle(later)
    for at, word in later:
        case = _misspelt("later-surname", name, word, at, True, words_here, rng)
        if case is not None:
            cases.append(case)
            break
    return cases


def _misspelt(
    kind: str, name: str, word: str, at: int, known: bool, words: set[str], rng: random.Random
) -> Slip | None:
    for _ in range(5):
        slip = typo(word, rng)
        if slip is not None and slip[0] not in words:
            real = word_frequency(slip[0]) > 0
            return Slip(kind, name, word, slip[0], at, known, real)
    return None


def as_case(name: str, text: str, slip: Slip) -> harness.Case:
    """The article with ``slip`` made: found by an SP100, SP101, SP103 or NM001 diagnostic
    covering it. A known word counts in ``KIND`` and ``KIND-all``, one a checker cannot
    know in ``KIND-all`` only, one that made another English word in ``KIND-real-word``."""
    changed = text[: slip.offset] + slip.misspelt + text[slip.offset + len(slip.original) :]
    kind, also = f"{slip.kind}-all", tuple[str, ...]()
    if slip.real_word:
        kind = f"{slip.kind}-real-word"
    elif slip.known:
        kind, also = slip.kind, (f"{slip.kind}-all",)
    note = f"{slip.original} -> {slip.misspelt}"
    return harness.Case(
        kind, f"{name}.txt", changed, HIT_CODES, covers=slip.offset, also=also, note=note
    )


def run_corpus(corpus: str, limit: int, seed: int, show: int) -> dict[str, Any]:
    articles = load(corpus, limit, seed)
    tally = harness.Tally(from_mapping({}, None), keep_misses=show)
    for name, text in articles:
        tally.clean(f"{name}.txt", text, UNTOUCHED_CODES)
        tally.run(as_case(name, text, slip) for slip in candidates(name, text, seed))
    figures = tally.figures(KINDS)
    harness.print_figures(f"{corpus} (seed {seed})", figures)
    harness.print_misses(tally.misses)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("--corpus", choices=("bbc", "polnear", "both"), default="both")
    parser.add_argument("--limit", type=int, default=200, help="articles a corpus")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--show-misses", type=int, default=0)
    args = outputs.parse(NAME, parser, argv)
    wanted = ("bbc", "polnear") if args.corpus == "both" else (args.corpus,)
    present = {"bbc": corpora.bbc_folder(), "polnear": corpora.polnear_folder() / "articles"}
    absent = corpora.missing(*(present[c] for c in wanted))
    if absent:
        return corpora.skip(NAME, *absent)
    with outputs.text_output(args):
        figures = {
            corpus: run_corpus(corpus, args.limit, args.seed, args.show_misses) for corpus in wanted
        }
    return outputs.finish(args, figures)


if __name__ == "__main__":
    raise SystemExit(main())
