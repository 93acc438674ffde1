"""Mutators: real articles (and generated ones) given the shapes of issue 25, and hostile
configs, packs, registers and dictionaries.

Each article mutator takes a random source and an article's text and returns the text with
one shape put in: a very long token, a punctuation run, a backtick or bracket flood,
control characters or deep nesting in YAML front matter, a huge number, a repeated word,
deep Markdown structures, and so on. :func:`mutate_article` applies one to three of them
and, sometimes, a byte-level mutation last (invalid UTF-8, a BOM, CRLF or CR line ends):
what it returns is the file's bytes. Sizes are drawn log-uniformly between a shape's
bounds, so most inputs are moderate and some reach the sizes that broke factlint.

Everything is drawn from the ``random.Random`` given, so an input is made again from its
seed alone.
"""

from __future__ import annotations

import math
import random
import string
from collections.abc import Callable

MAX_BYTES = 5 * 1024 * 1024 - 1024  # factlint refuses larger files: stay below, to check them

Mutator = Callable[[random.Random, str], str]

PUNCTUATION_RUN = "-#*=/_'"
C0 = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"]
ODD_CHARACTERS = [
    *C0,
    "\x7f",
    "\x85",
    "\x9b",
    "\u200b",
    "\u200e",
    "\u202e",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\ufffd",
    "\U0010ffff",
    "\ud800",
    "\udfff",
]
WORDS = ["the", "said", "and", "a", "of", "Minister", "government", "I", "we", "it"]


def size(rng: random.Random, low: int, high: int) -> int:
    """A size between ``low`` and ``high``, log-uniform: as many below 10x ``low`` as above."""
    return int(math.exp(rng.uniform(math.log(low), math.log(high))))


def letters(rng: random.Random, count: int) -> str:
    """``count`` letters: random ones, or one letter again and again, or a syllable."""
    roll = rng.random()
    if roll < 0.4:
        return "".join(rng.choices(string.ascii_lowercase, k=count))
    if roll < 0.7:
        return rng.choice(string.ascii_lowercase) * count
    unit = rng.choice(["ab", "ba", "ing", "tion", "é", "ß", "ня"])
    return (unit * (count // len(unit) + 1))[:count]


def insert(rng: random.Random, text: str, piece: str, own_paragraph: float = 0.5) -> str:
    """``text`` with ``piece`` put in: as a paragraph of its own (between two paragraphs), or
    inside a line, at a space or anywhere."""
    if rng.random() < own_paragraph:
        breaks = [i for i in range(len(text)) if text.startswith("\n\n", i)] or [len(text)]
        at = rng.choice(breaks)
        return text[:at] + "\n\n" + piece + "\n\n" + text[at:].lstrip("\n")
    spaces = [i for i, c in enumerate(text) if c == " "]
    at = rng.choice(spaces) + 1 if spaces and rng.random() < 0.8 else rng.randint(0, len(text))
    return text[:at] + piece + text[at:]


# --- the shapes of the issue ----------------------------------------------------------


def long_token(rng: random.Random, text: str) -> str:
    word = letters(rng, size(rng, 1000, 100_000))
    style = rng.random()
    if style < 0.5:
        word = word[0].upper() + word[1:]
    elif style < 0.6:
        word = word.upper()
    return insert(rng, text, word, own_paragraph=0.3)


def punctuation_run(rng: random.Random, text: str) -> str:
    count = size(rng, 1000, 60_000)
    if rng.random() < 0.8:
        run = rng.choice(PUNCTUATION_RUN) * count
    else:
        unit = "".join(rng.choices(PUNCTUATION_RUN + " .", k=rng.randint(2, 4)))
        run = (unit * (count // len(unit) + 1))[:count]
    return insert(rng, text, run, own_paragraph=0.7)


def backtick_flood(rng: random.Random, text: str) -> str:
    """A run of backticks with no closing run, and prose after it in the same paragraph
    (the code-span pattern's cost grows with both)."""
    count = size(rng, 500, 20_000)
    unit = rng.choice(["`", "`", "` ", "``a", "`x` `", "```"])
    flood = (unit * count)[: count * 2]
    after = " ".join(rng.choices(WORDS, k=size(rng, 10, 5000)))
    return insert(rng, text, f"{flood} {after}", own_paragraph=0.3)


def bracket_flood(rng: random.Random, text: str) -> str:
    count = size(rng, 500, 150_000)
    roll = rng.random()
    if roll < 0.5:
        flood = "[" * count + "]" * count
    elif roll < 0.65:
        flood = "[a](" * (count // 4 + 1)
    elif roll < 0.8:
        flood = rng.choice(["(", "[", "“", "‘", '"', "<", "!["]) * count
    else:
        flood = "[" * count + "x" + "](" * count + ")" * count
    return insert(rng, text, flood[: 3 * count], own_paragraph=0.6)


def huge_number(rng: random.Random, text: str) -> str:
    digits = str(rng.randint(1, 9)) + "".join(rng.choices(string.digits, k=size(rng, 4300, 60_000)))
    shape = rng.choice(["{}", "${}", "{}%", "{}.5", "1.{}", "{}bn", "-{}", "{}m", "£{}"])
    if rng.random() < 0.2:  # with thousands separators
        digits = ",".join(digits[i : i + 3] for i in range(0, len(digits), 3))
    return insert(rng, text, f"The figure rose to {shape.format(digits)} people.", 0.2)


def repeated_words(rng: random.Random, text: str) -> str:
    word = rng.choice(WORDS)
    return insert(rng, text, " ".join([word] * size(rng, 50, 20_000)), own_paragraph=0.5)


def long_line(rng: random.Random, text: str) -> str:
    """The article as one line (every line end a space), or a sentence that never stops."""
    if rng.random() < 0.5:
        return text.replace("\n", " ")
    words = rng.choices([*WORDS, "Kishida", "and", "which"], k=size(rng, 1000, 30_000))
    return insert(rng, text, " ".join(words), own_paragraph=0.8)


def odd_characters(rng: random.Random, text: str) -> str:
    """Control characters, NUL, DEL, lone surrogates, direction marks in the text."""
    for _ in range(rng.randint(1, 20)):
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice(ODD_CHARACTERS) * rng.choice([1, 1, 3, 200]) + text[at:]
    return text


def combining_flood(rng: random.Random, text: str) -> str:
    mark = rng.choice(["\u0301", "\u0308", "\u200d", "\ufe0f", "\U0001f3fb"])
    return insert(rng, text, "a" + mark * size(rng, 100, 30_000), own_paragraph=0.3)


def quote_flood(rng: random.Random, text: str) -> str:
    unit = rng.choice(["“", "”", "“We will go,” she said. ", "‘", '"', "'", "“a” "])
    return insert(rng, text, unit * size(rng, 100, 20_000), own_paragraph=0.6)


def markdown_nesting(rng: random.Random, text: str) -> str:
    depth = size(rng, 20, 5000)
    roll = rng.random()
    if roll < 0.25:
        piece = "\n".join("  " * i + "- item" for i in range(min(depth, 400)))
    elif roll < 0.45:
        piece = ">" * depth + " quoted"
    elif roll < 0.6:
        piece = "> " * depth + "- " * depth + "text"
    elif roll < 0.7:
        piece = "*" * depth + "strong" + "*" * depth
    elif roll < 0.8:
        piece = "<!--" + " unclosed comment" * depth
    elif roll < 0.9:
        piece = "```\n" + "code\n" * depth  # an unclosed fence
    else:
        piece = "|" + "a|" * depth + "\n|" + "-|" * depth
    return insert(rng, text, piece, own_paragraph=0.9)


def directive_junk(rng: random.Random, text: str) -> str:
    codes = ",".join(
        rng.choices(["QT001", "ALL", "x" * 500, "", "SP", "\x00"], k=rng.randint(1, 50))
    )
    shape = rng.choice(
        [
            "<!-- factlint-disable {} -->",
            "<!-- factlint-disable-line {} -->",
            "<!-- factlint-enable {} -->",
            "<!-- factlint-disable-next-line {}",
        ]
    )
    return insert(rng, text, shape.format(codes) * rng.choice([1, 1, 500]), own_paragraph=0.5)


def small_edits(rng: random.Random, text: str) -> str:
    """Deletions, duplications and swaps of spans of the article."""
    for _ in range(rng.randint(1, 10)):
        if len(text) < 2:
            break
        a = rng.randrange(len(text))
        b = min(len(text), a + size(rng, 1, 2000))
        roll = rng.random()
        if roll < 0.4:
            text = text[:a] + text[b:]
        elif roll < 0.8:
            text = text[:b] + text[a:b] * rng.randint(1, 5) + text[b:]
        else:
            c = rng.randrange(len(text))
            text = text[:c] + text[a:b] + text[c:]
    return text


# --- front matter ---------------------------------------------------------------------


def front_matter(rng: random.Random, text: str) -> str:
    """YAML front matter with a hostile shape: a control character, deep nesting, aliases,
    tags, a huge number, a key given twice, a date that cannot be."""
    return f"---\n{hostile_yaml(rng)}\n---\n{text}"


def hostile_yaml(rng: random.Random, key: str = "title") -> str:
    """A YAML mapping of a few keys, one of them hostile."""
    roll = rng.random()
    if roll < 0.3:
        odd = rng.choice(ODD_CHARACTERS)
        place = rng.choice(
            [
                "{key}: a{c}b",
                "{c}{key}: a",
                "{key}: 'a{c}'",
                '{key}: "a{c}"',
                "# a comment {c}\n{key}: a",
                "{key}: |\n  a{c}b",
            ]
        )
        body = place.format(key=key, c=odd)
    elif roll < 0.55:
        body = f"{key}: {deep_yaml(rng, size(rng, 50, 5000))}"
    elif roll < 0.65:
        body = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(rng.randint(3, 9))
        )
    elif roll < 0.75:
        body = f"{key}: " + rng.choice(
            [
                "!!python/object/apply:os.system ['true']",
                "!!binary AAAA",
                "!!set {a, b}",
                "!!timestamp 2024-02-30",
                "!!float nan",
                "!!int 0x" + "f" * 5000,
                "!custom x",
            ]
        )
    elif roll < 0.85:
        body = f"date: {rng.choice(['2024-02-30', '9' * 5000, '0000-00-00', '2024-13-01T99:99'])}"
    elif roll < 0.92:
        body = f"{key}: a\n{key}: b"
    else:
        body = f"{key}: {rng.randint(1, 9)}{'0' * size(rng, 4300, 50_000)}"
    extra = rng.choice(["", "author: Jane Doe\n", "date: 2024-05-01\n"])
    return extra + body


def deep_yaml(rng: random.Random, depth: int) -> str:
    shape = rng.random()
    if shape < 0.4:
        return "[" * depth + "]" * depth
    if shape < 0.7:
        return "{a: " * depth + "b" + "}" * depth
    return "\n" + "\n".join("  " * i + "- " if i % 2 else "  " * i + "a:" for i in range(depth))


# --- bytes ------------------------------------------------------------------------------


def byte_mutation(rng: random.Random, data: bytes) -> bytes:
    """Invalid UTF-8, a BOM, CRLF or CR line ends, NUL bytes, flipped or cut bytes."""
    roll = rng.random()
    if roll < 0.2:
        return b"\xef\xbb\xbf" + data
    if roll < 0.35:
        return data.replace(b"\n", b"\r\n")
    if roll < 0.45:
        return data.replace(b"\n", b"\r")
    if roll < 0.6:
        junk = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf"])
        at = rng.randint(0, len(data))
        return data[:at] + junk + data[at:]
    if roll < 0.7:
        at = rng.randint(0, len(data))
        return data[:at] + b"\x00" * rng.randint(1, 4) + data[at:]
    if roll < 0.8:
        return data[: rng.randint(1, max(1, len(data)))]  # perhaps mid-character
    if roll < 0.9:
        return b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n") + b"\xef\xbb\xbf"
    mutable = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if mutable:
            mutable[rng.randrange(len(mutable))] = rng.randrange(256)
    return bytes(mutable)


# --- all together -----------------------------------------------------------------------

HEAVY: dict[str, tuple[float, Mutator]] = {  # the costly shapes: large by design
    "long-token": (3, long_token),
    "punctuation-run": (2, punctuation_run),
    "backtick-flood": (2, backtick_flood),
    "bracket-flood": (2, bracket_flood),
    "repeated-words": (2, repeated_words),
    "long-line": (1, long_line),
    "combining-flood": (1, combining_flood),
    "quote-flood": (1, quote_flood),
    "markdown-nesting": (2, markdown_nesting),
}
LIGHT: dict[str, tuple[float, Mutator]] = {  # small: an article's usual cost
    "front-matter": (3, front_matter),
    "odd-characters": (3, odd_characters),
    "directive-junk": (1, directive_junk),
    "small-edits": (5, small_edits),
    "huge-number": (1, huge_number),
}
ARTICLE_MUTATORS = {**HEAVY, **LIGHT}
HEAVY_SHARE = 0.05


def mutate_article(
    rng: random.Random, text: str, heavy_share: float = HEAVY_SHARE
) -> tuple[bytes, list[str]]:
    """The bytes of ``text`` with one or two small mutations and, for ``heavy_share`` of
    the inputs, one of the costly shapes (perhaps a byte-level mutation too); and the names
    of what was done."""
    done = pick(rng, LIGHT, rng.choice([1, 1, 2]))
    if rng.random() < heavy_share:
        done.insert(rng.randint(0, len(done)), pick(rng, HEAVY, 1)[0])
    for name in done:
        text = ARTICLE_MUTATORS[name][1](rng, text)
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate: bytes that are not UTF-8
    if rng.random() < 0.12:
        data = byte_mutation(rng, data)
        done.append("bytes")
    return data[:MAX_BYTES], done


def pick(rng: random.Random, table: dict[str, tuple[float, Mutator]], count: int) -> list[str]:
    return rng.choices(list(table), [weight for weight, _ in table.values()], k=count)


# --- configs, packs, registers, dictionaries ----------------------------------------------

Files = dict[str, bytes | None]  # a relative path: its bytes, or None for a folder


def yaml_value(value: object) -> str:
    """A value in YAML flow style (JSON is YAML), strings quoted."""
    import json

    return json.dumps(value, ensure_ascii=False)


def base_config(rng: random.Random) -> dict[str, object]:
    """A valid config: a few of the settings a desk would set."""
    table: dict[str, object] = {"grammar": {"backend": "none"}}
    choices: dict[str, object] = {
        "select": ["ALL"],
        "ignore": ["GR001"],
        "severity": {"QT": "warning"},
        "fail-on": "warning",
        "packs": ["ap", "newsroom"],
        "timeout": 5,
        "options": {"NM003": {"courtesy-titles": "none"}},
        "per-file-ignores": {"*.md": ["QT001"]},
        "extend-exclude": ["drafts/"],
    }
    for key in rng.sample(sorted(choices), rng.randint(0, 4)):
        table[key] = choices[key]
    return table


HOSTILE_SETTINGS: list[Callable[[random.Random], tuple[str, object]]] = [
    lambda rng: ("fail-on", rng.choice([["error"], 5, None, {"a": 1}, "x" * 300, True])),
    lambda rng: ("select", rng.choice([5, "ALL", [5], [None], [["QT"]], ["ghp_" + "a" * 36]])),
    lambda rng: ("severity", rng.choice([{"QT": 5}, {"AKIAIOSFODNN7EXAMPLE": "error"}, [1]])),
    lambda rng: ("options", rng.choice([{"GR001": {"allowed": [1, 2]}}, {"GR001": 5}, "x"])),
    lambda rng: ("timeout", rng.choice([-1, 0, 1e308, "5", float("nan"), 10**400, True])),
    lambda rng: ("extend-exclude", ["*" * rng.randint(20, 200) + "a", "[" * 300, "**/" * 200]),
    lambda rng: ("per-file-ignores", {"*" * rng.randint(20, 200) + "x": ["QT"]}),
    lambda rng: ("packs", rng.choice([["nope"], "ap", [None], {"ap": 1}])),
    lambda rng: ("grammar", rng.choice([5, {"backend": "x"}, {"timeout": -5}, {"url": 5}])),
    lambda rng: ("dictionary", rng.choice(["words\x00.txt", "/etc/passwd", "../x", "", "."])),
    lambda rng: ("facts", rng.choice(["facts\x00.yaml", "/dev/zero", "folder", "..", "."])),
    lambda rng: ("pack-paths", rng.choice([["styles\x00"], "styles", [5], ["/"]])),
    lambda rng: ("baseline", rng.choice(["b\x00.json", 5, "folder"])),
    lambda rng: ("ghp_" + "x" * 36, "a secret-shaped key"),
    lambda rng: ("allow-outside-paths", rng.choice(["yes", 5, None])),
]


def hostile_config(rng: random.Random) -> Files:
    """A folder with a hostile config (YAML or pyproject TOML), perhaps a hostile pack,
    register or dictionary it names, and an article: what ``factlint check`` reads."""
    files: Files = {"folder": None}  # a folder where a file is expected, when named
    table = base_config(rng)
    roll = rng.random()
    if roll < 0.35:
        key, value = rng.choice(HOSTILE_SETTINGS)(rng)
        table[key] = value
    elif roll < 0.55:
        table["pack-paths"] = ["styles/"]
        files["styles/desk.yaml"] = hostile_pack(rng).encode("utf-8", "surrogatepass")
    elif roll < 0.7:
        table["facts"] = "facts.yaml"
        files["facts.yaml"] = hostile_register(rng).encode("utf-8", "surrogatepass")
    elif roll < 0.78:
        table["dictionary"] = "words.txt"
        files["words.txt"] = hostile_dictionary(rng)
    if rng.random() < 0.35:
        files["pyproject.toml"] = hostile_toml(rng, table).encode("utf-8", "surrogatepass")
    else:
        files[".factlint.yaml"] = config_yaml(rng, table).encode("utf-8", "surrogatepass")
    return files


def config_yaml(rng: random.Random, table: dict[str, object]) -> str:
    lines = [f"{key}: {yaml_value(value)}" for key, value in table.items()]
    if rng.random() < 0.4:  # and a shape in the YAML itself
        lines.append(hostile_yaml(rng, key=rng.choice(["ignore", "select", "timeout", "zz"])))
    return "\n".join(lines) + "\n"


def toml_value(value: object) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if value is None or (isinstance(value, float) and value != value):
        return "nan"
    if isinstance(value, int) and abs(value) > 2**63:
        return str(value)  # not TOML: an integer out of range
    return json.dumps(value, ensure_ascii=False)


def hostile_toml(rng: random.Random, table: dict[str, object]) -> str:
    body = "\n".join(f"{json_key(k)} = {toml_value(v)}" for k, v in table.items())
    roll = rng.random()
    if roll < 0.25:
        depth = size(rng, 100, 5000)
        body += "\ndeep = " + "[" * depth + "]" * depth
    elif roll < 0.4:
        depth = size(rng, 100, 3000)
        body += "\ndeep = " + "{a = " * depth + "1" + "}" * depth
    elif roll < 0.55:
        return "[tool]\nfactlint = 5\n" if rng.random() < 0.5 else "tool = 5\n"
    elif roll < 0.7:
        body += f'\nkey = "a{rng.choice(ODD_CHARACTERS)}b"'
    elif roll < 0.8:
        body += "\n" + body  # keys given twice
    return f'[project]\nname = "x"\n\n[tool.factlint]\n{body}\n'


def json_key(key: str) -> str:
    import json

    return key if key.replace("-", "").replace("_", "").isalnum() else json.dumps(key)


REGEX_BOMBS = [
    "(?:(?:(?:a{1000}){1000}){1000})",
    "(a{1,65535}){65535}",
    "(?:x+x+)+y",
    "(a|a)*b",
    "(?:a*)*$",
    "\\p{Nope}",
    "(",
    "[",
    "a{99999999999}",
    "(?P<target>a)(?P=nope)",
    "(?<!" + "a*" * 50 + ")b",
    "(" * 200 + "a" + ")" * 200,
    "\\1",
    "a{,}{,}{,}",
]


def hostile_pack(rng: random.Random) -> str:
    rule: dict[str, object] = {
        "code": "DK001",
        "name": "a-rule",
        "kind": "existence",
        "severity": "warning",
        "message": "{match}",
        "tokens": ["damn"],
        "examples": {"bad": ["damn"], "good": ["b"]},
    }
    roll = rng.random()
    if roll < 0.4:
        rule.pop("tokens")
        rule["pattern"] = rng.choice(REGEX_BOMBS)
    elif roll < 0.55:
        rule["kind"] = "substitution"
        rule.pop("tokens")
        rule["swap"] = {rng.choice(["(a)", "a", "x+"]): rng.choice(["\\2", "\\g<9>", "$1", "\\"])}
    elif roll < 0.7:
        rule[rng.choice(list(rule))] = rng.choice([5, None, [], {"a": [1]}, "\x00", "x" * 10_000])
    elif roll < 0.8:
        rule["tokens"] = ["a" * size(rng, 1000, 100_000)] * rng.randint(1, 3)
    elif roll < 0.9:
        rule["kind"] = "consistency"
        rule.pop("tokens")
        rule["either"] = [rng.choice(REGEX_BOMBS), "(", "a" * 5000]
    else:
        return (
            "pack: desk\nsource: s\nprefix: DK\nrules:\n  - " + hostile_yaml(rng, key="code") + "\n"
        )
    lines = [f"    {k}: {yaml_value(v)}" for k, v in rule.items()]
    lines[0] = "  - " + lines[0].lstrip()
    return "pack: desk\ndescription: d\nsource: s\nprefix: DK\nrules:\n" + "\n".join(lines) + "\n"


def hostile_register(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return "people:\n  - name: Jane Doe\n    " + hostile_yaml(rng, key="aliases") + "\n"
    if roll < 0.5:
        return (
            "people:\n  - "
            + yaml_value({"name": rng.choice([5, None, "a" * 10_000, "\x00", ["x"]]), "roles": "x"})
            + "\n"
        )
    if roll < 0.7:
        value = rng.choice(["9" * 5000, "1e999", "nan", "-0", '"76"', "[1]"])
        return "figures:\n  - {what: w, value: " + value + ", unit: banks, context: [a]}\n"
    if roll < 0.85:
        return "people:\n  - name: A B\n    roles:\n      - {title: T, start: 2024-02-30}\n"
    return "organisations: " + deep_yaml(rng, size(rng, 50, 3000)) + "\n"


def hostile_dictionary(rng: random.Random) -> bytes:
    words = [
        rng.choice(["word", "a" * 50_000, "\x00", "\ud800", "", " " * 100, "[x"])
        for _ in range(rng.randint(1, 200))
    ]
    data = "\n".join(words).encode("utf-8", "surrogatepass")
    return byte_mutation(rng, data) if rng.random() < 0.3 else data
