"""Round-5 mechanisms on small hand-made lists: Chinese terms with a second English reading, the institution word
of a translated Chinese (or pinyin) name led ("... 大学" -> "University of ..."), tone-marked pinyin, and one
ambiguous abbreviation written out only against listed names that carry the full word. Look-alikes that must stay
quiet stand beside each case."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.errors import DataFileError
from ictguard.model import Entity
from ictguard.screening import Screener, datafiles
from ictguard.screening.script import to_ascii
from ictguard.screening.spellings import lone_abbreviation_spelling, query_spellings


def _screener(*names: tuple[str, str]) -> Screener:
    ents = [Entity(id=f"x:{i}", source="EL", name=n, countries=(c,)) for i, (n, c) in enumerate(names)]
    return Screener.from_entities(ents)


_INSTITUTES = _screener(
    ("University of Electronic Science and Technology of China", "CN"),
    ("University of Science and Technology of China", "CN"),
    ("Nanjing University of Science and Technology", "CN"),
    ("Jinan Institute of Quantum Technology", "CN"),
    ("China Academy of Launch Vehicle Technology", "CN"),
)


def test_second_reading_of_a_term() -> None:
    assert to_ascii("电子科技大学").split() == ["electronics", "technology", "university"]
    assert to_ascii("电子科技大学", alternative=True).split() == [
        "electronic",
        "science",
        "and",
        "technology",
        "university",
    ]
    assert to_ascii("技术", alternative=True).split() == ["technology"]  # 技术 has one reading only


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("电子科技大学", "x:0"),  # second reading + head led + the listed name's start
        ("電子科技大學", "x:0"),  # traditional
        ("Dianzi Keji Daxue", "x:0"),  # pinyin through and through
        ("Diànzǐ Kējì Dàxué", "x:0"),  # tone marks
        ("济南量子技术研究院", "x:3"),  # a leading place stays first: "jinan research institute of quantum technology"
    ],
)
def test_chinese_readings_reach_the_institute(query: str, expected: str) -> None:
    hits = _INSTITUTES.screen(query)
    assert hits and hits[0].entity.id == expected


@pytest.mark.parametrize("query", ["南京科技大学", "中国科技大学研究中心"])
def test_other_chinese_institutes_do_not_become_uestc(query: str) -> None:
    # no 电子: the readings never carry "electronic", so UESTC is not the top hit
    hits = _INSTITUTES.screen(query)
    assert not hits or hits[0].entity.id != "x:0"


def test_head_first_rewrites_only_chinese_names() -> None:
    assert any(s.startswith("university of") for s in query_spellings("电子科技大学"))
    # an English name ending in "University" is not reordered (no pinyin, no Han)
    assert query_spellings("Stanford Electronics University") == ()


def test_tone_marks_are_dropped_before_the_pinyin_rewrite() -> None:
    spellings = query_spellings("Huáwéi Jìshù Yǒuxiàn Gōngsī")
    assert "Huawei Jishu Youxian Gongsi" in spellings
    assert "Huawei technology co ltd" in spellings


def test_alt_equal_to_en_is_rejected(tmp_path: Path) -> None:
    src = datafiles.DATA_DIR / "chinese_terms.yaml"
    text = src.read_text(encoding="utf-8")
    old = '{zh: 技术, en: "technology", source:'
    assert old in text
    (tmp_path / "chinese_terms.yaml").write_text(
        text.replace(old, '{zh: 技术, en: "technology", alt: "technology", source:', 1), encoding="utf-8"
    )
    with pytest.raises(DataFileError):
        datafiles.load_chinese_terms.__wrapped__(tmp_path)


_ABBREV = _screener(
    ("Chengdu Xiwu Security System Alliance Co., Ltd.", "CN"),
    ("Minsk Wheeled Tractor Plant", "BY"),
    ("Xiwu Security Sys Trading", "CN"),
    ("Al Merikh General Trading", "AE"),
)


def test_lone_abbreviation_spelling() -> None:
    assert lone_abbreviation_spelling("Chengdu Xiwu Security Sys Alliance") == (
        "Chengdu Xiwu Security systems Alliance",
        frozenset({"systems", "chengdu", "xiwu", "security", "alliance"}),
    )
    assert lone_abbreviation_spelling("Sys Alliance") is None  # two words: too little context
    assert lone_abbreviation_spelling("Inspur Elec Info Ind Co") is None  # several: the vendor-master rewrite's
    assert lone_abbreviation_spelling("Al Merikh Gen Digital") is None  # Gen is settled by its next word only


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Chengdu Xiwu Security Sys Alliance", "x:0"), ("Minsk Wheeled Tractor Plt", "x:1")],
)
def test_lone_abbreviation_reaches_the_name_with_the_full_word(query: str, expected: str) -> None:
    hits = _ABBREV.screen(query)
    assert hits and hits[0].entity.id == expected


def test_lone_abbreviation_needs_the_other_words_too() -> None:
    # one letter off in the name's own word: the written-out "Technology" must not carry it (IEEE look-alike)
    screener = _screener(("Shenzhen Tenco Technology Co., Ltd.", "CN"))
    assert screener.screen("Shenzhen Utepo Tech Co., Ltd.") == []
    assert screener.screen("Shenzhen Tenco Tech Co., Ltd.")[0].entity.id == "x:0"


def test_lone_abbreviation_does_not_lift_a_name_without_the_word() -> None:
    # "Xiwu Security Sys Trading" lists "Sys" itself: the written-out reading must not carry a name that lacks
    # "systems" above its own spelling, and a look-alike without the word gets nothing from the rewrite.
    hits = _ABBREV.screen("Xiwu Security Sys Trading")
    assert hits and hits[0].entity.id == "x:2"
    assert all(h.entity.id != "x:3" for h in _ABBREV.screen("Al Merikh Gen Digital"))


def test_lone_abbreviation_needs_a_near_match() -> None:
    # every query word is in the listed name, but the listed name has a distinctive word more: not a near match
    screener = _screener(("Shandong Maojia IOT Technology Co., Ltd.", "CN"))
    hits = screener.screen("IoT Tech Limited")
    assert all("one abbreviation written out" not in str(h.explanation) for h in hits)
