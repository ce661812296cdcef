"""Round 5 of family coverage (branch famdata4): cited facts found for round-5 misses, and round-5 look-alikes
(real unrelated firms, bench/_family_queries.py FAMILY_NEGATIVES_R5) that must not reach a family."""

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
    return Screener.from_entities(screening_entities(entities), version_id="families-r5-test")


@pytest.mark.parametrize(
    ("query", "entity_id"),
    [
        ("REDMAGIC", "family:zte:nubia"),
    ],
)
def test_round5_members_are_family_hits_with_their_path(screener: Screener, query: str, entity_id: str) -> None:
    hits = screener.screen(query)
    assert hits and hits[0].entity.id == entity_id
    family = [f for f in hits[0].explanation if f.feature == "family"]
    assert family and " of " in family[0].detail


@pytest.mark.parametrize("query", ["中國移動國際(美國)有限公司", "中国移动国际(美国)有限公司"])
def test_cmi_usa_chinese_names_reach_the_covered_entry(screener: Screener, query: str) -> None:
    hits = screener.screen(query)
    assert hits and hits[0].entity.id == "fcc-covered:china_mobile_intl_usa"


@pytest.mark.parametrize(
    "query",
    [
        # round-5 look-alikes (FAMILY_NEGATIVES_R5) nearest to the new names and to HYT
        "Innovative Sensor Technology IST AG",
        "HYT-939",
        "Sinclair Broadcast Group Inc",
        # real IEEE registrant that reached a Sinclair Technologies member tried in this round (and dropped)
        "Singular Technology Co. Ltd.",
        "Norstat AS",
        "合肥美亚光电技术股份有限公司",
        "旷达科技集团股份有限公司",
        "Beijing Autelan Technology Co Ltd",
        "中兴财光华会计师事务所",
        "Hua Hong Semiconductor Ltd",
        "Rolex SA",
    ],
)
def test_round5_look_alikes_stay_quiet(screener: Screener, query: str) -> None:
    assert not any(h.entity.source == "FAMILY" for h in screener.screen(query))
