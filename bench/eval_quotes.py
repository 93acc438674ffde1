"""Quote attribution measured on PolNeAR's annotated attributions (train and dev only).

Usage::

    python -m bench eval-quotes                 # train + dev
    python -m bench eval-quotes --split dev --show-misses 20

A relation counts as a *direct quote* when its annotated content opens with a quotation
mark (or the character before it is one). It is *found* when factlint's extractor has a
quotation overlapping the content, and its *speaker matches* when the speaker factlint
gives that quotation is the annotated source: the attribution's speaker mention overlaps
the source span (the same name, or the same pronoun), or the resolved speaker shares a
capitalised word with the source ("Trump" in "Donald Trump"). The test split is kept for
final scoring and never read. Skips cleanly when the corpus is absent.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import regex

from bench import corpora, outputs
from factlint.analyses.attribution import Attribution

NAME = "eval-quotes"

QUOTE_MARKS = '"“”'
_CAPITALISED = regex.compile(r"\p{Lu}[\p{L}'’-]+")


def main(argv: list[str] | None = None) -> int:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("--split", choices=("train", "dev", "both"), default="both")
    parser.add_argument("--show-misses", type=int, default=0)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = outputs.parse(NAME, parser, argv)
    absent = corpora.missing(corpora.polnear_folder() / "attributions.jsonl.gz")
    if absent:
        return corpora.skip(NAME, *absent)
    splits = corpora.POLNEAR_SPLITS if args.split == "both" else (args.split,)
    relations = _direct_quote_relations(splits)
    totals = {"relations": 0, "found": 0, "speaker": 0}
    misses: list[str] = []
    for article, items in corpora.limited(sorted(relations.items()), args.limit):
        path = _article_path(article, items[0]["split"])
        text = corpora.read_article(path)
        found = corpora.context(str(path), text).attributions
        for relation in items:
            totals["relations"] += 1
            verdict = _judge(relation, found, text)
            totals["found"] += verdict != "missed"
            totals["speaker"] += verdict == "speaker"
            if verdict != "speaker" and len(misses) < args.show_misses:
                misses.append(_describe(article, relation, found, text, verdict))
    n = totals["relations"] or 1
    figures = {**totals, "found_rate": round(totals["found"] / n, 4)}
    figures["speaker_rate"] = round(totals["speaker"] / n, 4)
    with outputs.text_output(args):
        _report(totals, splits)
        for line in misses:
            print(line)
    return outputs.finish(args, figures)


def _article_path(article: str, split: str) -> Path:
    return corpora.polnear_folder() / "articles" / split / f"{article}.txt"


def _direct_quote_relations(splits: tuple[str, ...]) -> dict[str, list[dict]]:
    by_article: dict[str, list[dict]] = defaultdict(list)
    for relation in corpora.polnear_attributions(splits):
        if relation["content"] and relation["source"]:
            by_article[relation["article"]].append(relation)
    direct: dict[str, list[dict]] = defaultdict(list)
    for article, items in by_article.items():
        path = _article_path(article, items[0]["split"])
        if not path.is_file():
            continue
        text = corpora.read_article(path)
        for relation in items:
            start = relation["content"][0]["start"]
            before = text[start - 1] if start > 0 else ""
            if relation["content"][0]["text"][:1] in QUOTE_MARKS or before in QUOTE_MARKS:
                direct[article].append(relation)
    return direct


def _judge(relation: dict, found: list[Attribution], text: str) -> str:
    content = relation["content"][0]
    quotes = [a for a in found if a.quote.start < content["end"] and content["start"] < a.quote.end]
    if not quotes:
        return "missed"
    sources = relation["source"]
    for item in quotes:
        speaker = item.speaker
        if speaker is None:
            continue
        for source in sources:
            overlaps = (
                speaker.offset < source["end"] and source["start"] < speaker.offset + speaker.length
            )
            shared = set(_CAPITALISED.findall(speaker.name)) & set(
                _CAPITALISED.findall(source["text"])
            )
            if overlaps or shared:
                return "speaker"
    return "found"


def _describe(
    article: str, relation: dict, found: list[Attribution], text: str, verdict: str
) -> str:
    content = relation["content"][0]
    ours = [
        (a.how, a.speaker.name if a.speaker else None)
        for a in found
        if a.quote.start < content["end"] and content["start"] < a.quote.end
    ]
    source = " / ".join(s["text"] for s in relation["source"])
    quote = content["text"][:50]
    return f"{verdict:7} {article[:40]} source={source[:40]!r} ours={ours[:2]} quote={quote!r}"


def _report(totals: dict[str, int], splits: tuple[str, ...]) -> None:
    n = totals["relations"] or 1
    print(f"PolNeAR {'+'.join(splits)}: {totals['relations']} direct-quote relations")
    print(f"  quote found      {totals['found']:6}  {totals['found'] / n:.3f}")
    print(f"  speaker matches  {totals['speaker']:6}  {totals['speaker'] / n:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
