"""Numbers written in words and their values, round numbers, and what makes a number a
percentage: shared by the count, headline and fact-register rules."""

from __future__ import annotations

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
          "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# "seven", "Twenty-six", "twenty six": a whole number in words up to 99.
WORD_NUMBER = (
    r"(?i:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_UNITS) + r"))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten"
    r"|" + "|".join(_UNITS) + r")"
)

# Longer runs of digits are not numbers a rule compares; int() refuses over 4,300 of them.
MAX_DIGITS = 40

# What makes a number a percentage: "54%", "54 percent", "54 per cent".
PERCENT = r"(?:%|percent\b|per\s+cent\b)"


def integer_value(written: str) -> int | None:
    """The value of a whole number in digits ("1,200") or words ("twenty-six"), else None
    (a run of more than :data:`MAX_DIGITS` digits is no count a rule compares)."""
    plain = written.replace(",", "")
    if plain.isdecimal():  # not isdigit: int() refuses "²"
        return int(plain) if len(plain) <= MAX_DIGITS else None
    total = 0
    for part in written.lower().replace("-", " ").split():
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return total or None


def is_round(digits: str) -> bool:
    """At most two significant digits: 100, 250, 4000 (``digits`` without commas)."""
    return len(digits.rstrip("0")) <= 2
