"""The server's engine: one per workspace, kept warm between requests.

It holds the config resolver (configs found as ``factlint check`` finds them, per-file
ignores included), the grammar engine (built once, its results cached per paragraph, so an
edit re-checks only the paragraphs it changed; the whole-article rules run again, which is
fast once warm) and the rule documentation. It knows nothing of the protocol: the server
calls it from one worker thread.
"""

from __future__ import annotations

import hashlib
import inspect
from dataclasses import dataclass
from pathlib import Path

from factlint.article import loader
from factlint.backends import get_backend
from factlint.core.cachefile import cache_dir
from factlint.core.results import FileResult
from factlint.engine.config import Config, Resolver
from factlint.engine.fixes import fix_stored
from factlint.engine.registry import find_rule, shipped_pack_rules
from factlint.engine.run import Options, check_text, file_config
from factlint.lsp.positions import LineIndex
from factlint.rules import Rule

UNTITLED = "untitled"  # the name an unsaved document is checked under (in the workspace)
_WARM_UP = "Warm-up\n\nThe council met on Tuesday and the the vote was close.\n"


@dataclass
class Checked:
    """One document checked: the text and positions the result counts in, and the config."""

    index: LineIndex
    result: FileResult
    config: Config
    path: Path | None


class Engine:
    """Configs, grammar engine and rule docs of one workspace."""

    def __init__(self, root: Path | None, explicit: Path | None, options: Options) -> None:
        self.root = root
        self.explicit = explicit
        self.options = options
        self.resolver = Resolver(explicit)  # raises ConfigError for a bad --config
        self._files: set[Path] = set()  # the files the configs in use were read from
        self._docs: dict[int, tuple[Rule, str]] = {}  # by the rule's id: its docs' link

    def reload(self) -> None:
        """Forget every config read (a config, pack, register or dictionary changed)."""
        self.resolver = Resolver(self.explicit)
        self._files.clear()

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
        """Check a document's text as the editor holds it; a file the config's excludes
        leave out (a README, ``extend-exclude``) gets no findings, as editors and hooks
        get none from ``factlint check --force-exclude``."""
        config = self.config_for(path)
        index = LineIndex(stored, encoding)
        if path is not None and config.excludes(path):  # as `check --force-exclude` does
            return Checked(index, FileResult(display, text=index.decoded), config, path)
        result = check_text(display, index.decoded, config, path=path)
        return Checked(index, result, config, path)

    def fix_all(self, display: str, checked: Checked) -> str:
        """The document with every safe fix applied (in passes, as ``check --fix``)."""
        outcome = fix_stored(display, checked.index.stored, checked.config, path=checked.path)
        return outcome.after

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
