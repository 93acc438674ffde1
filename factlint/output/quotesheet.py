"""``factlint quotes``: the quote sheet a fact-checker calls sources with.

Every direct quotation of each article's body, with its speaker (resolved to a full name
where the article gives one), the cue that attributes it, how the attribution was found,
and where the quote and the speaker stand. Text for people, JSON (version 1) for scripts.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, TextIO

from factlint.analyses.archive_facts import own_articles, quote_history
from factlint.analyses.attribution import Attribution
from factlint.analyses.context import RuleContext, RunSettings
from factlint.archive.store import Archive
from factlint.article import loader
from factlint.article.document import Document, parse
from factlint.core.errors import InputError
from factlint.engine.config import ConfigError, Resolver
from factlint.output.sheets import SheetOutcome, SheetRequest, Target, run_sheets

EXCERPT_CHARS = 70


def quote_sheet(
    request: SheetRequest,
    targets: Iterable[Target],
    stdin: BinaryIO,
    out: TextIO,
    err: TextIO,
) -> SheetOutcome:
    """The quote sheet of each target."""

    def build(ctx: RuleContext | None) -> dict:
        return {"quotes": quote_entries(ctx) if ctx is not None else []}

    return run_sheets(request, targets, stdin, out, err, _load, build, _print_text)


def _load(name: str, path: Path | None, stdin: BinaryIO) -> tuple[RuleContext | None, str | None]:
    try:
        article = parse(name, loader.read_text(path, stdin), loader.is_markdown(name))
        return RuleContext(article, RunSettings(archive=_archive(path))), None
    except InputError as exc:
        return None, str(exc)


def _archive(path: Path | None) -> Archive | None:
    """The archive index the config governing ``path`` names (None when there is none, or
    the config cannot be read: the sheet reads no other setting)."""
    try:
        return Resolver().for_file(path).archive
    except ConfigError:
        return None


def quote_entries(ctx: RuleContext) -> list[dict]:
    entries = [_entry(ctx.article, item) for item in ctx.attributions]
    archive = ctx.settings.archive
    if archive is not None:  # what the desk's archive index has of each quote
        own = own_articles(ctx.article, archive)
        for entry in entries:
            entry["archive"] = quote_history(archive, entry["text"], own)
    return entries


def print_archive_quotes(quote: dict, out: TextIO, shown: int = 3) -> None:
    """The archive's record of a quote, a line each (the first ``shown``)."""
    for seen in (quote.get("archive") or [])[:shown]:
        changed = seen["words_changed"]
        how = (
            "these words" if not changed else f"{changed} word{'s' if changed > 1 else ''} changed"
        )
        where = f"{seen['path']}, {seen['date'] or 'undated'}"
        out.write(f"        archive: {how}, said by {seen['speaker'] or 'no speaker'} ({where})\n")


def _entry(doc: Document, item: Attribution) -> dict:
    quote, speaker = item.quote, item.speaker
    start, end = doc.position(quote.start), doc.position(quote.end)
    entry = {
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "text": doc.text[quote.content_start : quote.content_end].strip(),
        "speaker": speaker.name if speaker else None,
        "cue": speaker.cue if speaker else None,
        "how": item.how,
        "speaker_line": None,
        "speaker_column": None,
        "speaker_as_written": None,
    }
    if speaker is not None:
        where = doc.position(speaker.offset)
        entry["speaker_line"], entry["speaker_column"] = where.line, where.column
        entry["speaker_as_written"] = doc.text[speaker.offset : speaker.offset + speaker.length]
    return entry


def _print_text(entry: dict, out: TextIO) -> None:
    out.write(f"{entry['path']}: {len(entry['quotes'])} quotes\n")
    for quote in entry["quotes"]:
        who = quote["speaker"] or "NO SPEAKER"
        how = ", ".join(x for x in (quote["cue"], quote["how"]) if x)
        cue = f" ({how})" if quote["speaker"] else ""
        out.write(f"  {quote['line']}:{quote['column']}  {who}{cue}  “{excerpt(quote['text'])}”\n")
        print_archive_quotes(quote, out)


def excerpt(text: str) -> str:
    """A quotation cut to :data:`EXCERPT_CHARS` characters for a text sheet."""
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"
