"""The translation-artifacts pack (ST3xx) measured against the WMT23 zh-en MQM annotations,
with false-alarm rates on native news copy, by running factlint itself.

Usage::

    python -m bench eval-translation                    # precision, recall, native false alarms
    python -m bench eval-translation --no-native        # MQM figures only
    python -m bench eval-translation --examples 20      # up to 20 native example hits per rule
    python -m bench eval-translation --show-mt 5        # 5 MT diagnostics per rule, judged
    python -m bench eval-translation --exclude-raters rater1,rater8,rater3
    python -m bench eval-translation --from-segments    # one paragraph per MQM segment
    python -m bench eval-translation --slow-sample 0    # slow rules on all native copy too
    python -m bench eval-translation --jobs 2           # worker processes

Data: ``../shared/corpora/mt_news_mqm/`` (``segments.tsv.gz``, ``errors.tsv.gz``,
``articles/``) and, for the false alarms, ``bbc_news/articles`` (marked duplicates skipped)
and ``polnear/articles/{train,dev}`` (never ``test``), read at run time. Skips cleanly,
with a message, when the MQM corpus is absent.

The pack is read through factlint (``packs: [translation-artifacts]``, ``select: [ST3]``,
no grammar backend), so the figures follow the pack as it changes; nothing is copied from it.

Text: each MT output document is checked as the plain-text article factlint would be given,
the ``articles/`` file (headline on line 1, blank line, paragraphs; several MQM segments
share a paragraph). Every segment's target is located in that file, in order, exactly (or,
for a few, with its leading/trailing white space stripped); a document where that fails is
checked as the segments themselves, one paragraph each (``--from-segments`` forces this for
all). Every diagnostic is mapped to the segment(s) it covers and to offsets in the
segment's target, where the MQM spans are.

Precision: a diagnostic is *correct* when it overlaps a target-side annotated error span of
any rater and any category (the attention-check rows, which carry no offsets, are
ignored). Same document split as ``tools/mine_mqm.py``: the sorted document ids alternate
between half A (even positions, where the pack's patterns were chosen) and half B (held
out); all ten systems' translations of a document are in the same half. Reported for all
raters and with ``--exclude-raters`` (default rater1 and rater8, who mark every straight
quote) dropped. Baseline: the share of all word tokens that overlap some span, i.e. the
precision of a rule that fires on random words. Column ``d/s`` is the number of documents /
systems behind the diagnostics: with 38 source documents, that is the real sample size.

Recall: (a) the distinct target-side spans (segment, start, end) of half B overlapped by any
diagnostic; (b) the same per MQM category (a span marked with two categories counts in
both); (c) over the *targeted* categories only, defined from the pack's correct diagnostics
on half A (see ``--target-share``) and measured on half B.

Native copy: ST3 diagnostics per 1,000 words in the BBC and PolNeAR articles (British and
US news, which contain no translation debris), with one example line per hit for up to
``--examples`` hits per rule, next to the rate in the MT documents.

Time: each rule is first timed alone on a few MT, BBC and PolNeAR articles. A rule slower
than ``--slow-ms`` per article runs on every MT document (the measurement needs them all)
but on only ``--slow-sample`` evenly spaced articles of each native corpus (its rate there
is marked ``*``), so a runaway pattern cannot stretch the run past a few minutes. A pattern
that times out (factlint stops a pack rule after 2 s on one article, wall-clock, so a busy
machine times out more) is counted per rule; its findings on that article are lost.
``--jobs`` > 1 checks articles in worker processes (no gain where the CPUs are shared).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, partial
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import regex

from bench import corpora, outputs
from bench.mqm import CATEGORY_SHORT, MARKUP, WORD, wilson_low
from factlint.engine.config import Config
from factlint.engine.run import check_text

NAME = "eval-translation"

PACK = "translation-artifacts"
SELECT = "ST3"
TIMED_OUT = regex.compile(r"\brule ([A-Z]{2}\d{3})\b")


@dataclass(frozen=True)
class Span:
    start: int  # offsets into the segment's target (segments.tsv)
    end: int
    category: str
    rater: str


@dataclass(eq=False)
class Segment:
    system: str
    doc: str
    seg: int
    text: str  # the target as in segments.tsv
    spans: list[Span] = field(default_factory=list)
    start: int = -1  # where the segment begins in the article text
    lead: int = 0  # leading characters of ``text`` missing from the article (stripped)
    length: int = 0  # characters of ``text`` present in the article

    def to_target(self, begin: int, end: int) -> tuple[int, int] | None:
        """The part of article range [begin, end) inside this segment, in target offsets."""
        lo, hi = max(begin, self.start), min(end, self.start + self.length)
        if lo >= hi:
            return None
        return lo - self.start + self.lead, hi - self.start + self.lead


@dataclass(eq=False)
class Doc:
    system: str
    doc: str
    text: str
    segments: list[Segment]
    raters: set[str]
    form: str  # "article" (the articles/ file) or "segments" (built from segments.tsv)
    words: int = 0


@dataclass(eq=False)
class Hit:
    """One diagnostic on an MT document, mapped to segments."""

    code: str
    doc: Doc
    offset: int
    length: int
    line: int
    column: int
    pieces: list[tuple[Segment, int, int]]  # segment, start, end in its target
    over: list[Span]  # the annotated spans it overlaps (all raters)

    def correct(self, exclude: set[str]) -> bool:
        return any(s.rater not in exclude for s in self.over)

    def categories(self, exclude: set[str]) -> set[str]:
        return {s.category for s in self.over if s.rater not in exclude}


@dataclass
class Linted:
    """What a worker returns for one article."""

    # code, offset, length, line, column, and the match in its line (for examples)
    diagnostics: list[tuple[str, int, int, int, int, str]]
    words: int
    error: str | None
    seconds: float


def main(argv: list[str] | None = None) -> int:
    parser = outputs.parser(NAME, __doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--corpus", type=Path, default=corpora.mqm_folder())
    parser.add_argument(
        "--native-corpora", type=Path, default=corpora.root(), help="holds bbc_news, polnear"
    )
    parser.add_argument("--no-native", action="store_true", help="skip the native copy")
    parser.add_argument("--exclude-raters", default="rater1,rater8", help="second rater set")
    parser.add_argument("--from-segments", action="store_true", help="one paragraph a segment")
    parser.add_argument("--examples", type=int, default=10, help="native example hits per rule")
    parser.add_argument("--show-mt", type=int, default=0, help="MT diagnostics to show per rule")
    parser.add_argument(
        "--target-share",
        type=float,
        default=0.1,
        help="a category is targeted when at least this share of the pack's correct half-A "
        "diagnostics overlap a span of it, and it is over-represented there (lift >= 2)",
    )
    parser.add_argument("--calibrate", type=int, default=6, help="articles per corpus to time")
    parser.add_argument("--slow-ms", type=float, default=50.0, help="a slow rule's ms/article")
    parser.add_argument(
        "--slow-sample", type=int, default=100, help="native articles per corpus for slow rules"
    )
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    args = corpora.parse_mqm_args(parser, argv, NAME, parse=partial(outputs.parse, NAME))
    if args is None:
        return 0
    with outputs.text_output(args):
        figures = _measure(args)
    return outputs.finish(args, figures)


def _measure(args: argparse.Namespace) -> dict[str, Any]:
    figures: dict[str, Any] = {"precision": {}, "recall": {}, "native": {}}
    corpus, exclude = args.corpus, args.excluded
    started = time.perf_counter()
    config = _config()
    names = {rule.code: rule.name for rule in config.pack_rules}
    codes = sorted(names)
    for pack in config.packs or ():
        digest = hashlib.sha1(pack.path.read_bytes()).hexdigest()[:10]
        print(f"factlint pack {pack.name} ({pack.path}, sha1 {digest}), select {SELECT}:")
    print("  " + ", ".join(f"{code} {names[code]}" for code in codes))

    docs, notes = _load(corpus, args.from_segments)
    native_files = {} if args.no_native else corpora.native_news(args.native_corpora)
    slow = _calibrate(docs, native_files, codes, names, args)
    half_a = set(sorted({d.doc for d in docs})[0::2])  # as tools/mine_mqm.py
    linted = _run(
        [_job(f"{d.doc}__{d.system}.txt", d.text) for d in docs], args.jobs, "MT documents"
    )
    hits, unmapped = _map(docs, linted)
    if unmapped:
        notes.append(f"{unmapped} diagnostics fall between segments (counted as wrong)")
    mt_seconds = time.perf_counter() - started

    halves = {
        "B": [d for d in docs if d.doc not in half_a],
        "A": [d for d in docs if d.doc in half_a],
    }
    rater_sets = {"all raters": set(), f"without {', '.join(sorted(exclude))}": exclude}
    _header(docs, halves, rater_sets, notes, linted, mt_seconds)
    for label, excl in rater_sets.items():
        _precision(hits, halves, excl, label, codes, names, figures["precision"])
    _recall(hits, halves, rater_sets, figures["recall"])
    _targeted(hits, halves, rater_sets, args.target_share)
    if args.show_mt:
        _show_mt(hits, codes, args.show_mt, exclude)

    if not args.no_native:
        mt_rates = _rates_mt(docs, hits, codes)
        _native(
            native_files, args.native_corpora, codes, names, mt_rates, slow, args, figures["native"]
        )
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    figures["seconds"] = round(time.perf_counter() - started, 1)
    return figures


# -- running factlint ------------------------------------------------------------------------


Job = tuple[str, str | None, str | None, tuple[str, ...], tuple[str, ...]]


@cache
def _config(select: tuple[str, ...] = (SELECT,), ignore: tuple[str, ...] = ()) -> Config:
    return corpora.config(select, packs=[PACK], ignore=list(ignore))


def _job(
    name: str,
    text: str | None = None,
    path: Path | None = None,
    select: tuple[str, ...] = (SELECT,),
    ignore: tuple[str, ...] = (),
) -> Job:
    return (name, text, str(path) if path else None, select, ignore)


def _lint(job: Job) -> Linted:
    """Check one article (given as text, or as a file path) with the selected pack rules."""
    name, text, path, select, ignore = job
    if text is None:
        assert path is not None, "a job gives its text or its path"
        text = corpora.read_article(Path(path))
    config = _config(select, ignore)
    began = time.perf_counter()
    result = check_text(name, text, config)
    seconds = time.perf_counter() - began
    return Linted(
        [
            (
                d.code,
                d.offset,
                d.length,
                d.start.line,
                d.start.column,
                _context(text, d.offset, d.length),
            )
            for d in result.diagnostics
        ],
        len(WORD.findall(MARKUP.sub(" ", text))),
        result.error,
        seconds,
    )


def _run(jobs: list[Job], workers: int, what: str) -> list[Linted]:
    began = time.perf_counter()
    if workers <= 1 or len(jobs) < 8:
        out = [_lint(job) for job in jobs]
    else:
        with Pool(workers) as pool:
            out = list(pool.imap(_lint, jobs, chunksize=4))
    print(f"  checked {len(jobs)} {what} in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    return out


def _spread(items: list, n: int) -> list:
    """``n`` evenly spaced items (all when ``n`` is 0 or not smaller)."""
    if not n or n >= len(items):
        return list(items)
    return [items[i * len(items) // n] for i in range(n)]


def _calibrate(docs, native_files, codes, names, args) -> set[str]:
    """Time each rule alone on a few articles per corpus; return the slow rules."""
    samples = {"MT": [_job(f"{d.doc}__{d.system}.txt", d.text) for d in docs]}
    for label, files in native_files.items():
        samples[label] = [_job(p.name, path=p) for p in files]
    samples = {label: _spread(jobs, args.calibrate) for label, jobs in samples.items()}
    print(f"\n== Time per rule alone, ms per article ({args.calibrate} articles per corpus)")
    print(f"{'code':6s} {'name':24s} " + " ".join(f"{label:>8s}" for label in samples))
    slow = set()
    for code in codes:
        cells = []
        for jobs in samples.values():
            linted = [_lint((name, text, path, (code,), ())) for name, text, path, _, _ in jobs]
            cells.append(1000 * sum(li.seconds for li in linted) / max(len(linted), 1))
        mark = ""
        if args.slow_ms and max(cells, default=0) > args.slow_ms:
            slow.add(code)
            mark = f"  slow (> {args.slow_ms:g} ms)"
        print(f"{code:6s} {names[code][:24]:24s} " + " ".join(f"{c:8.1f}" for c in cells) + mark)
    if slow and args.slow_sample:
        print(
            f"  slow rules run on all MT documents, on {args.slow_sample} articles per native "
            "corpus (--slow-sample 0: all)"
        )
    deferring = [
        r.code for r in _config().pack_rules if r.code not in slow and set(r.defers_to) & slow
    ]
    if deferring and args.slow_sample:
        print(f"  note: {', '.join(deferring)} defer to a slow rule; natively they run without it")
    return slow


def _timeouts(linted: Iterable[Linted]) -> Counter:
    return Counter(code for li in linted if li.error for code in TIMED_OUT.findall(li.error))


# -- the MQM corpus ---------------------------------------------------------------------------


def _load(corpus: Path, from_segments: bool) -> tuple[list[Doc], list[str]]:
    segments: dict[tuple[str, str, str], Segment] = {}
    pairs: dict[tuple[str, str], list[Segment]] = defaultdict(list)
    for r in corpora.read_tsv(corpus / "segments.tsv.gz"):
        seg = Segment(r["system"], r["doc"], int(r["seg"]), r["target"])
        segments[(r["system"], r["doc"], r["seg"])] = seg
        pairs[(r["system"], r["doc"])].append(seg)
    raters: dict[tuple[str, str], set[str]] = defaultdict(set)
    checks = dropped = 0
    for r in corpora.read_tsv(corpus / "errors.tsv.gz"):
        raters[(r["system"], r["doc"])].add(r["rater"])
        if r["side"] != "target":
            continue
        if not r["start"] or not r["end"]:
            checks += 1  # attention checks ("Found"/"Missed"): no offsets
            continue
        target = segments.get((r["system"], r["doc"], r["seg"]))
        start, end = -1, -1
        if target is not None:
            start, end = corpora.align_span(
                target.text, r["target"], r["span"], int(r["start"]), int(r["end"])
            )
        if target is None or start < 0 or end <= start:
            dropped += 1
            continue
        target.spans.append(Span(start, end, r["category"], r["rater"]))

    docs, notes = [], [f"{checks} attention-check rows without offsets ignored"]
    if dropped:
        notes.append(f"{dropped} error rows dropped: span not found in the segment")
    stripped = headline = 0
    for (system, doc), segs in sorted(pairs.items()):
        segs.sort(key=lambda s: s.seg)
        path = corpus / "articles" / f"{doc}__{system}.txt"
        text, form = None, "article"
        if not from_segments and path.is_file():
            text = corpora.read_article(path)
            if not _place(text, segs):
                text = None
        if text is None:
            text, form = _build(segs), "segments"
        stripped += any(s.lead or s.length != len(s.text) for s in segs)
        if len(segs) > 1 and "\n" not in text[segs[0].start + segs[0].length : segs[1].start]:
            headline += 1
        docs.append(
            Doc(system, doc, text, segs, raters[(system, doc)], form, len(WORD.findall(text)))
        )
    if from_segments:
        notes.append("--from-segments: each document built as one paragraph per segment")
    else:
        built = sum(d.form == "segments" for d in docs)  # no articles/ file, or a segment not in it
        notes.append(
            f"{len(docs) - built} documents checked as their articles/ file (every segment "
            f"located exactly; {stripped} with some segment's outer white space stripped), "
            f"{built} built from the segments"
        )
    notes.append(
        f"headline (segment 1) alone on line 1 in {len(docs) - headline} of {len(docs)} documents"
    )
    return docs, notes


def _place(text: str, segs: list[Segment]) -> bool:
    """Locate each segment's target in ``text``, in order; False when one is not there."""
    pos = 0
    for seg in segs:
        while pos < len(text) and text[pos] in " \n":
            pos += 1
        body = seg.text.strip()
        if text.startswith(seg.text, pos):
            seg.lead, seg.length = 0, len(seg.text)
        elif body and text.startswith(body, pos):
            seg.lead, seg.length = len(seg.text) - len(seg.text.lstrip()), len(body)
        else:
            return False
        seg.start = pos
        pos += seg.length
    return not text[pos:].strip()


def _build(segs: list[Segment]) -> str:
    """Headline (segment 1) on line 1, then one paragraph per segment."""
    parts, pos = [], 0
    for seg in segs:
        seg.start, seg.lead, seg.length = pos, 0, len(seg.text)
        parts.append(seg.text)
        pos += len(seg.text) + 2
    return "\n\n".join(parts) + "\n"


def _map(docs: list[Doc], linted: list[Linted]) -> tuple[list[Hit], int]:
    hits, unmapped = [], 0
    for doc, result in zip(docs, linted, strict=True):
        for code, offset, length, line, column, _ in result.diagnostics:
            end = offset + max(length, 1)
            pieces = []
            for seg in doc.segments:
                part = seg.to_target(offset, end)
                if part:
                    pieces.append((seg, *part))
            unmapped += not pieces
            over = [
                span
                for seg, s, e in pieces
                for span in seg.spans
                if span.start < e and span.end > s
            ]
            hits.append(Hit(code, doc, offset, length, line, column, pieces, over))
    return hits, unmapped


def _rated(docs: list[Doc], exclude: set[str]) -> list[Doc]:
    """The documents that keep at least one rater."""
    return [d for d in docs if d.raters - exclude]


# -- reporting: MQM ---------------------------------------------------------------------------


def _header(docs, halves, rater_sets, notes, linted, seconds) -> None:
    print("\nMQM zh-en: ST3 diagnostics against target-side error spans (any category)")
    for note in notes:
        print(f"  {note}")
    timeouts = _timeouts(linted)
    if timeouts:
        print(
            "  pattern time-outs (rule's findings lost on that document): "
            + ", ".join(f"{code} {n}" for code, n in sorted(timeouts.items()))
        )
    print(f"  factlint + loading: {seconds:.0f} s for {len(docs)} documents")
    for label, excl in rater_sets.items():
        for half, part in halves.items():
            part = _rated(part, excl)
            segs = [s for d in part for s in d.segments]
            spans = {
                (id(s), sp.start, sp.end) for s in segs for sp in s.spans if sp.rater not in excl
            }
            chars = sum(len(s.text) for s in segs) or 1
            covered = sum(
                len(
                    {
                        i
                        for sp in s.spans
                        if sp.rater not in excl
                        for i in range(sp.start, min(sp.end, len(s.text)))
                    }
                )
                for s in segs
            )
            words = inside = 0
            for s in segs:
                for m in WORD.finditer(s.text):
                    words += 1
                    inside += any(
                        sp.rater not in excl and sp.start < m.end() and sp.end > m.start()
                        for sp in s.spans
                    )
            print(
                f"  half {half}, {label}: {len({d.doc for d in part})} docs x "
                f"{len({d.system for d in part})} systems, {len(segs)} segments, "
                f"{sum(d.words for d in part)} words, {len(spans)} distinct spans, "
                f"{covered / chars:.1%} of characters and {inside / max(words, 1):.1%} of words "
                "inside a span (word baseline)"
            )


def _precision(hits, halves, exclude, label, codes, names, figures) -> None:
    print(f"\n== Precision, {label} (correct = overlaps an annotated target-side span)")
    print(
        f"{'code':6s} {'name':24s} | {'B n':>5} {'ok':>4} {'P':>5} {'lo':>5} {'d/s':>5} | "
        f"{'A n':>5} {'ok':>4} {'P':>5} {'lo':>5} {'d/s':>5} | B categories of correct hits"
    )
    for code in [*codes, "all"]:
        cells = []
        for half in ("B", "A"):
            docs = {id(d) for d in _rated(halves[half], exclude)}
            part = [h for h in hits if id(h.doc) in docs and (code == "all" or h.code == code)]
            ok = sum(h.correct(exclude) for h in part)
            p = f"{ok / len(part):5.2f}" if part else "    -"
            ds = f"{len({h.doc.doc for h in part}):2d}/{len({h.doc.system for h in part}):<2d}"
            cells.append(f"{len(part):5d} {ok:4d} {p} {wilson_low(ok, len(part)):5.2f} {ds:>5}")
            figures.setdefault(label, {}).setdefault(code, {})[half] = {
                "diagnostics": len(part),
                "correct": ok,
                "precision": round(ok / len(part), 4) if part else None,
            }
            if half == "B":
                cats: Counter = Counter()
                for h in part:
                    cats.update(h.categories(exclude))
                top = " ".join(
                    f"{_short(c)}:{100 * k // max(ok, 1)}%" for c, k in cats.most_common(4)
                )
        name = names.get(code, "(all rules)")[:24]
        print(f"{code:6s} {name:24s} | {cells[0]} | {cells[1]} | {top or '-'}")
    print("  lo: 95% Wilson lower bound; d/s: documents/systems with a diagnostic")


def _spans(docs: Iterable[Doc], exclude: set[str]) -> dict[tuple, set[str]]:
    """Distinct spans (segment, start, end) -> their categories, for the kept raters."""
    out: dict[tuple, set[str]] = defaultdict(set)
    for d in docs:
        for s in d.segments:
            for sp in s.spans:
                if sp.rater not in exclude:
                    out[(s, sp.start, sp.end)].add(sp.category)
    return out


def _found(hits: Iterable[Hit]) -> dict[Segment, list[tuple[int, int]]]:
    pieces: dict[Segment, list[tuple[int, int]]] = defaultdict(list)
    for h in hits:
        for seg, s, e in h.pieces:
            pieces[seg].append((s, e))
    return pieces


def _is_found(key: tuple, found: dict) -> bool:
    seg, start, end = key
    return any(s < end and e > start for s, e in found.get(seg, ()))


def _recall(hits, halves, rater_sets, figures) -> None:
    found = _found(hits)
    print("\n== Recall (a): distinct target-side spans overlapped by some diagnostic")
    print(f"{'half':4s} {'raters':26s} {'spans':>6} {'found':>6} {'recall':>7}")
    for label, excl in rater_sets.items():
        for half in ("B", "A"):
            spans = _spans(_rated(halves[half], excl), excl)
            k = sum(_is_found(key, found) for key in spans)
            print(f"{half:4s} {label:26s} {len(spans):6d} {k:6d} {k / max(len(spans), 1):7.2%}")
            figures.setdefault(label, {})[half] = {
                "spans": len(spans),
                "found": k,
                "recall": round(k / max(len(spans), 1), 4),
            }

    print("\n== Recall (b): per MQM category (a span marked with two categories counts in both)")
    cols = list(rater_sets.items())
    head = " | ".join(
        f"{'B ' + ('all' if not ex else 'excl'):>10s} {'found':>5} {'rec':>6}" for _, ex in cols
    )
    print(f"{'category':40s} | {head} | {'A all':>10s} {'found':>5} {'rec':>6}")
    tables = []
    for half, (_, excl) in [("B", c) for c in cols] + [("A", cols[0])]:
        table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for key, cats in _spans(_rated(halves[half], excl), excl).items():
            hit = _is_found(key, found)
            for cat in cats:
                table[cat][0] += 1
                table[cat][1] += hit
        tables.append(table)
    for cat in sorted(tables[0], key=lambda c: (-tables[0][c][0], c)):
        cells = []
        for table in tables:
            n, k = table.get(cat, [0, 0])
            cells.append(f"{n:10d} {k:5d} {k / n if n else 0:6.1%}")
        print(f"{cat[:40]:40s} | " + " | ".join(cells))


def _targeted(hits, halves, rater_sets, share) -> None:
    """Recall over the categories where the pack's correct half-A diagnostics fall."""
    found = _found(hits)
    print("\n== Recall (c): over the categories the pack targets")
    print(
        f"  definition: a category is targeted when at least {share:.0%} of the pack's correct "
        "half-A diagnostics (rater set as in the row) overlap a span of that category AND its "
        "share among those diagnostics is at least twice its share of all half-A spans "
        "(lift >= 2, so the ubiquitous Mistranslation spans a diagnostic overlaps by chance "
        "do not count). Defined on half A, measured on half B."
    )
    for label, excl in rater_sets.items():
        docs_a = {id(d) for d in _rated(halves["A"], excl)}
        correct = [h for h in hits if id(h.doc) in docs_a and h.correct(excl)]
        per_cat: Counter = Counter()
        rules: dict[str, Counter] = defaultdict(Counter)
        for h in correct:
            per_cat.update(h.categories(excl))
            for cat in h.categories(excl):
                rules[cat][h.code] += 1
        base: Counter = Counter()
        spans_a = _spans(_rated(halves["A"], excl), excl)
        for cats in spans_a.values():
            base.update(cats)
        total = sum(base.values()) or 1
        print(f"  {label}: {len(correct)} correct half-A diagnostics")
        print(
            f"    {'category':40s} {'hits':>5} {'share':>6} {'span share':>10} {'lift':>6}  "
            "rules (hits)"
        )
        targeted = []
        for cat, k in per_cat.most_common():
            s = k / len(correct)
            lift = s / (base[cat] / total) if base[cat] else float("inf")
            mark = s >= share and lift >= 2
            if mark:
                targeted.append(cat)
            by_rule = " ".join(f"{code}:{n}" for code, n in rules[cat].most_common())
            print(
                f"    {cat[:40]:40s} {k:5d} {s:6.1%} {base[cat] / total:10.2%} {lift:6.1f}  "
                f"{by_rule}" + ("  <- targeted" if mark else "")
            )
        spans_b = _spans(_rated(halves["B"], excl), excl)
        keys = [key for key, cats in spans_b.items() if cats & set(targeted)]
        k = sum(_is_found(key, found) for key in keys)
        print(
            f"    recall on half B over {', '.join(targeted) or '(none)'}: {k}/{len(keys)} "
            f"= {k / max(len(keys), 1):.1%}"
        )


def _show_mt(hits, codes, limit, exclude) -> None:
    print(f"\n== MT diagnostics, up to {limit} per rule (+ correct, - no overlapping span)")
    for code in codes:
        part = [h for h in hits if h.code == code]
        seen: set[str] = set()
        shown = 0
        for h in sorted(part, key=lambda h: (h.correct(set()), h.doc.doc, h.doc.system)):
            if shown >= limit:
                break
            text = h.doc.text[h.offset : h.offset + h.length]
            if text in seen and len(part) > limit:
                continue
            seen.add(text)
            shown += 1
            seg = h.pieces[0][0] if h.pieces else None
            cats = sorted({_short(s.category) for s in h.over})
            raters = sorted({s.rater.removeprefix("rater") for s in h.over})
            where = f"{h.doc.doc}/{h.doc.system} seg {seg.seg if seg else '?'}"
            context = _context(h.doc.text, h.offset, h.length)
            mark = "+" if h.correct(set()) else "-"
            flag = "" if h.correct(exclude) or not h.correct(set()) else " (excluded raters only)"
            print(
                f"  {code} {mark} {where} [{' '.join(cats)}] raters {','.join(raters) or '-'}"
                f"{flag}\n      {context}"
            )


def _short(category: str) -> str:
    return CATEGORY_SHORT.get(category, category.split("/")[-1][:10])


def _context(text: str, offset: int, length: int, width: int = 60) -> str:
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset + length)
    line_end = len(text) if line_end < 0 else line_end
    before = text[max(line_start, offset - width) : offset]
    after = text[offset + length : min(line_end, offset + length + width)]
    match = text[offset : offset + length]
    if len(match) > 2 * width:
        match = f"{match[:width]} … {match[-width // 2 :]}"
    return f"…{before}[[{match}]]{after}…".replace("\n", " ")


# -- native copy -----------------------------------------------------------------------------


def _rates_mt(docs: list[Doc], hits: list[Hit], codes: list[str]) -> dict[str, float]:
    words = sum(d.words for d in docs) or 1
    counts = Counter(h.code for h in hits)
    rates = {code: 1000 * counts[code] / words for code in codes}
    rates["all"] = 1000 * len(hits) / words
    return rates


def _native(files_by, root: Path, codes, names, mt_rates, slow, args, figures) -> None:
    if not files_by:
        print(f"\nnative copy not found under {root}: false alarms not measured")
        return
    fast = tuple(sorted(slow)) if slow and args.slow_sample else ()
    results: dict[str, list[tuple[Path, Linted]]] = {}
    sampled: dict[str, list[tuple[Path, Linted]]] = {}
    for label, files in files_by.items():
        jobs = [_job(p.name, path=p, ignore=fast) for p in files]
        results[label] = list(zip(files, _run(jobs, args.jobs, f"{label} articles"), strict=True))
        if fast:
            part = _spread(files, args.slow_sample)
            jobs = [_job(p.name, path=p, select=fast) for p in part]
            linted = _run(jobs, args.jobs, f"{label} articles, slow rules")
            sampled[label] = list(zip(part, linted, strict=True))
            index = dict(results[label])
            for path, extra in sampled[label]:
                li = index[path]
                li.diagnostics += extra.diagnostics
                li.error = "; ".join(e for e in (li.error, extra.error) if e) or None
                li.seconds += extra.seconds

    labels = list(results)
    print("\n== Native copy: ST3 diagnostics per 1,000 words (native copy has no MT debris)")
    for label, pairs in results.items():
        timeouts = _timeouts(li for _, li in pairs)
        print(
            f"  {label}: {len(pairs)} articles, {sum(li.words for _, li in pairs)} words, "
            f"factlint {sum(li.seconds for _, li in pairs):.0f} s; pattern time-outs: "
            + (", ".join(f"{c} {n}" for c, n in sorted(timeouts.items())) or "none")
        )
    if fast:
        print(
            f"  * slow rule: rate over {args.slow_sample} evenly spaced articles per corpus; "
            "the 'all' row adds the rates"
        )
    head = " ".join(f"{lab + ' n':>7} {'/1k':>6} {'arts':>5}" for lab in labels)
    print(f"{'code':6s} {'name':24s} | {'MT /1k':>6} | {head}")
    counts = dict.fromkeys(labels, 0)
    rates = dict.fromkeys(labels, 0.0)
    with_hits: dict[str, set[Path]] = {lab: set() for lab in labels}
    for code in codes:
        cells = []
        for lab in labels:
            pairs = sampled[lab] if code in fast else results[lab]
            words = sum(li.words for _, li in pairs) or 1
            n = sum(d[0] == code for _, li in pairs for d in li.diagnostics)
            arts = {path for path, li in pairs if any(d[0] == code for d in li.diagnostics)}
            counts[lab] += n
            rates[lab] += 1000 * n / words
            with_hits[lab] |= arts
            cells.append(
                f"{n:7d} {1000 * n / words:6.3f}{'*' if code in fast else ' '}{len(arts):5d}"
            )
            figures.setdefault(lab, {})[code] = {
                "count": n,
                "per_1000_words": round(1000 * n / words, 4),
            }
        print(f"{code:6s} {names[code][:24]:24s} | {mt_rates[code]:6.3f} | {' '.join(cells)}")
    cells = [f"{counts[lab]:7d} {rates[lab]:6.3f} {len(with_hits[lab]):5d}" for lab in labels]
    print(f"{'all':6s} {'(all rules)':24s} | {mt_rates['all']:6.3f} | {' '.join(cells)}")

    if args.examples:
        print(f"\n== Native hits, up to {args.examples} per rule (file:line:col, match in context)")
        for code in codes:
            rows = [
                (lab, path, d)
                for lab, pairs in results.items()
                for path, li in pairs
                for d in li.diagnostics
                if d[0] == code
            ]
            if not rows:
                continue
            print(f"  {code} {names[code]}: {len(rows)} hits")
            # alternate the corpora, one hit per article first
            picked, used = [], set[Path]()
            for lab, path, d in _interleave(rows, labels):
                if path in used and len({r[1] for r in rows}) > len(used):
                    continue
                used.add(path)
                picked.append((lab, path, d))
                if len(picked) >= args.examples:
                    break
            for lab, path, (_, _, _, line, column, shown) in picked:
                print(f"    {lab} {path.parent.name}/{path.name}:{line}:{column}  {shown}")


def _interleave(rows, labels):
    queues = {lab: [r for r in rows if r[0] == lab] for lab in labels}
    while any(queues.values()):
        for lab in labels:
            if queues[lab]:
                yield queues[lab].pop(0)


if __name__ == "__main__":
    raise SystemExit(main())
