"""Round 7 (branch famscreen): a covered family's member is a hit, with its path, from the spellings vendor
masters and shipping records carry — an address tail after its name, its brand with its parent, its registered
Chinese name cut inside the legal form, a "d/b/a" second name — while real unrelated firms sharing a word with a
member stay quiet. None of these spellings is in the bench's round-7 split; each missed on main 7bd3167."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.lists.csl_csv import load_csl_csv
from ictguard.lists.snapshot import screening_entities
from ictguard.model import Entity
from ictguard.screening import Screener


@pytest.fixture(scope="module")
def screener(lists_dir: Path) -> Screener:
    entities: list[Entity] = load_csl_csv(lists_dir / "consolidated.csv")
    return Screener.from_entities(screening_entities(entities), version_id="round7-forms-test")


@pytest.mark.parametrize(
    ("query", "entity_id"),
    [
        # address tails
        ("Hikvision Canada Inc Toronto ON", "family:hikvision:hikvision_ca"),
        ("Kaspersky Government Security Solutions Inc Arlington VA", "family:kaspersky:kgss"),
        ("ZTE USA Inc Morristown New Jersey", "family:zte:zte_usa"),
        ("Autel Robotics USA LLC Bothell Washington", "family:autel:autel_usa"),
        ("Huawei Technologies USA Inc Plano Texas USA", "family:huawei:huawei_usa"),
        ("Dahua Technology Canada Inc Markham ON", "family:dahua:dahua_ca"),
        ("Futurewei Technologies Inc Santa Clara California", "family:huawei:futurewei"),
        # a brand with its parent
        ("Hiksemi (Hikvision)", "family:hikvision:hikstorage"),
        ("HikRobot by Hikvision", "family:hikvision:hikrobot"),
        ("HiLook powered by Hikvision", "family:hikvision:hilook"),
        ("Huawei Futurewei", "family:huawei:futurewei"),
        ("DJI Hasselblad", "family:dji:hasselblad"),
        # a cut Chinese legal form, a d/b/a name
        ("杭州萤石网络股份有限", "family:hikvision:ezviz"),
        ("Hangzhou Hikvision Robot Co Ltd d/b/a HikRobot", "family:hikvision:hikrobot"),
    ],
)
def test_member_forms_reach_the_member_with_its_path(screener: Screener, query: str, entity_id: str) -> None:
    hits = screener.screen(query)
    assert hits and hits[0].entity.id == entity_id
    family = [f for f in hits[0].explanation if f.feature == "family"]
    assert family and " of " in family[0].detail


def test_cut_chinese_name_reaches_the_listed_parent(screener: Screener) -> None:
    hits = screener.screen("中兴通讯股份有")
    assert hits and "ZTE" in hits[0].entity.name and hits[0].score >= 0.95


@pytest.mark.parametrize(
    "query",
    [
        "Symantec Corporation Tempe AZ",  # Huawei Symantec's former partner
        "Future Electronics Inc Pointe Claire Quebec",  # look-alike of Futurewei
        "Xtera Communications Inc Allen Texas",  # look-alike of Hytera
        "Hubbell Inc Shelton CT",  # look-alike of Hubble
        "Hasselblad Foundation Goteborg Sweden",  # not the camera maker
        "Dahua Certified Public Accountants Beijing China",  # 大华会计师事务所
        "Linc Technology Corporation dba Data-Linc Group",  # IEEE registrants with a d/b/a name
        "Aliph dba Jawbone",
        "RDC, Inc. dba LynTec",
    ],
)
def test_look_alikes_stay_quiet(screener: Screener, query: str) -> None:
    assert screener.screen(query) == []
