"""Round-6 mechanisms on small hand-made lists: ISO 9 / scholarly háček letters read as BGN/PCGN digraphs, other
names of a country or city (DPRK, Burma, Rangoon), a place after the last comma kept only against entries of that
country, the short form of a Russian institution's name (РАН, the honorific left out), and acronyms derived from
listed names. Look-alikes that must stay quiet stand beside each case."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.errors import DataFileError
from ictguard.screening.acronyms import acronym_query, derived_acronyms
from ictguard.screening.cyrillic_short import short_cyrillic
from ictguard.screening.places import country_tail, load_place_groups, place_spellings
from ictguard.screening.romanization import load_letters
from tests.screening._small_lists import small_screener, top_id

# --- háček letters -------------------------------------------------------------------------------------------

_RUSSIAN = small_screener(
    ("NPO Mashinostroyeniya", "RU"),
    ("Gazprom Dobycha Yamburg", "RU"),
    ("Mashin Trading GmbH", "DE"),
)


def test_letters_table() -> None:
    letters = load_letters()
    assert "Mašino".translate(letters) == "Mashino"
    assert "ŽČ".translate(letters) == "zhch"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("NPO Mašinostrojenija", "x:0"),  # Czech / ISO 9: š is sh, j is y
        ("Gazprom dobyča Jamburg", "x:1"),  # č is ch, J before a vowel is y
        ("Škoda Trading", None),  # a háček word that no listed Russian name carries stays as it is
    ],
)
def test_hacek_letters_reach_the_listed_spelling(query: str, expected: str | None) -> None:
    assert top_id(_RUSSIAN, query) == expected


# --- other names of a country or city ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "contains"),
    [
        ("Foreign Trade Bank of DPRK", "Foreign Trade Bank of democratic people's republic of korea"),
        ("Huawei Technologies (Rangoon) Co", "Huawei Technologies (yangon) Co"),
        ("VTB Bank Byelorussia", "VTB Bank belarus"),
        ("Bank of North-Korea", "Bank of dprk"),
        ("Institute of Solid State Physics RAS", "Institute of Solid State Physics russian academy of sciences"),
        ("Electronics Institute SB RAS", "Electronics Institute siberian branch russian academy of sciences"),
    ],
)
def test_place_spellings(query: str, contains: str) -> None:
    assert contains in place_spellings(query)


@pytest.mark.parametrize(
    "query",
    [
        "Dprk Trading",
        "Ukraine Telecom",
        "Prcision Tools",
        "Burmah Oil",
        "uk systems",
        "Ran Networks",
        "Casio",
        "CAS Corp.",
    ],
)
def test_place_spellings_leave_look_alikes(query: str) -> None:
    # short forms count in capitals only; no form inside a longer word
    assert place_spellings(query) == ()


def test_place_groups_are_disjoint(tmp_path: Path) -> None:
    assert all(len(g) >= 2 for g in load_place_groups())
    (tmp_path / "place_names.yaml").write_text(
        'groups:\n  - forms: ["burma", "myanmar"]\n    source: "x"\n  - forms: ["myanmar", "mm"]\n    source: "y"\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError):
        load_place_groups.__wrapped__(tmp_path)


_BANKS = small_screener(
    ("Foreign Trade Bank of the Democratic People's Republic of Korea", "KP"),
    ("Foreign Trade Bank of Iran", "IR"),
    ("Myanmar Economic Corporation", "MM"),
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Foreign Trade Bank of DPRK", "x:0"),
        ("Foreign Trade Bank, North Korea", "x:0"),
        ("Myanmar Economic Corporation, Burma", "x:2"),
    ],
)
def test_place_names_reach_the_entry(query: str, expected: str) -> None:
    assert top_id(_BANKS, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Myanmar Economic Corporation, Burma", ("Myanmar Economic Corporation", frozenset({"MM"}))),
        ("Delta Engineering Concern FZE, Sharjah UAE", ("Delta Engineering Concern FZE", frozenset({"AE"}))),
        ("Foo Trading, Co", None),  # ISO code in lower case: no place
        ("Foo Trading, Building 5 Main Road", None),  # too many words
        ("Foo Trading Burma", None),  # no comma
    ],
)
def test_country_tail(query: str, expected: tuple[str, frozenset[str]] | None) -> None:
    assert country_tail(query) == expected


def test_country_tail_keeps_only_entries_of_that_country() -> None:
    # the entry is in Myanmar: ", Pakistan" after its name does not reach it through the tail
    hits = _BANKS.screen("Myanmar Economic Corporation, Pakistan")
    assert not any("the place after the name" in f.detail for h in hits for f in h.explanation)


# --- short form of a Russian institution's name ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ИППИ им. А.А. Харкевича РАН", "ИППИ РАН"),
        ("Институт проблем передачи информации Российской академии наук", "Институт проблем передачи информации РАН"),
        ("ЦИАМ имени П.И. Баранова", "ЦИАМ"),
        ("Институт сильноточной электроники Сибирского отделения РАН", "Институт сильноточной электроники СО РАН"),
        ("АО «Концерн «Созвездие»", None),  # neither
        ("Имидж Технолоджи", None),  # "им" inside a word is no honorific
    ],
)
def test_short_cyrillic(query: str, expected: str | None) -> None:
    assert short_cyrillic(query) == expected


# --- acronyms derived from listed names -----------------------------------------------------------------------

_INSTITUTES = small_screener(
    ("A.A. Kharkevich Institute for Information Transmission Problems", "RU"),
    ("Central Institute of Engine-Building N.A. P.I. Baranov", "RU"),
    ("Atomic Energy Organization of Iran", "IR"),
    ("Changsha NetForward Electronic Technology Co. Ltd.", "CN"),
    aliases={0: ("Institut Problem Peredachi Informatsii RAN",), 1: ("Central Institute of Aviation Motors",)},
)


def test_derived_acronyms() -> None:
    stop = frozenset({"of", "the"})
    found = dict(derived_acronyms("central institute of aviation motors".split(), stop, ()))
    assert found["ciam"] == frozenset()
    assert found["cioam"] == frozenset()  # with the function word
    assert found["cia"] == frozenset({"motors"})
    assert derived_acronyms("ao kraftway psc".split(), stop, ("ao", "psc")) == []  # legal forms are no initials
    assert acronym_query("IEEE 802.11") == []  # a number: no acronym query
    # round 7: an acronym beside an academy is also looked up keyed with it ("ippi@ran")
    assert acronym_query("IPPI RAN") == [("ippi", ["ran"]), ("ippi@ran", ["ran"]), ("ran", ["ippi"])]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("IPPI RAN", "x:0"),  # the initials of the alias, its last word beside them
        ("ИППИ им. А.А. Харкевича РАН", "x:0"),  # Cyrillic: short form, romanized
        ("CIAM Baranov", "x:1"),  # the other word is in the entry's primary name
        ("AEOI Tehran", "x:2"),  # a place of the entry's country
        ("CNET TECHNOLOGY, INC.", None),  # acronym with business words and legal forms only
        ("CIAM Trading", None),  # a word the entry does not carry
        ("AEOI Dubai", None),  # a place of another country
        ("IPPI", None),  # alone: the listed name's last word is missing
    ],
)
def test_acronym_hits(query: str, expected: str | None) -> None:
    assert top_id(_INSTITUTES, query) == expected


# --- a one-letter difference in a two-letter code is another code ---------------------------------------------

_CODES = small_screener(
    ("FJ Technology", "CN"), ("Hikvision Digital Technology", "CN"), ("Qods Aviation Industries", "IR")
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("FX Technology Limited", None),  # fx / fj: another code, not a typo
        ("FJ Technology Limited", "x:0"),
        ("Hik Vision Digital Technology", "x:1"),  # a spacing variant still joins
        ("Qhods Aviation Industries", "x:2"),  # one typo in a longer leftover still counts
    ],
)
def test_short_codes_are_not_typos(query: str, expected: str | None) -> None:
    assert top_id(_CODES, query) == expected
