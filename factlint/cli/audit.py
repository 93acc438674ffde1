"""``factlint audit``: an archive checked on a Dask cluster, one JSON line per article.

INPUT is files, folders (searched as ``check`` searches them) or JSON Lines archives
(``*.jsonl``: one article a line, ``{"path": ..., "text": ...}``, any other fields being its
front matter, e.g. ``date`` and ``author``). Everything is read as a stream; the Dask side is
:mod:`factlint.audit.cluster`, loaded only here (Dask is the ``audit`` extra).
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from factlint.analyses.archive_names import CODE, ArchiveVariant, Thresholds
from factlint.article import loader
from factlint.audit.output import AuditOutput, Contents
from factlint.audit.work import Article, AuditSettings, ReadProblem
from factlint.cli.check import EXIT_ERROR, EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, command_options
from factlint.cli.commands import AuditCommand
from factlint.cli.files import Selection, targets
from factlint.core.diagnostics import Severity
from factlint.core.errors import EmptyArticle, InputError
from factlint.core.yamlfile import MAX_DEPTH, too_deep
from factlint.engine.config import ConfigError, Resolver
from factlint.output.atomic import open_atomic

INSTALL = "factlint audit needs Dask: pip install 'factlint[audit]' (dask[distributed])"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def audit_command(args: AuditCommand) -> int:
    try:
        cluster = importlib.import_module("factlint.audit.cluster")
    except ImportError:
        print(f"factlint: error: {INSTALL}", file=sys.stderr)
        return EXIT_ERROR
    if args.cache_dir:
        os.environ["FACTLINT_CACHE_DIR"] = str(args.cache_dir)
    _, options = command_options(args)
    thresholds = None if args.no_archive_checks else _thresholds(args)
    settings = AuditSettings(
        options,
        cwd=os.getcwd(),
        config=None if args.config is None else str(args.config.resolve()),
        fail_on=args.fail_on,
        names=thresholds is not None,
        keep=thresholds.max_odd if thresholds else 0,
    )
    started = time.perf_counter()
    output = _open_output(args)
    try:
        client, local = cluster.connect(args.scheduler, args.workers or _cpus())
    except OSError as exc:  # includes connection timeouts
        output.close()
        print(f"factlint: error: --scheduler {args.scheduler}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    ready = time.perf_counter() - started
    try:
        plan = cluster.Plan(args.batch_size, cluster.default_window(client), thresholds)
        run = cluster.Audit(client, settings, output, plan, _say)
        findings = run.run(_items(list(args.paths), args.config, not args.no_respect_gitignore))
    finally:
        output.close()
        client.close()
        if local is not None:
            local.close()
    archive = _write_archive(args, findings) if thresholds is not None else None
    fail_on = Severity.parse(args.fail_on) if args.fail_on else Severity.WARNING
    contents = output.contents(fail_on) if output.resumed else _contents(run.tally)
    seconds = (time.perf_counter() - started, ready)
    _summary(run.tally, output, contents, findings, archive, seconds)
    return _exit_status(args, run.tally, contents, findings)


def _cpus() -> int:
    from factlint.cli.jobs import default_jobs

    return default_jobs()


def _thresholds(args: AuditCommand) -> Thresholds:
    """NM100's thresholds: the options given, the defaults for the others."""
    given: dict[str, Any] = {
        "min_majority": args.name_min_majority,
        "max_odd": args.name_max_odd,
        "max_share": args.name_max_share,
    }
    thresholds = Thresholds(**{key: value for key, value in given.items() if value is not None})
    if not 0 < thresholds.max_share <= 1:
        share = thresholds.max_share
        raise ConfigError(f"--name-max-share: expected a fraction above 0, at most 1: {share}")
    return thresholds


def _open_output(args: AuditCommand) -> AuditOutput:
    try:
        return AuditOutput(args.output, args.resume)
    except OSError as exc:
        message = f"--output {args.output}: cannot write it ({exc.strerror or exc})"
        raise ConfigError(message) from None


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- reading the archive --------------------------------------------------------------


def _items(paths: list[str], config: Path | None, respect_gitignore: bool) -> Iterator[Any]:
    """Every article of the inputs, read as it is needed: archives line by line, files as
    ``check`` finds them (an unreadable one becomes its error line)."""

    files = [p for p in paths if not _is_archive(p)]
    for name in paths:
        if _is_archive(name):
            yield from _archive_articles(Path(name))
    if not files:
        return
    selection = Selection(Resolver(config), respect_gitignore)
    for display, path, error in targets(files, selection):
        if error is not None or path is None:
            yield ReadProblem(display, error or "standard input is not read by audit")
            continue
        try:
            data = loader.read_bytes(path)
            text = loader.decode(data)
        except EmptyArticle as exc:
            _say(f"{path}: note: {exc}, skipped")
            continue
        except InputError as exc:
            yield ReadProblem(str(path), str(exc))
            continue
        yield Article(str(path), text, hashlib.sha256(data).hexdigest())


def read_inputs(
    paths: list[str], config: Path | None, respect_gitignore: bool = True
) -> Iterator[Any]:
    """The articles of INPUT paths as audit reads them (``factlint index`` reads the same):
    :class:`Article` and :class:`ReadProblem` items."""
    return _items(paths, config, respect_gitignore)


def _is_archive(path: str) -> bool:
    return path.endswith(".jsonl") and Path(path).is_file()


def _archive_articles(archive: Path) -> Iterator[Article | ReadProblem]:
    """The articles of a JSON Lines archive; a line that is not one is an error, reported
    as ``ARCHIVE:LINE``."""
    with archive.open("rb") as lines:
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            try:
                article = _archive_article(raw)
            except json.JSONDecodeError as exc:  # its error line, under its place
                problem = f"not JSON (column {exc.colno}: {exc.msg})"
                yield ReadProblem(f"{archive}:{number}", f"not an article: {problem}")
                continue
            except ValueError:  # json's other refusal: more digits than int() takes
                yield ReadProblem(f"{archive}:{number}", "not an article: a number too long")
                continue
            except InputError as exc:
                yield ReadProblem(f"{archive}:{number}", f"not an article: {exc}")
                continue
            except RecursionError:  # JSON nested past Python's stack: far past MAX_DEPTH
                problem = f"not an article: nested more than {MAX_DEPTH} deep"
                yield ReadProblem(f"{archive}:{number}", problem)
                continue
            if article is not None:
                yield article


def _archive_article(raw: bytes) -> Article | None:
    if len(raw) > loader.MAX_FILE_BYTES * 2:
        raise InputError("larger than an article may be")
    if _nested_too_deep(raw):  # before json, whose C parser recurses as deep as it goes
        raise InputError(f"nested more than {MAX_DEPTH} deep")
    record = json.loads(raw)
    if too_deep(record):  # the same error as json's RecursionError, whatever the stack
        raise InputError(f"nested more than {MAX_DEPTH} deep")
    if not isinstance(record, dict):
        raise InputError("expected a JSON object")
    path, text = record.pop("path", None), record.pop("text", None)
    if not isinstance(path, str) or not path or not isinstance(text, str):
        raise InputError('expected "path" and "text" strings')
    if not _is_unicode(path) or not _is_unicode(text):
        raise InputError('"path" or "text" holds a lone surrogate (\\ud800 ...): not Unicode text')
    if not text.strip():
        _say(f"{path}: note: empty article, skipped")
        return None
    text = _with_front_matter(record, text)
    return Article(path, text, hashlib.sha256(text.encode("utf-8")).hexdigest())


_JSON_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')  # a string, or a bracket


def _nested_too_deep(raw: bytes) -> bool:
    """Whether the JSON ``raw`` opens more than MAX_DEPTH arrays or objects inside each
    other (strings skipped); told by scanning, never by recursing."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return False
    depth = 0
    for token in _JSON_TOKEN.finditer(raw):
        if token[0] in (b"[", b"{"):
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif token[0] in (b"]", b"}"):
            depth -= 1
    return False


def _is_unicode(text: str) -> bool:
    """Whether ``text`` has no lone surrogate (JSON's ``\\ud800`` escape) in it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _as_date(value: object) -> object:
    """An ISO date as a date, so that YAML writes it plain, as a Markdown file would have
    it; an impossible one ("2020-02-30") stays text, and the front matter's check says
    "no such date" for that article alone."""
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _with_front_matter(fields: dict, text: str) -> str:
    """``text`` under front matter holding ``fields`` (ISO dates written as YAML dates), as
    the article would be written as a Markdown file; ``text`` alone without fields."""
    if not fields:
        return text
    import yaml

    values = {key: _as_date(value) for key, value in fields.items()}
    front = yaml.safe_dump(values, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n{text}"


# --- the end --------------------------------------------------------------------------


def _write_archive(args: AuditCommand, findings: list[ArchiveVariant]) -> Path:
    """The archive-level findings, one line per article (a ``files`` entry), whole."""
    path = args.archive_output or args.output.with_name(
        args.output.name.removesuffix(".jsonl") + ".archive.jsonl"
    )
    by_path: dict[str, list[dict]] = {}
    for finding in findings:
        by_path.setdefault(finding.place.path, []).append(finding.to_json())
    try:
        file = open_atomic(path)
    except OSError as exc:
        raise ConfigError(f"--archive-output {path}: cannot write it ({exc})") from None
    with file:
        for article, diagnostics in by_path.items():
            entry = {"path": article, "error": None, "diagnostics": diagnostics}
            file.write(json.dumps(entry, ensure_ascii=False) + "\n")
        file.commit()
    return path


def _contents(tally: Any) -> Contents:
    """What this run wrote (the whole output, when it does not resume another)."""
    return Contents(tally.articles, tally.errors, tally.failed, Counter(tally.codes))


def _summary(
    tally: Any,
    output: AuditOutput,
    contents: Contents,
    findings: list[ArchiveVariant],
    archive: Path | None,
    seconds: tuple[float, float],
) -> None:
    codes = contents.codes
    wall, ready = seconds
    rate = tally.articles / wall if wall > 0 else 0.0
    lines = [
        f"factlint audit: {contents.articles} articles in {output.path} "
        f"({tally.articles} checked now, {contents.articles - tally.articles} from an earlier "
        f"run), {contents.errors} could not be checked, {sum(codes.values())} diagnostics",
        f"  wall time {wall:.1f} s (the cluster ready after {ready:.1f} s), "
        f"{rate:.1f} articles/s checked",
    ]
    if tally.lost:
        lines.append(f"  {tally.lost} articles not checked (their batch failed): run --resume")
    for code, count in sorted(codes.items(), key=lambda row: (-row[1], row[0])):
        lines.append(f"  {count:>7}  {code}")
    if archive is not None:
        forms = len({(f.form, f.expected) for f in findings})
        lines.append(
            f"  archive: {len(findings)} {CODE} findings ({forms} rare name forms) -> {archive}"
        )
    _say("\n".join(lines))


def _exit_status(
    args: AuditCommand, tally: Any, contents: Contents, findings: list[ArchiveVariant]
) -> int:
    if tally.internal:
        return EXIT_INTERNAL
    if tally.config_errors:
        return EXIT_ERROR
    failed = contents.failed + tally.lost + tally.lost_archive_checks
    warning_or_more = Severity.parse(args.fail_on) if args.fail_on else Severity.WARNING
    if findings and warning_or_more <= Severity.WARNING:
        failed += 1
    return EXIT_FINDINGS if failed and not args.exit_zero else EXIT_OK
