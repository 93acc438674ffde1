"""What every measurement does with its figures: print them as JSON (``--json``), write
them to a file (``--out FILE``), store them as the baseline (``--save-baseline``), or
compare them with the stored baseline (``--compare``).

A baseline is ``bench/baselines/NAME.json``: the measurement's name, the command that
produced it, its arguments, when and at which commit, and its figures. ``--compare``
alone runs the measurement with the baseline's own arguments (so the two are measured
alike), then prints each numeric figure: the baseline's, today's, and the change.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BASELINES = Path(__file__).resolve().parent / "baselines"
_FLAGS = ("--json", "--compare", "--save-baseline")
_ROW_KEYS = ("corpus", "code", "label", "name", "rule", "kind", "variant")  # a row's key


def add_options(parser: argparse.ArgumentParser, *, compare: bool = True) -> None:
    """The output options every measurement has."""
    group = parser.add_argument_group("figures")
    group.add_argument("--json", action="store_true", help="print the figures as JSON only")
    group.add_argument("--out", type=Path, metavar="FILE", help="also write the figures as JSON")
    if compare:
        group.add_argument(
            "--compare",
            action="store_true",
            help="print the change of each figure against the stored baseline "
            "(alone: measured with the baseline's own arguments)",
        )
    group.add_argument(
        "--save-baseline", action="store_true", help="store the figures as the baseline"
    )


def measured_argv(argv: list[str]) -> list[str]:
    """``argv`` without the output options (what the measurement itself was given)."""
    kept: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--out":
            skip = True
        elif arg not in _FLAGS and not arg.startswith("--out="):
            kept.append(arg)
    return kept


def parse(name: str, parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """Parse ``argv`` (``--compare`` alone: with the baseline's arguments put first) and
    remember the measurement's name and arguments for :func:`finish`."""
    given = list(sys.argv[1:] if argv is None else argv)
    if "--compare" in given and not measured_argv(given) and baseline_path(name).is_file():
        given = [*load_baseline(name)["argv"], *given]
    args = parser.parse_args(given)
    args.measurement = name
    args.measured_argv = measured_argv(given)
    return args


@contextlib.contextmanager
def text_output(args: argparse.Namespace) -> Iterator[None]:
    """While measuring: the text report goes to stdout; with ``--json`` nowhere (stdout
    is the JSON document alone), with ``--compare`` to stderr (stdout: the comparison)."""
    if getattr(args, "json", False):
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    elif getattr(args, "compare", False):
        with contextlib.redirect_stdout(sys.stderr):
            yield
    else:
        yield


def finish(args: argparse.Namespace, figures: dict[str, Any]) -> int:
    """Do with ``figures`` what the output options ask; exit status 0."""
    name = args.measurement
    document = json.dumps(figures, indent=2, sort_keys=False, default=str)
    if args.json:
        print(document)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(document + "\n", encoding="utf-8")
    if getattr(args, "compare", False):
        if baseline_path(name).is_file():
            print_comparison(name, load_baseline(name), figures, args.measured_argv)
        else:
            print(f"{name}: no baseline at {baseline_path(name)} (make one: --save-baseline)")
    if args.save_baseline:
        path = save_baseline(name, args.measured_argv, figures)
        print(f"{name}: baseline written to {path}", file=sys.stderr)
    return 0


# --- baselines ------------------------------------------------------------------------


def baseline_path(name: str) -> Path:
    return BASELINES / f"{name}.json"


def load_baseline(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(baseline_path(name).read_text(encoding="utf-8"))
    return data


def save_baseline(name: str, argv: list[str], figures: dict[str, Any]) -> Path:
    path = baseline_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "measurement": name,
        "command": " ".join(["python -m bench", name, *argv]),
        "argv": argv,
        "recorded": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": _commit(),
        "figures": figures,
    }
    path.write_text(json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def _commit() -> str | None:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=BASELINES.parent,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()
    return None


# --- comparing --------------------------------------------------------------------------


def flatten(figures: Any, prefix: str = "") -> dict[str, float]:
    """Every number in ``figures`` by its dotted path (a list of rows: by the row's corpus,
    code, label, name, rule, kind and variant that it has, else by position); booleans
    and text left out."""
    found: dict[str, float] = {}
    if isinstance(figures, dict):
        items: list[tuple[str, Any]] = [(str(k), v) for k, v in figures.items()]
    elif isinstance(figures, list):
        items = [(_row_key(row, i), row) for i, row in enumerate(figures)]
    elif isinstance(figures, (int, float)) and not isinstance(figures, bool):
        return {prefix: float(figures)}
    else:
        return found
    for key, value in items:
        found.update(flatten(value, f"{prefix}.{key}" if prefix else key))
    return found


def _row_key(row: Any, position: int) -> str:
    parts = [
        row[key] for key in _ROW_KEYS if isinstance(row, dict) and isinstance(row.get(key), str)
    ]
    return "/".join(parts) or str(position)


def comparison(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """Rows of (figure, baseline, now, change) for every number in either."""
    old, new = flatten(before), flatten(after)
    rows = []
    for key in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(key), new.get(key)
        rows.append((key, _number(a), _number(b), _change(a, b)))
    return rows


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if value.is_integer() else f"{value:.4g}"


def _change(a: float | None, b: float | None) -> str:
    if a is None:
        return "new"
    if b is None:
        return "gone"
    if a == b:
        return "="
    delta = b - a
    relative = f" ({100 * delta / abs(a):+.1f}%)" if a else ""
    return f"{_number(delta) if delta < 0 else '+' + _number(delta)}{relative}"


def print_comparison(
    name: str, baseline: dict[str, Any], figures: dict[str, Any], argv: list[str]
) -> None:
    same = baseline.get("argv") == argv
    print(
        f"{name}: now against {baseline_path(name).name} "
        f"(recorded {baseline.get('recorded')}, commit {baseline.get('commit')}: "
        f"{baseline.get('command')})"
    )
    if not same:
        print(f"  note: measured with other arguments than the baseline's: {' '.join(argv)}")
    rows = comparison(baseline.get("figures", {}), figures)
    width = max([len(row[0]) for row in rows] + [6])
    print(f"  {'figure':{width}}  {'baseline':>10}  {'now':>10}  change")
    for key, old, new, change in rows:
        print(f"  {key:{width}}  {old:>10}  {new:>10}  {change}")
    changed = sum(row[3] != "=" for row in rows)
    print(f"  {len(rows)} figures, {changed} changed")


def parser(name: str, doc: str | None, *, compare: bool = True) -> argparse.ArgumentParser:
    """A measurement's argument parser, with the output options."""
    made = argparse.ArgumentParser(
        prog=f"python -m bench {name}", description=(doc or name).splitlines()[0]
    )
    add_options(made, compare=compare)
    return made
