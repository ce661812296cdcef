"""Round 6 of family coverage (branch famdata5): Hytera's sales of Sepura (2022-07) and Teltronic/PowerTrunk
(2025-07), Hytera's new members and Chinese names, xFusion's Chinese short name, Chinese names of China Unicom
Americas and Huawei Machine, and the decisions that keep look-alikes out: "PacNet" is no alias of Pacific Networks
(it is Telstra's Pacnet Limited), the English name of xFusion is no spelling (the UK firm Fusion Digital Technology),
and Autel Intelligent Technology is no alias of Autel Robotics. Screening, the member dates and ``decide``, each on
both sides of a sale day; the round-6 look-alikes (bench/_family_queries.py FAMILY_NEGATIVES_R6) stay quiet."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ictguard.families import default_families
from ictguard.lists.csl_csv import load_csl_csv
from ictguard.lists.curated import default_regimes
from ictguard.lists.snapshot import screening_entities
from ictguard.model import Entity
from ictguard.rules import IndexResolver, decide, resolver_for_entities
from ictguard.screening import Screener
from tests.rules._txn import item, party, txn

RANK = ["prohibited", "license_required", "reviewable", "flag", "authorized", "no_restriction"]
ETC = party("purchaser", "Prairie Rural Telephone Cooperative", "US")


@pytest.fixture(scope="module")
def entities(lists_dir: Path) -> list[Entity]:
    return load_csl_csv(lists_dir / "consolidated.csv")


@pytest.fixture(scope="module")
def screener(entities: list[Entity]) -> Screener:
    return Screener.from_entities(screening_entities(entities), version_id="families-r6-test")


@pytest.fixture(scope="module")
def resolver(entities: list[Entity]) -> IndexResolver:
    return resolver_for_entities(entities, "families-r6-test")


@pytest.mark.parametrize(
    ("query", "entity_id"),
    [
        ("赛普乐", "family:hytera:sepura"),  # Hytera's SZSE announcements 2016-154 / 2022-049
        ("诺赛特", "family:hytera:norsat"),  # Hytera's SZSE announcement 2017-098
        ("Norsat International Incorporation", "family:hytera:norsat"),
        ("Project Shortway Ltd", "family:hytera:project_shortway"),
        ("Hytera Austria GmbH", "family:hytera:hytera_austria"),
        ("海能达通信(香港)有限公司", "family:hytera:hytera_hk"),
        ("超聚变", "family:huawei:xfusion"),
        ("中国联通美洲公司", "fcc-covered:china_unicom_americas"),
        ("中国联通美洲营运有限公司", "fcc-covered:china_unicom_americas"),
    ],
)
def test_round6_names_reach_their_member(screener: Screener, query: str, entity_id: str) -> None:
    hits = screener.screen(query)
    assert hits and hits[0].entity.id == entity_id, [(h.entity.id, h.score) for h in hits]


def test_huawei_machine_chinese_name_reaches_its_entity_list_entry(screener: Screener) -> None:
    hits = screener.screen("华为机器有限公司")
    assert hits and hits[0].entity.source == "EL" and hits[0].entity.name == "Huawei Machine Co., Ltd."


@pytest.mark.parametrize(
    ("member_id", "last_day", "first_day_out"),
    [
        ("sepura", date(2022, 7, 14), date(2022, 7, 15)),  # sold to an Epiris fund (SZSE 2022-049)
        ("teltronic", date(2025, 7, 22), date(2025, 7, 23)),  # sold to Next Gen Critical Comms (2025-07-22)
        ("powertrunk", date(2025, 7, 22), date(2025, 7, 23)),  # leaves with its parent Teltronic
    ],
)
def test_hytera_sales_end_membership(member_id: str, last_day: date, first_day_out: date) -> None:
    member = next(m for m in default_families()["hytera"].members if m.id == member_id)
    assert member.since == date(2017, 5, 25)
    assert member.in_family(last_day) and not member.in_family(first_day_out)


def test_units_moved_out_of_sepura_before_its_sale_stay_in_the_family() -> None:
    members = {m.id: m for m in default_families()["hytera"].members}
    assert members["hytera_austria"].until is None and members["project_shortway"].until is None
    assert "Project Shortway Limited" not in members["sepura"].spellings


def _usf(day: str, maker: str, country: str, category: str = "telecom_equipment") -> dict[str, Any]:
    parties = [ETC, party("supplier", maker, country)]
    return txn(day, "usf_purchase", parties, [item(category, "equipment", manufacturer=maker)], security_purpose=True)


def _strictest(result: dict[str, Any], regime: str) -> str:
    outcomes = [f["outcome"] for f in result["findings"] if f["regime"] == regime]
    return min(outcomes, key=RANK.index) if outcomes else "no_restriction"


@pytest.mark.parametrize(
    ("label", "transaction", "outcome"),
    [
        ("sepura day before sale", _usf("2022-07-14", "Sepura Limited", "GB"), "prohibited"),
        ("sepura sale day", _usf("2022-07-15", "Sepura Limited", "GB"), "no_restriction"),
        ("sepura chinese name before sale", _usf("2022-07-14", "赛普乐", "GB"), "prohibited"),
        ("teltronic day before sale", _usf("2025-07-22", "Teltronic S.A.U.", "ES"), "prohibited"),
        ("teltronic sale day", _usf("2025-07-23", "Teltronic S.A.U.", "ES"), "no_restriction"),
        ("powertrunk after sale", _usf("2025-07-23", "PowerTrunk, Inc.", "US"), "no_restriction"),
        ("norsat stays", _usf("2025-07-23", "诺赛特", "CA"), "prohibited"),
        ("hytera austria", _usf("2023-01-10", "Hytera Austria GmbH", "AT"), "prohibited"),
        # Pacific Networks is reached by its own names; Telstra's Pacnet Limited is not Pacific Networks
        ("pacific networks", _usf("2023-01-10", "Pacific Networks Corp", "US", "services"), "prohibited"),
        ("pacnet limited is telstra's", _usf("2023-01-10", "Pacnet Limited", "HK", "services"), "no_restriction"),
        # xFusion's English name is kept out: the UK firm Fusion Digital Technology is never Huawei
        ("fusion digital technology", _usf("2021-06-01", "Fusion Digital Technology Ltd", "GB"), "no_restriction"),
        ("xfusion chinese short name before sale", _usf("2021-11-04", "超聚变", "CN"), "prohibited"),
        ("xfusion chinese short name after sale", _usf("2021-11-05", "超聚变", "CN"), "no_restriction"),
    ],
)
def test_decide_on_both_sides_of_round6_dates(
    resolver: IndexResolver, label: str, transaction: dict[str, Any], outcome: str
) -> None:
    result = decide(transaction, resolver=resolver).to_dict()
    assert _strictest(result, "FCC") == outcome, (label, result["findings"])


def test_no_alias_names_another_firm() -> None:
    aliases = {a.casefold() for c in default_regimes().companies.values() for a in (c.name, *c.aliases)}
    assert "pacnet" not in aliases and "autel intelligent technology corp., ltd." not in aliases


@pytest.mark.parametrize(
    "query",
    [
        # round-6 look-alikes (FAMILY_NEGATIVES_R6) nearest to the new and changed names
        "Pacnet Limited",
        "Pacific Internet Ltd",
        "Fusion Digital Technology Ltd",
        "Sepracor Inc",
        "Teletronics Technology Corp",
        "Nortel Networks Corp",
        "Nubia Brand International Corp",
        "HMN Technologies Co Ltd",
        "iSoftStone Information Technology (Group) Co Ltd",
        "北京大华无线电仪器有限责任公司",
        "海康人寿保险有限公司",
        "中兴华会计师事务所",
        "上海大江(集团)股份有限公司",
        "Communication Networks LLC",
        "China Mobile Games and Entertainment Group Ltd",
    ],
)
def test_round6_look_alikes_reach_no_family(screener: Screener, query: str) -> None:
    hits = screener.screen(query)
    assert not any(h.entity.source in ("FAMILY", "FCC-COVERED", "NDAA889") for h in hits), hits[:2]
