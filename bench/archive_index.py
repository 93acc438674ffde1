"""The archive index and its rules (AR) on real copy: recall of injected defects, false
alarms on clean articles, and what the index costs.

Run from anywhere (the corpora are found relative to the repository root)::

    nice python -m bench archive-index                    # injection, both corpora
    nice python -m bench archive-index --corpus bbc --limit 200 --show-misses 5
    nice python -m bench archive-index --costs            # build, update, seed check
    nice python -m bench archive-index --dask 300         # Dask (2 workers) vs --jobs 1

**Injection.** Each corpus (BBC, marked duplicates left out; PolNeAR train and dev, never
test, with its dates and bylines as front matter) is shuffled with ``--seed`` and split:
the first ``--share`` is indexed, the rest are the articles checked (``--limit`` of them),
with only the AR rules. Each checked article is checked as it is (its AR findings are false
alarms: the figure is findings per clean article), then once per class with one defect
planted:

* ``person``: a person's full name the archive writes in 3 articles or more gets one
  keyboard slip in its surname (or given name), everywhere the article writes that word:
  a consistent misspelling (expect AR002 on it);
* ``byline`` (PolNeAR: BBC has no bylines): the front-matter author becomes a slip of an
  author the archive has bylined on 3 articles or more (expect AR001);
* ``misattributed``: a direct quote of 6 words or more from an archived article is added
  as a new last paragraph, said by a person the checked article names (another person than
  the archive's speaker) (expect AR004 on it; a quote whose archived speaker factlint is
  unsure of is held against no one, so it is a miss by design: the recall is reported over
  all these cases and, beside it, over those whose archived speaker is beyond doubt);
* ``misquote``: a quote of 8 words or more from an archived article, with one word
  changed, is added as said by the archive's speaker (expect AR005 on it).

**Costs** (``--costs``): ``factlint index build`` of every BBC article (2,225) with
``--jobs 1`` and the default, the index's size, ``index update`` after one article changes
(on a copy in a temporary folder), and what the index adds to one check of the seed
(``../shared/seed/kishida-peace-treaty.txt``, in-process, median of repeats, warm).

**Dask** (``--dask N``): the first N BBC articles indexed on a LocalCluster of 2 workers and
with ``--jobs 1``: the rows must be the same.

A corpus that is absent is skipped with a message; exit status 0.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from bench import corpora, harness, outputs
from bench.inject_names import typo
from factlint.analyses.archive_facts import (
    DIRECT,
    archive_findings,
    person_forms,
    quote_norm,
    speaker_key,
)
from factlint.analyses.name_similarity import near_miss
from factlint.archive.store import Archive, ArchiveWriter, open_archive, table_rows
from factlint.article import loader
from factlint.core.diagnostics import Diagnostic
from factlint.engine.config import Config, from_mapping
from factlint.engine.indexing import Source, records, write
from factlint.engine.run import article_context, check_text

NAME = "archive-index"
CLASSES = {"person": "AR002", "byline": "AR001", "misattributed": "AR004", "misquote": "AR005"}
# Besides its class, a case may count in a subset of it, reported beside the class's figure
# (never instead): a misattribution can only be caught where the archive knows the speaker.
SUBSETS = {"misattributed": "misattributed, archive's speaker sure"}
KNOWN = 3  # articles the archive must have a name or author in, for a case to use it
SEED = corpora.REPO_ROOT.parent / "shared" / "seed" / "kishida-peace-treaty.txt"
WORD = regex.compile(r"\b\p{L}{4,}\b")
SWAPS = ("certainly", "never", "always", "quickly", "really", "entirely", "perhaps", "again")
_FACTLINT = [sys.executable, "-m", "factlint"]


# --- the articles ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    name: str  # the path it is indexed and checked as
    text: str


def bbc_pieces() -> list[Piece]:
    files = corpora.bbc_files(skip_duplicates=True)
    return [Piece(f"bbc/{path.name}", corpora.read_article(path)) for path in files]


def polnear_pieces() -> list[Piece]:
    metadata = corpora.polnear_metadata()
    pieces = []
    for path in corpora.polnear_files():
        row = metadata.get(path.stem, {})
        front = {}
        if row.get("publication_date") not in (None, "", "None"):
            front["date"] = row["publication_date"]
        if row.get("author") not in (None, "", "None"):
            front["author"] = row["author"]
        text = corpora.read_article(path)
        if front:
            fields = "".join(f"{key}: {json.dumps(value)}\n" for key, value in front.items())
            text = f"---\n{fields}---\n{text}"
        pieces.append(Piece(f"polnear/{path.stem}.md", text))
    return pieces


LOADERS = {
    "bbc": (bbc_pieces, corpora.bbc_folder),
    "polnear": (polnear_pieces, corpora.polnear_folder),
}


def build(pieces: Iterable[Piece], index: Path) -> Archive:
    writer = ArchiveWriter(index, fresh=True)
    sources = [Source(p.name, p.text) for p in pieces]
    write(writer, records(sources, str(index.parent)), fresh=True, root=index.parent)
    writer.close()
    return open_archive(index)


# --- the cases ------------------------------------------------------------------------------


@dataclass
class Case:
    kind: str
    article: str
    text: str
    span: tuple[int, int]  # where the expected finding must fall
    what: str
    needle: str | None = None  # text the finding must cover (the slip), else the span
    archive_sure: bool = False  # misattributed: the archive's own speaker is beyond doubt


def _person_case(piece: Piece, archive: Archive, rng: random.Random) -> Case | None:
    ctx = corpora.context(piece.name, piece.text)
    forms: dict[str, str] = {}
    for mention, key in person_forms(ctx.people):
        forms.setdefault(key, mention.text)
    known = [(k, f) for k, f in forms.items() if archive.form_articles(k, frozenset()) >= KNOWN]
    rng.shuffle(known)
    words_here = {w.casefold() for w in regex.findall(r"\p{L}+", piece.text)}
    for _, form in known:
        words = form.split()
        for word in (words[-1], words[0]):
            if len(word) < 5 or not word.isalpha():
                continue
            slip = typo(word, rng)
            if slip is None or slip[0].casefold() in words_here or not near_miss(word, slip[0]):
                continue
            pattern = regex.compile(rf"\b{regex.escape(word)}\b")
            text = pattern.sub(slip[0], piece.text)
            what = f"{word} -> {slip[0]} ({form})"
            return Case("person", piece.name, text, (0, len(text)), what, slip[0])
    return None


def _byline_case(piece: Piece, authors: list[str], rng: random.Random) -> Case | None:
    if not piece.text.startswith("---\n") or not authors:
        return None
    author = rng.choice(authors)
    parts = author.split()
    for index in rng.sample(range(len(parts)), len(parts)):
        if len(parts[index]) < 4:
            continue
        slip = typo(parts[index], rng)
        if slip is None:
            continue
        wrong = " ".join(slip[0] if i == index else p for i, p in enumerate(parts))
        head, _, rest = piece.text[4:].partition("---\n")
        lines = [line for line in head.splitlines() if not line.startswith("author:")]
        front = "\n".join([*lines, f"author: {json.dumps(wrong)}"]) + "\n"
        text = f"---\n{front}---\n{rest}"
        at = text.index(json.dumps(wrong))
        return Case("byline", piece.name, text, (at, at + len(wrong) + 2), f"{author} -> {wrong}")
    return None


def _with_paragraph(piece: Piece, paragraph: str) -> tuple[str, int]:
    text = piece.text.rstrip("\n") + "\n\n"
    return text + paragraph + "\n", len(text)


def _misattributed_case(
    piece: Piece, archive_quotes: list[ArchivedQuote], rng: random.Random
) -> Case | None:
    ctx = corpora.context(piece.name, piece.text)
    people: dict[str, str] = {}
    for mention, key in person_forms(ctx.people):
        people.setdefault(key, mention.text)
    if not people:
        return None
    for _ in range(20):
        quote, speaker, key, sure = rng.choice(archive_quotes)
        others = [form for k, form in people.items() if k.split()[-1] != key.split()[-1]]
        if others:
            other = rng.choice(others)
            text, at = _with_paragraph(piece, f"\u201c{quote},\u201d said {other}.")
            return Case(
                "misattributed",
                piece.name,
                text,
                (at, at + len(quote) + 3),
                f"{speaker}'s words given to {other}",
                archive_sure=sure,
            )
    return None


def _misquote_case(
    piece: Piece, archive_quotes: list[ArchivedQuote], rng: random.Random
) -> Case | None:
    long = [q for q in archive_quotes if len(quote_norm(q[0]).split()) >= 8]
    if not long:
        return None
    quote, speaker, _, _ = rng.choice(long)
    words = list(WORD.finditer(quote))
    if not words:
        return None
    chosen = rng.choice(words)
    swap = rng.choice([w for w in SWAPS if w != chosen.group().lower()])
    changed = quote[: chosen.start()] + swap + quote[chosen.end() :]
    text, at = _with_paragraph(piece, f"\u201c{changed},\u201d said {speaker}.")
    return Case(
        "misquote",
        piece.name,
        text,
        (at, at + len(changed) + 3),
        f"{chosen.group()} -> {swap} ({speaker})",
    )


# An archived quote an injection may take: its words, speaker, speaker key, and whether
# the archive's attribution is beyond doubt (in one of its articles at least).
ArchivedQuote = tuple[str, str, str, bool]


def _archive_quotes(index: Path) -> list[ArchivedQuote]:
    """Quotes an injection may take: said by a named person, attributed next to them, with
    no quotation marks or line breaks inside, the same words never given to two people."""
    import sqlite3

    connection = sqlite3.connect(index)
    rows = connection.execute(
        "SELECT text, norm, speaker, speaker_key, how, sure FROM quote "
        "WHERE speaker_key IS NOT NULL"
    ).fetchall()
    connection.close()
    speakers: dict[str, set[str]] = {}
    sure_norms = set()
    for _, norm, _, key, how, sure in rows:
        speakers.setdefault(norm, set()).add(key)
        if sure and how in DIRECT:
            sure_norms.add(norm)
    found = []
    for text, norm, speaker, key, how, _ in rows:
        plain = text.strip().rstrip(",.")
        if how not in DIRECT or len(speakers[norm]) > 1 or regex.search(r"[\"“”\n]", plain):
            continue
        if speaker_key(speaker) and len(norm.split()) >= 6:
            found.append((plain, speaker, key, norm in sure_norms))
    return found


def _authors(index: Path) -> list[str]:
    import sqlite3

    connection = sqlite3.connect(index)
    rows = connection.execute(
        "SELECT MIN(name) FROM author GROUP BY name_key HAVING COUNT(DISTINCT article_id) >= ?",
        (KNOWN,),
    ).fetchall()
    connection.close()
    return sorted(row[0] for row in rows)


def _findings(name: str, text: str, config: Config) -> list[Diagnostic]:
    found = harness.check(name, loader.normalize_newlines(text), config)
    return [d for d in found if d.code.startswith("AR")]


def run_corpus(label: str, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    pieces = LOADERS[label][0]()
    rng = random.Random(args.seed)
    rng.shuffle(pieces)
    cut = int(len(pieces) * args.share)
    indexed, checked = pieces[:cut], corpora.limited(pieces[cut:], args.limit)
    index = folder / f"{label}.sqlite"
    started = time.perf_counter()
    archive = build(indexed, index)
    built = time.perf_counter() - started
    config = from_mapping(
        {"select": ["AR"], "grammar": {"backend": "none"}, "archive": str(index)}, None
    )
    quotes, authors = _archive_quotes(index), _authors(index)
    tally = harness.Tally(config)
    misses: dict[str, list[str]] = {}
    false_alarms: list[str] = []
    started = time.perf_counter()
    for piece in checked:
        for finding in tally.clean(piece.name, piece.text, ("AR",)):
            if finding.code.startswith("AR"):
                false_alarms.append(
                    f"{piece.name}:{finding.start.line} {finding.code} {finding.message}"
                )
        made = [
            _person_case(piece, archive, rng),
            _byline_case(piece, authors, rng) if label == "polnear" else None,
            _misattributed_case(piece, quotes, rng) if quotes else None,
            _misquote_case(piece, quotes, rng) if quotes else None,
        ]
        for case in (c for c in made if c is not None):
            _judge(case, tally, misses)
    figures = tally.figures([*CLASSES, *SUBSETS.values()])
    return {
        "corpus": label,
        "indexed": len(indexed),
        "checked": tally.articles,
        "build_seconds": round(built, 1),
        "check_seconds": round(time.perf_counter() - started, 1),
        "clean_findings": figures["untouched"]["by_code"],
        "findings_per_clean_article": figures["untouched"]["per_article"],
        # the quotes a misattribution is drawn from, and how many of them the archive
        # attributes beyond doubt: the recall to expect, free of the draw's noise
        "quote_pool": {"quotes": len(quotes), "sure": sum(q[3] for q in quotes)},
        "recall": {
            kind: {"cases": row["cases"], "hits": row["found"], "recall": round(row["recall"], 3)}
            for kind, row in figures["classes"].items()
            if row["cases"]
        },
        "misses": {kind: found[: args.show_misses] for kind, found in misses.items()},
        "false_alarms": false_alarms[: args.show_misses],
    }


def _judge(case: Case, tally: harness.Tally, misses: dict[str, list[str]]) -> None:
    """Count ``case`` (and in its subset when the archive's speaker is sure); note a miss
    with what factlint said instead."""
    found = _findings(case.article, case.text, tally.config)
    also = (SUBSETS[case.kind],) if case.archive_sure else ()
    wanted = harness.Case(
        case.kind,
        case.article,
        case.text,
        (CLASSES[case.kind],),
        within=case.span,
        needle=case.needle,
        also=also,
    )
    if tally.judge(wanted, found):
        return
    said = "; ".join(f"{d.code} {d.message}" for d in found) or "nothing"
    what = case.what + (" (archive's speaker sure)" if case.archive_sure else "")
    misses.setdefault(case.kind, []).append(f"{case.article}: {what}: {said}")


# --- costs ----------------------------------------------------------------------------------


def _cli(argv: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(
        ["nice", *_FACTLINT, *argv], cwd=cwd, capture_output=True, text=True, check=False
    )
    return time.perf_counter() - started, done


def costs(folder: Path, repeats: int) -> dict[str, Any]:
    source = corpora.bbc_folder()
    copy = folder / "bbc"
    shutil.copytree(source, copy)
    files = sorted(copy.glob("*.txt"))
    result: dict[str, Any] = {"articles": len(files)}
    for jobs in ("1", "2"):
        index = folder / f"bbc-jobs{jobs}.sqlite"
        seconds, done = _cli(
            ["index", "build", str(copy), "--index", str(index), "--jobs", jobs], folder
        )
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        result[f"build_jobs{jobs}_seconds"] = round(seconds, 1)
        result["index_bytes"] = open_archive(index).stats().size
    index = folder / "bbc-jobs1.sqlite"
    changed = files[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more paragraph.\n")
    seconds, done = _cli(["index", "update", "--index", str(index), "--jobs", "1"], folder)
    result["update_one_changed_seconds"] = round(seconds, 2)
    result["update_said"] = done.stderr.strip().splitlines()[-1]
    result["seed"] = seed_cost(index, repeats) if SEED.is_file() else None
    result["run_300"] = run_cost(files[:300], index)
    return result


def run_cost(files: list[Path], index: Path) -> dict[str, float]:
    """One in-process check of ``files`` (every rule, grammar off) with and without the
    index, article by article in turn, after a warm-up: the seconds each takes."""
    texts = [(path.name, loader.normalize_newlines(corpora.read_article(path))) for path in files]
    plain = from_mapping({"grammar": {"backend": "none"}}, None)
    with_index = from_mapping({"grammar": {"backend": "none"}, "archive": str(index)}, None)
    for name, text in texts[:20]:
        check_text(name, text, plain)
        check_text(name, text, with_index)
    seconds = {"without": 0.0, "with": 0.0}
    for name, text in texts:  # interleaved: the machine's load falls on both alike
        for label, config in (("without", plain), ("with", with_index)):
            started = time.perf_counter()
            check_text(name, text, config)
            seconds[label] += time.perf_counter() - started
    return {
        "articles": len(texts),
        "without_seconds": round(seconds["without"], 2),
        "with_index_seconds": round(seconds["with"], 2),
        "added_ms_per_article": round(
            (seconds["with"] - seconds["without"]) / len(texts) * 1000, 2
        ),
    }


def seed_cost(index: Path, repeats: int) -> dict[str, float]:
    text = loader.normalize_newlines(SEED.read_text(encoding="utf-8"))
    plain = from_mapping({"grammar": {"backend": "none"}}, None)
    with_index = from_mapping({"grammar": {"backend": "none"}, "archive": str(index)}, None)
    times: dict[str, list[float]] = {"without": [], "with": []}
    for _ in range(2):  # warm: the word tables, the index's pages
        check_text(SEED.name, text, plain)
        check_text(SEED.name, text, with_index)
    for _ in range(repeats):
        for label, config in (("without", plain), ("with", with_index)):
            started = time.perf_counter()
            check_text(SEED.name, text, config)
            times[label].append(time.perf_counter() - started)
    without, with_ = (statistics.median(times[k]) * 1000 for k in ("without", "with"))
    lookups = []
    for _ in range(repeats):  # the AR rules' own work: the shared analyses already built
        ctx = article_context(SEED.name, text, with_index)
        shared = (ctx.people, ctx.attributions, ctx.article_date, ctx.name_variants)
        started = time.perf_counter()
        archive_findings(ctx.article, *shared[:3], with_index.archive)
        lookups.append(time.perf_counter() - started)
    return {
        "archive_lookups_ms": round(statistics.median(lookups) * 1000, 2),
        "check_ms": round(without, 1),
        "with_index_ms": round(with_, 1),
        "added_ms": round(with_ - without, 1),
    }


def dask_same(folder: Path, count: int) -> dict[str, Any]:
    copy = folder / "bbc-dask"
    copy.mkdir()
    for path in corpora.bbc_files()[:count]:
        shutil.copy(path, copy / path.name)
    one, dask = folder / "jobs1.sqlite", folder / "dask.sqlite"
    t1, done1 = _cli(["index", "build", str(copy), "--index", str(one), "--jobs", "1"], folder)
    t2, done2 = _cli(
        [
            "index",
            "build",
            str(copy),
            "--index",
            str(dask),
            "--scheduler",
            "local",
            "--workers",
            "2",
        ],
        folder,
    )
    if done1.returncode or done2.returncode:
        return {"error": (done1.stderr + done2.stderr).strip()[-500:]}
    same = table_rows(one) == table_rows(dask)
    return {
        "articles": count,
        "jobs1_seconds": round(t1, 1),
        "dask2_seconds": round(t2, 1),
        "identical_rows": same,
    }


# --- the command line -----------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("--corpus", choices=("bbc", "polnear", "all"), default="all")
    parser.add_argument("--limit", type=int, default=300, help="checked articles a corpus")
    parser.add_argument("--share", type=float, default=0.8, help="share of a corpus indexed")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show-misses", type=int, default=5)
    parser.add_argument("--costs", action="store_true", help="build, update and check costs")
    parser.add_argument("--repeats", type=int, default=31, help="seed checks timed (--costs)")
    parser.add_argument("--dask", type=int, metavar="N", help="Dask vs --jobs 1 on N articles")
    return outputs.parse(NAME, parser, argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    figures: dict[str, Any] = {"seed": args.seed, "share": args.share, "corpora": []}
    with tempfile.TemporaryDirectory(prefix="factlint-archive-bench-") as tmp:
        folder = Path(tmp)
        if args.costs or args.dask:
            if corpora.missing(corpora.bbc_folder()):
                return corpora.skip(NAME, corpora.bbc_folder())
            if args.costs:
                figures["costs"] = costs(folder, args.repeats)
            if args.dask:
                figures["dask"] = dask_same(folder, args.dask)
        else:
            names = ["bbc", "polnear"] if args.corpus == "all" else [args.corpus]
            present = [n for n in names if not corpora.missing(LOADERS[n][1]())]
            if not present:
                return corpora.skip(NAME, *(LOADERS[n][1]() for n in names))
            for name in present:
                figures["corpora"].append(run_corpus(name, args, folder))
    with outputs.text_output(args):
        print_report(figures)
    return outputs.finish(args, figures)


def print_report(report: dict[str, Any]) -> None:
    for corpus in report["corpora"]:
        print(
            f"== {corpus['corpus']}: {corpus['indexed']} indexed ({corpus['build_seconds']} s), "
            f"{corpus['checked']} checked ({corpus['check_seconds']} s)"
        )
        print(
            f"  clean: {corpus['findings_per_clean_article']:.4f} AR findings per article "
            f"{corpus['clean_findings']}"
        )
        pool = corpus["quote_pool"]
        print(
            f"  quotes a misattribution is drawn from: {pool['quotes']}, with the archive's "
            f"speaker sure: {pool['sure']} ({pool['sure'] / max(1, pool['quotes']):.3f})"
        )
        for kind, row in corpus["recall"].items():
            if kind in CLASSES:
                label = f"{kind:<14}"
                code = CLASSES[kind]
            else:  # a subset, indented under its class
                label = f"  of which {kind}"
                code = next(CLASSES[k] for k, name in SUBSETS.items() if name == kind)
            print(
                f"  {label} {row['hits']:>4}/{row['cases']:<4} recall {row['recall']:.3f}  ({code})"
            )
        for kind, misses in corpus["misses"].items():
            for miss in misses:
                print(f"  miss {kind}: {miss}")
        for alarm in corpus["false_alarms"]:
            print(f"  clean finding: {alarm}")
    if "costs" in report:
        print("== costs:", json.dumps(report["costs"]))
    if "dask" in report:
        print("== dask:", json.dumps(report["dask"]))


if __name__ == "__main__":
    raise SystemExit(main())
