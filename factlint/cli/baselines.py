"""``factlint check --baseline FILE`` (or the config's ``baseline: FILE``): each file's
findings less those its baseline lists, and at the end a note of the baseline entries
that matched no finding in the files checked. The file's format, and ``--write-baseline``,
are :mod:`factlint.output.baseline`'s.

The baseline is matched against every finding of a file, before ``--changed-since`` keeps
those on changed lines: an entry of a finding on an unchanged line still matches it, so
it is not taken for stale. It applies to what is reported, after the result cache and in
this process (so whatever ``--jobs``), and to what remains after ``--fix``: a safe fix is
applied whether or not the baseline lists its finding.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from factlint.cli.commands import CheckCommand
from factlint.core.diagnostics import Diagnostic
from factlint.core.results import FileResult
from factlint.engine.config import Config, ConfigError
from factlint.engine.run import rule_runs
from factlint.output.baseline import Baseline

if TYPE_CHECKING:
    from factlint.engine.changes import ChangedLines


def check_usage(args: CheckCommand) -> None:
    """Refuse what a baseline cannot be used with (ConfigError: one line, exit 2)."""
    if args.write_baseline is None:
        return
    refused = [
        option
        for option, given in (
            ("--baseline", args.baseline is not None),
            ("--changed-since", args.changed_since is not None),
            ("--diff", args.diff),
            ("--format", args.format is not None),
            ("--output-file", args.output_file is not None),
            ("--statistics", args.statistics),
        )
        if given
    ]
    if refused:
        raise ConfigError(
            "--write-baseline records every finding of the files checked, in place of a "
            f"report: it cannot be used with {' or '.join(refused)}"
        )


class Baselines:
    """The baselines of a run: ``explicit`` (``--baseline``) for every file, else (unless
    ``use_config`` is off: ``--no-baseline``) the one each file's config names, each read
    once. ``config_of`` gives a file's config (None for a config that cannot be used: said
    already); ``fail`` says a baseline that cannot be read, once, and makes the run exit 2.
    """

    def __init__(
        self,
        explicit: Path | None,
        use_config: bool,
        config_of: Callable[[Path | None], Config | None],
        fail: Callable[[str], None],
    ) -> None:
        self.explicit = None if explicit is None else Baseline.load(explicit)  # before the run
        self.use_config = use_config
        self.config_of, self.fail = config_of, fail
        self._read: dict[Path, Baseline | None] = {}  # by resolved path; None: cannot be read

    def filter(self, result: FileResult, changes: ChangedLines | None) -> FileResult | None:
        """``result`` with only the findings to report: those on changed lines (with
        ``changes``) that its baseline does not list; ``baselined`` counts the others.
        None when its baseline cannot be read: the file is not reported."""
        path = None if result.path == "-" else Path(result.path)
        config = None
        if (self.explicit is not None or self.use_config) and (
            result.error is None or result.diagnostics
        ):
            config = self.config_of(path)
        baseline = None if config is None else self._baseline(config)
        if baseline is False:
            return None
        listed: list[Diagnostic] | None = None
        if baseline is not None:
            assert config is not None
            listed = baseline.match(result, _ran(config, path, result), config.known_codes)
        if changes is not None:
            result = changes.filter(result)
        if listed is not None:
            left_out = {id(d) for d in listed}
            kept = [d for d in result.diagnostics if id(d) not in left_out]
            result.baselined = len(result.diagnostics) - len(kept)
            result.diagnostics = kept
        return result

    def notes(self) -> list[str]:
        """A note for each baseline with entries that matched no finding in this run."""
        baselines = [self.explicit, *self._read.values()]
        return [note for b in baselines if b is not None and (note := b.stale_note())]

    def _baseline(self, config: Config) -> Baseline | Literal[False] | None:
        """The baseline of files under ``config``: None for none, False for one that
        cannot be read."""
        if self.explicit is not None:
            return self.explicit
        if not self.use_config or config.baseline is None:
            return None
        key = config.baseline.resolve()
        if key not in self._read:
            try:
                self._read[key] = Baseline.load(config.baseline)
            except ConfigError as exc:
                self._read[key] = None
                self.fail(f"config {config.source}: {exc}" if config.source else str(exc))
        return self._read[key] or False


def _ran(
    config: Config, path: Path | None, result: FileResult
) -> Callable[[], frozenset[str]] | None:
    """The codes that ran on the file, when asked; None when it was not fully checked."""
    if result.error is not None:
        return None
    return lambda: frozenset(run.rule.code for run in rule_runs(config, path))
