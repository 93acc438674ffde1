"""Mine candidate translation-artifact patterns from the WMT23 zh-en MQM corpus, with
precision measured on a held-out half of the documents and false-alarm rates on native copy.

Usage::

    python tools/mine_mqm.py                        # mined n-grams/characters + hypotheses
    python tools/mine_mqm.py --only hypotheses      # just the hand-written regex hypotheses
    python tools/mine_mqm.py --swap                 # mine on the other half (stability check)
    python tools/mine_mqm.py --exclude-raters rater1,rater8   # drop two raters' spans
    python tools/mine_mqm.py --max-span 60          # ignore error spans longer than 60 chars
    python tools/mine_mqm.py --min-support 5 --min-docs 3 --min-precision 0.7 --top 80
    python tools/mine_mqm.py --no-native            # skip the BBC / PolNeAR comparison
    python tools/mine_mqm.py --tsv /tmp/mqm.tsv     # also write every row as TSV

Data: ``../shared/corpora/mt_news_mqm/`` (``segments.tsv.gz``, ``errors.tsv.gz``), read at
run time; nothing from the corpus is stored in the repository. Skips cleanly, with a
message, when the corpus is absent.

Split: the sorted document ids alternate between half A (even positions) and half B (odd).
Mining uses A and the held-out figures come from B (``--swap`` reverses them). All ten MT
systems' translations of one document fall in the same half, so a phrase cannot be
"learned" from one system's translation and "confirmed" on another's. There are only 38
source documents: the number of distinct documents behind a figure (column ``d/s``,
documents/systems) is its real sample size, not the occurrence count.

Precision: an occurrence (a regex match, a word n-gram or a character) counts as *inside
an error* when it overlaps at least one annotated target-side error span of any rater and
any category (the HOTW attention-check rows, which carry no offsets, are ignored). About
30% of all target characters lie inside some span, so precision must be read against the
baselines printed in the header (the share of all n-gram occurrences overlapping a span).
Each document-system pair was rated by three raters; column ``rtr`` names the rater behind
most held-out hits, since some raters mark conventions (e.g. every straight quote) that the
others ignore. ``--exclude-raters`` drops those raters' spans, and the segments of any pair
left with no rater.

Native copy: unless ``--no-native``, every row is also counted in the BBC articles (British,
duplicates skipped) and the PolNeAR articles outside the ``test`` split (US), as matches per
100,000 words, next to the rate in the MT corpus. Native copy contains no translation
debris, so a pattern common there is ordinary English, whatever its MQM precision.

Mined candidates: lower-cased word n-grams (1 to 4 words, never across punctuation; digits
are reduced to ``#`` so ``5150`` and ``1080`` are the same candidate) and single
non-alphanumeric characters, with at least ``--min-support`` occurrences in at least
``--min-docs`` documents of the mining half and mining precision >= ``--min-precision``.
An n-gram is dropped when a shorter candidate inside it is already at least as precise.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import regex

if not __package__:  # run as ``python tools/mine_mqm.py``: bench/ is a package beside tools/
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import corpora
from bench.mqm import CATEGORY_SHORT, MARKUP, WORD, wilson_low

MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "more and more", "again and again" ...: ordinary English, not "X and X" debris.
X_AND_X_OK = (
    r"more|less|again|over|on|round|through|better|worse|bigger|higher|lower|longer|faster|"
    r"closer|further|farther|up|down|out|back|forth|by|side|step|time|year|day|week|month|"
    r"hours|days|weeks|months|years|miles|tens|dozens|hundreds|thousands|millions|billions"
)

# Hypotheses: (name, pattern). Each is compiled with the ``regex`` module, case-sensitive
# unless the pattern carries ``(?i)``. Segments are roughly paragraphs, so ``^``/``$``
# anchor at paragraph edges (native copy is matched one paragraph at a time).
HYPOTHESES: list[tuple[str, str]] = [
    # Characters and punctuation
    (
        "full-width punctuation",
        r"[，。：；！？（）、【】《》〈〉「」『』〔〕～\uFF01-\uFF0F\uFF1A-\uFF20]",
    ),
    ("CJK symbols and punctuation block", r"[\u3000-\u303F]"),
    ("CJK ideographs", r"\p{Han}+"),
    ("kana/hangul", r"[\p{Hiragana}\p{Katakana}\p{Hangul}]+"),
    ("middle dot between words", r"(?<=\w) ?[·・] ?(?=\w)"),
    ("geometric/arrow symbols", r"[○●◎■□▲△◆◇★☆↓↑→←※]"),
    ("space before , . ; : ? !", r"(?<=\w)[ \t]+(?:[,;:?!]|\.(?![.\w]| \.))(?!\d)"),
    ("doubled punctuation", r"([,;:!?])\1|(?<![.\d])\.\.(?![.\d])|[,;:] *[,;:]|, *\.(?!\.)"),
    ("missing space after , ; :", r"(?<=[a-z])[,;:](?=[A-Za-z])"),
    ("missing space after full stop", r"(?<=[a-z]{2})\.(?=[A-Z][a-z])"),
    ("double space", r"(?<=\S)[ ]{2,}(?=\S)"),
    ("double hyphen as dash", r"--"),
    ("unspaced hyphen before capital", r"(?<=[a-z])-(?=[A-Z][a-z]+\b)"),
    ("stray Quote/Unquote", r"\b(?:[Uu]nquote|[Ee]nd quote|Quote(?=[,:]?\s))\b"),
    ("straight double quote", r'"'),
    ("curly quotes", r"[“”‘’]"),
    ("short quoted phrase (scare quotes)", r'"[^"\s][^"]{0,30}"'),
    ("quote then full stop outside", r'"\.'),
    ("unbalanced double quote in paragraph", r'^[^"]*"[^"]*$'),
    ("angle-bracket title marks", r"[<>]"),
    # Page and wire debris
    ("(End) marker", r"\((?:End|Finish|Over|Complete|The End)\)"),
    ("[Editor: ...]", r"(?i)\[(?:responsible |executive )?editor(?: in charge)?\s*:[^\]]*\]"),
    ("[Source: ...]", r"(?i)\[source\s*:[^\]]*\]"),
    (
        "[Large Medium Small] font switch",
        r"(?i)(?:font\s*:\s*)?[\[【](?:large|big)\s+(?:medium|middle)\s+small[\]】]",
    ),
    ("bracketed correspondent byline", r"(?i)\[[^\]]*(?:correspondent|reporter)[^\]]*\]"),
    ("(Reporter Name) byline", r"(?i)\((?:by\s+)?(?:reporters?|correspondents?)\s+[A-Z][^)]*\)"),
    (
        "(Comprehensive ...) compiled-report tag",
        r"(?i)\((?:comprehensive|compiled|synthesi[sz]ed)\b[^)]*\)",
    ),
    ("(Xinhua) dateline", r"\((?:Xinhua|Xinhua News Agency|CNS|China News Service)\)"),
    ("Xinhua News Agency, City, Date", r"Xinhua News Agency,? [A-Z][a-z]+,? [A-Z][a-z]+\.? \d"),
    (
        "site credit suffix",
        r"(?i)\s?[-–—|]\s?(?:china ?news(?:\.com| network| service)?|chinanews(?:\.com)?|"
        r"china new network|xinhuanet|xinhua net(?:work)?|people's daily online|"
        r"[\w ]{2,30}(?:network|online|\.com|website))\.?\s*$",
    ),
    ("Photo by / photographed by", r"(?i)\b(?:photo(?:graphed)? by|photo:)\s"),
    (
        "according to X report on <date>",
        r"(?i)\baccording to [\w'’ -]{2,40}?\breports? (?:on|of) (?:\w+ )?\d",
    ),
    # Reporter self-reference
    ("reporter learned", r"(?i)\b(?:the |this |our )?reporters? (?:learned|learnt|was told|found)"),
    ("the reporter (self-reference)", r"(?i)\b(?:the|this|our) reporter\b"),
    ("according to reports", r"(?i)\baccording to (?:reports|the report)\b"),
    ("it is reported that", r"(?i)\bit (?:is|was) reported that\b"),
    ("it is understood that", r"(?i)\bit (?:is|was) (?:understood|learned|learnt) that\b"),
    ("it is worth noting", r"(?i)\bit is worth (?:noting|mentioning|pointing out)\b"),
    ("according to statistics", r"(?i)\baccording to (?:statistics|incomplete statistics)\b"),
    # Officialese calques
    ("relevant departments", r"(?i)\b(?:the )?relevant (?:departments?|authorities|units?)\b"),
    (
        "relevant person in charge",
        r"(?i)\brelevant (?:persons?|people|officials?|heads?) in charge\b",
    ),
    ("relevant (any)", r"(?i)\brelevant\b"),
    ("the (broad) masses", r"(?i)\bthe (?:broad )?masses\b"),
    ("carry out", r"(?i)\bcarr(?:y|ies|ied|ying) out\b"),
    (
        "carry out + activity noun",
        r"(?i)\bcarr(?:y|ies|ied|ying) out (?:\w+ ){0,2}?(?:work|activities|activity|inspections?|"
        r"exchanges?|cooperation|research|investigations?|publicity|education|training|"
        r"rectification|construction|campaigns?|supervision)\b",
    ),
    ("at present", r"(?i)\bat present\b"),
    ("further promote", r"(?i)\bfurther (?:promote|advance|strengthen|deepen|improve|expand)\b"),
    ("further (any)", r"(?i)\bfurther\b"),
    ("in accordance with", r"(?i)\bin accordance with\b"),
    ("so as to", r"(?i)\bso as to\b"),
    ("comprehensively", r"(?i)\bcomprehensively\b"),
    ("vigorously", r"(?i)\bvigorously\b"),
    ("steadily advance", r"(?i)\bsteadily (?:advance|promote|push|improve)\b"),
    ("high-quality development", r"(?i)\bhigh[- ]quality development\b"),
    ("the construction of", r"(?i)\bthe construction of\b"),
    ("promote (verb)", r"(?i)\bpromot(?:e|es|ed|ing)\b"),
    (
        "promote + abstract noun",
        r"(?i)\bpromot(?:e|es|ed|ing) (?:the )?(?:development|construction|implementation|"
        r"modernization|cooperation|reform|exchanges?|integration|transformation)\b",
    ),
    ("push forward", r"(?i)\bpush(?:es|ed|ing)? forward\b"),
    ("deeply + verb", r"(?i)\bdeeply (?:understand|grasp|study|implement|promote|integrate)\w*\b"),
    ("grasp", r"(?i)\bgrasp(?:s|ed|ing)?\b"),
    ("give full play to", r"(?i)\bgive full play to\b|\bfull play\b"),
    ("play a ... role", r"(?i)\bplay(?:s|ed|ing)? an? (?:\w+ ){0,2}role\b"),
    ("actively + verb", r"(?i)\bactively (?:promote|participate|carry|explore|guide|respond)\w*\b"),
    ("effectively", r"(?i)\beffectively\b"),
    ("continuously/constantly", r"(?i)\b(?:continuously|constantly)\b"),
    ("unswervingly/firmly", r"(?i)\b(?:unswervingly|firmly (?:uphold|promote|support|oppose))\b"),
    ("adhere to", r"(?i)\badher(?:e|es|ed|ing) to\b"),
    ("the spirit of", r"(?i)\b(?:the )?spirit of (?:the )?\w+"),
    (
        "important speech/instructions",
        r"(?i)\bimportant (?:speech|speeches|instructions?|remarks|expositions?)\b",
    ),
    ("new era / new journey", r"(?i)\bnew (?:era|journey)\b"),
    (
        "Chinese-style / Chinese characteristics",
        r"(?i)\bchinese[- ]style\b|chinese characteristics",
    ),
    ("all-round", r"(?i)\ball-round\b"),
    ("in-depth", r"(?i)\bin-depth\b"),
    ("the two sides / both sides", r"(?i)\b(?:the two|both) sides\b"),
    ("all walks of life", r"(?i)\ball walks of life\b"),
    ("netizens", r"(?i)\bnetizens?\b"),
    ("above-mentioned / aforementioned", r"(?i)\b(?:above-mentioned|aforementioned|the above)\b"),
    ("the said", r"(?i)\bthe said\b"),
    ("that day / same day", r"(?i)\b(?:that|the same|on the) day\b"),
    (
        "on the Nth (day of month alone)",
        r"(?i)\b(?:on|of|since|until|by) the \d{1,2}(?:st|nd|rd|th)\b(?!\s+(?:of\b|century|"
        r"centuries|floor|anniversary|birthday|amendment|district|annual|time|place|round|"
        r"minute|edition|session|street|avenue|congress|party|grade|division|precinct|ward))",
    ),
    ("etc. / and so on", r"(?i)\betc\b\.?|\band so on\b"),
    ("and other + plural", r"(?i)\band other \w+s\b"),
    ("a series of", r"(?i)\ba series of\b"),
    ("in recent years", r"(?i)\bin recent years\b"),
    ("at the same time", r"(?i)\bat the same time\b"),
    ("on the basis of", r"(?i)\bon the basis of\b"),
    ("in terms of", r"(?i)\bin terms of\b"),
    ("with regard to", r"(?i)\bwith regard to\b"),
    ("make efforts", r"(?i)\b(?:make|made|making) (?:\w+ )?efforts?\b"),
    ("year-on-year / month-on-month", r"(?i)\b(?:year|month)-on-(?:year|month)\b"),
    ("Sino-", r"\bSino-"),
    # Repetition debris (degenerate MT)
    ("doubled word", r"(?i)\b(?!(?:that|had)\b)(\p{L}{2,})\s+\1\b"),
    ("X and X", rf"(?i)\b(?!(?:{X_AND_X_OK})\b)(\w{{3,}})\s+and\s+\1\b"),
    (
        "phrase of 3+ words repeated 3+ times",
        r"(?i)\b(\w[\w'’]*(?:[\s,]+\w[\w'’]*){2,11})\b(?:[,\s]+\1\b){2,}",
    ),
    # Locale conventions
    ("ordinal date (Feb. 9th)", rf"\b{MONTH} \d{{1,2}}(?:st|nd|rd|th)\b"),
    ("ordinal number (any)", r"\b\d{1,2}(?:st|nd|rd|th)\b"),
    ("ISO date", r"\b\d{4}-\d{2}-\d{2}\b"),
    ("day-month date (11 February)", rf"\b\d{{1,2}} {MONTH}(?=\W|$)"),
    (
        "4+ digits without separator (not a year or clock time)",
        r"(?<![\w.,/-])(?<!\b(?:in|since|until|till|before|after|circa|year) )"
        r"(?!(?:19|20)\d\d\b)\d{4,}(?![\w.,/-])"
        r"(?!\s*(?:GMT|BST|UTC|CET|EST|EDT|ET|hrs|hours)\b)",
    ),
    ("RMB", r"\bRMB\b"),
    ("Viet Nam", r"\bViet Nam\b"),
    ("US without points", r"\bUS\b"),
    ("Mr./Ms. + two-part name", r"\b(?:Mr|Ms|Mrs)\.? [A-Z][a-z]+ [A-Z][a-z]+\b"),
]


@dataclass
class Segment:
    doc: str
    system: str
    text: str
    spans: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, cat, rater


@dataclass
class Tally:
    """Occurrences of one candidate in one half."""

    n: int = 0
    hits: int = 0
    docs: set[str] = field(default_factory=set)
    systems: set[str] = field(default_factory=set)
    categories: Counter = field(default_factory=Counter)
    raters: Counter = field(default_factory=Counter)

    def add(self, seg: Segment, found: tuple[set[str], set[str]] | None) -> None:
        self.n += 1
        self.docs.add(seg.doc)
        self.systems.add(seg.system)
        if found:
            self.hits += 1
            self.categories.update(found[0])
            self.raters.update(found[1])

    @property
    def precision(self) -> float:
        return self.hits / self.n if self.n else 0.0


@dataclass
class Row:
    kind: str  # "mined" or "hyp"
    name: str
    pattern: str
    mine: Tally
    held: Tally
    rates: dict[str, float] = field(default_factory=dict)  # per 100,000 words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=corpora.mqm_folder())
    parser.add_argument(
        "--native-corpora", type=Path, default=corpora.root(), help="holds bbc_news, polnear"
    )
    parser.add_argument("--no-native", action="store_true", help="skip the native-copy rates")
    parser.add_argument("--only", choices=("mined", "hypotheses"))
    parser.add_argument("--swap", action="store_true", help="mine on half B, hold out half A")
    parser.add_argument("--min-support", type=int, default=5, help="mining occurrences")
    parser.add_argument("--min-docs", type=int, default=3, help="mining documents")
    parser.add_argument("--min-precision", type=float, default=0.7, help="mining precision")
    parser.add_argument("--min-held", type=int, default=5, help="held-out occurrences to rank")
    parser.add_argument("--max-n", type=int, default=4, help="longest word n-gram")
    parser.add_argument("--max-span", type=int, default=0, help="ignore longer spans (0: keep)")
    parser.add_argument("--exclude-raters", default="", help="comma-separated rater ids")
    parser.add_argument("--top", type=int, default=50, help="mined rows to print (0: all)")
    parser.add_argument("--tsv", help="also write all rows to this TSV file")
    args = corpora.parse_mqm_args(parser, argv, "mine_mqm")
    if args is None:
        return 0
    segments, notes = _load(args.corpus, args.max_span, args.excluded)
    docs = sorted({seg.doc for seg in segments})
    half_a = set(docs[0::2])
    mine_docs = set(docs) - half_a if args.swap else half_a
    mine = [s for s in segments if s.doc in mine_docs]
    held = [s for s in segments if s.doc not in mine_docs]
    native = {} if args.no_native else _native(args.native_corpora)
    _header(mine, held, notes, native, args)

    rows: list[Row] = []
    if args.only != "hypotheses":
        rows += _mined(mine, held, args)
    if args.only != "mined":
        for name, pattern in HYPOTHESES:
            compiled = regex.compile(pattern)
            rows.append(
                Row(
                    "hyp",
                    name,
                    pattern,
                    _measure_regex(compiled, mine),
                    _measure_regex(compiled, held),
                )
            )
    _add_rates(rows, [s.text for s in segments], native, args.max_n)

    for kind, title in (("mined", "Mined candidates"), ("hyp", "Hypotheses")):
        part = [r for r in rows if r.kind == kind]
        if not part:
            continue
        part.sort(key=lambda r: _rank(r.held, args.min_held))
        if kind == "mined" and args.top:
            part = part[: args.top]
        _print_table(title, part, args.min_held, list(native))

    if args.tsv:
        _write_tsv(Path(args.tsv), rows, list(native))
    return 0


# -- loading ------------------------------------------------------------------------------


def _load(corpus: Path, max_span: int, exclude: set[str]) -> tuple[list[Segment], list[str]]:
    """Segments with their target-side error spans aligned, and notes for the header."""
    segments = {
        (r["system"], r["doc"], r["seg"]): Segment(r["doc"], r["system"], r["target"])
        for r in corpora.read_tsv(corpus / "segments.tsv.gz")
    }
    errors = corpora.read_tsv(corpus / "errors.tsv.gz")
    raters: dict[tuple[str, str], set[str]] = defaultdict(set)  # (system, doc) -> raters
    dropped = skipped = 0
    for r in errors:
        raters[(r["system"], r["doc"])].add(r["rater"])
        if r["side"] != "target" or not r["start"] or not r["end"]:
            continue  # source-side errors and the HOTW attention checks (no offsets)
        seg = segments.get((r["system"], r["doc"], r["seg"]))
        start, end = int(r["start"]), int(r["end"])
        if seg is not None:
            start, end = corpora.align_span(seg.text, r["target"], r["span"], start, end)
        if seg is None or start < 0 or end <= start:
            dropped += 1
            continue
        if (max_span and end - start > max_span) or r["rater"] in exclude:
            skipped += 1
            continue
        seg.spans.append((start, end, r["category"], r["rater"]))
    notes = []
    if dropped:
        notes.append(f"{dropped} error rows dropped: span not in segments.tsv (stripped space)")
    if skipped:
        notes.append(f"{skipped} error rows ignored (--max-span / --exclude-raters)")
    kept = [seg for key, seg in segments.items() if not exclude or raters[key[:2]] - exclude]
    if len(kept) < len(segments):
        notes.append(f"{len(segments) - len(kept)} segments left with no rater dropped")
    return kept, notes


def _native(root: Path) -> dict[str, list[str]]:
    """Paragraphs of native news copy (see :func:`corpora.native_news`)."""
    return {name: _paragraphs(files) for name, files in corpora.native_news(root).items()}


def _paragraphs(files: Iterable[Path]) -> list[str]:
    """Non-empty lines, with markup (PolNeAR embeds ``<tweet ...>`` tags) removed."""
    out = []
    for path in files:
        text = MARKUP.sub(" ", corpora.read_article(path))
        out += [line.strip() for line in text.splitlines() if line.strip()]
    return out


# -- counting -----------------------------------------------------------------------------


def _overlap(seg: Segment, start: int, end: int) -> tuple[set[str], set[str]] | None:
    """Categories and raters of the error spans overlapping [start, end), or None."""
    over = [(cat, rater) for s, e, cat, rater in seg.spans if s < end and e > start]
    if not over:
        return None
    return {cat for cat, _ in over}, {rater for _, rater in over}


def _ngrams(text: str, max_n: int) -> Iterator[tuple[str, int, int]]:
    """(key, start, end) for lower-cased word n-grams that do not cross punctuation."""
    tokens = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    for i in range(len(tokens)):
        words = []
        for j in range(i, min(i + max_n, len(tokens))):
            if j > i and text[tokens[j - 1][1] : tokens[j][0]].strip():
                break
            words.append(regex.sub(r"\d", "#", tokens[j][2].lower()))
            yield " ".join(words), tokens[i][0], tokens[j][1]


def _chars(text: str) -> Iterator[tuple[str, int, int]]:
    for i, ch in enumerate(text):
        if not ch.isspace() and not (ch.isascii() and ch.isalnum()):
            yield f"char U+{ord(ch):04X} {unicodedata.name(ch, '?')}", i, i + 1


def _keys(text: str, max_n: int) -> Iterator[tuple[str, int, int]]:
    yield from _ngrams(text, max_n)
    yield from _chars(text)


def _count(segs: list[Segment], max_n: int) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for seg in segs:
        for key, start, end in _keys(seg.text, max_n):
            tallies[key].add(seg, _overlap(seg, start, end))
    return tallies


def _mined(mine: list[Segment], held: list[Segment], args) -> list[Row]:
    mine_t = _count(mine, args.max_n)
    held_t = _count(held, args.max_n)
    candidates = [
        (key, t)
        for key, t in mine_t.items()
        if t.n >= args.min_support
        and len(t.docs) >= args.min_docs
        and t.precision >= args.min_precision
    ]
    # Keep an n-gram only when no shorter kept candidate inside it is at least as precise.
    candidates.sort(key=lambda kt: (len(kt[0].split()), -kt[1].precision))
    kept: dict[str, Tally] = {}
    for key, t in candidates:
        if not key.startswith("char "):
            words = key.split()
            subs = {
                " ".join(words[i:j])
                for i in range(len(words))
                for j in range(i + 1, len(words) + 1)
                if j - i < len(words)
            }
            if any(s in kept and kept[s].precision >= t.precision - 0.02 for s in subs):
                continue
        kept[key] = t
    return [
        Row("mined", key, _as_regex(key), t, held_t.get(key, Tally())) for key, t in kept.items()
    ]


def _as_regex(key: str) -> str:
    if key.startswith("char U+"):
        return regex.escape(chr(int(key.split()[1][2:], 16)))
    words = [regex.escape(w).replace("\\#", "#").replace("#", r"\d") for w in key.split()]
    return r"(?i)\b" + r"\s+".join(words) + r"\b"


def _measure_regex(pattern: regex.Pattern, segs: list[Segment]) -> Tally:
    tally = Tally()
    for seg in segs:
        for m in pattern.finditer(seg.text):
            if m.end() > m.start():
                tally.add(seg, _overlap(seg, m.start(), m.end()))
    return tally


def _add_rates(rows: list[Row], mt: list[str], native: dict[str, list[str]], max_n: int) -> None:
    """Matches per 100,000 words in the whole MT corpus and in each native corpus."""
    corpora = {"MT": mt, **native}
    wanted = {r.name for r in rows if r.kind == "mined"}
    hyps = [(r, regex.compile(r.pattern)) for r in rows if r.kind == "hyp"]
    for label, texts in corpora.items():
        words = sum(len(WORD.findall(t)) for t in texts) or 1
        counts: Counter = Counter()
        for text in texts:
            if wanted:
                counts.update(k for k, _, _ in _keys(text, max_n) if k in wanted)
            for row, compiled in hyps:
                counts[id(row)] += sum(1 for m in compiled.finditer(text) if m.end() > m.start())
        for row in rows:
            hits = counts[row.name] if row.kind == "mined" else counts[id(row)]
            row.rates[label] = 1e5 * hits / words


# -- reporting ----------------------------------------------------------------------------


def _rank(t: Tally, min_held: int) -> tuple:
    return (t.n < min_held, -t.precision, -t.n)


def _cats(t: Tally, top: int = 3) -> str:
    if not t.hits:
        return "-"
    return " ".join(
        f"{CATEGORY_SHORT.get(cat, cat.split('/')[-1][:8])}:{100 * c // t.hits}"
        for cat, c in t.categories.most_common(top)
    )


def _top_rater(t: Tally) -> str:
    """The rater behind most hits and the share of hits they marked (one rater near 100%
    means the pattern measures that annotator's convention)."""
    if not t.hits:
        return "-"
    rater, count = t.raters.most_common(1)[0]
    return f"{rater.removeprefix('rater')}:{100 * count // t.hits}"


def _header(mine: list[Segment], held: list[Segment], notes: list[str], native, args) -> None:
    print("MQM zh-en translation-artifact mining (overlap with any target-side error span)")
    for note in notes:
        print(f"  {note}")
    if args.max_span:
        print(f"  spans longer than {args.max_span} characters ignored")
    for label, segs in (("mining", mine), ("held-out", held)):
        spans = [sp for seg in segs for sp in seg.spans]
        distinct = sum(len({(s, e) for s, e, _, _ in seg.spans}) for seg in segs)
        chars = sum(len(seg.text) for seg in segs)
        covered = sum(
            len({i for s, e, _, _ in seg.spans for i in range(s, min(e, len(seg.text)))})
            for seg in segs
        )
        by_n: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for seg in segs:
            for key, start, end in _ngrams(seg.text, args.max_n):
                by_n[len(key.split())][0] += 1
                by_n[len(key.split())][1] += _overlap(seg, start, end) is not None
        baselines = " ".join(f"{n}-gram {h / k:.2f}" for n, (k, h) in sorted(by_n.items()))
        print(
            f"  {label:8s}: {len({s.doc for s in segs})} docs, {len(segs)} segments, "
            f"{len(spans)} target-side error annotations ({distinct} distinct spans), "
            f"{covered / chars:.1%} of characters inside a span"
        )
        print(f"            share of all n-gram occurrences inside a span: {baselines}")
        cats = Counter(cat for _, _, cat, _ in spans)
        print(
            "            categories: "
            + ", ".join(f"{CATEGORY_SHORT.get(c, c)} {k}" for c, k in cats.most_common(8))
        )
    for label, paragraphs in native.items():
        words = sum(len(WORD.findall(p)) for p in paragraphs)
        print(f"  native {label}: {len(paragraphs)} paragraphs, {words} words")
    print(
        "  columns: held-out n, precision, 95% Wilson lower bound, docs/systems | mining n, "
        "precision, docs | matches per 100k words in the MT corpus and native copy | rater "
        "behind most held-out hits (% of hits) | top held-out categories (% of hits; a hit "
        "can carry several)"
    )


def _print_table(title: str, rows: list[Row], min_held: int, native: list[str]) -> None:
    print(f"\n== {title} (sorted by held-out precision; held-out n < {min_held} last)")
    rates = " ".join(f"{label:>6s}" for label in ("MT", *native))
    print(
        f"{'h.n':>5} {'h.P':>5} {'h.lo':>5} {'d/s':>5} | {'m.n':>5} {'m.P':>5} {'m.d':>3} | "
        f"{rates} | {'rtr':6s} {'categories':30s} | name: pattern"
    )
    for row in rows:
        m, h = row.mine, row.held
        rates = " ".join(f"{row.rates.get(label, 0.0):6.1f}" for label in ("MT", *native))
        what = f"{row.name}: {row.pattern}" if row.kind == "hyp" else row.pattern
        if row.name.startswith("char "):
            what += f"  ({row.name[5:]})"
        print(
            f"{h.n:5d} {h.precision:5.2f} {wilson_low(h.hits, h.n):5.2f} "
            f"{len(h.docs):2d}/{len(h.systems):<2d} | {m.n:5d} {m.precision:5.2f} "
            f"{len(m.docs):3d} | {rates} | {_top_rater(h):6s} {_cats(h):30s} | {what}"
        )


def _write_tsv(path: Path, rows: list[Row], native: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter="\t", lineterminator="\n")
        out.writerow(
            [
                "kind",
                "name",
                "pattern",
                "held_n",
                "held_p",
                "held_docs",
                "held_systems",
                "mine_n",
                "mine_p",
                "mine_docs",
                *(f"per100k_{x}" for x in ("MT", *native)),
                "held_top_rater",
                "held_categories",
            ]
        )
        for r in rows:
            out.writerow(
                [
                    r.kind,
                    r.name,
                    r.pattern,
                    r.held.n,
                    f"{r.held.precision:.3f}",
                    len(r.held.docs),
                    len(r.held.systems),
                    r.mine.n,
                    f"{r.mine.precision:.3f}",
                    len(r.mine.docs),
                    *(f"{r.rates.get(x, 0.0):.1f}" for x in ("MT", *native)),
                    _top_rater(r.held),
                    _cats(r.held, 5),
                ]
            )
    print(f"\nwrote {path}")


if __name__ == "__main__":
    raise SystemExit(main())
