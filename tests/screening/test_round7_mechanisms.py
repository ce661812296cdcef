"""Round-7 mechanisms on small hand-made lists: Korean (Hangul) names translated and romanized, Belarusian and
Ukrainian Cyrillic (national letters, legal forms, words), Chinese institution short forms written out, Russian
state organisational-legal forms, acronyms the lists print and institute acronyms inside their academy, the Arabic
li-l- prefix. Look-alikes that must stay quiet stand beside each case; none of the queries is in the held-out
round-7 split (bench/_listed_queries.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.errors import DataFileError
from ictguard.screening.acronyms import acronym_query, derived_acronyms, printed_acronyms, words_of
from ictguard.screening.chinese_short import load_short_forms, written_out
from ictguard.screening.korean import korean_spellings, romanize_hangul
from ictguard.screening.persian import persian_spelling
from ictguard.screening.spellings import romanize_bgn
from tests.screening._small_lists import small_screener, top_id

# --- Korean ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hangul", "revised", "latin"),
    [
        ("평양", False, "pyongyang"),  # ㅕ yo, final ㅇ ng
        ("개성", False, "kaesong"),  # McCune-Reischauer: initial ㄱ k
        ("개성", True, "gaesong"),  # Revised Romanization: initial ㄱ g
        ("단군", False, "tangun"),  # ㄱ voiced to g after n
        ("청진", False, "chongjin"),  # ㅊ ch, ㅈ voiced to j after ng
    ],
)
def test_romanize_hangul(hangul: str, revised: bool, latin: str) -> None:
    assert romanize_hangul(hangul, revised=revised) == latin


def test_korean_spellings_translate_terms_and_romanize_the_rest() -> None:
    assert korean_spellings("조선대성은행") == ("korea taesong bank", "korea daesong bank")
    assert korean_spellings("Daesong Bank") == ()  # no Hangul: no work


_DPRK = small_screener(
    ("KOREA DAESONG BANK", "KP"),
    ("KOREA DAESONG GENERAL TRADING CORPORATION", "KP"),
    ("SAMSONG SHIPPING CO", "PA"),
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("조선대성은행", "x:0"),
        ("조선대성총회사", "x:1"),  # 총회사 general corporation
        ("삼성전자", None),  # Samsung Electronics: no listed party
        ("대한항공", None),  # Korean Air
    ],
)
def test_korean_names_reach_the_entry(query: str, expected: str | None) -> None:
    assert top_id(_DPRK, query) == expected


# --- Belarusian and Ukrainian Cyrillic ---------------------------------------------------------------------------


def test_national_letters_are_romanized() -> None:
    assert romanize_bgn("Інтэграл") == "Integral"
    assert romanize_bgn("Київ") == "Kiyiv"
    assert romanize_bgn("Європа") == "Yevropa"
    assert romanize_bgn("цягачоў") == "tsyagachou"


_BY_UA = small_screener(
    ("BELARUSKALI OAO", "BY"),
    ("STATE CORPORATION ROSCOSMOS", "RU"),
    ("PJSC KAMAZ", "RU"),
    ("Belarusian Potash Company", "BY"),
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ААТ «Беларуськалій»", "x:0"),  # Belarusian ААТ = ОАО, і
        ("Державна корпорація «Роскосмос»", "x:1"),  # Ukrainian words
        ("ПАТ «КАМАЗ»", "x:2"),  # Ukrainian ПАТ = ПАО
        ("ТОВ «Сонячна енергія»", None),  # an unlisted Ukrainian LLC
        ("ПАТ «Укртелеком»", None),
    ],
)
def test_belarusian_and_ukrainian_cyrillic(query: str, expected: str | None) -> None:
    assert top_id(_BY_UA, query) == expected


# --- Chinese short forms -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("中科院半导体所", "中国科学院半导体研究所"),
        ("中科院声学所", "中国科学院声学研究所"),
        ("中电科二十九所", "中国电子科技集团公司第二十九研究所"),
        ("中国电科", "中国电子科技集团公司"),
        ("西安光机所", "西安光学精密机械研究所"),
        ("中国科学院半导体研究所", None),  # already the registered name
        ("海淀派出所", None),  # a police station
        ("北京律师事务所", None),  # a law firm
        ("上海证券交易所", None),  # an exchange
        ("北京大学", None),
    ],
)
def test_written_out(short: str, full: str | None) -> None:
    assert written_out(short) == full


def test_short_forms_table_is_validated(tmp_path: Path) -> None:
    forms = load_short_forms()
    assert forms.full.endswith(forms.short)
    bad = tmp_path / "chinese_short_forms.yaml"
    bad.write_text(
        "prefixes: {source: x, map: {中科院: CAS}}\ncontractions: {source: x, map: {}}\n"
        "suffix: {source: x, short: 所, full: 研究所, ordinal: 第, not_after: []}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError):
        load_short_forms.__wrapped__(tmp_path)


_CAS = small_screener(
    ("Institute of Semiconductors, Chinese Academy of Sciences", "CN"),
    ("Shenzhen Semiconductor Trading Co., Ltd.", "CN"),
    aliases={0: ("中国科学院半导体研究所",)},
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("中科院半导体所", "x:0"),
        ("半导体所", "x:0"),  # the institute's own short name without the academy
        ("深圳市律师事务所", None),
    ],
)
def test_chinese_short_forms_reach_the_entry(query: str, expected: str | None) -> None:
    assert top_id(_CAS, query) == expected


# --- acronyms: inside an academy, printed by the lists -----------------------------------------------------------


def test_academy_acronyms_are_keyed_with_the_academy() -> None:
    words = "institute of semiconductors chinese academy of sciences".split()
    derived = dict(derived_acronyms(words, frozenset({"of"}), ()))
    assert "ios@cas" in derived
    assert ("ios@cas", ["cas"]) in acronym_query("IOS-CAS")
    assert not any(a.endswith("@cas") for a, _ in acronym_query("IOS cas"))  # a short academy form in capitals only
    assert {"cas", "chinese", "academy", "sciences"} <= words_of(["Institute of Semiconductors, CAS"])


def test_printed_acronyms() -> None:
    assert printed_acronyms("Dukhov Automatics Research Institute (VNIIA)", "VNIIA") == [("vniia", frozenset())]
    assert printed_acronyms("KOMZ", None) == [("komz", frozenset())]
    assert printed_acronyms("Komz", None) == []
    assert printed_acronyms("NORINCO", None) == []  # longer than an acronym the queries carry


_ACRONYMS = small_screener(
    ("Chinese Academy of Sciences, Institute of Semiconductors", "CN"),
    ("Federal State Unitary Enterprise Dukhov Automatics Research Institute (VNIIA)", "RU"),
    ("Iosif Trading Company", "CN"),
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("IOS-CAS", "x:0"),
        ("IOS CAS Beijing", "x:0"),  # a city of the entry's country
        ("IOS, Chinese Academy of Sciences", "x:0"),
        ("IOS RAS", None),  # another academy
        ("IOS Technologies CAS", None),  # a word the entry does not carry
        ("IOS", None),  # an acronym alone
        ("VNIIA Moscow", "x:1"),
        ("VNIIA Lopez", None),  # a word neither the entry's nor a place of its country
    ],
)
def test_acronym_hits(query: str, expected: str | None) -> None:
    assert top_id(_ACRONYMS, query) == expected


# --- Russian state organisational-legal forms ---------------------------------------------------------------------

_FORMS = small_screener(
    ("Central Aerohydrodynamic Institute", "RU"),
    ("Tsagi Trading GmbH", "DE"),
    aliases={0: ("TsAGI",)},
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("FSUE TsAGI", "x:0"),
        ("ФГУП ЦАГИ", "x:0"),
        ("Federal State Unitary Enterprise TsAGI", "x:0"),
    ],
)
def test_state_enterprise_forms(query: str, expected: str | None) -> None:
    assert top_id(_FORMS, query) == expected


# --- Arabic li-l- ------------------------------------------------------------------------------------------------


def test_arabic_li_al_prefix() -> None:
    assert persian_spelling("العربية السورية للطيران") == "arab syrian airlines"


_SYRIA = small_screener(("SYRIAN ARAB AIRLINES", "SY"), ("SYRIAN ARAB NEWS AGENCY", "SY"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("العربية السورية للطيران", "x:0"),
        ("الوكالة العربية السورية للأنباء", None),  # SANA: words the table lacks stay romanized
    ],
)
def test_arabic_airline(query: str, expected: str | None) -> None:
    assert top_id(_SYRIA, query) == expected


def test_korean_terms_file_rejects_a_latin_key(tmp_path: Path) -> None:
    from ictguard.screening import datafiles
    from ictguard.screening.korean import load_korean_terms

    text = (datafiles.DATA_DIR / "korean_terms.yaml").read_text(encoding="utf-8")
    (tmp_path / "korean_terms.yaml").write_text(text.replace("    은행: bank", "    bank: bank"), encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_korean_terms.__wrapped__(tmp_path)
    assert error.value.field == "bank" and "korean_terms.yaml" in str(error.value)
