"""``factlint sheet``: the fact-check sheet, the checklist a fact-checker ticks.

For each article: its date; every person named, with the titles used and what the fact
register says of them; every number with its sentence; every date; every quotation with
its speaker (the quote sheet's extractor). Text for people, JSON (version 1) for scripts.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import regex

from factlint.analyses.archive_facts import own_articles, person_history
from factlint.analyses.context import RuleContext
from factlint.analyses.dates import date_meant
from factlint.analyses.numbers import WORD_NUMBER
from factlint.analyses.register_match import TitleCheck
from factlint.article import loader
from factlint.article.document import HEADLINE_AND_BODY, Document, Span
from factlint.core.errors import InputError
from factlint.engine.config import ConfigError, Resolver
from factlint.engine.run import article_context
from factlint.output.quotesheet import excerpt, print_archive_quotes, quote_entries
from factlint.output.sheets import SheetOutcome, SheetRequest, Target, run_sheets

_NUMBER = regex.compile(
    r"(?<![\p{L}\d.,])(?:[$£€¥]\s?)?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?"
    rf"|\b(?:{WORD_NUMBER})\b(?=\s+\p{{L}})",
    regex.V1,
)
_FOLLOWING = regex.compile(r"(?:\s+(?:percent|per\s+cent|million|billion|[\p{L}-]+)){0,2}")
SENTENCE_CHARS = 160


def fact_sheet(
    request: SheetRequest,
    config: Path | None,
    targets: Iterable[Target],
    stdin: BinaryIO,
    out: TextIO,
    err: TextIO,
) -> SheetOutcome:
    """The fact-check sheet of each target, with the config ``config`` names (None: each
    file's own)."""
    resolver = Resolver(config)

    def load(
        name: str, path: Path | None, stdin: BinaryIO
    ) -> tuple[RuleContext | None, str | None]:
        return _load(name, path, stdin, resolver)

    def build(ctx: RuleContext | None) -> dict:
        return sheet(ctx) if ctx is not None else {}

    return run_sheets(request, targets, stdin, out, err, load, build, _print_text)


def _load(
    name: str, path: Path | None, stdin: BinaryIO, resolver: Resolver
) -> tuple[RuleContext | None, str | None]:
    try:
        config = resolver.for_file(path)
        text = loader.normalize_newlines(loader.read_text(path, stdin))
        return article_context(name, text, config), None
    except (InputError, ConfigError) as exc:
        return None, str(exc)


def sheet(ctx: RuleContext) -> dict:
    """The fact-check sheet of one article, as plain data."""
    published = ctx.article_date
    entry: dict[str, Any] = {
        "date": published.isoformat() if published else None,
        "register": str(ctx.register.path) if ctx.register else None,
        "people": _people(ctx),
        "numbers": _numbers(ctx.article),
        "dates": _dates(ctx),
        "quotes": quote_entries(ctx),
    }
    archive = ctx.settings.archive
    if archive is not None:  # what the desk's archive index knows of each person
        entry["archive"] = str(archive.path)
        own = own_articles(ctx.article, archive)
        for person in entry["people"]:
            person["archive"] = person_history(archive, person["name"], own)
    return entry


def _people(ctx: RuleContext) -> list[dict]:
    doc = ctx.article
    matches = {id(m.mention): m for m in ctx.register_people}
    checks: dict[int, list] = {}
    for check in ctx.title_checks:
        checks.setdefault(id(check.match.mention), []).append(check)
    people = []
    for person in ctx.people.people.values():
        full = [m for m in person.mentions if m.full]
        name = max((m.text for m in full), key=len, default=person.surname)
        found = [matches[id(m)] for m in person.mentions if id(m) in matches]
        status, canonical = "not in register", None
        if ctx.register is None:
            status = "no register"
        elif found:
            best = next((f for f in found if f.status == "same"), found[0])
            status = "in register" if best.status == "same" else "misspelled"
            canonical = best.person.name
        used = []
        for mention in person.mentions:
            used += [_title(doc, check) for check in checks.get(id(mention), [])]
            if mention.title and not mention.courtesy and id(mention) not in checks:
                line = doc.position(mention.offset).line
                used.append({"title": mention.title, "former": False, "line": line,
                             "register": None, "message": ""})  # fmt: skip
        people.append(
            {
                "name": name,
                "mentions": len(person.mentions),
                "first_line": doc.position(person.mentions[0].offset).line,
                "register": status,
                "register_name": canonical,
                "titles": used,
            }
        )
    return sorted(people, key=lambda p: p["first_line"])


def _title(doc: Document, check: TitleCheck) -> dict:
    return {
        "title": check.title,
        "former": check.former,
        "line": doc.position(check.offset).line,
        "register": check.verdict,
        "message": check.message,
    }


def _numbers(doc: Document) -> list[dict]:
    found = []
    for paragraph in doc.paragraphs:
        if paragraph.kind not in HEADLINE_AND_BODY:
            continue
        for span in paragraph.sentences or [Span(paragraph.start, paragraph.end)]:
            sentence = doc.text[span.start : span.end]
            for match in _NUMBER.finditer(sentence):
                following = _FOLLOWING.match(sentence, match.end())
                where = doc.position(span.start + match.start())
                found.append(
                    {
                        "line": where.line,
                        "column": where.column,
                        "text": (match.group() + following.group()).strip(),
                        "sentence": " ".join(sentence.split())[:SENTENCE_CHARS],
                    }
                )
    return found


def _dates(ctx: RuleContext) -> list[dict]:
    doc = ctx.article
    found = []
    for written in ctx.written_dates:
        day = date_meant(written, ctx.article_date)
        found.append(
            {
                "line": doc.position(written.offset).line,
                "text": written.text,
                "date": day.isoformat() if day else None,
            }
        )
    return found


def _print_text(entry: dict, out: TextIO) -> None:
    out.write(f"{entry['path']}: fact-check sheet (article date: {entry['date'] or 'none'})\n")
    out.write(f"People ({len(entry['people'])})\n")
    for person in entry["people"]:
        register = person["register"]
        if person["register_name"] and person["register_name"] != person["name"]:
            register += f": {person['register_name']}"
        out.write(f"  [ ] {person['name']} (line {person['first_line']}; {register})\n")
        if person.get("archive"):
            out.write(f"        archive: {_known(person['archive'])}\n")
        for title in person["titles"]:
            verdict = f" — {title['message']}" if title["message"] else ""
            state = title["register"] or "not checked"
            out.write(f"        title {title['title']!r}, line {title['line']}: {state}{verdict}\n")
    out.write(f"Numbers ({len(entry['numbers'])})\n")
    for number in entry["numbers"]:
        out.write(
            f"  [ ] {number['line']}:{number['column']}  {number['text']}  | {number['sentence']}\n"
        )
    out.write(f"Dates ({len(entry['dates'])})\n")
    for date in entry["dates"]:
        resolved = f" = {date['date']}" if date["date"] else ""
        out.write(f"  [ ] {date['line']}  {date['text']}{resolved}\n")
    out.write(f"Quotes ({len(entry['quotes'])})\n")
    for quote in entry["quotes"]:
        who = quote["speaker"] or "NO SPEAKER"
        out.write(f"  [ ] {quote['line']}:{quote['column']}  {who}  “{excerpt(quote['text'])}”\n")
        print_archive_quotes(quote, out)


def _known(known: dict) -> str:
    """A person's archive record in words."""
    said = f"{known['articles']} articles"
    if known["first_seen"]:
        said += f", first {known['first_seen']}, last {known['last_seen']}"
    if known["titles"]:
        said += "; titles: " + ", ".join(t["title"] for t in known["titles"])
    return said
