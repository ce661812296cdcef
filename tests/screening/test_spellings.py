"""Other spellings of a query (screening/spellings.py) and the Cyrillic / Taiwan-usage readings they rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.errors import DataFileError
from ictguard.screening import Screener, datafiles
from ictguard.screening.script import to_ascii
from ictguard.screening.spellings import query_spellings, romanize_bgn


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Russian business words translated, stems across genders and cases; the rest left for transliteration
        ("АО «Концерн «Созвездие»", "АО «concern «Созвездие»"),
        ("Объединённой авиастроительной корпорации", "united aircraft corporation"),
        ("ООО «Хуавэй Текнолоджиз»", "ООО «Хуавэй technologies»"),
        ("ПАО «НК «Лукойл»", "ПАО «oil company «Лукойл»"),  # НК = нефтяная компания
        # romanized Russian in a Latin query: BGN, ISO-9-style c for ц, h for х
        ("Kontsern Sozvezdiye", "concern Sozvezdiye"),
        ("Koncern Kalashnikov", "concern Kalashnikov"),
        ("Kazanskiy Optiko-Mekhanicheskiy Zavod", "Kazanskiy Optiko mechanical plant"),
        # pinyin business words, also split over several words, in a name romanized from Chinese throughout
        ("Huawei Jishu Youxian Gongsi", "Huawei technology co ltd"),
        ("Hangzhou Haikang Weishi Shuzi Jishu Co Ltd", "Hangzhou hikvision digital technology Co Ltd"),
        # a vendor-master spelling (two abbreviations or more): the ambiguous ones written out as well
        ("Acme Mem Tech Co", "Acme memory technology Co"),
        ("Acme Elec Info Ind Co Ltd", "Acme Elec information Ind Co Ltd"),
    ],
)
def test_rewrites(query: str, expected: str) -> None:
    assert expected in query_spellings(query)


@pytest.mark.parametrize(
    "query",
    [
        "Siemens AG",
        "Shenzhen Kaifa Technology Co., Ltd.",  # a pinyin brand among English words: not read as "development"
        "Central Engineering Co., Ltd.",  # "centr" is a word of other languages too (latin: false)
        "Binar Elektronik AB",
        "Sistemas Eletronicos S.A.",
        "Alpha Tech Trading",  # one abbreviation: as likely the name's own word
    ],
)
def test_no_rewrite(query: str) -> None:
    assert query_spellings(query) == ()


def test_bgn_romanization() -> None:
    assert romanize_bgn("Хиквижн Щёлково") == "Khikvizhn Shchyolkovo"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("海康威視數位技術", "hikvision digital technology"),  # Taiwan 數位 = mainland 数字
        ("浪潮電子資訊產業", "inspur electronics information industry"),  # Taiwan 資訊 = 信息
        ("中興通訊", "zte"),  # the phrase conversion would split the brand (中兴通信): the character one wins
    ],
)
def test_taiwan_phrases(text: str, expected: str) -> None:
    assert to_ascii(text).split() == expected.split()


def test_cyrillic_query_finds_the_english_list_name(screener: Screener) -> None:
    hits = screener.screen("АО «Концерн «Созвездие»")
    assert hits and "sozvezdie" in hits[0].entity.name.casefold()
    assert any(f.feature == "spelling" for f in hits[0].explanation)


def test_free_zone_legal_form(screener: Screener) -> None:
    hits = screener.screen("Stealth Telecom FZ-LLC")
    assert hits and hits[0].entity.name.casefold().startswith("stealth telecom")


def test_unknown_russian_words_keep_the_transliteration(screener: Screener) -> None:
    # "добыча" is not translated: the lists print it as "Dobycha"
    hits = screener.screen("ООО «Газпром добыча Надым»")
    assert hits and hits[0].entity.name.casefold().startswith("gazprom dobycha nadym")


def _copy_data(tmp_path: Path) -> Path:
    for path in datafiles.DATA_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('{ru: "концерн*", en: "concern",', '{ru: "kontsern*", en: "concern",', "ru"),
        ('{ru: "концерн*", en: "concern",', '{ru: "концерн*", en: "concern", colour: x,', "colour"),
        ('{ru: "центр*", latin: false,', '{ru: "центр*", latin: maybe,', "latin"),
        ("ш: sh, ", "", "letters"),
    ],
)
def test_invalid_cyrillic_terms_name_the_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    path = _copy_data(tmp_path) / "cyrillic_terms.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        datafiles.load_cyrillic_terms.__wrapped__(tmp_path)
    assert info.value.field == field and info.value.file == str(path)
