"""The defaults that fit the copy: the article's own dialect, house style only where it
applies, misspelt capitalised words told from names, and grammar matches that are wrong
on edited copy. Every article here is written for the test."""

from __future__ import annotations

from typing import Any

import pytest

from factlint.analyses.dialect import dialect_use
from factlint.analyses.letter_runs import unattested_opening, unattested_runs
from factlint.analyses.name_similarity import slip_corrections, slip_kind, typing_slip
from factlint.article.document import parse
from factlint.backends import GrammarSettings, get_backend
from factlint.engine.config import ConfigError, from_mapping
from factlint.engine.run import check_text

BRITISH = """\
Council to shut library

The council said the centre would close in 2 weeks after the US firm that ran it left.

Council leader Margaret Hollins said the defence of services was her priority.
Mrs Hollins said the organisation of the move was in hand.

Opposition councillor David Okafor said residents had travelled miles. Mr Okafor left.
"""

AMERICAN = """\
Council to shut library

The council said the center would close in 2 weeks after the US firm that ran it left.

Council leader Margaret Hollins said the defense of local services was her priority.
"""


def _check(text: str, **table: Any) -> list[tuple[str, str]]:
    result = check_text("a.txt", text, from_mapping(table, None))
    assert result.error is None, result.error
    return [(d.code, text[d.offset : d.offset + d.length]) for d in result.diagnostics]


def _codes(text: str, **table: Any) -> set[str]:
    return {code for code, _ in _check(text, **table)}


# --- dialect ----------------------------------------------------------------------------


def _dialect(text: str) -> str | None:
    return dialect_use(parse("a.txt", text, False)).detected


def test_an_article_is_read_as_british_or_american_from_its_own_spellings() -> None:
    assert _dialect(BRITISH) == "british"
    assert _dialect(AMERICAN) == "american"
    assert _dialect("Talks\n\nThe talks went on.\n") is None  # no evidence


def test_names_in_a_dialect_do_not_count_and_a_tie_is_undecided() -> None:
    names = (
        "Talks\n\nThey met at Pearl Harbor on Labor Day, near the colour guard by the theatre.\n"
    )
    assert _dialect(names) == "british"  # only "colour" and "theatre" count, not the names
    tie = "Talks\n\nThe colour of the centre, and the color of the center.\n"
    assert _dialect(tie) is None


def test_one_spelling_is_too_little_evidence_of_a_dialect() -> None:
    # one form is as often a quoted name or a slip as the article's dialect (MIN_EVIDENCE)
    assert _dialect("Talks\n\nThey met near the colour guard.\n") is None
    assert _dialect("Talks\n\nThey met near the color guard.\n") is None
    assert _dialect("Talks\n\nThey met near the color guard at the center.\n") == "american"
    one = "Talks\n\nThe US firm sold 3 cars in color.\n"
    assert not {"ST101", "ST102"} & _codes(one)  # undecided: the ap pack does not run
    assert {"ST101", "ST102"} <= _codes(one.replace("cars", "cars at the center"))


def test_spelling_is_checked_in_the_article_dialect() -> None:
    assert "SP100" not in _codes(BRITISH)
    assert ("SP100", "defence") in _check(BRITISH, grammar={"dialect": "american"})


def test_fallback_dialect_decides_an_article_without_evidence() -> None:
    text = "Harbour plan\n\nThe harbour master spoke at the centre.\n"  # british: 2 forms
    assert _dialect(text) == "british"
    assert "SP100" not in _codes(text)
    plain = "Plan\n\nThe plan for the town was approved by the council.\n"
    assert _codes(plain, grammar={"fallback-dialect": "british"}) == set()


def test_a_dialect_the_config_does_not_know_is_refused() -> None:
    with pytest.raises(ConfigError, match="fallback-dialect: must be one of american"):
        from_mapping({"grammar": {"fallback-dialect": "auto"}}, None)


def test_mixed_spelling_is_sp102_and_not_also_sp100() -> None:
    text = "Museum\n\nThe colour of the centre was restored, and the color of the hall.\n"
    found = _check(text)
    assert ("SP102", "color") in found
    assert ("SP100", "color") not in found
    assert "SP102" not in _codes(BRITISH)


# --- house style --------------------------------------------------------------------------


def test_the_ap_pack_checks_american_articles_only_unless_named() -> None:
    assert not {"ST101", "ST102"} & _codes(BRITISH)
    assert {"ST101", "ST102"} <= _codes(AMERICAN)
    named = _codes(BRITISH, packs=["ap", "newsroom", "translation-artifacts", "wordiness"])
    assert {"ST101", "ST102"} <= named
    assert {"ST101", "ST102"} <= _codes(BRITISH, grammar={"dialect": "american"})


def test_courtesy_titles_used_for_everyone_are_consistent_by_default() -> None:
    on = ["ALL", "NM003"]  # NM003 runs only when selected
    assert "NM003" not in _codes(BRITISH, select=on)
    assert "NM003" in _codes(BRITISH, select=on, options={"NM003": {"courtesy-titles": "none"}})


def test_a_courtesy_title_for_one_person_only_is_reported_by_default() -> None:
    text = (
        "Talks over\n\nPrime Minister Fumio Kishida and Secretary Hirokazu Matsuno spoke.\n\n"
        "Kishida said the talks were over. Mr. Matsuno agreed. Kishida left.\n"
    )
    assert ("NM003", "Mr. Matsuno") in _check(text, select=["NM003"])


def test_miss_before_a_common_word_is_no_courtesy_title() -> None:
    text = (
        "Pageant\n\nJudge Anna Kowalczyk said the former Miss Universe was right. "
        "Kowalczyk said so twice, and Kowalczyk left.\n"
    )
    assert "NM003" not in _codes(text, select=["NM003"])


# --- misspelt capitalised words -----------------------------------------------------------


def test_typing_slips() -> None:
    assert typing_slip("Frannce", "France")  # doubled
    assert typing_slip("Frnce", "France")  # dropped
    assert typing_slip("Fracne", "France")  # swapped
    assert typing_slip("Frabce", "France")  # neighbouring key (n, b)
    assert not typing_slip("Frxnce", "France")  # a distant key
    assert not typing_slip("Grance", "France")  # the first letter
    assert not typing_slip("Frances", "France")  # a letter added, not doubled
    assert "france" in slip_corrections("Frnace")


def test_letters_no_word_or_name_puts_together() -> None:
    assert unattested_runs("Cntre") == ["cnt"]
    assert unattested_runs("Lorrd") == ["rrd"]
    # names of many languages keep to runs their language uses
    for name in ("Kwasniewski", "Tshabalala", "Srichaphan", "Okonjo"):
        assert unattested_runs(name) == [], name
    assert unattested_opening("Nwtwork") and not unattested_opening("Moxey")
    assert not unattested_opening("Cw")  # too short to say


def test_slip_kinds() -> None:
    assert slip_kind("Cntre", "Centre") == "dropped"
    assert slip_kind("Lorrd", "Lord") == "doubled"
    assert slip_kind("Claico", "Calico") == "swapped"
    assert slip_kind("Moxey", "Mosey") == "mistyped"
    assert slip_kind("Kyodo", "Kyoto") is None  # a distant key: no typing slip


def test_a_misspelt_capitalised_word_is_reported_with_its_fix() -> None:
    # used once, unknown to every list, standing alone, 6 letters or more and one slip from
    # a country: strong evidence, SP103 (information by default, as judged)
    text = "Trade\n\nExports to Gerrmany rose last year, the ministry said.\n"
    result = check_text("a.txt", text, from_mapping({"select": ["SP100", "SP103"]}, None))
    [finding] = result.diagnostics
    assert (finding.code, finding.severity.label) == ("SP103", "info")
    assert text[finding.offset : finding.offset + finding.length] == "Gerrmany"
    assert finding.fix is not None and finding.fix.replacement == "Germany"


@pytest.mark.parametrize(
    ("sentence", "word", "fix"),
    [
        ("Exports to Frnce rose last year.", "Frnce", "France"),  # a short word
        ("Exports to East Gerrmany rose.", "Gerrmany", "Germany"),  # a word of a longer name
        ("Sales of the Nintenddo console rose.", "Nintenddo", "Nintendo"),  # the engine's name
    ],
)
def test_weak_evidence_of_a_capitalised_slip_is_sp100(sentence: str, word: str, fix: str) -> None:
    text = f"Trade\n\n{sentence}\n"
    result = check_text("a.txt", text, from_mapping({"select": ["SP100", "SP103"]}, None))
    [finding] = result.diagnostics
    assert (finding.code, finding.severity.label) == ("SP100", "info")
    assert text[finding.offset : finding.offset + finding.length] == word
    assert finding.fix is not None and finding.fix.replacement == fix


def test_a_later_surname_slip_is_reported_as_a_slip_of_the_name() -> None:
    # a capitalised word of a person's name is NM001's, not SP100's or SP103's
    selected = ["SP100", "SP103", "NM001"]
    text = (
        "Mayor quits\n\nMayor Gordon Brackley said he would step down. Brackley, 61, said "
        "the council needed new blood. Brakley said he was proud of the work.\n"
    )
    result = check_text("a.txt", text, from_mapping({"select": selected}, None))
    [finding] = result.diagnostics
    assert (finding.code, text[finding.offset : finding.offset + finding.length]) == (
        "NM001",
        "Brakley",
    )
    assert finding.message == '"Brakley" is spelled "Brackley" elsewhere in the article (2 times)'
    assert finding.fix is not None and finding.fix.replacement == "Brackley"
    # written once each way, the article cannot say which is the slip: no fix
    tie = text.replace("Brackley, 61", "Brakley, 61").replace(" Brakley said he", " He said he")
    [finding] = check_text("a.txt", tie, from_mapping({"select": selected}, None)).diagnostics
    assert finding.message == (
        '"Brakley" is spelled "Brackley" elsewhere in the article (once each way): '
        "one of the two is wrong"
    )
    assert finding.fix is None
    # "Brwn" after "Gordon Brown": NM001 compares names of five letters or more, so the
    # spelling judge says it, as weak evidence (a person's name is NM001's): SP100
    old = (
        "Mayor quits\n\nMayor Gordon Brown said he would step down. Brown, 61, said the "
        "council needed new blood. Brwn said he was proud of the work.\n"
    )
    assert _check(old, select=selected) == [("SP100", "Brwn")]


def test_a_capitalised_slip_of_a_name_the_article_spells_more_often_is_sp103() -> None:
    # no person's name (NM001 would compare those): a firm's, written twice one way
    text = (
        "Drug deal\n\nShares in Veltrimax rose after the deal, and Veltrimax shares led the "
        "index. The Veltrinax board met on Monday.\n"
    )
    result = check_text("a.txt", text, from_mapping({"select": ["SP100", "SP103", "NM001"]}, None))
    [finding] = result.diagnostics
    assert (finding.code, text[finding.offset : finding.offset + finding.length]) == (
        "SP103",
        "Veltrinax",
    )
    assert (
        finding.message
        == '"Veltrinax" is one slip from "Veltrimax", as the article spells it elsewhere'
    )
    assert finding.fix is not None and finding.fix.replacement == "Veltrimax"


def test_names_are_not_misspellings() -> None:
    text = (
        "Ferry plan\n\nHarbour master Adaeze Okonjo said the plan was approved. Okonjo "
        "thanked the Wielgoszewskis, and Zbigniew Quarshie-Mbeki said the Kuvukiland "
        "group agreed.\n"
    )
    assert "SP100" not in _codes(text, select=["SP100"])


def test_name_particles_are_not_misspellings() -> None:
    text = "Musical\n\nShe falls in love with Baron von Trapp at Banca Nazionale del Lavoro.\n"
    flagged = {word for code, word in _check(text, select=["SP100"])}
    assert not flagged & {"von", "del"}


def test_a_long_name_word_one_slip_from_a_common_word_is_reported() -> None:
    # a word of a longer name ("Clinton Foudation") is weak evidence: SP100, not SP103
    text = "Donors\n\nMoney went to the Clinton Foudation last year, records show.\n"
    assert _check(text, select=["SP100", "SP103"]) == [("SP100", "Foudation")]


@pytest.mark.parametrize(
    ("sentence", "word", "fix"),
    [
        # letters no English word or listed name puts together ("cmm"), one dropped
        ("The bill went to the Cmmons on Monday.", "Cmmons", "Commons"),
        # a key next to the right one, where no word or listed name opens so ("mwt")
        ("Shares in Mwta Partners rose on Monday.", "Mwta", "Meta"),
        # two neighbouring letters swapped, in a word of 6+ letters standing alone
        ("The fabric shop sold Claico prints last year.", "Claico", "Calico"),
        # a letter dropped from a word of 8+ letters
        ("Reisurance firms such as Gallant Re lost money.", "Reisurance", "Reinsurance"),
    ],
)
def test_clear_slips_of_the_engines_suggestion_are_sp100(
    sentence: str, word: str, fix: str
) -> None:
    text = f"Trade\n\n{sentence}\n"
    result = check_text("a.txt", text, from_mapping({"select": ["SP100", "SP103"]}, None))
    [finding] = result.diagnostics
    assert (finding.code, text[finding.offset : finding.offset + finding.length]) == ("SP100", word)
    assert finding.fix is not None and finding.fix.replacement == fix


@pytest.mark.parametrize(
    "sentence",
    [
        "Club secretary Alan Moxey opened the meeting.",  # "xey": a name, "Mosey" mistyped
        "A poll in the Des Moines Register backed the plan.",  # "Monies" swapped, in a name
        "She spent the summer in the Hamptons with friends.",  # "Hampton's": no letter slip
    ],
)
def test_names_near_the_engines_suggestion_are_not_reported(sentence: str) -> None:
    text = f"Trade\n\n{sentence}\n"
    flagged = {word for _, word in _check(text, select=["SP100", "SP103"])}
    assert not flagged & {"Moxey", "Moines", "Hamptons"}


def test_a_slip_in_a_name_the_article_writes_right_elsewhere_is_sp103() -> None:
    text = (
        "Charity\n\nThe Gallant Foundation gave money to the school, and the Gallant "
        "Fondation thanked donors.\n"
    )
    result = check_text("a.txt", text, from_mapping({"select": ["SP100", "SP103"]}, None))
    [finding] = result.diagnostics
    assert (finding.code, text[finding.offset : finding.offset + finding.length]) == (
        "SP103",
        "Fondation",
    )
    assert finding.fix is not None and finding.fix.replacement == "Foundation"
    # the source's spelling, kept on purpose, is no slip
    sic = "Fair\n\nAngela Correy [sic] said the fair would go on. Angela Corey left.\n"
    assert _check(sic, select=["SP100", "SP103"]) == []


def test_a_word_the_engine_left_unchecked_is_asked_about_alone() -> None:
    # Harper leaves the words of a very long sentence unchecked
    filler = "said sales rose and fell and rose again over the long and busy winter months, " * 6
    text = f"Sales\n\nRetailers {filler}with the Cmmons vote doing best.\n"
    result = check_text("a.txt", text, from_mapping({"select": ["SP100", "SP103"]}, None))
    [finding] = result.diagnostics
    assert (finding.code, text[finding.offset : finding.offset + finding.length]) == (
        "SP100",
        "Cmmons",
    )
    assert finding.fix is not None and finding.fix.replacement == "Commons"
    # read alone, a word draws looser suggestions: only clear slips count. In its sentence
    # "Erikson" is weak evidence of "Erickson" (the engine's name); read alone, none
    assert _check("Sales\n\nThe Erikson store did best.\n", select=["SP100"]) == [
        ("SP100", "Erikson")
    ]
    loose = text.replace("Cmmons vote", "Erikson store")
    assert _check(loose, select=["SP100", "SP103"]) == []


def test_a_month_slipped_before_a_day_is_sp103() -> None:
    text = "Court\n\nThe judge set an Apil 15 deadline for the parties.\n"
    result = check_text("a.txt", text, from_mapping({"select": ["SP100", "SP103"]}, None))
    [finding] = result.diagnostics
    assert (finding.code, text[finding.offset : finding.offset + finding.length]) == (
        "SP103",
        "Apil",
    )
    assert finding.fix is not None and finding.fix.replacement == "April"
    # no day beside it: a name like any other
    assert _check("Court\n\nThe judge thanked Apil for her work.\n", select=["SP103"]) == []


def test_of_a_name_written_once_each_way_the_unknown_spelling_is_sp100() -> None:
    # in a sentence too long for the engine to read: no suggestion of its own to go on
    filler = "said sales rose and fell and rose again over the long and busy winter months, " * 6
    text = f"Attacks\n\nShops {filler}after the Prais attacks. Paris grieved.\n"
    result = check_text("a.txt", text, from_mapping({"select": ["SP100", "SP103"]}, None))
    [finding] = result.diagnostics
    assert (finding.code, text[finding.offset : finding.offset + finding.length]) == (
        "SP100",
        "Prais",
    )
    assert finding.fix is not None and finding.fix.replacement == "Paris"
    # a word of a person's name need be in no list; a word that is no name says nothing
    person = "Poll\n\nThe Wines estate backed it, said Leslie Wimes of Tampa.\n"
    assert "Wimes" not in {word for _, word in _check(person, select=["SP100", "SP103"])}


def test_a_known_word_is_no_slip_of_an_unknown_one() -> None:
    # once each way: "Lord" is not reported as a slip of "Lorrd"
    text = (
        "Visit\n\nThe Lord Mayor of Granchester opened the fair. Later the Lorrd Mayor "
        "met traders.\n"
    )
    assert _check(text, select=["SP100", "SP103"]) == [("SP100", "Lorrd")]


def test_a_name_slipped_in_capitals_is_sp100() -> None:
    text = (
        "Hearing\n\nSenator Alan Quintrell spoke first. Quintrell said the bill would pass. "
        "Reporters asked Quintrell about it.\n\nQUINTERLL: We will win this, said the NAACP.\n"
    )
    result = check_text("a.txt", text, from_mapping({"select": ["SP100", "SP103"]}, None))
    [finding] = result.diagnostics
    assert (finding.code, text[finding.offset : finding.offset + finding.length]) == (
        "SP100",
        "QUINTERLL",
    )
    assert finding.fix is not None and finding.fix.replacement == "QUINTRELL"


# --- grammar on edited copy ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("The runner took gold as he beat world champion Tomasz Wilk in Rome.", "beat"),
        ("Thank you all you guys for coming, she said.", "guys"),
        ("The party failed to win an MEP in the north.", "an"),
        ("A survey by Which? magazine found the prices rose.", "magazine"),
        ("The farmer sells flaxseed oil at the market.", "flaxseed"),
        ("The blast sent shockwaves through the town.", "shockwaves"),
        ("The alarm went off at 3:15 a.m.", "a"),
        ("He was fully supportive and their two children were there.", "their"),
        ("The team was G Murphy, S Horgan and B Walsh.", "Horgan"),
        ("The firms - Leadplex LLC. and Leadplex Inc - were sued.", "and"),
        ("Files with the extension .pls or .m3u - which came from elsewhere - were found.", "m3u"),
    ],
)
def test_grammar_the_engine_gets_wrong_on_edited_copy(text: str, rule: str) -> None:
    backend = get_backend(GrammarSettings(dialect="american"))
    assert backend is not None
    engine = [text[m.offset : m.offset + m.length] for m in backend.check([text])[0]]
    assert any(rule in span for span in engine), engine  # the engine does flag it
    assert "GR100" not in _codes(f"Example\n\n{text}\n", select=["GR100"])


@pytest.mark.parametrize(
    "text",
    ["She bought a apple at the market.", "The advert was targetted at children."],
)
def test_real_grammar_errors_are_still_reported(text: str) -> None:
    assert "GR100" in _codes(f"Example\n\n{text}\n", select=["GR100"])


def test_a_common_word_the_engine_lacks_is_a_word_but_a_lower_case_name_is_not() -> None:
    text = (
        "Drama\n\nThe storyline was praised by the european critics on friday, and the bloke "
        "who wrote it is relasing a sequel.\n"
    )
    engine = get_backend(GrammarSettings(dialect="american"))
    assert engine is not None
    unknown = {text[m.offset : m.offset + m.length] for m in engine.check([text])[0]}
    assert {"storyline", "bloke", "european", "friday", "relasing"} <= unknown
    flagged = {word for code, word in _check(text, select=["SP100"])}
    assert flagged == {"european", "friday", "relasing"}
