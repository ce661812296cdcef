"""Round-4 mechanisms, each on small hand-made lists so the behaviour, not the list data, is tested: truncated
names, the rare-word candidate path, one abbreviation settled by the next word, airline word equivalents, the
German sch read as ж, and the Russian-word test of the romanization rewrite. Look-alikes that must stay quiet
stand beside each case."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ictguard.errors import DataFileError
from ictguard.model import Entity, EntityType
from ictguard.screening import Screener, datafiles
from ictguard.screening.index import NameIndex, name_keys
from ictguard.screening.normalize import normalize
from ictguard.screening.persian import load_persian_terms, persian_spelling
from ictguard.screening.romanization import romanized_spellings
from ictguard.screening.spellings import query_spellings
from ictguard.screening.truncation import MIN_PREFIX, TRUNCATED_SCORE, PrefixTable


def _screener(*names: tuple[str, str]) -> Screener:
    ents = [Entity(id=f"x:{i}", source="EL", name=n, countries=(c,)) for i, (n, c) in enumerate(names)]
    return Screener.from_entities(ents)


_LONG = _screener(
    ("Joint Stock Company Information Satellite Systems Named After Academician M.F. Reshetnev", "RU"),
    ("Parsian Tourism and Recreational Centers Company", "IR"),
    ("Northern Integrated Circuit Technology Innovation Center (Beijing) Co., Ltd.", "CN"),
    ("China Electronics Technology Group Corporation 7th Research Institute", "CN"),
    ("China Electronics Technology Group Corporation 10th Research Institute", "CN"),
    ("China Electronics Technology Group Corporation 14th Research Institute", "CN"),
    ("China Electronics Technology Group Corporation 38th Research Institute", "CN"),
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Joint Stock Company Information Sat", "x:0"),  # 35 characters, cut mid-word
        ("PARSIAN TOURISM AND RECREATIONAL CE", "x:1"),  # upper case, cut mid-word
        ("Northern Integrated Circuit Technology I", "x:2"),  # 40 characters
        ("Parsian Tourism & Recreational", None),  # & is not the listed "and": not the start of the spelling
    ],
)
def test_a_name_cut_at_a_field_width_finds_the_long_listed_name(query: str, expected: str | None) -> None:
    hits = _LONG.screen(query)
    truncated = [h for h in hits if any(f.feature == "truncated" for f in h.explanation)]
    if expected is None:
        assert not truncated
    else:
        assert truncated and truncated[0].entity.id == expected and truncated[0].score == TRUNCATED_SCORE


@pytest.mark.parametrize(
    "query",
    [
        "China Electronics Technology Group Corporation",  # the start of four entries: names none of them
        "Joint Stock Company",  # too short a start
        "Joint Stock Company Information Satellite Systems Named After Academician M.F. Reshetnev",  # whole name
    ],
)
def test_a_short_or_shared_start_is_no_truncation(query: str) -> None:
    assert all(f.feature != "truncated" for h in _LONG.screen(query) for f in h.explanation)


def test_prefix_table_looks_up_folded_starts() -> None:
    table = PrefixTable.build(["alpha beta gamma delta epsilon", "alpha beta gamma zeta", "omega"])
    owners = np.asarray([0, 1, 2], dtype=np.int32)
    query = "alpha beta gamma delta eps"
    assert len(query) >= MIN_PREFIX
    assert table.entries_starting(query, owners) == [(0, "alpha beta gamma delta epsilon")]
    assert table.entries_starting("alpha beta gamma delta epsilon", owners) == []  # equal: not a truncation
    assert table.entries_starting("alpha beta", owners) == []


def test_the_rarest_query_word_brings_its_names_into_the_candidates() -> None:
    # Eight names share three of the query's words; "mahan" is on one name only, which shares nothing else.
    names = [normalize(f"Kish Pars Sepahan Cargo{i}") for i in range(8)]
    names += [normalize("Mahan Aviation Services Company")] + [normalize(f"Other{i} Name") for i in range(40)]
    index = NameIndex.build(names)
    keys = name_keys(normalize("Mahan Kish Pars Sepahan"))
    assert 8 not in index.candidates(keys, limit=5)
    assert index.rare_word_names({"mahan", "kish", "pars", "sepahan"}) == [8]
    # A word on many names is no distinctive word; a glued key ("kishpars") is no word.
    assert index.rare_word_names({"kish", "kishpars"}) == []


def test_a_name_reached_only_through_a_rare_word_needs_a_clear_score() -> None:
    screener = _screener(("Beijing Zhongxun Technology Co., Ltd.", "CN"), ("MAHAN AIR", "IR"))
    assert screener.screen("Jiangsu Zhongxun Electronic Technology Co., Ltd") == []
    hits = screener.screen("Mahan Airlines")
    assert hits and hits[0].entity.name == "MAHAN AIR"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Al Merikh Gen Trading LLC", "Al Merikh General Trading LLC"),
        ("Lucky Star Gen. Trdg", "Lucky Star General Trdg"),  # Trdg itself is written out by normalisation
        ("Gen Trading", "General Trading"),
    ],
)
def test_one_abbreviation_settled_by_the_next_word_is_written_out(query: str, expected: str) -> None:
    assert expected.lower() in [s.lower() for s in query_spellings(query)]


@pytest.mark.parametrize("query", ["Gen Digital Inc", "Gen Re Corporation", "Alpha Gen Holdings"])
def test_gen_before_another_word_stays(query: str) -> None:
    assert all("General" not in s for s in query_spellings(query))


def test_gen_trading_reaches_the_general_trading_entry_and_not_a_look_alike() -> None:
    screener = _screener(("Al Merikh General Trading", "AE"), ("Gen Digital Inc", "US"))
    hits = screener.screen("Al Merikh Gen Trading LLC")
    assert hits and hits[0].entity.id == "x:0"
    assert all(h.entity.id != "x:0" for h in screener.screen("Al Merikh Gen Digital"))


@pytest.mark.parametrize(
    ("query", "listed"),
    [("Meraj Airlines", "MERAJ AIR"), ("Kish Air", "Kish Airlines"), ("Dena Air", "DENA AIRWAYS")],
)
def test_airline_words_are_one_word(query: str, listed: str) -> None:
    screener = _screener((listed, "IR"), ("Pouya Air", "IR"))
    hits = screener.screen(query)
    assert hits and hits[0].entity.name == listed


@pytest.mark.parametrize("query", ["Air Liquide", "Airbus Defence", "Kish Trading Company"])
def test_airline_equivalents_leave_other_names_alone(query: str) -> None:
    screener = _screener(("Kish Airlines", "IR"), ("Meraj Air", "IR"))
    assert screener.screen(query) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ischewski Sawod", "izhevsky zavod"),  # German sch for ж, -ski for -ский, s for з
        ("Schukowski", "zhukovsky"),
        ("Swesda", "zvezda"),  # s for з before w and before d
        ("Schwabe", "shvabe"),  # the same sch read as ш
    ],
)
def test_german_sch_is_tried_as_both_zh_and_sh(query: str, expected: str) -> None:
    known = {"izhevsky", "zavod", "zhukovsky", "zvezda", "shvabe"}
    assert expected in romanized_spellings(query, known.__contains__)


def test_a_russian_word_also_printed_by_a_few_other_entries_is_still_rewritten_into() -> None:
    # "shvabe" is on one Russian entry and one Chinese joint venture; "vision" only on a non-Russian entry.
    ents = [
        Entity(id="x:0", source="EL", name="Shvabe JSC", countries=("RU",)),
        Entity(id="x:1", source="EL", name="Shvabe Opto-Electronics Co. Ltd.", countries=("CN",)),
        Entity(id="x:2", source="EL", name="Vision Technology Holding", countries=("CN",)),
    ]
    screener = Screener.from_entities(ents)
    hits = screener.screen("Schwabe AO")
    assert hits and hits[0].entity.id == "x:0"
    assert all(f.feature != "spelling" for h in screener.screen("Wision Technology Holding") for f in h.explanation)


def test_a_vessel_is_still_a_vessel_with_airline_equivalents() -> None:
    ship = Entity(id="v:1", source="SDN", name="SANCHI", type=EntityType.VESSEL)
    screener = Screener.from_entities([ship])
    hits = screener.screen("M/T Sanchi")
    assert hits and hits[0].entity.id == "v:1"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("هواپیمایی ماهان", "airlines mahan"),  # a business word translated, a name romanized
        ("بانک کارگشایی", "bank kargshayi"),  # long vowels written, short ones not
        ("المصرف التجاري السوري", "bank commercial syrian"),  # Arabic article al- before a known word
        ("گروه صنعتی شهید همت", "group industrial shhid hmt"),
    ],
)
def test_arabic_script_names_are_translated_and_romanized(query: str, expected: str) -> None:
    assert persian_spelling(query) == expected
    assert expected in query_spellings(query)


def test_latin_and_other_scripts_get_no_persian_spelling() -> None:
    assert persian_spelling("Mahan Air") is None
    assert persian_spelling("Махан Эйр") is None


def test_a_persian_airline_name_reaches_the_listed_romanized_airline_not_another() -> None:
    screener = _screener(("MAHAN AIR", "IR"), ("MERAJ AIR", "IR"), ("IRAN AIR", "IR"))
    hits = screener.screen("هواپیمایی ماهان")
    assert hits and hits[0].entity.name == "MAHAN AIR"
    assert all(h.entity.name != "MAHAN AIR" for h in screener.screen("هواپیمایی معراج"))


def test_persian_terms_file_rejects_a_latin_key(tmp_path: Path) -> None:
    text = (datafiles.DATA_DIR / "persian_terms.yaml").read_text(encoding="utf-8")
    (tmp_path / "persian_terms.yaml").write_text(text.replace("    بانک: bank", "    bank: bank"), encoding="utf-8")
    with pytest.raises(DataFileError):
        load_persian_terms(tmp_path)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ФГУП «ГНПП «Базальт»", "federal state unitary enterprise"),
        ("ОКБ Яковлева", "experimental design bureau"),
        ("АО «Жигулёвский радиозавод»", "radio plant"),
    ],
)
def test_russian_enterprise_abbreviations_are_written_out(query: str, expected: str) -> None:
    assert any(expected in s.lower() for s in query_spellings(query))


def test_a_typo_in_a_listed_airline_word_still_meets_the_listed_spelling() -> None:
    # The list names keep their own words (only the query is rewritten): "Airilnes" still meets "AIRLINES".
    screener = _screener(("ALNASER AIRLINES", "IQ"))
    hits = screener.screen("ALNASER AIRILNES")
    assert hits and hits[0].entity.name == "ALNASER AIRLINES"


def test_industry_words_are_no_class() -> None:
    # Left out of the equivalents on purpose (abbreviations.yaml): "Mutoh Industries" is not "MTech Industrial".
    assert all("industrial" not in s.lower() for s in query_spellings("Mutoh Industries Ltd"))
    screener = _screener(("MTech Industrial Limited", "CN"))
    assert screener.screen("Mutoh Industries Ltd") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("CETC 14th Res Inst", "CETC 14th research institute"), ("Kaspersky Res Lab", "Kaspersky research laboratory")],
)
def test_research_and_laboratory_abbreviations_in_a_vendor_master_spelling(query: str, expected: str) -> None:
    assert expected.lower() in [s.lower() for s in query_spellings(query)]


def test_one_res_alone_stays_a_word() -> None:
    assert all("research" not in s.lower() for s in query_spellings("RES Group Holdings"))


@pytest.mark.parametrize(
    ("query", "rewritten"),
    [
        ("Kish Air", True),
        ("Meraj Air Co.", True),
        ("Syrian Air Force Intelligence", False),
        ("Air Weapons Complex", False),
    ],
)
def test_an_airline_word_is_rewritten_only_as_the_names_last_word(query: str, rewritten: bool) -> None:
    assert any("airline" in s.lower() for s in query_spellings(query)) is rewritten


def test_an_arabic_script_name_without_a_business_word_gets_no_extra_spelling() -> None:
    assert persian_spelling("حسین محمدی") is None


def test_a_persian_airline_name_gets_the_airline_class_in_persian_order() -> None:
    assert "air mahan" in query_spellings("هواپیمایی ماهان")
    assert query_spellings("بانک ملت") == ("bank mlt",)  # no class word: no rewrite
