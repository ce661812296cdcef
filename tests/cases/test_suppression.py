from __future__ import annotations

from datetime import date

import pytest

from ictguard.cases.list_diff import diff_entities
from ictguard.cases.suppression import Suppression, entity_fingerprint, lapse_reason, party_fingerprint
from ictguard.model import Entity

E = Entity(id="el:1", source="EL", name="Huawei Technologies Co., Ltd.", source_file="a.csv", source_line=3)
FP = entity_fingerprint(E.to_dict())
PARTY = party_fingerprint("Huawei Tech", "cn")
S = Suppression(1, "el:1", FP, PARTY, expires_on=date(2026, 6, 30))


def test_provenance_does_not_change_the_entity_fingerprint() -> None:
    moved = Entity(id="el:1", source="EL", name="Huawei Technologies Co., Ltd.", source_file="b.csv", source_line=9)
    assert entity_fingerprint(moved.to_dict()) == FP


def test_party_fingerprint_ignores_spacing_and_country_case() -> None:
    assert party_fingerprint("Huawei  Tech ", "CN") == PARTY
    assert party_fingerprint("Huawei Tech", "US") != PARTY


@pytest.mark.parametrize(
    ("entity_fp", "party_fp", "on", "reason"),
    [
        (FP, PARTY, date(2026, 6, 30), None),
        (FP, PARTY, date(2026, 7, 1), "expired"),
        (entity_fingerprint({**E.to_dict(), "aliases": ["Huawei"]}), PARTY, date(2026, 1, 1), "entry changed"),
        (FP, party_fingerprint("Huawei Tech Ltd", "CN"), date(2026, 1, 1), "counterparty changed"),
    ],
)
def test_lapse_reasons(entity_fp: str, party_fp: str, on: date, reason: str | None) -> None:
    got = lapse_reason(S, entity_fingerprint=entity_fp, party_fingerprint=party_fp, on=on)
    if reason is None:
        assert got is None
    else:
        assert got is not None and reason in got


def test_diff_entities() -> None:
    old = [E, Entity(id="el:2", source="EL", name="Gone Ltd")]
    new = [
        Entity(id="el:1", source="EL", name="Huawei Technologies Co., Ltd.", aliases=("Huawei",)),
        Entity(id="el:3", source="EL", name="New Ltd"),
    ]
    diff = diff_entities(old, new)
    assert (diff.added, diff.changed, diff.removed) == (("el:3",), ("el:1",), ("el:2",))
    assert diff.affecting == {"el:1", "el:3"}
