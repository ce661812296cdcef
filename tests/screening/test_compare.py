from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ictguard.screening import DEFAULT_THRESHOLD, compare_names

MATCHES = [
    ("华为技术有限公司", "Huawei Technologies Co., Ltd.", "Company"),
    ("華為技術有限公司", "Huawei Technologies Co., Ltd.", "Company"),
    ("Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision", "Company"),
    ("杭州海康威视数字技术股份有限公司", "Hangzhou Hikvision Digital Technology Co., Ltd.", "Company"),
    ("浙江大华技术股份有限公司", "Zhejiang Dahua Technology Co., Ltd.", "Company"),
    ("Zhejiang Dahua Technology", "Dahua Technology Co", "Company"),
    ("Hikvisoin", "Hikvision", "Company"),
    ("HIK VISION", "Hikvision", "Company"),
    ("HUAWEITECHNOLOGIES CO LTD", "Huawei Technologies Co., Ltd.", "Company"),
    ("Gazprom Telekom OOO", "Obshchestvo S Ogranichennoi Otvetstvennostyu Gazprom Telekom", "Company"),
    ("ООО Газпром Телеком", "Gazprom Telekom, OOO", "Company"),
    ("Acme Trading Sp. z o.o.", "ACME TRADING SPOLKA Z OGRANICZONA ODPOWIEDZIALNOSCIA", "Company"),
    ("Semiconductor Manufacturing International Corporation (SMIC)", "SMIC", "Company"),
    ("KIM, Jong Un", "Kim Jong-un", "Person"),
    ("M/T ORIENT STAR", "Orient Star", "Vessel"),
    ("BENEFICIARY: HYTERA COMMUNICATIONS LTD", "Hytera Communications Limited", "Company"),
    ("HuaweiTechnologiesCo.,Ltd.", "Huawei Technologies Co., Ltd.", "Company"),  # run together
    # A word that is the other name's bracketed acronym stands for the words it abbreviates.
    (
        "CSSC 709th Research Institute",
        "China State Shipbuilding Corporation, Limited (CSSC) 709th Research Institute",
        "Company",
    ),
    (
        "CETC 29th Research Institute",
        "China Electronics Technology Group Corporation 29 (CETC 29) Research Institute",
        "Company",
    ),
    ("Huawei Technologies Romania Co.,L td.", "Huawei Technologies Romania Co., Ltd.", "Company"),  # split word
    ("Hauwei Cloud Dalian", "Huawei Cloud Dalian", "Company"),  # swapped letters are one typo
    ("Chengdu Beizhan Electronics Co., Ltd.", "Chengdu Beizhang Electronics Co.", "Company"),  # pinyin variant
    (
        "Huawei Technologies Co., Ltd., Bantian, Longgang District, Shenzhen 518129, China",
        "Huawei Technologies Co., Ltd.",
        "Company",
    ),  # address appended
]

NON_MATCHES = [
    ("Huawei Device Co., Ltd.", "Huawei Technologies Co., Ltd.", "Company"),
    ("Zhejiang Uniview Technologies Co., Ltd.", "Zhejiang Dahua Technology Co., Ltd.", "Company"),
    ("Acme Steel Tubes Co., Ltd.", "Acme Steel Wires Co., Ltd.", "Company"),
    ("Shipping Three Co", "Shipping Five Co", "Company"),
    ("Maru No. 8", "Maru No. 6", "Vessel"),
    ("Huawei Technologies (Thailand) Co., Ltd.", "Huawei Technologies Co., Ltd.", "Company"),
    ("Huawei Technologies Bahrain", "Huawei Technologies Co., Ltd.", "Company"),
    ("Huawei Investment & Holding Co., Ltd.", "Huawei Technologies Co., Ltd.", "Company"),
    ("Acme Holding Ltd", "Acme Trading Ltd", "Company"),
    ("John Smith", "Jane Smith", "Person"),
    # A one-word list name inside another company's name is not that party.
    ("Sunrise Plumbing Inc.", "SUNRISE", "Company"),
    ("Huawei Marine Networks Co., Ltd.", "Huawei", "Company"),
    ("Mike Lee", "MIKE", "Person"),
    # Joined strings must not bridge a word of one name only, or different short words.
    ("Shenzhen Technology Co Ltd", "Shenzhen SCH Technology Co., Ltd.", "Company"),
    ("Zte Logistics", "Tex-Co Logistics Ltd.", "Company"),
    ("Chengdu Lanhai Technology Co., Ltd.", "Chengdu Huawei Technologies Co., Ltd.", "Company"),
    # Ordinals are numbers; a unit named after the parent's legal form is not an address.
    (
        "CSSC 708th Research Institute",
        "China State Shipbuilding Corporation, Limited (CSSC) 709th Research Institute",
        "Company",
    ),
    (
        "China State Shipbuilding Corporation 708th Research Institute",
        "China State Shipbuilding Corporation, Limited (CSSC) 704th Research Institute",
        "Company",
    ),
    (
        "Tactical Missile Corporation, Smolensk Aviation Plant",
        "Tactical Missile Corporation, Concern MPO-Gidropribor",
        "Company",
    ),
]


@pytest.mark.parametrize(("a", "b", "schema"), MATCHES)
def test_matches_score_at_or_above_threshold(a: str, b: str, schema: str) -> None:
    score, features = compare_names(a, b, schema)
    assert score >= DEFAULT_THRESHOLD, features
    assert features, "every score carries an explanation"


@pytest.mark.parametrize(("a", "b", "schema"), NON_MATCHES)
def test_non_matches_score_below_threshold(a: str, b: str, schema: str) -> None:
    score, features = compare_names(a, b, schema)
    assert score < DEFAULT_THRESHOLD, features


@pytest.mark.parametrize(("a", "b"), [("Acme Steel Tubes", "Acme Steel Tubes Ltd"), ("Shipping Three", "Shipping 3")])
def test_sibling_scores_below_the_true_match(a: str, b: str) -> None:
    """The discriminating feature must show: the sibling scores clearly lower than the true match."""
    sibling = a.replace("Tubes", "Wires").replace("Three", "Five")
    assert compare_names(a, b)[0] - compare_names(sibling, b)[0] > 0.3


def test_explanation_names_the_conflict() -> None:
    _, features = compare_names("Acme Steel Tubes", "Acme Steel Wires")
    assert any(f.feature == "conflicting_words" and "tube" in f.detail for f in features)


def test_symmetric_enough() -> None:
    a, b = "Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision"
    assert compare_names(a, b)[0] == pytest.approx(compare_names(b, a)[0])


def _cross_script_pairs(shared_dir: Path) -> list[tuple[str, str]]:
    path = shared_dir / "data" / "matching" / "watchman_cross_script_pairs.csv"
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [(r[0], r[1]) for r in csv.reader(rows)]


def test_cross_script_person_pairs(shared_dir: Path) -> None:
    """Watchman's cross-script pairs (Cyrillic/Arabic/Chinese <-> Latin): most must score at the threshold.

    Arabic without vowels and Chinese person names given in pinyin order are hard; we require a majority and
    report the rest, rather than pretending every pair works.
    """
    pairs = _cross_script_pairs(shared_dir)
    scores = [compare_names(a, b, "Person")[0] for a, b in pairs]
    found = sum(s >= DEFAULT_THRESHOLD for s in scores)
    assert len(pairs) >= 20
    assert found / len(pairs) >= 0.5, list(zip(pairs, scores, strict=True))


@pytest.mark.parametrize(
    ("query", "listed", "schema", "feature", "fires"),
    [
        # A list name of ordinary words inside a longer company name ...
        ("Sunrise Software B.V.", "SUNRISE", "Company", "ordinary_words_list_name", True),
        ("Pioneer Trading Co., Ltd.", "Pioneer", "Company", "ordinary_words_list_name", True),
        # ... but not a coined brand, not the same name, not a person.
        ("Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision", "Company", "ordinary_words_list_name", False),
        ("Sunrise Ltd", "SUNRISE", "Company", "ordinary_words_list_name", False),
        ("Rose Long Smith", "Rose Long", "Person", "ordinary_words_list_name", False),
        # Distinctive words that agree in sound only ...
        ("Siemens AG", "SIMAN SEPAHAN", "Company", "sound_alike_only", True),
        ("Richer Link Technologies Co., Ltd.", "Liang Technology", "Company", "sound_alike_only", True),
        # ... not a typo, an abbreviation, a glued name, or a person's transliteration.
        ("Hikvisoin Co., Ltd.", "Hikvision", "Company", "sound_alike_only", False),
        ("Gazprom Telekom OOO", "Gazprom Telecom", "Company", "sound_alike_only", False),
        ("HIK VISION Co Ltd", "Hikvision", "Company", "sound_alike_only", False),
        ("Dmitrii Ivanov", "Dmitry Ivanov", "Person", "sound_alike_only", False),
    ],
)
def test_company_word_features(query: str, listed: str, schema: str, feature: str, fires: bool) -> None:
    features = {f.feature: f for f in compare_names(query, listed, schema)[1]}
    assert (feature in features) is fires, list(features.values())
    if fires:
        assert "weight" in features[feature].detail  # its contribution is explained
