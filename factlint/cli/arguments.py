"""What the parts of the parser share: the types of option values, and the exit status
text of ``check`` and ``audit``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

EXIT_ERROR = 2  # a usage error: as argparse says it

EXIT_EPILOG = """exit status:
  0  nothing at or above --fail-on (or --exit-zero), or nothing to check
  1  findings at or above --fail-on, or some files could not be (fully) checked
  2  a usage or configuration error, the report file cannot be written, or no file
     could be checked at all
  3  factlint itself failed on some file (an internal error: please report it)
when several apply, 3 goes before 2, and 2 before 1"""


def number_in(
    convert: Callable[[str], Any], accept: Callable[[Any], bool], expected: str
) -> Callable[[str], Any]:
    """An option's value type: ``convert``'s number where ``accept`` holds, else the usage
    error "expected EXPECTED: 'value'"."""

    def parse(value: str) -> Any:
        try:
            number = convert(value)
        except ValueError:
            number = None
        if number is None or not accept(number):  # NaN fails every comparison
            raise argparse.ArgumentTypeError(f"expected {expected}: {value!r}")
        return number

    return parse


positive_jobs = number_in(int, lambda n: n >= 1, "a number of processes, 1 or more")
positive_number = number_in(int, lambda n: n >= 1, "a number, 1 or more")
seconds = number_in(float, lambda n: 0 < n < 1e6, "a number of seconds above 0")
milliseconds = number_in(int, lambda n: 0 <= n <= 60_000, "milliseconds, 0 to 60000")
