"""Does ``factlint check --fix`` keep the safe-fix contract on published copy?

A safe fix never changes meaning and never adds an error (README, "Fixes"). This script
copies the BBC articles (``bbc_news/articles``, all 2,225) to a temporary folder, checks
the copy once (``factlint check --format json``: every finding and the span of its fix),
fixes it with ``factlint check --fix`` (the defaults: safe fixes only, grammar engine on)
and compares each fixed article with its original, change by change (a change is a run of
whitespace-delimited chunks that differ):

- **doubled punctuation**: the change leaves a doubled mark (``..``, ``,,``, ``;;``) that
  was not there ("the US." -> "the U.S..");
- **word removed**: a word disappears that is not an exact doubling of its neighbour
  ("The show Advance Warning" -> "The show Warning"); a removed doubling English makes on
  purpose (``factlint/data/doubled_words.yaml``: "this this") is counted apart;
- **word replaced**: the letters change, no word lost ("towards" -> "toward");
- **capitalised word to an unseen form**: a capitalised word becomes a form the article
  never writes ("US" -> "U.S." in an article that writes "US" throughout);
- **bytes outside the fix spans**: bytes changed that no fix the check reported covers
  (a change nobody was told of).

It also gives factlint's own counts: fixes applied, and safe fixes its check before
writing refused (the finding stays, with a note). Every figure should be 0 but the fixes.

    python -m bench fix-safety [--jobs 2] [--limit N] [--unsafe-fixes] [--examples N] [--json]

``--unsafe-fixes`` measures the unsafe fixes too (what an editor is asked to review);
``--examples N`` prints up to N changes of each kind (article, offset, old -> new).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import regex

from bench import outputs
from bench.corpora import bbc_files, bbc_folder, limited, read_article, skip
from factlint.core.resources import load as load_data
from factlint.core.wording import doubled_marks, words

NAME = "fix-safety"

SCRIPT = NAME
_CHUNKS = regex.compile(r"\S+|\s+")
# A form a reader sees: an abbreviation with its stops ("U.S."), or a word with its
# inner apostrophes and hyphens.
_FORM = regex.compile(r"(?:\p{L}\.){2,}|[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*")
KINDS = (
    "doubled_punctuation",
    "word_removed",
    "purposeful_doubling_removed",
    "word_replaced",
    "capitalised_to_unseen_form",
)


@dataclass
class FixSpan:
    code: str
    offset: int
    length: int
    replacement: str

    @property
    def end(self) -> int:
        return self.offset + self.length


@dataclass
class Figures:
    articles: int = 0
    articles_changed: int = 0
    changes: int = 0
    fixes_offered: Counter[str] = field(default_factory=Counter)  # code: fixes that apply
    fixed: int = 0  # factlint's own count
    fixes_skipped: Counter[str] = field(default_factory=Counter)  # code: refused before writing
    skipped_why: Counter[str] = field(default_factory=Counter)  # what the check said
    kinds: dict[str, Counter[str]] = field(default_factory=lambda: {k: Counter() for k in KINDS})
    bytes_outside: int = 0
    articles_outside: int = 0
    examples: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    seconds_check: float = 0.0
    seconds_fix: float = 0.0

    def to_json(self) -> dict:
        return {
            "articles": self.articles,
            "articles_changed": self.articles_changed,
            "changes": self.changes,
            "fixes_offered": sum(self.fixes_offered.values()),
            "fixes_offered_by_code": dict(sorted(self.fixes_offered.items())),
            "fixed": self.fixed,
            "fixes_skipped": sum(self.fixes_skipped.values()),
            "fixes_skipped_by_code": dict(sorted(self.fixes_skipped.items())),
            "fixes_skipped_by_reason": dict(sorted(self.skipped_why.items())),
            **{kind: sum(found.values()) for kind, found in self.kinds.items()},
            "by_code": {kind: dict(sorted(found.items())) for kind, found in self.kinds.items()},
            "bytes_outside_fix_spans": self.bytes_outside,
            "articles_with_bytes_outside": self.articles_outside,
            "seconds_check": round(self.seconds_check, 1),
            "seconds_fix": round(self.seconds_fix, 1),
        }


def main(argv: list[str] | None = None) -> int:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("--jobs", default="2", help="factlint check --jobs (default 2)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--unsafe-fixes", action="store_true", help="the unsafe fixes too")
    parser.add_argument("--examples", type=int, default=0, help="print N changes of each kind")
    args = outputs.parse(NAME, parser, argv)
    originals = limited(bbc_files(), args.limit)
    if not originals:
        return skip(SCRIPT, bbc_folder())
    with tempfile.TemporaryDirectory(prefix="factlint-fix-safety-") as folder:
        figures = measure(originals, Path(folder), args)
    with outputs.text_output(args):
        report(figures, args, len(originals))
    return outputs.finish(args, figures.to_json())


def _factlint(*arguments: str, cwd: Path) -> dict:
    """``factlint check --format json`` with ``arguments``: its JSON document."""
    command = [sys.executable, "-m", "factlint", "check", "--format", "json", "--exit-zero"]
    command += ["--no-progress", *arguments]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{SCRIPT}: factlint failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def measure(originals: list[Path], folder: Path, args: argparse.Namespace) -> Figures:
    copy = folder / "articles"
    copy.mkdir()
    for path in originals:
        shutil.copyfile(path, copy / path.name)  # the data only: the copy is writable
    flags = ["--jobs", str(args.jobs), *(["--unsafe-fixes"] if args.unsafe_fixes else [])]
    figures = Figures(articles=len(originals))
    started = time.perf_counter()
    before = _factlint("--jobs", str(args.jobs), str(copy), cwd=folder)
    figures.seconds_check = time.perf_counter() - started
    started = time.perf_counter()
    after = _factlint("--fix", *flags, str(copy), cwd=folder)
    figures.seconds_fix = time.perf_counter() - started
    figures.fixed = after["summary"].get("fixed", 0)
    spans = {Path(f["path"]).name: _spans(f, args.unsafe_fixes) for f in before["files"]}
    for entry in after["files"]:
        for diagnostic in entry["diagnostics"]:
            if diagnostic.get("fix_skipped"):
                figures.fixes_skipped[diagnostic["code"]] += 1
                figures.skipped_why[_why(diagnostic["fix_skipped"])] += 1
    for path in originals:
        found = spans.get(path.name, [])
        figures.fixes_offered.update(span.code for span in found)
        original, fixed = read_article(path), read_article(copy / path.name)
        if fixed != original:
            figures.articles_changed += 1
            compare(path.stem, original, fixed, found, figures, args.examples)
    return figures


_REASONS = {
    "it would leave": "doubled punctuation",
    "it would change": "a word it does not name",
    "it would run words together": "words run together",
    "it would add a finding": "a new finding",
}


def _why(reason: str) -> str:
    """The kind of reason the check before writing gave for refusing a fix."""
    return next((kind for start, kind in _REASONS.items() if reason.startswith(start)), reason)


def _spans(entry: dict, unsafe: bool) -> list[FixSpan]:
    """The fixes ``--fix`` may apply, of one file of the check's JSON document."""
    found = []
    for diagnostic in entry["diagnostics"]:
        fix = diagnostic["fix"]
        if fix is not None and (fix["safe"] or unsafe):
            found.append(
                FixSpan(diagnostic["code"], fix["offset"], fix["length"], fix["replacement"])
            )
    return sorted(found, key=lambda s: (s.offset, s.code, s.length, s.replacement))


def compare(
    name: str, original: str, fixed: str, spans: list[FixSpan], figures: Figures, examples: int
) -> None:
    """Measure one changed article, change by change, and the bytes outside the spans."""
    article_forms = set(_FORM.findall(original))
    purposeful = _purposeful()
    for a, b, c, d in _changes(original, fixed):
        figures.changes += 1
        old, new = original[a:b], fixed[c:d]
        codes = sorted({s.code for s in spans if s.offset <= b and a <= s.end}) or ["?"]
        code = "+".join(codes)
        for kind in _kinds(original, a, b, old, new, article_forms, purposeful):
            figures.kinds[kind][code] += 1
            if len(figures.examples[kind]) < examples:
                figures.examples[kind].append(
                    f"{name}@{a} {code}: {old.strip()!r} -> {new.strip()!r}"
                )
    outside = bytes_outside(original, fixed, spans)
    figures.bytes_outside += outside
    figures.articles_outside += outside > 0


def _changes(original: str, fixed: str) -> list[tuple[int, int, int, int]]:
    """The differing runs of chunks: (start, end) in the original, (start, end) fixed."""
    old, new = _CHUNKS.findall(original), _CHUNKS.findall(fixed)
    old_at, new_at = _starts(old), _starts(new)
    runs = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            runs.append((old_at[i1], old_at[i2], new_at[j1], new_at[j2]))
    return runs


def _starts(chunks: list[str]) -> list[int]:
    starts, at = [], 0
    for chunk in chunks:
        starts.append(at)
        at += len(chunk)
    return [*starts, at]


def _kinds(
    original: str, a: int, b: int, old: str, new: str, forms: set[str], purposeful: frozenset[str]
) -> list[str]:
    found = []
    if Counter(doubled_marks(new, 0, len(new))) - Counter(doubled_marks(original, a, b)):
        found.append("doubled_punctuation")
    old_words, new_words = words(old), words(new)
    if "".join(old_words).casefold() != "".join(new_words).casefold():
        if len(new_words) < len(old_words):
            removed = Counter(old_words) - Counter(new_words)
            before, after = words(original[:a])[-1:], words(original[b:])[:1]
            neighbours = {w.casefold() for w in before + after}
            doubled = [w for w in removed if w.casefold() in neighbours and removed[w] == 1]
            if len(doubled) < len(removed):
                found.append("word_removed")
            elif any(w.casefold() in purposeful for w in doubled):
                found.append("purposeful_doubling_removed")
        else:
            found.append("word_replaced")
    old_forms, new_forms = set(_FORM.findall(old)), set(_FORM.findall(new))
    changed_capital = any(f[:1].isupper() and f not in new_forms for f in old_forms)
    if changed_capital and any(f not in forms for f in new_forms - old_forms):
        found.append("capitalised_to_unseen_form")
    return found


def _purposeful() -> frozenset[str]:
    data = load_data("doubled_words")
    return frozenset(str(w).casefold() for w in data["legitimately-doubled"])


def bytes_outside(original: str, fixed: str, spans: list[FixSpan]) -> int:
    """The UTF-8 bytes changed between ``original`` and ``fixed`` that no fix span covers
    (of those the check reported, chosen as factlint chooses: earliest first, overlaps
    left out): 0 when ``fixed`` is ``original`` with some of the fixes applied.

    The two are walked together: the text between two spans must be the same in both;
    at each span ``fixed`` has its replacement or the text as it was, whichever agrees
    further with what follows. Where the text between spans differs, the walk finds the
    next span again by its text and what follows it (where the difference is least), and
    counts the difference."""
    chosen = _chosen(spans)
    i = j = outside = 0
    for index, span in enumerate(chosen):
        segment = original[i : span.offset]
        follow = original[span.end : chosen[index + 1].offset if index + 1 < len(chosen) else None]
        kept = original[span.offset : span.end]
        if fixed.startswith(segment, j):
            j += len(segment)
        else:
            found = [
                at
                for text in (span.replacement, kept)
                if (at := fixed.find(text + follow[:8], j)) >= 0
            ]
            if not found:
                break
            at = min(found, key=lambda at: (_diff_bytes(segment, fixed[j:at]), at))
            outside += _diff_bytes(segment, fixed[j:at])
            j = at
        versions = (span.replacement, kept)  # applied, or not (on a tie: applied)
        taken = max(versions, key=lambda text: _agreeing(fixed, j, text + follow))
        j += len(taken)
        i = span.end
    return outside + _diff_bytes(original[i:], fixed[j:])


def _agreeing(text: str, at: int, expected: str) -> int:
    """How many characters of ``text`` from ``at`` agree with ``expected``."""
    count = 0
    for mine, theirs in zip(text[at : at + len(expected)], expected, strict=False):
        if mine != theirs:
            break
        count += 1
    return count


def _diff_bytes(old: str, new: str) -> int:
    """The UTF-8 bytes of the character-level differences between ``old`` and ``new``."""
    if old == new:
        return 0
    total = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            total += len(old[i1:i2].encode()) + len(new[j1:j2].encode())
    return total


def _chosen(spans: list[FixSpan]) -> list[FixSpan]:
    """The spans one pass of ``--fix`` takes: in order, less any that overlaps the one
    before it (or touches it, when either is an insertion)."""
    chosen: list[FixSpan] = []
    for span in spans:
        if chosen:
            last = chosen[-1]
            if (span.offset, span.length, span.replacement) == (
                last.offset,
                last.length,
                last.replacement,
            ):
                continue
            if span.offset < last.end or (
                span.offset == last.end and 0 in (span.length, last.length)
            ):
                continue
        chosen.append(span)
    return chosen


def report(figures: Figures, args: argparse.Namespace, count: int) -> None:
    data = figures.to_json()
    which = "safe and unsafe fixes" if args.unsafe_fixes else "the defaults: safe fixes"
    print(f"BBC: {count} articles, copied; factlint check --fix --jobs {args.jobs} ({which})")
    print(f"  check {data['seconds_check']} s, fix {data['seconds_fix']} s")
    offered = ", ".join(f"{c} {n}" for c, n in sorted(figures.fixes_offered.items())) or "none"
    print(f"fixes the check offered --fix: {data['fixes_offered']} ({offered})")
    print(f"fixed (factlint's count):      {figures.fixed}")
    skipped = ", ".join(f"{c} {n}" for c, n in sorted(figures.fixes_skipped.items())) or "none"
    print(f"refused before writing:        {data['fixes_skipped']} ({skipped})")
    if figures.skipped_why:
        why = ", ".join(f"{kind} {n}" for kind, n in sorted(figures.skipped_why.items()))
        print(f"  why:                         {why}")
    print(f"articles changed:              {figures.articles_changed}, {figures.changes} changes")
    labels = {
        "doubled_punctuation": "adds doubled punctuation",
        "word_removed": "removes a word, not an exact doubling",
        "purposeful_doubling_removed": "removes a doubling English makes on purpose",
        "word_replaced": "replaces a word",
        "capitalised_to_unseen_form": "capitalised word to a form the article never writes",
    }
    for kind, label in labels.items():
        by_code = ", ".join(f"{c} {n}" for c, n in sorted(figures.kinds[kind].items()))
        print(f"  {label + ':':<55}{data[kind]:>5}" + (f"  ({by_code})" if by_code else ""))
        for example in figures.examples[kind]:
            print(f"      {example}")
    print(
        f"  {'bytes changed outside the fix spans:':<55}{figures.bytes_outside:>5}"
        f"  ({figures.articles_outside} articles)"
    )


if __name__ == "__main__":
    sys.exit(main())
