"""Defect injection: how many planted name errors the byline and name rules catch.

Run from anywhere (the corpora are found relative to the repository root, in
``../shared/corpora``)::

    python -m bench inject-names                        # both corpora, every eligible article
    python -m bench inject-names --corpus bbc --limit 300 --seed 7
    python -m bench inject-names --show-misses 20       # the first 20 misses of each kind
    python -m bench inject-names --json > inject.json

Real, edited articles are read at run time (nothing is copied into the project):
``bbc_news/articles/*.txt`` (headline, blank line, body; no bylines; marked duplicates are
skipped) and PolNeAR's ``train`` and ``dev`` splits (never ``test``) with ``metadata.tsv``
(the real byline) and ``attributions.jsonl.gz`` (annotated attribution sources). Each
defect is planted in a fresh copy of an untouched article, one defect a copy, and the copy
is checked in-process with ``factlint.engine.run.check_text`` and only the BY and NM rules.

Kinds of case (``--limit N`` articles a corpus, chosen with ``--seed``):

* ``surname-typo`` (expect NM001 on the typo): a person's surname that the article writes
  capitalised at least 3 times, chosen without factlint's name detector: BBC surnames
  after "Mr", "Mrs", "Ms" or "Dr"; PolNeAR annotated sources that are one capitalised word
  of 5+ letters, or the last word of a longer source, and that the text also writes as the
  end of a full name (institutions, places, days and plurals are left out). One
  occurrence other than the first gets a keyboard typo in an inner letter (delete,
  duplicate, swap with the next letter, or a neighbouring key); the result has 5+ letters
  and is no word of the article. A hit is an NM001 diagnostic covering the typo.
* ``bio-near-miss`` (expect BY001): a byline and a closing bio ("<name> is a <role> for
  <outlet> who covers <beat>.") whose name is a near miss of the byline's: the surname,
  the given name, or both get 1-2 typos. PolNeAR uses the article's real single-person
  author; BBC a name made from the lists below. Placements: ``top`` ("By <name>" under
  the headline, bio last) and ``end`` (the name alone on a line above the bio).
* ``bio-match`` (false-alarm control): the same insertions with the name spelled right:
  ``exact``, ``caps`` (the byline in capitals, "By JANE DOE") and ``initial`` (the bio
  adds a middle initial, or drops the byline's). Any BY diagnostic is a false alarm.
* ``untouched``: the originals; their BY and NM001 diagnostics are the baseline.

Output per corpus: a recall table (cases, hits, recall, the diagnostics the copies gained
over the original), hits by kind of typo and by parts misspelt ("both/2+1": two typos in
the given name, one in the surname), a false-alarm table (cases, how many factlint parsed
as byline and bio, cases with a BY diagnostic, BY diagnostics a case), the untouched
baseline, and the causes of the misses, read from factlint's own analyses of the article
(best effort). ``--show-misses N`` lists the first N misses (false alarms for
the controls) of each kind with what factlint reported and the cause. ``--json`` prints
all of it, every miss included, as one JSON object. A corpus that is absent is skipped
with a message; exit status 0. Both corpora in full take about 90 seconds.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
from rapidfuzz import fuzz

from bench import corpora, harness, outputs
from factlint.analyses.name_similarity import name_parts, near_miss
from factlint.analyses.people import Mention, NameIndex, place_names
from factlint.core.diagnostics import Diagnostic, Severity
from factlint.engine.config import Config

NAME = "inject-names"
KINDS = ("surname-typo", "bio-near-miss", "bio-match")
SELECT = ("BY", "NM")
MIN_OCCURRENCES = 3
MIN_LENGTH = 5

# --- word lists written for this benchmark ------------------------------------------

GIVEN_NAMES = (
    "Amelia", "Oluwaseun", "Priya", "Mateo", "Siobhan", "Kenji", "Fatima", "Lukas",
    "Anneliese", "Dmitri", "Chiamaka", "Rhys", "Ingrid", "Tariq", "Margarethe", "Santiago",
    "Aoife", "Kwame", "Zofia", "Rafael", "Hannah", "Arjun", "Elif", "Bongani", "Camille",
    "Yusuf", "Thanh", "Declan", "Leilani", "Benedikt",
)  # fmt: skip
SURNAMES = (
    "Okonkwo", "Fitzgerald", "Nakamura", "Castellanos", "Brennan", "Kowalczyk", "Haddad",
    "Lindqvist", "Mukherjee", "Whitfield", "Abernathy", "Delacroix", "Oyelaran", "Petrova",
    "Gallagher", "Schneider", "Ramaswamy", "Thornbury", "Yilmaz", "Novak", "Haugland",
    "Ferreira", "Takahashi", "Moreau", "Adeyemi", "Kristiansen", "Quintero", "McAllister",
    "Szymanski", "Oduya",
)  # fmt: skip
MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTW"
ROLES = (
    "staff writer", "political reporter", "senior correspondent", "contributing editor",
    "freelance journalist", "data reporter", "columnist", "business writer",
)  # fmt: skip
OUTLETS = (
    "the Daily Ledger", "Northgate News", "the Harbour Times", "Metro Weekly",
    "the Capital Courier", "Riverside Public Radio",
)  # fmt: skip
BEATS = (
    "politics and elections", "health policy", "energy and climate", "the courts",
    "technology", "local government", "foreign affairs",
)  # fmt: skip
CITIES = ("Chicago", "Manchester", "Nairobi", "Singapore", "Toronto", "Lisbon")
BIO_TEMPLATES = (
    "{name} is a {role} for {outlet} who covers {beat}.",
    "{name} is a {role} at {outlet}, covering {beat}.",
    "{name} is a {role} based in {city} who writes about {beat} for {outlet}.",
    "{name} covers {beat} as a {role} for {outlet}.",
)
# Capitalised words that are not surnames (PolNeAR sources also name groups and places).
NOT_SURNAMES = (
    "Democrats", "Republicans", "Democrat", "Republican", "Americans", "American", "Congress",
    "Senate", "House", "Committee", "Department", "Party", "Court", "Association", "Center",
    "Centre", "Foundation", "University", "Council", "Administration", "Office", "Group",
    "Institute", "Agency", "Commission", "Bureau", "Service", "Network", "Union", "Company",
    "Corporation", "Campaign", "Church", "County", "State", "States", "Times", "Press",
    "Journal", "Review", "Post", "News", "Report", "Research", "Watch", "Politics", "Education",
    "Security", "Journalism", "Police", "Polls", "Voters", "Others", "Millennials", "Twitter",
    "Facebook", "Google", "Politico", "Bloomberg", "Forbes", "Reuters", "Breitbart", "Monday",
    "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "June", "July", "August", "September", "October", "November", "December",
    "America", "Washington", "China", "Russia", "Mexico", "Israel", "Britain", "Europe",
    "Vatican", "Florida", "Texas", "Carolina", "Virginia", "Vermont", "Hampshire", "Jersey",
    "Dakota", "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado",
    "Connecticut", "Delaware", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Kansas",
    "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota",
    "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "York", "Ohio", "Oklahoma",
    "Oregon", "Pennsylvania", "Rhode", "Tennessee", "Utah", "Wisconsin", "Wyoming", "Iowa",
    "Beach", "Street", "Island", "Square", "River", "Nations", "Democratic", "European",
    "Korea", "Beijing", "Columbia", "Angeles", "Technologies", "Action", "Legion", "Budget",
    "Teachers", "Principles",
)  # fmt: skip
NOT_GIVEN = (
    "The", "This", "That", "A", "An", "In", "On", "At", "For", "By", "And", "But", "Of", "To",
)  # fmt: skip
KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
AGENCY_WORDS = (
    "news", "post", "times", "press", "review", "standard", "atlantic", "insights",
    "associated", "reuters", "staff", "elections", "today", "journal", "editorial",
)  # fmt: skip

_NAME_TOKEN = regex.compile(r"\p{Lu}[\p{L}'’-]*\.?|\p{Lu}\.(?:\p{Lu}\.)*")
_HONORIFIC_SURNAME = regex.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.? (\p{Lu}[\p{L}'’-]*\p{Ll})")
_LETTERS = regex.compile(r"\p{L}+")
_WORDLIKE = regex.compile(r"\p{L}{3,}(?:[-'’]\p{L}+)*")  # a name part a typo can hit


# --- articles -----------------------------------------------------------------------


@dataclass
class Article:
    corpus: str
    name: str
    text: str
    surnames: list[str]  # surname-typo targets
    author: str | None  # the byline to plant (PolNeAR: the real one)


def pick(items: list[Any], limit: int | None, seed: int) -> list[Any]:
    """All ``items`` or a seeded sample of ``limit``, in their original order."""
    if limit is None or limit >= len(items):
        return items
    chosen = set(random.Random(seed).sample(range(len(items)), limit))
    return [item for i, item in enumerate(items) if i in chosen]


def occurrences(text: str, word: str) -> list[int]:
    """Offsets of ``word`` written as a word of its own (a possessive may follow)."""
    pattern = r"(?<![\p{L}\p{M}'’-])" + regex.escape(word) + r"(?![\p{L}\p{M}]|-\p{L})"
    return [m.start() for m in regex.finditer(pattern, text)]


def frequent(text: str, words: Iterable[str]) -> list[str]:
    return sorted(
        {w for w in words if len(w) >= MIN_LENGTH and len(occurrences(text, w)) >= MIN_OCCURRENCES}
    )


def load_bbc(root: Path, limit: int | None, seed: int) -> list[Article]:
    paths = corpora.bbc_files(skip_duplicates=True, base=root)
    articles = []
    for path in pick(paths, limit, seed):
        text = corpora.read_article(path)
        found = (regex.sub(r"['’]s?$", "", w) for w in _HONORIFIC_SURNAME.findall(text))
        surnames = frequent(text, found)
        articles.append(Article("bbc", path.stem, text, surnames, made_up_name(path.stem, seed)))
    return articles


def made_up_name(key: str, seed: int) -> str:
    rng = random.Random(f"{seed}:name:{key}")
    return f"{rng.choice(GIVEN_NAMES)} {rng.choice(SURNAMES)}"


def load_polnear(root: Path, limit: int | None, seed: int) -> list[Article]:
    authors = polnear_authors(root)
    sources = polnear_sources(root)
    paths = corpora.polnear_files(base=root)
    articles = []
    for path in pick(paths, limit, seed):
        text = corpora.read_article(path)
        surnames = [w for w in frequent(text, sources.get(path.stem, ())) if full_name_end(text, w)]
        articles.append(Article("polnear", path.stem, text, surnames, authors.get(path.stem)))
    return articles


def polnear_authors(root: Path) -> dict[str, str | None]:
    """The one person who wrote each PolNeAR article, from ``metadata.tsv``, or None."""
    metadata = corpora.polnear_metadata(root)
    return {name: clean_author(row.get("author") or "") for name, row in metadata.items()}


def clean_author(raw: str) -> str | None:
    """One person's name from a metadata byline, or None (agency, several, one word)."""
    text = regex.sub(r"^by(?:\s+|(?=\p{Lu}\p{Ll}))", "", raw.strip(), flags=regex.I)
    if regex.search(r"\band\b|&|;", text):
        return None
    first, *rest = [part.strip() for part in text.split(",")]
    if any(is_person_name(part) for part in rest):
        return None  # "Sean Sullivan,Sari Horwitz": two authors
    tokens = first.split()
    if not 2 <= len(tokens) <= 4 or not all(_NAME_TOKEN.fullmatch(t) for t in tokens):
        return None
    if tokens[0] in ("The", "Dr.", "Dr") or {t.casefold() for t in tokens} & set(AGENCY_WORDS):
        return None
    return first.title() if first.isupper() else first


def is_person_name(text: str) -> bool:
    tokens = text.split()
    return (
        2 <= len(tokens) <= 4
        and not text.isupper()
        and tokens[0] not in ("The", "Special")
        and all(_NAME_TOKEN.fullmatch(t) for t in tokens)
    )


def polnear_sources(root: Path) -> dict[str, set[str]]:
    """Surname candidates per article from the annotated attribution sources."""
    found: dict[str, set[str]] = defaultdict(set)
    for record in corpora.polnear_attributions(base=root):
        for span in record.get("source") or []:
            word = source_surname(span.get("text", ""))
            if word:
                found[record["article"]].add(word)
    return found


def source_surname(text: str) -> str | None:
    words = text.split()
    if not words:
        return None
    word = regex.sub(r"['’]s?$", "", words[-1])
    if len(words) > 1 and not regex.fullmatch(r"\p{Lu}[\p{L}.]*", words[-2]):
        return None  # "the Trump campaign", "the chairman of Committee"
    if not regex.fullmatch(r"\p{Lu}[\p{L}'’-]*\p{Ll}", word):
        return None
    if len(word) < MIN_LENGTH or word in NOT_SURNAMES:
        return None
    return word


def full_name_end(text: str, word: str) -> bool:
    """The article writes ``word`` at least once after a given name ("Donald Trump"),
    mostly not before another capitalised word, and not as a plural ("Republicans")."""
    if word.endswith("s") and occurrences(text, word[:-1]):
        return False
    before_capital = regex.findall(regex.escape(word) + r" \p{Lu}\p{Ll}", text)
    if 2 * len(before_capital) > len(occurrences(text, word)):
        return False  # a given name: "Bernie Sanders", "Hillary Clinton"
    given = r"(?<![\p{L}.])(?!(?:" + "|".join(NOT_GIVEN) + r") )\p{Lu}\p{Ll}+\.?"
    pattern = given + r" (?:\p{Lu}\. )?" + regex.escape(word) + r"\b"
    return regex.search(pattern, text) is not None


# --- typos ---------------------------------------------------------------------------


def neighbours(letter: str) -> str:
    """Keys next to ``letter`` on a QWERTY keyboard (same row, and the staggered rows)."""
    for row, keys in enumerate(KEYBOARD):
        at = keys.find(letter.lower())
        if at == -1:
            continue
        near = [keys[i] for i in (at - 1, at + 1) if 0 <= i < len(keys)]
        for other, shift in ((row - 1, 0), (row + 1, -1)):
            if 0 <= other < len(KEYBOARD):
                line = KEYBOARD[other]
                near += [line[i] for i in (at + shift, at + shift + 1) if 0 <= i < len(line)]
        return "".join(c.upper() if letter.isupper() else c for c in near)
    return ""


def typo(word: str, rng: random.Random) -> tuple[str, str] | None:
    """One keyboard slip in an inner letter (never the first or last): the result and
    the kind of slip, or None when the word is too short for one."""
    inner = list(range(1, len(word) - 1))
    ops: list[str] = ["delete", "duplicate", "swap", "substitute"]
    rng.shuffle(ops)
    for op in ops:
        spots = list(inner)
        rng.shuffle(spots)
        for i in spots:
            result = _apply(word, op, i, rng)
            if result is not None and result != word:
                return result, op
    return None


def _apply(word: str, op: str, i: int, rng: random.Random) -> str | None:
    letter = word[i]
    if not letter.isalpha():
        return None
    if op == "delete":
        return word[:i] + word[i + 1 :]
    if op == "duplicate":
        return word[:i] + letter + word[i:]
    if op == "swap":
        if i + 1 >= len(word) - 1 or not word[i + 1].isalpha() or word[i + 1] == letter:
            return None
        return word[:i] + word[i + 1] + letter + word[i + 2 :]
    keys = neighbours(letter)
    return word[:i] + rng.choice(keys) + word[i + 1 :] if keys else None


def misspell(part: str, rng: random.Random, edits: int) -> str | None:
    result = part
    for _ in range(edits):
        slip = typo(result, rng)
        if slip is None:
            return None
        result = slip[0]
    return result if result.casefold() != part.casefold() else None


# --- cases ---------------------------------------------------------------------------


@dataclass
class Case:
    corpus: str
    kind: str  # surname-typo, bio-near-miss, bio-match
    variant: str  # "-", "top", "end", "exact/top", ...
    article: str
    target: str  # what was planted, e.g. "Blair -> Blari (swap)"
    text: str = field(repr=False)
    span: tuple[int, int] | None = None  # surname-typo: the typo's offsets
    wanted: str = ""  # surname-typo: the right spelling
    detail: str = ""  # the typo's kind (surname-typo), the parts misspelt (bio-near-miss)


def surname_cases(article: Article, seed: int, per_article: int) -> list[Case]:
    rng = random.Random(f"{seed}:typo:{article.name}")
    targets = list(article.surnames)
    rng.shuffle(targets)
    words = {w.casefold() for w in _LETTERS.findall(article.text)}
    cases = []
    for surname in targets[:per_article]:
        case = _typo_case(article, surname, words, rng)
        if case is not None:
            cases.append(case)
    return cases


def _typo_case(article: Article, surname: str, words: set[str], rng: random.Random) -> Case | None:
    later = occurrences(article.text, surname)[1:]
    for _ in range(10):
        slip = typo(surname, rng)
        if slip is None:
            return None
        wrong, op = slip
        if len(wrong) >= MIN_LENGTH and wrong.casefold() not in words:
            at = rng.choice(later)
            text = article.text[:at] + wrong + article.text[at + len(surname) :]
            target = f"{surname} -> {wrong} ({op})"
            span = (at, at + len(wrong))
            return Case(
                article.corpus, "surname-typo", "-", article.name, target, text, span, surname, op
            )
    return None


def split_article(text: str) -> tuple[str, str]:
    headline, _, body = text.partition("\n")
    return headline.strip(), body.strip()


def place(text: str, byline: str, bio: str, where: str, gap: str) -> str:
    headline, body = split_article(text)
    if where == "top":
        return f"{headline}\n\nBy {byline}\n\n{body}\n\n{bio}\n"
    return f"{headline}\n\n{body}\n\n{byline}\n{gap}{bio}\n"


def bio_sentence(name: str, rng: random.Random) -> str:
    return rng.choice(BIO_TEMPLATES).format(
        name=name,
        role=rng.choice(ROLES),
        outlet=rng.choice(OUTLETS),
        beat=rng.choice(BEATS),
        city=rng.choice(CITIES),
    )


def near_miss_name(name: str, rng: random.Random) -> tuple[str, str] | None:
    """The byline name with 1-2 typos in the surname, the given name or both, and which
    parts got how many ("both/1+2")."""
    parts = name.split()
    given, surname = 0, len(parts) - 1
    modes = {"surname": [surname], "given": [given], "both": [given, surname]}
    usable = [
        m for m, places in modes.items() if all(_WORDLIKE.fullmatch(parts[i]) for i in places)
    ]
    if not usable:
        return None  # initials only ("S.V. Date"): no realistic typo
    mode = rng.choice(sorted(usable))
    edits = []
    for index in modes[mode]:
        count = rng.choice((1, 2))
        wrong = misspell(parts[index], rng, count)
        if wrong is None:
            return None
        parts[index] = wrong
        edits.append(str(count))
    return " ".join(parts), f"{mode}/{'+'.join(edits)}"


def with_initial(name: str, rng: random.Random) -> str:
    """Drop the name's middle initial, or add one."""
    parts = name.split()
    if len(parts) > 2 and regex.fullmatch(r"\p{Lu}\.?", parts[1]):
        return " ".join([parts[0], *parts[2:]])
    return " ".join([parts[0], rng.choice(MIDDLE_INITIALS) + ".", *parts[1:]])


def bio_cases(article: Article, seed: int) -> list[Case]:
    if article.author is None:
        return []
    rng = random.Random(f"{seed}:bio:{article.name}")
    name = article.author
    cases = []
    for where in ("top", "end"):
        gap = rng.choice(("\n", "\n\n"))
        missed = near_miss_name(name, rng)
        if missed is not None:
            wrong, mode = missed
            text = place(article.text, name, bio_sentence(wrong, rng), where, gap)
            target = f"{name} -> {wrong} ({mode})"
            case = Case(article.corpus, "bio-near-miss", where, article.name, target, text)
            case.detail = mode
            cases.append(case)
        styles = {
            "exact": (name, name),
            "caps": (name.upper(), name),
            "initial": (name, with_initial(name, rng)),
        }
        for style, (byline, bio_name) in styles.items():
            text = place(article.text, byline, bio_sentence(bio_name, rng), where, gap)
            target = f"{byline} / {bio_name}"
            variant = f"{style}/{where}"
            cases.append(Case(article.corpus, "bio-match", variant, article.name, target, text))
    return cases


# --- checking ------------------------------------------------------------------------


@dataclass
class Outcome:
    case: Case
    hit: bool  # the expected diagnostic (controls: no BY diagnostic at all)
    by: int  # BY diagnostics
    gained: Counter[str]  # codes the copy has more of than the original
    reported: list[str]  # short descriptions of what factlint said near the defect
    why: str = ""
    recognised: bool | None = None  # bio cases: factlint found the byline and the bio


def diagnostics(name: str, text: str, config: Config) -> list[Diagnostic]:
    return harness.check(f"{name}.txt", text, config)


def short(d: Diagnostic) -> str:
    message = d.message if len(d.message) <= 90 else d.message[:87] + "..."
    return f"{d.code}@{d.start.line}: {message}"


def expected(case: Case) -> harness.Case:
    """The harness's view of ``case``: a surname typo is found by NM001 covering it; a
    near-miss bio by BY001 anywhere; a matching bio is a control (any BY is an alarm)."""
    if case.kind == "surname-typo":
        assert case.span is not None
        return harness.Case(case.kind, case.article, case.text, ("NM001",), covers=case.span[0])
    if case.kind == "bio-near-miss":
        return harness.Case(case.kind, case.article, case.text, ("BY001",))
    return harness.Case(case.kind, case.article, case.text, ("BY",), control=True)


def judge(case: Case, found: list[Diagnostic], baseline: Counter[str]) -> Outcome:
    codes = Counter(d.code for d in found)
    by = sum(n for code, n in codes.items() if code.startswith("BY"))
    wanted = expected(case)
    hit = wanted.found_in(found) != wanted.control
    if case.kind == "surname-typo":
        assert case.span is not None
        covering = [
            d
            for d in found
            if wanted.covers is not None and d.offset <= wanted.covers < d.offset + max(d.length, 1)
        ]
        reported = [short(d) for d in covering] or [short(d) for d in found if d.code == "NM001"][
            :2
        ]
        expected_codes = Counter({"NM001": 1}) if hit else Counter()
    else:
        reported = [short(d) for d in found if d.code.startswith("BY")]
        expected_codes = (
            Counter({"BY001": codes["BY001"]}) if case.kind == "bio-near-miss" else Counter()
        )
    gained = codes - baseline - expected_codes
    return Outcome(case, hit, by, gained, reported)


def explain(case: Case) -> str:
    """Why factlint missed a case, from its own analyses of the article: "cause: detail"
    (best effort)."""
    try:
        return _explain_typo(case) if case.kind == "surname-typo" else _explain_bio(case)
    except Exception as exc:
        return f"no explanation: {type(exc).__name__}: {exc}"


def _explain_typo(case: Case) -> str:
    assert case.span is not None
    wrong, right = case.text[case.span[0] : case.span[1]], case.wanted
    names = corpora.context("x.txt", case.text).people
    if not near_miss(wrong, right):
        return "near_miss() is false: inflection suffix or too short"
    mention = next((m for m in names.mentions if case.span[0] in {w.offset for w in m.words}), None)
    if mention is None:
        return "typo in no mention: the name index dropped or trimmed its run"
    if mention.words[-1].text != wrong:
        return f"typo is not the last word of its run: {mention.text!r}"
    if right in place_names():
        return f"the right spelling is in the places list: {right!r}"
    if mention.in_list:
        return "typo in a list of names: variants skip lists"
    return _person_reason(names, mention, wrong, right)


def _person_reason(names: NameIndex, mention: Mention, wrong: str, right: str) -> str:
    fold = right.casefold()
    full = [m for m in names.mentions if m.full and m.surname.text == right]
    known = fold in names.person_words()
    if mention.full and not full:
        if known:
            return "typo in the only full name, right spelling titled: belongs_to_someone_else()"
        return "typo in the only full name, right spelling bare: a bare surname is no person"
    if not known and not full:
        return "never a full name or a title: a bare surname is no person"
    if not known:
        return f"its full name is no person: {full[0].text!r}"
    shadow = {w.casefold(): w for w in names.word_counts}.get(fold)
    if shadow != right:
        return f"another case form shadows it in variants: {shadow!r}"
    if names.belongs_to_someone_else(wrong, names.person_words()[fold]):
        return f"belongs_to_someone_else(): {mention.text!r}"
    if names.word_counts[right] <= names.word_counts[wrong]:
        return f"counted {names.word_counts[right]} times only"
    return "other"


def _explain_bio(case: Case) -> str:
    ctx = corpora.context("x.txt", case.text)
    doc = ctx.article
    bylines = [n.text for b in doc.bylines for n in b.names]
    if doc.bio is None:
        return "no bio found: the bio pattern or the name check rejected it"
    if not bylines:
        return "no byline found"
    verdicts = [c.verdict for c in ctx.authors]
    if "same" in verdicts:
        return f"compare_names() says same: {doc.bio.name.text!r} / {bylines[0]!r}"
    ratios = part_ratios(doc.bio.name.text, bylines[0])
    return f"compare_names() says {'/'.join(verdicts)}: ratios {' '.join(ratios)}"


def recognised(text: str) -> bool | None:
    """Whether factlint found the planted byline and bio (None: cannot tell)."""
    try:
        return bool(corpora.context("x.txt", text).authors)
    except Exception:
        return None


def part_ratios(a: str, b: str) -> list[str]:
    """rapidfuzz ratios of the name parts, paired as compare_names() pairs them."""
    left, right = name_parts(a), name_parts(b)
    if not left or not right:
        return []
    if len(left) == len(right):
        pairs = list(zip(left, right, strict=True))
    else:
        pairs = [(left[0], right[0]), (left[-1], right[-1])]
    return [f"{x}/{y}={fuzz.ratio(x, y):.0f}" for x, y in pairs if x != y]


@dataclass
class Baseline:
    articles: int = 0
    by: int = 0
    nm001: int = 0
    errors: int = 0  # BY/NM001 diagnostics at error level
    articles_with_errors: int = 0


def run_corpus(
    articles: list[Article], config: Config, seed: int, per_article: int
) -> tuple[Baseline, list[Outcome], harness.Tally]:
    """Each article checked as it is, then with each planted defect: what the untouched
    articles gave, each case's outcome, and the harness's count per kind."""
    base = Baseline()
    outcomes = []
    tally = harness.Tally(config)
    for article in articles:
        found = tally.clean(f"{article.name}.txt", article.text, SELECT)
        relevant = [d for d in found if d.code.startswith("BY") or d.code == "NM001"]
        errors = sum(d.severity is Severity.ERROR for d in relevant)
        base.articles += 1
        base.by += sum(d.code.startswith("BY") for d in relevant)
        base.nm001 += sum(d.code == "NM001" for d in relevant)
        base.errors += errors
        base.articles_with_errors += errors > 0
        codes = Counter(d.code for d in found)
        for case in surname_cases(article, seed, per_article) + bio_cases(article, seed):
            found_here = diagnostics(article.name, case.text, config)
            tally.judge(expected(case), found_here)
            outcome = judge(case, found_here, codes)
            if not outcome.hit:
                outcome.why = explain(case)
            if case.kind == "bio-match":
                outcome.recognised = recognised(case.text)
            case.text = ""  # keep no article text across the run
            outcomes.append(outcome)
    return base, outcomes, tally


# --- reporting -----------------------------------------------------------------------


def group(outcomes: list[Outcome]) -> dict[tuple[str, str], list[Outcome]]:
    groups: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[(outcome.case.kind, outcome.case.variant)].append(outcome)
    return dict(sorted(groups.items()))


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def gained_text(counter: Counter[str]) -> str:
    return " ".join(f"{code}+{n}" for code, n in sorted(counter.items())) or "-"


def summary(corpus: str, base: Baseline, outcomes: list[Outcome]) -> dict[str, Any]:
    rows = []
    for (kind, variant), items in group(outcomes).items():
        gained: Counter[str] = sum((o.gained for o in items), Counter())
        hits = sum(o.hit for o in items)
        row = {"kind": kind, "variant": variant, "cases": len(items), "hits": hits}
        if kind != "bio-match":
            row["by_detail"] = breakdown(items)
        if kind == "bio-match":
            alarms = sum(o.by for o in items)
            row |= {
                "false_alarm_cases": len(items) - hits,
                "by_per_case": alarms / len(items),
                "recognised": sum(o.recognised is True for o in items),
            }
        else:
            row |= {"recall": percent(hits, len(items)), "gained": dict(gained)}
        row["miss_reasons"] = dict(reasons(items).most_common())
        rows.append(row)
    n = base.articles or 1
    untouched = {
        "articles": base.articles,
        "by_per_article": base.by / n,
        "nm001_per_article": base.nm001 / n,
        "errors_per_article": base.errors / n,
        "articles_with_errors": base.articles_with_errors,
    }
    return {"corpus": corpus, "rows": rows, "untouched": untouched}


def reasons(items: list[Outcome]) -> Counter[str]:
    """The causes of the misses (``why`` up to its colon)."""
    return Counter(o.why.split(":")[0] for o in items if not o.hit and o.why)


def print_reasons(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        if not row["miss_reasons"]:
            continue
        label = row["kind"] if row["variant"] == "-" else f"{row['kind']} {row['variant']}"
        print(f"  {label}:")
        for cause, count in row["miss_reasons"].items():
            print(f"    {count:>5}  {cause}")


def breakdown(items: list[Outcome]) -> dict[str, list[int]]:
    """[cases, hits] for each detail (kind of typo, parts misspelt)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in items:
        counts[outcome.case.detail][0] += 1
        counts[outcome.case.detail][1] += outcome.hit
    return dict(sorted(counts.items()))


def print_breakdown(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        if "by_detail" not in row:
            continue
        label = row["kind"] if row["variant"] == "-" else f"{row['kind']} {row['variant']}"
        cells = [f"{d} {h}/{n}" for d, (n, h) in row["by_detail"].items()]
        print(f"  {label}: " + ", ".join(cells))


def print_summary(result: dict[str, Any], seconds: float) -> None:
    print(f"\n== {result['corpus']} ({seconds:.0f} s)")
    print(f"{'kind':<15}{'variant':<10}{'cases':>7}{'hits':>7}{'recall':>9}  other diagnostics")
    for row in result["rows"]:
        if row["kind"] == "bio-match":
            continue
        gained = gained_text(Counter(row["gained"]))
        print(
            f"{row['kind']:<15}{row['variant']:<10}{row['cases']:>7}{row['hits']:>7}"
            f"{row['recall']:>8.1f}%  {gained}"
        )
    print("hits/cases by kind of typo or parts misspelt:")
    print_breakdown(result["rows"])
    print(f"\n{'false alarms':<25}{'cases':>7}{'parsed':>8}{'with BY':>9}{'BY/case':>9}")
    for row in result["rows"]:
        if row["kind"] == "bio-match":
            label = f"bio-match {row['variant']}"
            print(
                f"{label:<25}{row['cases']:>7}{row['recognised']:>8}"
                f"{row['false_alarm_cases']:>9}{row['by_per_case']:>9.3f}"
            )
    u = result["untouched"]
    print(
        f"untouched: {u['articles']} articles, BY {u['by_per_article']:.3f}/article, "
        f"NM001 {u['nm001_per_article']:.3f}/article, error-level "
        f"{u['errors_per_article']:.3f}/article ({u['articles_with_errors']} articles)"
    )
    print("causes of the misses (from factlint's own parse):")
    print_reasons(result["rows"])


def misses(outcomes: list[Outcome], count: int) -> dict[str, list[dict[str, Any]]]:
    shown: dict[str, list[dict[str, Any]]] = {}
    for (kind, variant), items in group(outcomes).items():
        label = kind if variant == "-" else f"{kind} {variant}"
        chosen = [o for o in items if not o.hit][:count]
        if chosen:
            shown[label] = [miss_record(o) for o in chosen]
    return shown


def miss_record(outcome: Outcome) -> dict[str, Any]:
    return {
        "article": outcome.case.article,
        "target": outcome.case.target,
        "reported": outcome.reported,
        "why": outcome.why,
    }


def print_misses(corpus: str, shown: dict[str, list[dict[str, Any]]]) -> None:
    for label, records in shown.items():
        print(f"\n-- {corpus}: {label}: first {len(records)} misses")
        for r in records:
            said = "; ".join(r["reported"]) or "nothing"
            print(f"  {r['article']}: {r['target']}\n      factlint: {said}\n      why: {r['why']}")


# --- main ----------------------------------------------------------------------------

LOADERS: dict[str, Callable[[Path, int | None, int], list[Article]]] = {
    "bbc": load_bbc,
    "polnear": load_polnear,
}
REQUIRED = {
    "bbc": ("bbc_news/articles",),
    "polnear": ("polnear/articles", "polnear/metadata.tsv", "polnear/attributions.jsonl.gz"),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = outputs.parser(NAME, __doc__)
    parser.add_argument("--corpus", choices=["bbc", "polnear", "all"], default="all")
    parser.add_argument("--limit", type=int, help="at most N articles a corpus (seeded sample)")
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument(
        "--per-article", type=int, default=2, help="surname-typo targets an article (default 2)"
    )
    parser.add_argument("--show-misses", type=int, default=0, metavar="N")
    parser.add_argument("--corpora", type=Path, default=corpora.root(), help=argparse.SUPPRESS)
    return outputs.parse(NAME, parser, argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = corpora.config(SELECT)
    names = ["bbc", "polnear"] if args.corpus == "all" else [args.corpus]
    figures: dict[str, Any] = {"seed": args.seed, "limit": args.limit, "corpora": []}
    with outputs.text_output(args):
        for corpus in names:
            absent = corpora.missing(*(args.corpora / path for path in REQUIRED[corpus]))
            if absent:
                corpora.skip(f"{NAME} {corpus}", *absent)
                continue
            start = time.perf_counter()
            articles = LOADERS[corpus](args.corpora, args.limit, args.seed)
            base, outcomes, tally = run_corpus(articles, config, args.seed, args.per_article)
            seconds = time.perf_counter() - start
            classes = tally.figures(KINDS, controls=("bio-match",))["classes"]
            result = summary(corpus, base, outcomes) | {"classes": classes}
            result["seconds"] = round(seconds, 1)
            shown = misses(outcomes, args.show_misses)
            figures["corpora"].append(result | {"misses": shown})
            print_summary(result, seconds)
            print_misses(corpus, shown)
    return outputs.finish(args, figures)


if __name__ == "__main__":
    raise SystemExit(main())
