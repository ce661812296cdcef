"""What reaches a family member on which dates: §889 and the Covered List through the parent, from the later of
the regime's date and the member's own, to the day before a sale; never the Entity List by itself."""

from __future__ import annotations

from datetime import date

import pytest

from ictguard.families import Family, Member, default_families
from ictguard.families.coverage import el_text, member_coverage, path_text
from ictguard.lists.curated import default_regimes


def _member(family_id: str, member_id: str) -> tuple[Family, Member]:
    family = default_families()[family_id]
    return family, next(m for m in family.members if m.id == member_id)


@pytest.mark.parametrize(
    ("family_id", "member_id", "expected"),
    [
        # Honor: sold 2020-11-17, before the Covered List existed (2021-03-12): §889 only, to 2020-11-16.
        ("huawei", "honor", [("NDAA889", date(2019, 8, 13), date(2020, 11, 16))]),
        # Lorex: §889 from its effective date and Covered List entry 5 from 2021-03-12, both to 2022-11-23.
        (
            "dahua",
            "lorex",
            [
                ("NDAA889", date(2019, 8, 13), date(2022, 11, 23)),
                ("FCC-COVERED", date(2021, 3, 12), date(2022, 11, 23)),
            ],
        ),
        # Hikstorage: established May 2017, open-ended.
        ("hikvision", "hikstorage", [("NDAA889", date(2019, 8, 13), None), ("FCC-COVERED", date(2021, 3, 12), None)]),
        # Round 2 of coverage: a sale in January 2024 (Dahua Technology USA), a sale before the Covered List existed
        # (Huawei Marine, 2020-03-09), a member founded after §889 took effect (Huawei Digital Power, 2021-06-07), one
        # bought before either regime (Norsat, 2017-07-20) and a Covered-List-only parent (DJI, entry 2025-12-22).
        (
            "dahua",
            "dahua_usa",
            [
                ("NDAA889", date(2019, 8, 13), date(2024, 1, 31)),
                ("FCC-COVERED", date(2021, 3, 12), date(2024, 1, 31)),
            ],
        ),
        ("huawei", "huawei_marine", [("NDAA889", date(2019, 8, 13), date(2020, 3, 8))]),
        (
            "huawei",
            "huawei_digital_power",
            [("NDAA889", date(2021, 6, 7), None), ("FCC-COVERED", date(2021, 6, 7), None)],
        ),
        ("hytera", "norsat", [("NDAA889", date(2019, 8, 13), None), ("FCC-COVERED", date(2021, 3, 12), None)]),
        ("dji", "hasselblad", [("FCC-COVERED", date(2025, 12, 22), None)]),
        # An Entity-List-only family (SenseTime): neither regime reaches its members.
        ("sensetime", "shanghai_sensetime", []),
    ],
)
def test_member_coverage_windows(family_id: str, member_id: str, expected: list[tuple[str, date, date | None]]) -> None:
    family, member = _member(family_id, member_id)
    got = [(c.regime, c.start, c.end) for c in member_coverage(family, member, default_regimes())]
    assert got == expected


def test_path_never_calls_a_brand_or_subsidiary_listed() -> None:
    _, brand = _member("hikvision", "hilook")
    text = el_text(brand, listed=False, parent_listed=True)
    assert text.startswith("a brand, not itself on the Entity List") and "owner's entry applies" in text
    family, sub = _member("dahua", "huaxiao")
    text = el_text(sub, listed=False, parent_listed=True)
    assert "not itself on the Entity List (its parent is" in text and "recorded share 51%" in text
    assert "Entity List status not checked" in el_text(sub, listed=None, parent_listed=False)
    assert el_text(sub, listed=True, parent_listed=True) == "also on the Entity List under its own entry"
    assert "not a §889 or FCC Covered List company" in path_text(family, sub, [])
