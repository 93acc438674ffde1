"""What the parts of the parser share: the types of option values, and the exit status
text of ``check`` and ``audit``."""

from __future__ import annotations

import argparse

EXIT_ERROR = 2  # a usage error: as argparse says it

EXIT_EPILOG = """exit status:
  0  nothing at or above --fail-on (or --exit-zero), or nothing to check
  1  findings at or above --fail-on, or some files could not be (fully) checked
  2  a usage or configuration error, the report file cannot be written, or no file
     could be checked at all
  3  factlint itself failed on some file (an internal error: please report it)
when several apply, 3 goes before 2, and 2 before 1"""


def positive_jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes, 1 or more: {value!r}")
    return jobs


def seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < 1e6:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0: {value!r}")
    return seconds


def milliseconds(value: str) -> int:
    try:
        milliseconds = int(value)
    except ValueError:
        milliseconds = -1
    if not 0 <= milliseconds <= 60_000:
        raise argparse.ArgumentTypeError(f"expected milliseconds, 0 to 60000: {value!r}")
    return milliseconds
