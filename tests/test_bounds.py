"""Every cost is bounded before it is paid: over-long words and runs of punctuation are left
out of what the grammar engine and the per-word checks see (and reported), the patterns
that run while an article is parsed are linear, a pack pattern too large to compile is
refused, and ``--timeout`` covers parsing. The slow shapes run in a subprocess whose
timeout only guards against a hang."""

from __future__ import annotations

import dataclasses
import json
import random
import string
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from factlint.analyses.name_similarity import compare_names, near_miss, slip_corrections
from factlint.article.blocks import mask_markdown
from factlint.article.document import parse
from factlint.article.limits import MAX_PUNCTUATION_RUN, MAX_WORD_CHARS, oversized
from factlint.engine import run as engine_run
from factlint.engine.config import Config
from factlint.packs.pattern_size import MAX_PATTERN_SIZE, pattern_size
from factlint.packs.schema import PackError, load_pack, shipped_packs
from tests.helpers import DESK_PACK

HEAD = (
    "Storm hits coast\n\nBy Jane Smith\n\n"
    "The storm hit the the coast on Monday, officials said.\n\n"
)
HANG_GUARD = 300  # seconds: far beyond what the bounded work takes, short of a hang


def _check_json(path: Path, *args: str) -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "factlint", "check", "--no-cache", "--format", "json", *args],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )
    assert done.returncode in (1, 2), done.stderr[-2000:]  # not 134 (an abort), not 3
    return done.returncode, json.loads(done.stdout)["files"][0]


def _left_out_and_rest_checked(file: dict, note: str) -> None:
    assert file["error"].startswith("not fully checked: ")
    assert note in file["error"] and "the rest of the article was checked" in file["error"]
    assert [d["code"] for d in file["diagnostics"]] == ["GR001"]  # "the the" still found


@pytest.mark.slow
def test_a_100000_letter_word_is_left_out_of_harper_and_reported(tmp_path: Path) -> None:
    article = tmp_path / "word.txt"
    article.write_text(HEAD + "The " + "a" * 100_000 + " word.\n", encoding="utf-8")
    _, file = _check_json(article, "--grammar", "harper", str(article))
    _left_out_and_rest_checked(file, "a word of 100000 characters at 7:5 left out")


@pytest.mark.slow
@pytest.mark.parametrize("mark", ["-", "'", "="])
def test_a_long_line_of_punctuation_is_left_out_of_harper(tmp_path: Path, mark: str) -> None:
    article = tmp_path / "rule.txt"
    article.write_text(HEAD + mark * 60_000 + "\n", encoding="utf-8")
    _, file = _check_json(article, "--grammar", "harper", str(article))
    _left_out_and_rest_checked(file, "a run of 60000 punctuation characters at 7:1 left out")


@pytest.mark.slow
def test_a_capitalised_3000_letter_word_is_left_out_of_the_spelling_checks(tmp_path: Path) -> None:
    article = tmp_path / "capital.txt"
    article.write_text(HEAD + "The B" + "a" * 2999 + " word.\n", encoding="utf-8")
    _, file = _check_json(article, "--grammar", "none", str(article))
    _left_out_and_rest_checked(file, "a word of 3000 characters at 7:5 left out")


def test_left_out_spans_keep_every_offset_and_are_named_in_order() -> None:
    long_word, rule = "B" + "a" * MAX_WORD_CHARS, "-" * (MAX_PUNCTUATION_RUN + 1)
    text = f"Headline\n\nThe {long_word} and\n{rule}\nthe the end.\n"
    doc = parse("a.txt", text, markdown=False)
    assert len(doc.prose) == len(text)
    assert long_word not in doc.prose and rule not in doc.prose and "the the end." in doc.prose
    assert [(doc.position(s.start).line, s.what) for s in doc.skipped] == [
        (3, f"a word of {MAX_WORD_CHARS + 1} characters"),
        (4, f"a run of {MAX_PUNCTUATION_RUN + 1} punctuation characters"),
    ]
    note = engine_run.left_out(doc)
    assert note is not None and note.startswith("not fully checked: a word of 65 characters at 3:5")


def test_the_limits_never_trigger_on_words_and_rules_of_real_copy() -> None:
    real = (
        "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch voted. "
        "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz ended. "
        "See https://www.bbc.co.uk/news/uk-politics-12345678?at_medium=RSS&at_campaign=KARANGA "
        + "=" * 80
        + " * * * "
        + "-- " * 30
    )
    assert oversized(real) == []


def test_per_word_checks_refuse_words_over_the_limit() -> None:
    long_name = "B" + "a" * 100
    assert slip_corrections(long_name) == set()  # was 3,000 candidates, cubic time
    assert slip_corrections("B" + "a" * (MAX_WORD_CHARS - 1))  # up to the limit: checked
    assert not near_miss(long_name, long_name + "b")
    assert compare_names(f"Jane {long_name}", f"Jane {long_name}b") == "different"
    assert compare_names("Jane Smith", "Jane Smiht") == "variant"


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )


@pytest.mark.parametrize(
    "flood",
    [
        '"`" * 30_000',
        '"[" * 300_000 + "]" * 300_000',
        '"![](" * 100_000',
        '"<http:" * 100_000',
        '"<!--" * 100_000',
        '"a" + " " * 200_000 + "#x"',
        '"](" + "a" * 200_000 + " "',
        '"\\nfactlint-disable GR001" + " " * 500_000 + "y"',  # a suppression line
    ],
)
@pytest.mark.slow
def test_markdown_masks_are_linear_in_a_flood(flood: str) -> None:
    done = _python(
        f"""
        from factlint.article.document import parse
        text = "# Storm\\n\\nThe storm " + {flood} + " hit.\\n"
        doc = parse("a.md", text, markdown=True)
        print(len(doc.prose) == len(text))
        """
    )
    assert done.stdout.strip() == "True", done.stderr[-2000:]


@pytest.mark.parametrize(
    ("markdown", "prose"),
    [
        ("a `code` b", "a        b"),
        ("a ``co`de`` b", "a           b"),
        ("a ``` x `` y", "a ``` x `` y"),  # runs of different lengths: no code span
        ("a `b` ``c`` `d", "a" + " " * 11 + "`d"),
        ("see [the report](https://x.org/a_(b)) now", "see  the report " + " " * 22 + "now"),
        ("![alt text](pic.png) after", "                     after"),
        ("<!-- note --> a <!-- b", "              a <!-- b"),
        ("a <https://x.org> b", "a                 b"),
    ],
)
def test_markdown_masks_keep_their_meaning(markdown: str, prose: str) -> None:
    assert mask_markdown(markdown) == prose


def test_a_pack_pattern_too_large_to_compile_is_refused_at_load(tmp_path: Path) -> None:
    bomb = "(?:(?:(?:a{1000}){1000}){1000})"
    assert pattern_size(bomb) > 10**9 and pattern_size("a{1000}") == 1000
    pack = tmp_path / "desk.yaml"
    pack.write_text(DESK_PACK.replace("{utilize: use}", "{'" + bomb + "': use}"), "utf-8")
    done = _python(  # at most 2 GB: the pattern took 22 GB to compile
        f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        from factlint.packs.schema import PackError, load_pack
        try:
            load_pack(__import__("pathlib").Path({str(pack)!r}))
        except PackError as exc:
            print(exc)
        """
    )
    assert "desk.yaml:5: rule DK001: pattern too large to compile" in done.stdout, done.stderr
    with pytest.raises(PackError, match=r"about 1,002,002,\d+ elements \(at most 100,000\)"):
        load_pack(pack)


def test_the_shipped_packs_are_far_within_the_pattern_size_limit() -> None:
    sizes = [pattern_size(t) for p in shipped_packs() for r in p.rules for t, _ in r.sources]
    assert max(sizes) * 10 < MAX_PATTERN_SIZE


@pytest.mark.slow
def test_the_timeout_covers_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow_parse(path: str, text: str, markdown: bool):
        time.sleep(30)

    monkeypatch.setattr(engine_run, "parse", slow_parse)
    config = dataclasses.replace(Config(), timeout=0.5)
    started = time.monotonic()
    result = engine_run.check_text("a.txt", "Headline\n\nThe storm.\n", config)
    assert time.monotonic() - started < 25  # a hang guard: the alarm stopped the parsing
    assert result.error == (
        "not fully checked: reading the article ran past the time limit of 0.5 s "
        "(--timeout); no rule ran"
    )
    assert not result.internal and not result.diagnostics


@pytest.mark.slow
def test_many_quotes_in_one_sentence_are_attributed_in_linear_time(tmp_path: Path) -> None:
    article = tmp_path / "quotes.txt"  # each quote searched its sentence from the start
    article.write_text(HEAD + "“a” " * 45_000 + "\n", encoding="utf-8")
    _, file = _check_json(article, "--grammar", "none", "--timeout", "60", str(article))
    assert file["error"] is None  # not "not fully checked: the rules ran past the time limit"
    assert {d["code"] for d in file["diagnostics"]} == {"GR001", "QT002"}  # QT002: no speaker


def test_harper_checks_a_long_paragraph_in_pieces_and_places_each_match() -> None:
    from factlint.backends.harper import MAX_PIECE_CHARS, harper_backend, pieces

    text = "The council met on Monday. " * 300 + "It approved the new budgett."
    cut = list(pieces(text))
    assert len(cut) > 2 and all(len(piece) <= MAX_PIECE_CHARS for _, piece in cut)
    assert all(piece.endswith(". ") for _, piece in cut[:-1])  # after a sentence's end
    assert "".join(piece for _, piece in cut) == text
    matches = harper_backend("american").check([text])[0]
    assert [text[m.offset : m.offset + m.length] for m in matches] == ["budgett"]
    word = "a" * 63 + "-"  # no space: cut before a word, never inside one
    assert all(piece.endswith("-") for _, piece in list(pieces(word * 200))[:-1])


@pytest.mark.slow
def test_a_paragraph_repeated_is_given_to_the_grammar_engine_once() -> None:
    from factlint.analyses.grammar import _run
    from factlint.backends import GrammarMatch, GrammarSettings

    given: list[str] = []

    class Counting:  # an engine that flags the word "a" wherever it is
        name, version = "counting", "1"

        def check(self, texts: list[str]) -> list[list[GrammarMatch]]:
            given.extend(texts)
            return [[GrammarMatch(0, 1, "A", "Style", "a", (), False)] for _ in texts]

    doc = parse("a.md", "# Storm\n\n" + "- a\n" * 20_000 + "\nThe end.\n", markdown=True)
    found = _run(doc, GrammarSettings(cache=False), Counting())  # type: ignore[arg-type]
    assert sorted(given) == ["Storm", "The end.", "a"]  # 20,000 list items, one check
    assert len(found) == 20_002 and found[-2].offset == doc.text.rindex("- a") + 2


@pytest.mark.slow
def test_thousands_of_unknown_capitalised_words_are_judged_without_comparing_every_pair(
    tmp_path: Path,
) -> None:
    rng = random.Random(1)  # each word was compared with every other of its initial
    words = [
        rng.choice(string.ascii_uppercase) + "".join(rng.choices("aeioulnrst", k=9))
        for _ in range(9000)
    ]
    article = tmp_path / "capitals.txt"
    article.write_text(HEAD + ". ".join(" ".join(words[i : i + 12]) for i in range(0, 9000, 12)))
    _, file = _check_json(article, "--grammar", "none", str(article))  # the default 30 s
    assert file["error"] is None  # not "not fully checked: the rules ran past the time limit"
    assert "GR001" in {d["code"] for d in file["diagnostics"]}


@pytest.mark.slow
def test_a_cue_is_looked_for_only_near_its_quote(tmp_path: Path) -> None:
    article = tmp_path / "run-on.txt"  # the cue patterns searched the whole sentence before
    article.write_text(
        HEAD + "The council met, " + "x" * 100_000 + ", ALL, the mayor "
        '"We will rebuild," he said.\n'
    )
    _, file = _check_json(article, "--grammar", "none", str(article))  # the default 30 s
    assert "ran past the time limit" not in file["error"]
    _left_out_and_rest_checked(file, "a word of 100000 characters at 7:18 left out")


@pytest.mark.slow
def test_a_table_row_is_one_paragraph_however_many_cells(tmp_path: Path) -> None:
    article = tmp_path / "table.md"  # each cell was a paragraph of its whole row
    columns = 2500
    article.write_text(
        "# Head\n\nBy Jane Smith\n\n"
        + "|a" * columns + "|\n" + "|-" * columns + "|\n"
        + "| the the " + "| x " * (columns - 1) + "|\n\nText here.\n"
    )  # fmt: skip
    doc = parse(str(article), article.read_text(), markdown=True)
    assert len(doc.paragraphs) == 5  # heading, byline, two rows, "Text here."
    _, file = _check_json(article, "--grammar", "none", str(article))  # the default 30 s
    assert file["error"] is None
    assert [d["code"] for d in file["diagnostics"]] == ["GR001"]  # once, not once a cell


@pytest.mark.slow
def test_a_quote_followed_by_a_blanked_word_is_attributed_at_once(tmp_path: Path) -> None:
    article = tmp_path / "after.txt"  # the patterns after a quote tried each split of spaces
    article.write_text(
        HEAD + 'The group is "confident of it," ' + "G" * 30_000 + " may split with its boss.\n"
    )  # 16 s of CPU before; now under one
    _, file = _check_json(article, "--grammar", "none", "--timeout", "5", str(article))
    assert "ran past the time limit" not in file["error"]
    _left_out_and_rest_checked(file, "a word of 30000 characters at 7:33 left out")


@pytest.mark.slow
def test_a_number_of_thousands_of_digit_groups_is_left_out_of_harper(tmp_path: Path) -> None:
    article = tmp_path / "number.txt"  # one token to Harper: 7-11 s in pieces of 4,000
    article.write_text(HEAD + "The sum was " + "970," * 19_000 + "755 in all.\n")
    _, file = _check_json(article, "--grammar", "harper", str(article))
    _left_out_and_rest_checked(file, "a number of 76003 characters at 7:13 left out")
