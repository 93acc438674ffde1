"""Recall of the quote rules on defects injected into real articles, and false alarms.

Usage::

    python bench/inject_quotes.py                     # BBC + PolNeAR train/dev
    python bench/inject_quotes.py --limit 300 --show-misses 10

Each defect is injected into a copy of an untouched article, one per copy:

- ``close-removed``: the closing mark of a quotation that ends its paragraph is removed
  (and the next paragraph does not open with a quotation mark): expect QT001 there.
- ``attribution-removed``: in a paragraph that opens with a quotation and its attribution
  ("…," Smith said.) and quotes nothing else, whose previous paragraph holds no
  quotation, the attribution is cut ("…."): expect QT002 there.
- ``stray-words``: attribution debris is added after a quoted sentence ("Quote According
  to Reuters.", "Unquote."): expect QT004 there.

It also reports QT diagnostics per article on the untouched articles. PolNeAR's test
split is never read. Skips cleanly when the corpora are absent.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import corpora
import regex

from factlint.article.document import Document
from factlint.core.diagnostics import Severity
from factlint.engine.run import check_text

CONFIG = corpora.config(["QT"])
_ATTRIBUTED_PARAGRAPH = regex.compile(
    r"^(?P<quote>[“\"][^”\"“]{20,}?),(?P<close>[”\"])\s+(?P<attribution>[^.!?\"“”]{2,80}?"
    r"\b(?:said|says|told|added|explained|argued)\b[^.!?\"“”]{0,60}?)\.(?P<rest>[^\"“”]*)$"
)
_DEBRIS = ["Quote According to {agency}.", "Unquote.", "Quote According to {agency}", "(Quote)"]
_AGENCIES = ["Reuters", "Kyodo News", "the Associated Press", "Xinhua", "AFP"]


@dataclass
class Case:
    kind: str
    article: str
    text: str
    offset: int  # where the defect is
    code: str  # the diagnostic expected there


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="articles per corpus (0: all)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show-misses", type=int, default=0)
    args = parser.parse_args(argv)
    found = corpora.news_files(args.limit)
    if not found:
        return corpora.skip("inject_quotes", corpora.bbc_folder(), corpora.polnear_folder())
    rng = random.Random(args.seed)
    for name, articles in found.items():
        _measure(name, articles, rng, args.show_misses)
    return 0


def _measure(name: str, articles: list[Path], rng: random.Random, show: int) -> None:
    untouched = Counter()
    cases: list[Case] = []
    for path in articles:
        text = corpora.read_article(path)
        result = check_text(path.name, text, CONFIG)
        untouched["articles"] += 1
        untouched["diagnostics"] += len(result.diagnostics)
        untouched["errors"] += sum(d.severity is Severity.ERROR for d in result.diagnostics)
        cases.extend(_cases(path.name, text, rng))
    hits, totals, misses = Counter(), Counter(), []
    for case in cases:
        totals[case.kind] += 1
        if _hit(case):
            hits[case.kind] += 1
        elif len(misses) < show:
            misses.append(case)
    n = untouched["articles"] or 1
    print(
        f"{name}: {n} articles; untouched: {untouched['diagnostics'] / n:.3f} QT per article "
        f"({untouched['errors'] / n:.3f} error-level)"
    )
    for kind in ("close-removed", "attribution-removed", "stray-words"):
        total = totals[kind] or 1
        print(
            f"  {kind:20} cases {totals[kind]:5}  hits {hits[kind]:5}"
            f"  recall {hits[kind] / total:.3f}"
        )
    for case in misses:
        context = case.text[max(0, case.offset - 80) : case.offset + 40].replace("\n", " ")
        print(f"  MISS {case.kind} {case.article}: …{context}…")


def _hit(case: Case) -> bool:
    doc_line = case.text.count("\n", 0, case.offset) + 1
    result = check_text(case.article, case.text, CONFIG)
    return any(d.code == case.code and d.start.line == doc_line for d in result.diagnostics)


def _cases(article: str, text: str, rng: random.Random) -> Iterator[Case]:
    doc = corpora.context(article, text).article
    for make in (_close_removed, _attribution_removed, _stray_words):
        case = make(article, text, doc, rng)
        if case is not None:
            yield case


def _pick(items: list, rng: random.Random):
    return rng.choice(items) if items else None


def _close_removed(article: str, text: str, doc: Document, rng: random.Random) -> Case | None:
    body = doc.body
    candidates = []
    for i, paragraph in enumerate(body):
        quotes = [q for q in paragraph.quotes if q.kind == "double" and q.closed and q.depth == 0]
        nxt = body[i + 1].text.lstrip()[:1] if i + 1 < len(body) else ""
        if quotes and quotes[-1].end >= paragraph.end - 1 and nxt not in '"“':
            candidates.append(quotes[-1])
    quote = _pick(candidates, rng)
    if quote is None:
        return None
    close = quote.end - 1
    return Case("close-removed", article, text[:close] + text[close + 1 :], quote.start, "QT001")


def _attribution_removed(article: str, text: str, doc: Document, rng: random.Random) -> Case | None:
    body = doc.body
    candidates = []
    for i, paragraph in enumerate(body[1:], start=1):
        match = _ATTRIBUTED_PARAGRAPH.match(paragraph.text)
        if match and not regex.search(r"[\"“”]", body[i - 1].text):
            candidates.append((paragraph, match))
    chosen = _pick(candidates, rng)
    if chosen is None:
        return None
    paragraph, match = chosen
    replaced = match.group("quote") + "." + match.group("close") + match.group("rest")
    new = text[: paragraph.start] + replaced + text[paragraph.end :]
    return Case("attribution-removed", article, new, paragraph.start, "QT002")


def _stray_words(article: str, text: str, doc: Document, rng: random.Random) -> Case | None:
    spots = []
    for paragraph in doc.body:
        for quote in paragraph.quotes:
            tail = text[quote.end : paragraph.end]
            said = regex.match(
                r"[^.!?\"“”]{0,80}?\b(?:said|says|told|added)\b[^.!?\"“”]{0,60}?\.", tail
            )
            if quote.closed and quote.depth == 0 and said:
                spots.append(quote.end + said.end())
    spot = _pick(spots, rng)
    if spot is None:
        return None
    debris = rng.choice(_DEBRIS).format(agency=rng.choice(_AGENCIES))
    new = text[:spot] + " " + debris + text[spot:]
    return Case("stray-words", article, new, spot + 1, "QT004")


if __name__ == "__main__":
    raise SystemExit(main())
