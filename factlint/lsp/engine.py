"""The server's engine: one per workspace, kept warm between requests.

It holds the config resolver (configs found as ``factlint check`` finds them, per-file
ignores included), the grammar engine (built once, its results cached per paragraph, so an
edit re-checks only the paragraphs it changed; the whole-article rules run again, which is
fast once warm) and the rule documentation. It knows nothing of the protocol.

The server keeps one for the configs and the rule documentation; the checks run in worker
processes that can be stopped (:mod:`factlint.engine.worker`), each with an engine of its
own (:func:`start_worker`), told to read the configs again by the server's ``epoch``.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from dataclasses import dataclass
from pathlib import Path

from factlint.article import loader
from factlint.backends import get_backend
from factlint.core.cachefile import cache_dir
from factlint.core.results import FileResult
from factlint.core.safefile import MAX_FILE_BYTES, too_large
from factlint.engine.config import Config, Resolver
from factlint.engine.fixes import fix_stored
from factlint.engine.registry import find_rule, shipped_pack_rules
from factlint.engine.run import Options, check_text, file_config
from factlint.lsp.positions import LineIndex
from factlint.rules import Rule

UNTITLED = "untitled"  # the name an unsaved document is checked under (in the workspace)
_WARM_UP = "Warm-up\n\nThe council met on Tuesday and the the vote was close.\n"
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


@dataclass
class Checked:
    """One document checked: the text and positions the result counts in, and the config."""

    index: LineIndex
    result: FileResult
    config: Config
    path: Path | None
    excluded: bool = False


class Engine:
    """Configs, grammar engine and rule docs of one workspace."""

    def __init__(self, root: Path | None, explicit: Path | None, options: Options) -> None:
        self.root = root
        self.explicit = explicit
        self.options = options
        self.resolver = Resolver(explicit)  # raises ConfigError for a bad --config
        self._files: set[Path] = set()  # the files the configs in use were read from
        self._docs: dict[int, tuple[Rule, str]] = {}  # by the rule's id: its docs' link
        self.epoch = 0  # how many times the configs were read again

    def reload(self) -> None:
        """Forget every config read (a config, pack, register or dictionary changed)."""
        self.resolver = Resolver(self.explicit)
        self._files.clear()
        self.epoch += 1

    def config_for(self, path: Path | None) -> Config:
        """The config of the document at ``path`` (None: unsaved, so the workspace's).
        Raises :class:`~factlint.engine.config.ConfigError`."""
        config = file_config(path or self._untitled_path(), self.resolver, self.options)
        self._files |= config.files
        return config

    def depends_on(self, path: Path) -> bool:
        """Whether a change to the file at ``path`` may change the configs in use."""
        return path.name in (".factlint.yaml", ".factlint.yml", "pyproject.toml") or (
            path.resolve() in self._files
        )

    def check(self, display: str, stored: str, path: Path | None, encoding: str) -> Checked:
        """Check a document's text as the editor holds it, in this process; a file the
        config's excludes leave out (a README, ``extend-exclude``) gets no findings, as
        editors and hooks get none from ``factlint check --force-exclude``."""
        checked = self.prepare(display, stored, path, encoding)
        if checked.excluded:
            return checked
        checked.result = check_text(
            display, checkable(checked.index.decoded), checked.config, path=path
        )
        return checked

    def prepare(self, display: str, stored: str, path: Path | None, encoding: str) -> Checked:
        """A document with its config and positions, not checked yet (``excluded``: left
        out by the config, so it never will be)."""
        config = self.config_for(path)
        index = LineIndex(stored, encoding)
        excluded = path is not None and config.excludes(path)  # as `check --force-exclude`
        return Checked(index, FileResult(display, text=index.decoded), config, path, excluded)

    def fix_all(self, display: str, stored: str, path: Path | None) -> str:
        """The document with every safe fix applied (in passes, as ``check --fix``)."""
        return fix_stored(display, stored, self.config_for(path), path=path).after

    def warm(self) -> None:
        """Build what the first check would: the workspace's config, its packs and the
        grammar engine (Harper takes about a second to start)."""
        config = self.config_for(None)
        get_backend(config.grammar)
        check_text("warm-up.txt", _WARM_UP, config.with_overrides(None, None, {"cache": False}))

    def rule(self, code: str, config: Config) -> Rule | None:
        return find_rule(code, (*config.pack_rules, *shipped_pack_rules()))

    def docs_url(self, rule: Rule) -> str:
        """A link to the rule's documentation: a Markdown file written once into the
        cache folder (``lsp-docs/``), which an editor opens offline."""
        known = self._docs.get(id(rule))
        if known is not None and known[0] is rule:
            return known[1]
        text = rule_markdown(rule)
        digest = hashlib.sha256(text.encode()).hexdigest()[:12]
        path = cache_dir(None) / "lsp-docs" / f"{rule.code}-{digest}.md"
        try:
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        except OSError:
            pass  # a link to a missing file is the worst of it
        self._docs[id(rule)] = (rule, path.as_uri())
        return path.as_uri()

    def _untitled_path(self) -> Path:
        return (self.root or Path.cwd()) / UNTITLED


def rule_markdown(rule: Rule) -> str:
    """The rule's documentation (its docstring, as ``factlint explain`` prints it)."""
    heading = f"# {rule.code} {rule.name}\n\nDefault severity: {rule.severity.label}"
    options = "".join(
        f"\n- `{rule.code}.{name}`: `{value!r}`" for name, value in rule.options.items()
    )
    if options:
        options = "\n\nOptions (under `options:` in the config):" + options
    return f"{heading}\n\n```text\n{inspect.cleandoc(rule.doc)}\n```{options}\n"


def display_name(path: Path | None, uri: str, language_id: str | None) -> str:
    """The name a document is checked under: its path, or for an unsaved one a name that
    tells Markdown (by its language) from plain text."""
    if path is not None:
        return str(path)
    markdown = language_id == "markdown" or loader.is_markdown(uri)
    return f"{UNTITLED}.md" if markdown else f"{UNTITLED}.txt"


def checkable(text: str) -> str:
    """``text`` with each lone surrogate (which JSON can carry and UTF-8 cannot) as U+FFFD:
    one code point for one, and the same length in UTF-16 and UTF-8 (``surrogatepass``)
    units, so every position stays where it was."""
    return _SURROGATE.sub(REPLACEMENT, text) if _SURROGATE.search(text) else text


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def size_problem(stored: str) -> str | None:
    """Why a document is too large to check (the command line's limit on an article's
    file, in UTF-8 bytes), or None."""
    if len(stored) * 4 <= MAX_FILE_BYTES:
        return None
    size = len(stored.encode("utf-8", "surrogatepass"))
    return too_large(size, MAX_FILE_BYTES, "articles") if size > MAX_FILE_BYTES else None


# --- in a worker process ----------------------------------------------------------------

_worker_engine: Engine | None = None


def start_worker(root: Path | None, explicit: Path | None, options: Options) -> None:
    """A worker process's setup: its engine, warmed (a config that cannot be used is said
    by the server, which reads it too)."""
    global _worker_engine
    try:
        _worker_engine = Engine(root, explicit, options)
        _worker_engine.warm()
    except Exception:
        pass  # the server says what is wrong with the config when a document is checked


def _engine_at(epoch: int) -> Engine:
    engine = _worker_engine
    if engine is None:
        raise RuntimeError("the worker's engine could not be built")
    if engine.epoch != epoch:
        engine.reload()
        engine.epoch = epoch
    return engine


def check_in_worker(epoch: int, display: str, text: str, path: Path | None) -> FileResult:
    """Check decoded text with the config for ``path`` (configs read again up to the
    server's ``epoch``)."""
    engine = _engine_at(epoch)
    return check_text(display, text, engine.config_for(path), path=path)


def fix_all_in_worker(epoch: int, display: str, stored: str, path: Path | None) -> str:
    return _engine_at(epoch).fix_all(display, stored, path)
