"""A subsidiary named by country ("Huawei Technologies (UK) Co., Ltd.") scores below its parent for a query that
names no country, whether the country is spelled out, abbreviated, or in brackets."""

from __future__ import annotations

import pytest

from ictguard.model import Entity
from ictguard.screening import DEFAULT_THRESHOLD, Screener, compare_names
from ictguard.screening.normalize import Kind, normalize, without_domicile_tag

# (name, the country token it must carry as a qualifier, or None if it must carry none)
QUALIFIED = [
    ("Huawei Technologies (UK) Co., Ltd.", "unitedkingdom"),
    ("Huawei Technologies (U.K.) Co., Ltd.", "unitedkingdom"),
    ("Huawei Technologies UK Limited", "unitedkingdom"),
    ("Huawei Technologies (Australia) Pty Ltd.", "australia"),
    ("Huawei Device (Hong Kong) Co., Limited", "hongkong"),
    ("Acme Trading (HK) Limited", "hongkong"),
    ("Acme Holdings USA Inc.", "unitedstates"),
    ("US Steel Corp", None),  # a first word is not a subsidiary's country
    ("Semiconductor Manufacturing International Corporation (SMIC)", None),  # a real acronym stays one
]


@pytest.mark.parametrize(("name", "country"), QUALIFIED)
def test_country_abbreviation_becomes_a_qualifier(name: str, country: str | None) -> None:
    qualifiers = [t.text for t in normalize(name).tokens if t.kind is Kind.QUALIFIER]
    assert qualifiers == ([country] if country else [])


def test_real_acronym_is_still_kept() -> None:
    assert normalize("Semiconductor Manufacturing International Corporation (SMIC)").acronym == "smic"
    assert normalize("Huawei Technologies (UK) Co., Ltd.").acronym is None


# (query, parent, subsidiary): the parent must clearly outscore the subsidiary, which stays below the threshold and
# whose explanation names the country. (The lists often carry "X (HK) Ltd" as an alias of "X Ltd", so the fitted
# model keeps a country subsidiary near 0.5, not far below.)
PARENT_OVER_SUBSIDIARY = [
    ("华为技术有限公司", "Huawei Technologies Co., Ltd.", "Huawei Technologies (UK) Co., Ltd."),
    ("Huawei Technologies Co., Ltd.", "Huawei Technologies Co., Ltd.", "Huawei Technologies (UK) Co., Ltd."),
    ("HUAWEI TECHNOLOGIES CO LTD", "Huawei Technologies Co., Ltd.", "Huawei Technologies UK Ltd"),
    ("Huawei Device Co., Ltd.", "Huawei Device Co., Ltd.", "Huawei Device (Hong Kong) Co., Limited"),
]


@pytest.mark.parametrize(("query", "parent", "subsidiary"), PARENT_OVER_SUBSIDIARY)
def test_parent_outscores_country_subsidiary(query: str, parent: str, subsidiary: str) -> None:
    parent_score = compare_names(query, parent)[0]
    subsidiary_score, features = compare_names(query, subsidiary)
    assert parent_score >= DEFAULT_THRESHOLD
    assert parent_score - subsidiary_score >= 0.3
    assert subsidiary_score < DEFAULT_THRESHOLD
    assert any(f.feature == "qualifier_only" for f in features), features


# The same subsidiary is still found when the query names it.
SAME_SUBSIDIARY = [
    ("Huawei Technologies (UK) Co., Ltd.", "Huawei Technologies UK Co Ltd"),
    ("Huawei Technologies (U.K.) Co., Ltd.", "Huawei Technologies (UK) Co., Ltd."),
    ("Huawei Technologies United Kingdom Co., Ltd.", "Huawei Technologies (UK) Co., Ltd."),
]


@pytest.mark.parametrize(("query", "listed"), SAME_SUBSIDIARY)
def test_same_subsidiary_still_matches(query: str, listed: str) -> None:
    assert compare_names(query, listed)[0] >= 0.95


def test_chinese_parent_query_ranks_parent_above_uk_subsidiary(screener: Screener) -> None:
    hits = screener.screen("华为技术有限公司", limit=50)
    scores = {h.entity.name: h.score for h in hits}
    assert scores["Huawei Technologies Co., Ltd."] == pytest.approx(compare_names("Huawei", "Huawei")[0])
    assert scores.get("Huawei Technologies (UK) Co., Ltd.", 0.0) < scores["Huawei Technologies Co., Ltd."]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("China Mobile Ltd (HK)", "China Mobile Ltd"),  # HKEX tag after the legal form
        ("CNOOC Ltd (Hong Kong)", "CNOOC Ltd"),
        ("Foo Trading Company Limited [HK]", "Foo Trading Company Limited"),
        ("China Unicom (HK) Ltd", None),  # place before the legal form: the name of a HK company
        ("Huawei Technologies Co Ltd (UK)", None),  # not a domicile tag (vocabulary.yaml): a UK subsidiary
        ("Cambricon (Hong Kong)", None),  # no legal form before it
    ],
)
def test_domicile_tag_after_the_legal_form(query: str, expected: str | None) -> None:
    assert without_domicile_tag(query) == expected


def test_tagged_query_reaches_the_hong_kong_listed_company() -> None:
    listed = Entity(id="x:1", source="CMIC", name="CHINA MOBILE LIMITED", countries=("CN",))
    subsidiary = Entity(id="x:2", source="EL", name="Huawei Device (Hong Kong) Co., Limited", countries=("HK",))
    parent = Entity(id="x:3", source="EL", name="Huawei Device Co., Ltd.", countries=("CN",))
    screener = Screener.from_entities([listed, subsidiary, parent])
    assert screener.screen("China Mobile Ltd (HK)")[0].entity.id == "x:1"
    # A subsidiary's own place still tells it from the parent.
    assert screener.screen("Huawei Device (HK) Co Ltd")[0].entity.id == "x:2"
