from __future__ import annotations

from datetime import date

from ictguard.model import Address, Entity, EntityType, Identifier, Relation, RelationKind


def test_entity_round_trips_through_json() -> None:
    e = Entity(
        id="csl:1",
        source="EL",
        name="Huawei Technologies Co., Ltd.",
        type=EntityType.ORGANIZATION,
        aliases=("Huawei",),
        addresses=(Address("Shenzhen, CN", "CN"),),
        identifiers=(Identifier("USCC", "914403001922038216", "CN"),),
        relations=(Relation(RelationKind.AFFILIATE_OF, "Huawei Investment & Holding"),),
        start_date=date(2019, 5, 21),
        effective_date=date(2019, 5, 16),
        vessel={"vessel_flag": "CN"},
    )
    assert Entity.from_dict(e.to_dict()) == e


def test_in_force_uses_effective_date_and_inclusive_end() -> None:
    e = Entity(
        id="x",
        source="EL",
        name="X",
        start_date=date(2019, 5, 21),
        effective_date=date(2019, 5, 16),
        end_date=date(2020, 1, 1),
    )
    assert not e.in_force(date(2019, 5, 15))
    assert e.in_force(date(2019, 5, 16))
    assert e.in_force(date(2020, 1, 1))
    assert not e.in_force(date(2020, 1, 2))
