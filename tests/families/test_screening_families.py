"""Screening finds family members (brands, subsidiaries, registered names, scripts) with a FAMILY label and the
path, never as a listed party; sold brands drop out from their sale date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ictguard.lists.csl_csv import load_csl_csv
from ictguard.lists.snapshot import screening_entities
from ictguard.model import Entity
from ictguard.screening import Screener


@pytest.fixture(scope="module")
def screener(lists_dir: Path) -> Screener:
    entities: list[Entity] = load_csl_csv(lists_dir / "consolidated.csv")
    return Screener.from_entities(screening_entities(entities), version_id="families-test")


@pytest.mark.parametrize(
    ("query", "entity_id"),
    [
        ("EZVIZ", "family:hikvision:ezviz"),
        ("杭州萤石网络股份有限公司", "family:hikvision:ezviz"),
        ("Hangzhou Ezviz Network Co Ltd", "family:hikvision:ezviz"),
        ("Futurewei Technologies Inc.", "family:huawei:futurewei"),
        ("LOREX CORPORATION", "family:dahua:lorex"),
        ("Imou", "family:dahua:imou"),
        ("HiLook", "family:hikvision:hilook"),
        # round 4 (branch famdata3): a sold brand's company names, Japanese and Korean companies, a cloud brand
        ("HONOR Device Co., Ltd.", "family:huawei:honor"),
        ("荣耀终端有限公司", "family:huawei:honor"),
        ("華為技術日本株式会社", "family:huawei:huawei_japan"),
        ("한국화웨이", "family:huawei:huawei_korea"),
        ("HUAWEI CLOUD", "family:huawei:huawei_cloud"),
    ],
)
def test_family_members_are_hits_with_their_path(screener: Screener, query: str, entity_id: str) -> None:
    hits = screener.screen(query)
    assert hits and hits[0].entity.id == entity_id
    top = hits[0]
    assert top.entity.source == "FAMILY" and "not a published list" in top.entity.source_name
    family = [f for f in top.explanation if f.feature == "family"]
    assert family and " of " in family[0].detail and "[" in family[0].detail


def test_brand_path_says_what_covers_it_and_that_it_is_not_listed(screener: Screener) -> None:
    detail = next(f.detail for f in screener.screen("EZVIZ")[0].explanation if f.feature == "family")
    assert "subsidiary of Hangzhou Hikvision Digital Technology Co., Ltd." in detail
    assert "§889(f)(3)(B)" in detail and "FCC Covered List entry 4" in detail
    assert "not itself on the Entity List" in detail


@pytest.mark.parametrize(
    ("query", "listed_id_part"),
    [
        ("Хиквижн", "Hikvision"),
        ("Хуавэй", "Huawei Technologies"),
        ("杭州海康威視數字技術股份有限公司", "Hikvision"),
        ("Лаборатория Касперского", "Kaspersky"),
        # round 4: Japanese, Korean and Chinese names of parents
        ("ファーウェイ", "Huawei"),
        ("하이크비전", "Hikvision"),
        ("ダーファ・テクノロジー", "Dahua"),
        ("カスペルスキー", "Kaspersky"),
        ("卡巴斯基實驗室", "Kaspersky"),
    ],
)
def test_other_scripts_of_a_parent_reach_its_list_entries(screener: Screener, query: str, listed_id_part: str) -> None:
    hits = screener.screen(query)
    assert hits and listed_id_part.lower() in hits[0].entity.name.lower()
    assert hits[0].entity.source != "FAMILY"


def test_a_sold_companys_registered_name_drops_out_on_the_sale_day(screener: Screener) -> None:
    before = screener.screen("HONOR Device Co., Ltd.", as_of=date(2020, 11, 16))
    after = screener.screen("HONOR Device Co., Ltd.", as_of=date(2020, 11, 17))
    assert before and before[0].entity.id == "family:huawei:honor"
    assert not any(h.entity.source == "FAMILY" for h in after)


def test_a_sold_brand_is_not_a_hit_after_its_sale(screener: Screener) -> None:
    before = screener.screen("Lorex Technology Inc.", as_of=date(2022, 11, 23))
    after = screener.screen("Lorex Technology Inc.", as_of=date(2022, 11, 24))
    assert before and before[0].entity.id == "family:dahua:lorex"
    assert not any(h.entity.id == "family:dahua:lorex" for h in after)


@pytest.mark.parametrize(
    ("query", "first_name"),
    [
        ("China Elec Tech Grp Corp", "CHINA ELECTRONICS TECHNOLOGY GROUP CORPORATION"),
        ("Huawei Techs Co Ltd", "Huawei Technologies Co., Ltd."),
    ],
)
def test_vendor_abbreviations_are_written_out(screener: Screener, query: str, first_name: str) -> None:
    hits = screener.screen(query)
    assert hits and hits[0].entity.name.casefold() == first_name.casefold()


@pytest.mark.parametrize(
    "query",
    [
        "Lorenz Technology GmbH",
        "Honeywell International Inc",
        "Ezra Holdings Ltd",
        "Futura Networks Inc",
        "Imperial Oil Ltd",
        "HiTek Power Ltd",
        # real IEEE registrants that reached round-2 members before those were dropped or kept to full names
        "A Trap, USA",
        "Telesoft Technologies Ltd.",
        "Teltronics, Inc.",
        "Teltronic AG",
        "Beijing Huafei Technology Co., Ltd.",
        "Rohde & Schwarz GmbH & Co. KG",
        # round 4 look-alikes (bench/_family_queries.py FAMILY_NEGATIVES_R4): Honor-, Fusion-, Dahua-named firms
        "Honor Technology Inc",
        "Fusion Digital Technology Ltd",
        "大华银行有限公司",
        "Da Hua Certified Public Accountants",
        "Teltonika Networks UAB",
        "Hubble Connected Ltd",
    ],
)
def test_look_alikes_stay_quiet(screener: Screener, query: str) -> None:
    assert not any(h.entity.source == "FAMILY" for h in screener.screen(query))
