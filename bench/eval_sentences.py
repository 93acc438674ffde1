"""Measure factlint's sentence splitter (sentencex) on real text, against baselines.

Run from anywhere (the corpus is found relative to the repository root)::

    python -m bench eval-sentences                 # one MT system (the first alphabetically)
    python -m bench eval-sentences --all-systems   # all ten systems (pysbd makes it slower)
    python -m bench eval-sentences --system ONLINE-B --max-join 3 --strict --show-misses 5

What it measures. ``../shared/corpora/mt_news_mqm/segments.tsv.gz`` holds machine-translated
news (columns system, doc, seg, source, target, mqm); each ``target`` is one English segment,
usually one sentence. Test paragraphs are built by joining consecutive targets of one
doc and system with a single space, so the gold sentence boundaries are the joins.
A segment is used only when, after trimming surrounding space:

* it ends in sentence-final punctuation: ``.``, ``!`` or ``?``, optionally followed by closing
  quotation marks (``" ' ” ’``); headlines and datelines without a full stop are dropped;
* it shows no internal sentence break by a conservative check: no ``.``/``!``/``?`` (plus an
  optional closing quote) followed by space, an optional opening quote and a capital
  letter -- except right after a personal title (Mr. Mrs. Ms. Dr. Prof. Gov. Sen. Rep.
  Gen. Lt. Col. Capt. Sgt. Rev.), which is never a sentence end; ``--strict`` drops those
  segments too. (The exception keeps a few abbreviation cases in the test; without it
  the naive regex baseline could not make a single false split by construction.)

A dropped segment ends the run; runs are cut into paragraphs of ``--max-join`` segments
(default 5), and paragraphs of fewer than two segments are not used. Boundaries are
compared as the offset where each sentence after the first starts (surrounding space
trimmed): precision, recall, F1, and the share of paragraphs split exactly right. "F1 loose"
also counts a boundary as right when it falls between the same two words but on the other
side of a quotation mark (``end. "Next`` split before or after the ``"``); the strict
figures are the ones that count for factlint, whose rules take offsets from sentence spans:
a quotation mark on the wrong side of a boundary lands in the wrong sentence.

The splitters: ``factlint.article.sentences.split_sentences`` (sentencex), a naive regex (split
after ``.``/``!``/``?`` followed by space and a capital letter), and pysbd and syntok when
they are importable. A built-in list of hand-written news-style cases (abbreviations,
initials, decimals, times, quotations) is scored too: a case counts as right when the
sentences match the expected ones exactly.

When the corpus file is absent, the corpus part is skipped with a message and only the
hand-written cases are scored. Exit status 0, or 2 for a bad option (an unknown system).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import corpora, outputs
from factlint.article.sentences import split_sentences

NAME = "eval-sentences"

Span = tuple[int, int]
Splitter = Callable[[str], list[Span]]
Row = dict[str, str]

_FINAL = re.compile(r"[.!?][\"'”’]*$")
_POSSIBLE_BREAK = re.compile(r"[.!?][\"'”’]?\s+[\"'“‘]?[A-Z]")
_TITLES = frozenset(
    ["Mr", "Mrs", "Ms", "Dr", "Prof", "Gov", "Sen", "Rep", "Gen", "Lt", "Col", "Capt", "Sgt", "Rev"]
)
_NAIVE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_QUOTE_MARKS = frozenset("\"'“”‘’")

# Hand-written cases (our own sentences, not corpus text): a label, the input, and the
# sentences expected.
HAND_CASES: list[tuple[str, str, list[str]]] = [
    (
        "Mr.",
        "Mr. Smith arrived late. He left early.",
        ["Mr. Smith arrived late.", "He left early."],
    ),
    (
        "Dr.",
        "Dr. Alvarez said the test was safe. Nobody disagreed.",
        ["Dr. Alvarez said the test was safe.", "Nobody disagreed."],
    ),
    (
        "Gov.",
        "Gov. Reyes signed the bill on Tuesday. It takes effect in March.",
        ["Gov. Reyes signed the bill on Tuesday.", "It takes effect in March."],
    ),
    (
        "Sen. Rep.",
        "Sen. Park voted against it. Rep. Moore voted for it.",
        ["Sen. Park voted against it.", "Rep. Moore voted for it."],
    ),
    (
        "Gen.",
        "Gen. Okafor said the troops would stay. He gave no date.",
        ["Gen. Okafor said the troops would stay.", "He gave no date."],
    ),
    (
        "Prof.",
        "Prof. Ito, of a Kyoto university, led the study. It appears next month.",
        ["Prof. Ito, of a Kyoto university, led the study.", "It appears next month."],
    ),
    (
        "St.",
        "St. Louis voters approved the levy. Turnout was low.",
        ["St. Louis voters approved the levy.", "Turnout was low."],
    ),
    (
        "U.S. mid",
        "The U.S. economy grew faster than forecast. Analysts were surprised.",
        ["The U.S. economy grew faster than forecast.", "Analysts were surprised."],
    ),
    (
        "U.K.",
        "Exports to the U.K. fell last year. Imports rose.",
        ["Exports to the U.K. fell last year.", "Imports rose."],
    ),
    (
        "U.N.",
        "The U.N. Security Council met on Monday. One member abstained.",
        ["The U.N. Security Council met on Monday.", "One member abstained."],
    ),
    (
        "Jan. 15",
        "The vote is set for Jan. 15 in the capital. Results follow a week later.",
        ["The vote is set for Jan. 15 in the capital.", "Results follow a week later."],
    ),
    (
        "Ms. mid",
        "The prize went to Ms. Okoro and her team. They shared it.",
        ["The prize went to Ms. Okoro and her team.", "They shared it."],
    ),
    (
        "Feb. 2021",
        "Ms. Chen joined the board in Feb. 2021. She chairs its audit committee.",
        ["Ms. Chen joined the board in Feb. 2021.", "She chairs its audit committee."],
    ),
    (
        "No. 10",
        "The minister left No. 10 at noon. She did not speak to reporters.",
        ["The minister left No. 10 at noon.", "She did not speak to reporters."],
    ),
    (
        "2.5",
        "Inflation rose to 2.5 percent last month. Wages rose 3.1 percent.",
        ["Inflation rose to 2.5 percent last month.", "Wages rose 3.1 percent."],
    ),
    (
        "May. It",
        "The law passed in May. It took effect at once.",
        ["The law passed in May.", "It took effect at once."],
    ),
    (
        "May. Critics",
        "The law passed in May. Critics called it rushed.",
        ["The law passed in May.", "Critics called it rushed."],
    ),
    (
        "0.4%",
        "Prices rose 0.4% in the quarter, the data showed.",
        ["Prices rose 0.4% in the quarter, the data showed."],
    ),
    (
        "M. initial",
        "The piece was reported by Heidi M. Przybyla and a colleague. It ran on Sunday.",
        ["The piece was reported by Heidi M. Przybyla and a colleague.", "It ran on Sunday."],
    ),
    (
        "J. R.",
        "The fund lost $1.2 billion. Its chief, J. R. Halvorsen, resigned.",
        ["The fund lost $1.2 billion.", "Its chief, J. R. Halvorsen, resigned."],
    ),
    (
        "p.m.",
        "The meeting ended at 4 p.m. on Friday. Talks resume Monday.",
        ["The meeting ended at 4 p.m. on Friday.", "Talks resume Monday."],
    ),
    (
        "a.m. end",
        "The fire started at 9 a.m. Crews arrived minutes later.",
        ["The fire started at 9 a.m.", "Crews arrived minutes later."],
    ),
    (
        "U.S. end",
        "The plant moved to the U.S. The decision surprised investors.",
        ["The plant moved to the U.S.", "The decision surprised investors."],
    ),
    (
        "Inc.,",
        "The firm, Acme Inc., denied wrongdoing. Its shares fell.",
        ["The firm, Acme Inc., denied wrongdoing.", "Its shares fell."],
    ),
    (
        "“Now.”",
        "“We will,” he said. “Now.”",
        ["“We will,” he said.", "“Now.”"],
    ),
    (
        "?” she",
        "“Is it over?” she asked. Nobody answered.",
        ["“Is it over?” she asked.", "Nobody answered."],
    ),
    (
        ".” The",
        "He called the plan “a disaster.” The council disagreed.",
        ["He called the plan “a disaster.”", "The council disagreed."],
    ),
    (
        "! ?",
        "Wait! Did the court really rule that way? It did.",
        ["Wait!", "Did the court really rule that way?", "It did."],
    ),
    (
        "52-48.",
        "The bill passed 52-48. Sen. Lee said she was pleased.",
        ["The bill passed 52-48.", "Sen. Lee said she was pleased."],
    ),
]


@dataclass
class Paragraph:
    text: str
    gold: frozenset[int]  # offsets where the second and later sentences start


Miss = tuple[Paragraph, frozenset[int]]  # a wrongly split paragraph and what was found


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0
    paragraphs: int = 0
    seconds: float = 0.0
    loose: tuple[int, int, int] = (0, 0, 0)  # tp, fp, fn with quote marks at a join ignored

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return f1(self.tp, self.fp, self.fn)

    @property
    def loose_f1(self) -> float:
        return f1(*self.loose)


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


# --- splitters ---------------------------------------------------------------------


def naive_split(text: str) -> list[Span]:
    """Split after . ! ? followed by space and a capital letter: the baseline."""
    spans, start = [], 0
    for match in _NAIVE_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text.rstrip())))
    return [span for span in spans if span[1] > span[0]]


def spans_from_pieces(text: str, pieces: list[str]) -> list[Span]:
    """Offsets of sentence strings that a splitter returned, found in order in ``text``."""
    spans, pos = [], 0
    for piece in pieces:
        stripped = piece.strip()
        if not stripped:
            continue
        found = text.find(stripped, pos)
        start = found if found >= 0 else pos
        spans.append((start, start + len(stripped)))
        pos = start + len(stripped)
    return spans


def pysbd_splitter() -> Splitter | None:
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="en", clean=False)
    return lambda text: spans_from_pieces(text, segmenter.segment(text))


def syntok_splitter() -> Splitter | None:
    try:
        from syntok import segmenter
    except ImportError:
        return None

    def split(text: str) -> list[Span]:
        spans = []
        for paragraph in segmenter.process(text):
            for sentence in paragraph:
                last = sentence[-1]
                spans.append((sentence[0].offset, last.offset + len(last.value)))
        return spans

    return split


def splitters() -> tuple[dict[str, Splitter], list[str]]:
    """The splitters to compare, and the names of the optional ones not installed."""
    found: dict[str, Splitter] = {
        "sentencex (factlint)": split_sentences,
        "naive regex": naive_split,
    }
    missing = []
    for name, make in (("pysbd", pysbd_splitter), ("syntok", syntok_splitter)):
        splitter = make()
        if splitter is None:
            missing.append(name)
        else:
            found[name] = splitter
    return found, missing


# --- the corpus --------------------------------------------------------------------


def usable(target: str, strict: bool) -> bool:
    """Ends a sentence and shows no internal sentence break (see the module docstring)."""
    if not _FINAL.search(target):
        return False
    for match in _POSSIBLE_BREAK.finditer(target):
        word = re.findall(r"[A-Za-z]+$", target[: match.start()])
        if strict or not word or word[0] not in _TITLES:
            return False
    return True


def runs(rows: list[Row], strict: bool) -> Iterator[list[str]]:
    """Maximal runs of consecutive usable segments of one doc and system."""
    run: list[str] = []
    previous: tuple[str, str, int] | None = None
    for row in sorted(rows, key=lambda r: (r["system"], r["doc"], int(r["seg"]))):
        key = (row["system"], row["doc"], int(row["seg"]))
        target = row["target"].strip()
        follows = previous is not None and key[:2] == previous[:2] and key[2] == previous[2] + 1
        if run and not follows:
            yield run
            run = []
        previous = key
        if usable(target, strict):
            run.append(target)
        elif run:
            yield run
            run = []
    if run:
        yield run


def join(segments: list[str]) -> Paragraph:
    gold, pos = [], 0
    for segment in segments[:-1]:
        pos += len(segment) + 1
        gold.append(pos)
    return Paragraph(" ".join(segments), frozenset(gold))


def paragraphs(rows: list[Row], max_join: int, strict: bool) -> list[Paragraph]:
    found = []
    for run in runs(rows, strict):
        for i in range(0, len(run), max_join):
            chunk = run[i : i + max_join]
            if len(chunk) >= 2:
                found.append(join(chunk))
    return found


def pick_rows(rows: list[Row], system: str | None, every: bool) -> tuple[list[Row], str]:
    if every:
        return rows, f"all {len({r['system'] for r in rows})} systems"
    names = sorted({r["system"] for r in rows})
    chosen = system or names[0]
    if chosen not in names:
        raise ValueError(f"unknown system {chosen!r} (systems: {', '.join(names)})")
    return [r for r in rows if r["system"] == chosen], f"system {chosen}"


# --- scoring -----------------------------------------------------------------------


def boundaries(spans: list[Span]) -> frozenset[int]:
    return frozenset(start for start, _ in spans[1:])


def snapped(text: str, offsets: frozenset[int]) -> frozenset[int]:
    """Each boundary moved past spaces and quotation marks: "the same two words" match."""
    moved = set()
    for offset in offsets:
        while offset < len(text) and (text[offset].isspace() or text[offset] in _QUOTE_MARKS):
            offset += 1
        moved.add(offset)
    return frozenset(moved)


def score(splitter: Splitter, items: list[Paragraph], misses: list[Miss]) -> Score:
    result = Score(paragraphs=len(items))
    start = time.perf_counter()
    predicted = [boundaries(splitter(item.text)) for item in items]
    result.seconds = time.perf_counter() - start
    for item, found in zip(items, predicted, strict=True):
        result.tp += len(found & item.gold)
        result.fp += len(found - item.gold)
        result.fn += len(item.gold - found)
        result.exact += found == item.gold
        loose_found, loose_gold = snapped(item.text, found), snapped(item.text, item.gold)
        tp, fp, fn = result.loose
        result.loose = (
            tp + len(loose_found & loose_gold),
            fp + len(loose_found - loose_gold),
            fn + len(loose_gold - loose_found),
        )
        if found != item.gold:
            misses.append((item, found))
    return result


def hand_score(splitter: Splitter) -> tuple[int, list[str]]:
    """How many hand-written cases come out exactly right, and the labels of the others."""
    wrong = []
    for label, text, expected in HAND_CASES:
        got = [text[start:end].strip() for start, end in splitter(text)]
        if got != expected:
            wrong.append(label)
    return len(HAND_CASES) - len(wrong), wrong


# --- output ------------------------------------------------------------------------


def print_table(scores: dict[str, Score], hands: dict[str, tuple[int, list[str]]]) -> None:
    print(
        f"{'splitter':<22} {'P':>6} {'R':>6} {'F1':>6} {'F1 loose':>8} {'exact':>7} "
        f"{'seconds':>8}  {'hand-written':<12} wrong"
    )
    for name, (right, wrong) in hands.items():
        s = scores.get(name)
        corpus = (
            f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} {s.loose_f1:>8.3f} "
            f"{s.exact / s.paragraphs:>7.1%} {s.seconds:>8.3f}"
            if s and s.paragraphs
            else f"{'-':>6} {'-':>6} {'-':>6} {'-':>8} {'-':>7} {'-':>8}"
        )
        listed = "  ".join(wrong) or "-"
        print(f"{name:<22} {corpus}  {right:>3}/{len(HAND_CASES):<8} {listed}")


def print_misses(name: str, misses: list[Miss], count: int) -> None:
    for item, found in misses[:count]:
        extra = sorted(found - item.gold)
        lost = sorted(item.gold - found)
        print(f"  {name}: false splits at {extra}, missed at {lost}")
        for offset in extra + lost:
            before, after = item.text[max(0, offset - 40) : offset], item.text[offset : offset + 20]
            print(f"    ...{before!r} | {after!r}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument(
        "--corpus",
        type=Path,
        default=corpora.mqm_folder() / "segments.tsv.gz",
        help="segments.tsv.gz (default: the MQM corpus's)",
    )
    parser.add_argument("--system", help="the MT system to use (default: the first alphabetically)")
    parser.add_argument("--all-systems", action="store_true", help="use every system")
    parser.add_argument(
        "--max-join", type=int, default=5, help="segments per paragraph (default 5)"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="also drop segments with a title abbreviation before a capital",
    )
    parser.add_argument(
        "--show-misses",
        type=int,
        default=0,
        metavar="N",
        help="print the first N wrongly split paragraphs' boundaries per splitter",
    )
    return outputs.parse(NAME, parser, argv)


def corpus_scores(args: argparse.Namespace, found: dict[str, Splitter]) -> dict[str, Score]:
    corpus = args.corpus.resolve()
    if not corpus.is_file():
        corpora.skip(NAME, corpus)  # the hand-written cases still run
        return {}
    rows, label = pick_rows(corpora.read_tsv(corpus), args.system, args.all_systems)
    items = paragraphs(rows, max(args.max_join, 2), args.strict)
    gold = sum(len(item.gold) for item in items)
    print(
        f"corpus: {corpus.name}, {label}: {len(rows)} segments -> {len(items)} paragraphs "
        f"of 2-{max(args.max_join, 2)} segments, {gold} gold boundaries"
        f"{' (strict filter)' if args.strict else ''}"
    )
    scores: dict[str, Score] = {}
    for name, splitter in found.items():
        misses: list[Miss] = []
        scores[name] = score(splitter, items, misses)
        if args.show_misses:
            print_misses(name, misses, args.show_misses)
    return scores


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    found, missing = splitters()
    with outputs.text_output(args):
        try:
            scores = corpus_scores(args, found)
        except ValueError as exc:
            print(f"{NAME}: error: {exc}", file=sys.stderr)
            return 2
        hands = {name: hand_score(splitter) for name, splitter in found.items()}
        print_table(scores, hands)
        if missing:
            print(f"not installed, skipped: {', '.join(missing)}")
    return outputs.finish(args, {name: figures(scores.get(name), hands[name]) for name in hands})


def figures(score: Score | None, hand: tuple[int, list[str]]) -> dict[str, Any]:
    """One splitter's figures: on the corpus (when it was read), and the hand-written cases
    it gets right."""
    row: dict[str, Any] = {"hand_written_right": hand[0], "hand_written_cases": len(HAND_CASES)}
    if score and score.paragraphs:
        row |= {
            "precision": round(score.precision, 4),
            "recall": round(score.recall, 4),
            "f1": round(score.f1, 4),
            "f1_loose": round(score.loose_f1, 4),
            "exact": round(score.exact / score.paragraphs, 4),
            "seconds": round(score.seconds, 3),
        }
    return row


if __name__ == "__main__":
    raise SystemExit(main())
