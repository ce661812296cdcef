"""A covered family's name plus a place is a presumed local subsidiary (families/local.py,
screening/local_subsidiary.py): found as the family's one FAMILY entity, never for other businesses or for
families no §889 / Covered List entry reaches."""

from __future__ import annotations

from datetime import date

import pytest

from ictguard.families.local import Anchor
from ictguard.lists.curated import curated_entities_with_listings
from ictguard.model import Entity
from ictguard.screening import Screener
from ictguard.screening.local_subsidiary import LocalSubsidiaryMatcher

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def screener() -> Screener:
    """The curated entities with the presumed local subsidiaries but without the named family members, so the
    presumption is what answers (a member the base names, "Hikvision Europe B.V.", answers first otherwise)."""
    entities = [
        e for e in curated_entities_with_listings() if e.source != "FAMILY" or e.id.endswith(":local_subsidiary")
    ]
    return Screener.from_entities(entities, version_id="curated-no-members")


@pytest.fixture(scope="module")
def full_screener() -> Screener:
    return Screener.from_entities(curated_entities_with_listings(), version_id="curated")


# (name, the family whose presumed local subsidiary it is)
PRESUMED = [
    ("Hikvision Europe B.V.", "hikvision"),
    ("Hikvision do Brasil Ltda", "hikvision"),
    ("Hikvision Digital Technology (Shanghai) Co Ltd", "hikvision"),
    ("HIKVISION SINGAPORE PTE. LTD.", "hikvision"),
    ("Dahua Technology Italy S.r.l.", "dahua"),
    ("Dahua Technology UK Limited", "dahua"),
    ("Dahua Security Poland Sp. z o.o.", "dahua"),
    ("ZTE Deutschland GmbH", "zte"),
    ("ZTE Corporation Asia Pacific", "zte"),
    ("Huawei Technologies Middle East FZ-LLC", "huawei"),
    ("Huawei Technologies Co., Ltd. Egypt Branch", "huawei"),
    ("Hytera Communications (UK) Co. Ltd", "hytera"),
    ("DJI Europe B.V.", "dji"),
    ("Kaspersky Lab Italia S.r.l.", "kaspersky"),
    # Chinese: the country's Chinese name (rigour's territory names) is the place, simplified or traditional
    ("华为技术有限公司埃及分公司", "huawei"),
    ("中兴通讯（德国）有限公司", "zte"),
    ("中興通訊（德國）有限公司", "zte"),
    ("大华技术哈萨克斯坦有限公司", "dahua"),
]


@pytest.mark.parametrize(("name", "family"), PRESUMED)
def test_family_name_plus_place_is_a_presumed_subsidiary(screener: Screener, name: str, family: str) -> None:
    hits = screener.screen(name, as_of=TODAY)
    assert hits, name
    top = hits[0]
    assert top.entity.id == f"family:{family}:local_subsidiary", [(h.entity.id, h.score) for h in hits]
    assert top.entity.source == "FAMILY"
    features = {f.feature: f.detail for f in top.explanation}
    assert "confirm the ownership" in features["local_subsidiary"]
    assert "§889" in features["family"] or "Covered List" in features["family"]
    assert "not itself on the Entity List" in features["family"]


@pytest.mark.parametrize(("name", "family"), PRESUMED)
def test_with_every_member_the_top_hit_is_still_the_family(full_screener: Screener, name: str, family: str) -> None:
    hits = full_screener.screen(name, as_of=TODAY)
    assert hits and hits[0].entity.id.startswith(f"family:{family}:"), [(h.entity.id, h.score) for h in hits]


# Names that share a covered family's word but are another business, no place at all, or built on a name that
# already names a country (a local company is no family's base name).
NOT_PRESUMED = [
    "Sichuan Huawei Fishing Co (HK)",
    "Dahua Shipping Co (Singapore)",
    "Hikvision Robotics Vacuum Cleaners Germany",
    "Huawei Garments Europe",
    "China Mobile Hong Kong",
    "ComNet Europe Ltd",
    "Pacific Networks Europe",
    "ZTE",
    "Europe Technology B.V.",
    "Digital Technology (Shanghai) Co Ltd",
    "华为渔业（香港）有限公司",  # Huawei Fishing (Hong Kong): another business
]


@pytest.mark.parametrize("name", NOT_PRESUMED)
def test_other_businesses_are_not_presumed(full_screener: Screener, name: str) -> None:
    hits = full_screener.screen(name, as_of=TODAY)
    assert not [h for h in hits if h.entity.id.endswith(":local_subsidiary")], [(h.entity.id, h.score) for h in hits]


def test_a_listed_spelling_wins() -> None:
    # Huawei Technologies (Thailand) Co. is an Entity List entry of its own: found as such, with no presumption.
    listed = Entity(id="el:thailand", source="EL", name="Huawei Technologies (Thailand) Co.", countries=("TH",))
    screener = Screener.from_entities([*curated_entities_with_listings(), listed], version_id="test")
    hits = screener.screen("Huawei Technologies (Thailand) Co., Ltd.", as_of=TODAY)
    assert hits[0].entity.id == "el:thailand"
    assert not [h for h in hits if h.entity.id.endswith(":local_subsidiary")]
    # Without that entry the same name is a presumed subsidiary.
    alone = Screener.from_entities(curated_entities_with_listings(), version_id="test2")
    assert alone.screen("Huawei Technologies (Thailand) Co., Ltd.", as_of=TODAY)[0].entity.id == (
        "family:huawei:local_subsidiary"
    )


def test_exact_threshold_reports_no_presumption(screener: Screener) -> None:
    assert not screener.screen("Hikvision Europe B.V.", as_of=TODAY, threshold=1.0)


def test_sold_member_counts_only_before_its_sale() -> None:
    matcher = LocalSubsidiaryMatcher(
        [Anchor("dahua", "Lorex Technology Inc.", until=date(2022, 11, 24)), Anchor("dahua", "Dahua Technology")]
    )
    assert [a.name for a, _ in matcher.match("Lorex Technology Europe", date(2022, 11, 23))] == [
        "Lorex Technology Inc."
    ]
    assert matcher.match("Lorex Technology Europe", date(2022, 11, 24)) == []


def test_place_words_and_anchor_choice() -> None:
    matcher = LocalSubsidiaryMatcher(
        [
            Anchor("hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd."),
            Anchor("cmi", "China Mobile International USA Inc."),  # names a country: anchors nothing
        ]
    )
    found = matcher.match("Hikvision Digital Technology Deutschland GmbH", TODAY)
    assert [(a.family_id, places) for a, places in found] == [("hikvision", ("de",))]  # one key per country
    assert matcher.match("China Mobile International Europe", TODAY) == []
    # A Chinese city is a place too, and the family's own city adds nothing.
    assert matcher.match("Hikvision (Chengdu) Co Ltd", TODAY)
    assert matcher.match("Hangzhou Hikvision Co Ltd", TODAY) == []


# (query, the listed entry it is: the covered family's company listed in the same place)
LISTED_SAME_PLACE = [
    ("Huawei Technologies Cuba", "el:cuba"),
    ("Huawei Cuba S.A.", "el:cuba"),
    ("Huawei Technologies Germany GmbH", "el:de"),  # Germany = Deutschland (one place key)
    ("华为技术有限公司（德国）", "el:de"),
    ("Huawei Tech Investment Germany", "el:de"),
]


@pytest.fixture(scope="module")
def with_listed_locals() -> Screener:
    listed = [
        Entity(id="el:cuba", source="EL", name="Huawei Cuba", countries=("CU",)),
        Entity(id="el:de", source="EL", name="Huawei Technologies Deutschland GmbH", countries=("DE",)),
        Entity(id="el:dahua", source="EL", name="Zhejiang Dahua Technology Co., Ltd.", countries=("CN",)),
    ]
    return Screener.from_entities([*curated_entities_with_listings(), *listed], version_id="listed-locals")


@pytest.mark.parametrize(("query", "entity_id"), LISTED_SAME_PLACE)
def test_family_name_plus_a_listed_place_is_that_entry(
    with_listed_locals: Screener, query: str, entity_id: str
) -> None:
    hits = with_listed_locals.screen(query, as_of=TODAY)
    assert hits[0].entity.id == entity_id, [(h.entity.id, h.score) for h in hits]
    assert hits[0].score >= 0.9
    assert not [h for h in hits if h.entity.id.endswith(":local_subsidiary")]


def test_other_places_and_the_family_itself(with_listed_locals: Screener) -> None:
    egypt = with_listed_locals.screen("Huawei Technologies Egypt", as_of=TODAY)
    assert egypt[0].entity.id == "family:huawei:local_subsidiary"
    assert not [h for h in egypt if h.entity.id in ("el:cuba", "el:de")]
    # The family's own name with its home province is the family, no local company of it.
    home = with_listed_locals.screen("Zhejiang Dahua Technology Co Ltd", as_of=TODAY)
    assert not [h for h in home if h.entity.id.endswith(":local_subsidiary")]
