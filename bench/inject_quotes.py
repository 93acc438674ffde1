"""Recall of the quote rules on defects injected into real articles, and false alarms.

Usage::

    python -m bench inject-quotes                     # BBC + PolNeAR train/dev
    python -m bench inject-quotes --limit 300 --show-misses 10

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

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import regex

from bench import corpora, harness, outputs
from factlint.article.document import Document

NAME = "inject-quotes"
CONFIG = corpora.config(["QT"])
KINDS = ("close-removed", "attribution-removed", "stray-words")
_ATTRIBUTED_PARAGRAPH = regex.compile(
    r"^(?P<quote>[“\"][^”\"“]{20,}?),(?P<close>[”\"])\s+(?P<attribution>[^.!?\"“”]{2,80}?"
    r"\b(?:said|says|told|added|explained|argued)\b[^.!?\"“”]{0,60}?)\.(?P<rest>[^\"“”]*)$"
)
_DEBRIS = ["Quote According to {agency}.", "Unquote.", "Quote According to {agency}", "(Quote)"]
_AGENCIES = ["Reuters", "Kyodo News", "the Associated Press", "Xinhua", "AFP"]


def main(argv: list[str] | None = None) -> int:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("--limit", type=int, default=0, help="articles per corpus (0: all)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show-misses", type=int, default=0, help="print this many misses")
    args = outputs.parse(NAME, parser, argv)
    found = corpora.news_files(args.limit)
    if not found:
        return corpora.skip(NAME, corpora.bbc_folder(), corpora.polnear_folder())
    rng = random.Random(args.seed)
    figures = {}
    with outputs.text_output(args):
        for name, articles in found.items():
            figures[name] = _measure(name, articles, rng, args.show_misses)
    return outputs.finish(args, figures)


def _measure(corpus: str, files: list[Path], rng: random.Random, show: int) -> dict[str, Any]:
    articles = ((path.name, corpora.read_article(path)) for path in files)
    return harness.measure(
        corpus, articles, lambda name, text: _cases(name, text, rng), CONFIG, kinds=KINDS, show=show
    )


def _case(kind: str, article: str, text: str, offset: int, code: str) -> harness.Case:
    """Found when ``code`` fires on the line of ``offset``, where the defect is."""
    context = text[max(0, offset - 80) : offset + 40].replace("\n", " ")
    line = frozenset({harness.line_of(text, offset)})
    return harness.Case(kind, article, text, (code,), line, note=f"…{context}…")


def _cases(article: str, text: str, rng: random.Random) -> Iterator[harness.Case]:
    doc = corpora.context(article, text).article
    for make in (_close_removed, _attribution_removed, _stray_words):
        case = make(article, text, doc, rng)
        if case is not None:
            yield case


T = TypeVar("T")


def _pick(items: list[T], rng: random.Random) -> T | None:
    return rng.choice(items) if items else None


def _close_removed(
    article: str, text: str, doc: Document, rng: random.Random
) -> harness.Case | None:
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
    return _case("close-removed", article, text[:close] + text[close + 1 :], quote.start, "QT001")


def _attribution_removed(
    article: str, text: str, doc: Document, rng: random.Random
) -> harness.Case | None:
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
    return _case("attribution-removed", article, new, paragraph.start, "QT002")


def _stray_words(article: str, text: str, doc: Document, rng: random.Random) -> harness.Case | None:
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
    return _case("stray-words", article, new, spot + 1, "QT004")


if __name__ == "__main__":
    raise SystemExit(main())
