"""Pinyin words: the syllable table matches pypinyin, and different pinyin names are told from spelling variants."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from ictguard.errors import DataFileError
from ictguard.screening import DEFAULT_THRESHOLD, compare_names
from ictguard.screening.pinyin import different_pinyin, split_pinyin, syllables


def test_syllable_table_is_pypinyins() -> None:
    from pypinyin.pinyin_dict import pinyin_dict

    derived = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = "".join(c for c in unicodedata.normalize("NFKD", reading) if not unicodedata.combining(c)).lower()
            if plain.isascii() and plain.isalpha() and any(v in plain for v in "aeiou"):
                derived.add(plain)
    assert syllables() == derived


def test_bad_syllable_names_the_field(tmp_path: Path) -> None:
    (tmp_path / "pinyin.yaml").write_text('source: "x"\nsyllables: ba 9z\n', encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        syllables.__wrapped__(tmp_path)
    assert info.value.field == "syllables"


@pytest.mark.parametrize(
    ("word", "split"),
    [
        ("huawei", ("hua", "wei")),
        ("tianshenghua", ("tian", "sheng", "hua")),
        ("zhongxing", ("zhong", "xing")),
        ("xian", None),  # one syllable: too often another language's word
        ("hikvision", None),
        ("qods", None),
        ("hauwei", None),
    ],
)
def test_split_pinyin(word: str, split: tuple[str, ...] | None) -> None:
    assert split_pinyin(word) == split


@pytest.mark.parametrize(
    ("a", "b", "different"),
    [
        ("hengxin", "jingxin", True),
        ("tiancheng", "tianshenghua", True),
        ("lanhai", "huawei", True),
        ("beizhan", "beizhang", False),
        ("haiheng", "heiheng", False),  # one-letter variants the lists carry
        ("huwaei", "huawei", False),  # one typo
        ("qods", "qhod", False),  # not pinyin
    ],
)
def test_different_pinyin(a: str, b: str, different: bool) -> None:
    assert different_pinyin(a, b) is different


@pytest.mark.parametrize(
    ("query", "listed", "below"),
    [
        # Made-up firms whose pinyin is near a listed one's, with the same place and business words.
        ("北京天成信息技术有限公司", "Beijing Tianshenghua Information Technology Co., Ltd.", True),
        ("成都恒信科技有限公司", "Chengdu Jingxin Technology Co. Ltd.", True),
        ("成都蓝海科技有限公司", "Chengdu Huawei Technologies Co., Ltd.", True),
        # A spelling variant and a typo still match.
        ("Chengdu Beizhan Electronics Co., Ltd.", "Chengdu Beizhang Electronics Co.", False),
        ("Huwaei Cloud Dalian", "Huawei Cloud Dalian", False),
    ],
)
def test_pinyin_near_names(query: str, listed: str, below: bool) -> None:
    assert (compare_names(query, listed)[0] < DEFAULT_THRESHOLD) is below
