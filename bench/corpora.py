"""Where the benchmark corpora are, and how the bench scripts read them.

The corpora are not in the repository: every script reads them at run time from
``../shared/corpora`` beside the repository root, or from the folder the environment
variable ``FACTLINT_CORPORA`` names (the tests point it at a tiny corpus of their own).
A script whose corpus is absent says so (:func:`skip`) and exits 0.

- ``bbc_news/articles/*.txt`` (headline, blank line, body) and ``bbc_news/index.tsv``
  (``id``, ``duplicate_of`` for the articles that repeat another);
- ``polnear/articles/{train,dev,test}/*.txt``, ``polnear/metadata.tsv`` (``filename``,
  ``publication_date``, ``author``) and ``polnear/attributions.jsonl.gz`` (annotated
  sources and contents). The test split is kept for final scoring: nothing here reads it;
- ``jfleg/jfleg_dev.detok.tsv``;
- ``mt_news_mqm/`` (``segments.tsv.gz``, ``errors.tsv.gz``, ``articles/``).

Articles are parsed through factlint's public API only: :func:`context` gives the
:class:`~factlint.analyses.context.RuleContext` the rules would read. This module imports
nothing else of ``bench``, so ``tests/fuzzer/fuzz.py`` can import it alone.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, TextIO, TypeVar

from factlint.analyses.context import RuleContext
from factlint.article import loader
from factlint.engine.config import Config, from_mapping
from factlint.engine.run import article_context

REPO_ROOT = Path(__file__).resolve().parent.parent
POLNEAR_SPLITS = ("train", "dev")  # never "test"
T = TypeVar("T")


# --- where ------------------------------------------------------------------------------


def root() -> Path:
    """The folder of corpora: ``$FACTLINT_CORPORA``, else ``../shared/corpora``."""
    return Path(os.environ.get("FACTLINT_CORPORA") or REPO_ROOT.parent / "shared" / "corpora")


def bbc_folder(base: Path | None = None) -> Path:
    return (base or root()) / "bbc_news" / "articles"


def polnear_folder(base: Path | None = None) -> Path:
    return (base or root()) / "polnear"


def mqm_folder(base: Path | None = None) -> Path:
    return (base or root()) / "mt_news_mqm"


def jfleg_dev(base: Path | None = None) -> Path:
    return (base or root()) / "jfleg" / "jfleg_dev.detok.tsv"


def missing(*paths: Path) -> list[Path]:
    """Those of ``paths`` that do not exist."""
    return [path for path in paths if not path.exists()]


def skip(script: str, *absent: Path, file: TextIO | None = None) -> int:
    """Say (on ``file``, stdout by default) that ``script`` has nothing to measure here
    since ``absent`` are not; return exit status 0."""
    where = ", ".join(str(path) for path in absent) or str(root())
    print(f"{script}: skipped: not found: {where} (the corpora are not on this machine)", file=file)
    return 0


# --- reading ----------------------------------------------------------------------------


def read_article(path: Path) -> str:
    """An article file's text, decoded as factlint decodes it (UTF-8, LF line ends)."""
    return loader.read_text(path)


def read_tsv(path: Path) -> list[dict[str, str]]:
    """The rows of a tab-separated file with a header (gzip-compressed when ``.gz``)."""
    csv.field_size_limit(sys.maxsize)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def limited(items: list[T], limit: int | None) -> list[T]:
    """The first ``limit`` items; all of them when ``limit`` is 0 or None."""
    return items[:limit] if limit else items


def bbc_duplicates(base: Path | None = None) -> set[str]:
    """The ids of the BBC articles that ``index.tsv`` marks as duplicates of another."""
    index = (base or root()) / "bbc_news" / "index.tsv"
    if not index.is_file():
        return set()
    return {row["id"] for row in read_tsv(index) if row.get("duplicate_of")}


def bbc_files(*, skip_duplicates: bool = False, base: Path | None = None) -> list[Path]:
    """The BBC articles, sorted, without the marked duplicates when ``skip_duplicates``."""
    duplicates = bbc_duplicates(base) if skip_duplicates else set()
    return [p for p in sorted(bbc_folder(base).glob("*.txt")) if p.stem not in duplicates]


def polnear_files(splits: Iterable[str] = POLNEAR_SPLITS, base: Path | None = None) -> list[Path]:
    """PolNeAR's articles of ``splits``, split after split, each sorted."""
    articles = polnear_folder(base) / "articles"
    return [path for split in splits for path in sorted((articles / split).glob("*.txt"))]


def news_files(
    limit: int | None = None, *, skip_duplicates: bool = False, base: Path | None = None
) -> dict[str, list[Path]]:
    """The first ``limit`` articles of each news corpus that is here: ``bbc_news`` and
    ``polnear`` (train and dev)."""
    found = {
        "bbc_news": bbc_files(skip_duplicates=skip_duplicates, base=base),
        "polnear": polnear_files(base=base),
    }
    return {name: limited(files, limit) for name, files in found.items() if files}


def polnear_metadata(base: Path | None = None) -> dict[str, dict[str, str]]:
    """PolNeAR's ``metadata.tsv``, by file name (without ``.txt``); empty when absent."""
    path = polnear_folder(base) / "metadata.tsv"
    return {row["filename"]: row for row in read_tsv(path)} if path.is_file() else {}


def polnear_dates(base: Path | None = None) -> dict[str, str]:
    """Publication dates (``2016-03-11``) by file name, for the articles that have one."""
    return {
        name: row["publication_date"]
        for name, row in polnear_metadata(base).items()
        if row["publication_date"] not in ("", "None")
    }


def polnear_attributions(
    splits: Iterable[str] = POLNEAR_SPLITS, base: Path | None = None
) -> Iterator[dict[str, Any]]:
    """The annotated attribution relations of ``splits`` (``article``, ``split``,
    ``source`` and ``content`` spans with ``start``, ``end``, ``text``)."""
    wanted = set(splits)
    path = polnear_folder(base) / "attributions.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            relation = json.loads(line)
            if relation.get("split") in wanted:
                yield relation


def dated(text: str, date: str | None) -> str:
    """``text`` with ``date`` as front matter (PolNeAR's dates), or as it is without one."""
    return f"---\ndate: {date}\n---\n{text}" if date else text


# --- factlint ---------------------------------------------------------------------------


def config(select: Iterable[str], **table: Any) -> Config:
    """A configuration that runs only the ``select`` rules (codes or prefixes); other
    settings as in ``.factlint.yaml`` (``grammar``, ``packs``, ``facts``), with no grammar
    engine unless ``grammar`` names one."""
    table.setdefault("grammar", {"backend": "none"})
    return from_mapping({"select": list(select), **table}, None)


@cache
def _plain() -> Config:
    return config(())


def context(name: str, text: str, settings: Config | None = None) -> RuleContext:
    """``text`` parsed as the article ``name`` (Markdown when ``name`` ends ``.md``), with
    the analyses the rules share; ``settings`` give the grammar engine and the fact
    register (by default none of either)."""
    return article_context(name, loader.normalize_newlines(text), settings or _plain())


# --- the MQM corpus ---------------------------------------------------------------------


def parse_mqm_args(
    parser: argparse.ArgumentParser,
    argv: list[str] | None,
    script: str,
    parse: Callable[[argparse.ArgumentParser, list[str] | None], argparse.Namespace] | None = None,
) -> argparse.Namespace | None:
    """The options of an MQM script (which has ``--corpus`` and ``--exclude-raters``), read
    by ``parse`` (by default ``parser.parse_args``), with ``excluded`` the set of rater
    names; None, once said, when the MQM files are absent."""
    args = parse(parser, argv) if parse else parser.parse_args(argv)
    absent = missing(args.corpus / "segments.tsv.gz", args.corpus / "errors.tsv.gz")
    if absent:
        skip(script, *absent)
        return None
    args.excluded = {name.strip() for name in args.exclude_raters.split(",") if name.strip()}
    return args


def align_span(text: str, rated: str, span: str, start: int, end: int) -> tuple[int, int]:
    """Offsets into a segment's ``text`` (``segments.tsv.gz``) of an error span marked in
    ``rated``, the same segment in ``errors.tsv.gz`` (possibly with other leading or
    trailing white space); (-1, -1) when the span is not there."""
    if text == rated or text[start:end] == span:
        return start, end
    shift = (len(rated) - len(rated.lstrip())) - (len(text) - len(text.lstrip()))
    if text[start - shift : end - shift] == span:
        return start - shift, end - shift
    if span.strip() and span.strip() in text:
        found = text.find(span.strip())
        return found, found + len(span.strip())
    return -1, -1


def native_news(base: Path | None = None) -> dict[str, list[Path]]:
    """Native news copy, for false-alarm rates: ``BBC`` (British, marked duplicates
    skipped) and ``US`` (PolNeAR's train and dev), each sorted by path."""
    found = {
        "BBC": bbc_files(skip_duplicates=True, base=base),
        "US": sorted(polnear_files(base=base)),
    }
    return {label: files for label, files in found.items() if files}
