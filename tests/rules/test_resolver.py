from __future__ import annotations

import pytest

from ictguard.rules import IndexResolver, LayeredResolver, curated_resolver, decision_resolver


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("Huawei Technologies Co Ltd", "Huawei Technologies Co., Ltd."),
        ("HUAWEI TECHNOLOGIES CO., LTD.", "Huawei Technologies Co., Ltd."),
        ("iFlytek", "IFLYTEK"),
        ("Urumqi Municipal PSB", "Urumqi Municipal Public Security Bureau"),
        ("HiSilicon", "HiSilicon Technologies Co., Ltd (HiSilicon)"),
        ("Hangzhou Hikvision Digital Tech Co Ltd", "Hangzhou Hikvision Digital Technology Co., Ltd."),
    ],
)
def test_spelling_variants_resolve_to_the_listed_entry(list_resolver: IndexResolver, name: str, listed: str) -> None:
    assert listed in {r.entity.name for r in list_resolver.resolve(name) if r.entity.source == "EL"}


@pytest.mark.parametrize(
    "name", ["Acme Networks Inc.", "Huawei Device USA Inc.", "Prairie Rural Telephone Cooperative"]
)
def test_unlisted_names_do_not_resolve_to_entity_list(list_resolver: IndexResolver, name: str) -> None:
    assert not [r for r in list_resolver.resolve(name) if r.entity.source == "EL"]


def test_curated_resolver_works_without_lists() -> None:
    sources = {r.entity.source for r in curated_resolver().resolve("Huawei Technologies Co., Ltd.")}
    assert {"EL", "NDAA889", "FCC-COVERED"} <= sources


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("华为技术有限公司", "Huawei Technologies Co., Ltd."),
        ("華為技術有限公司", "Huawei Technologies Co., Ltd."),
        ("杭州海康威视数字技术股份有限公司", "Hangzhou Hikvision Digital Technology Co., Ltd."),
        ("海能达", "Hytera Communications Limited"),
        ("Hangzhou Hikvision Digital Tech Co Ltd", "Hangzhou Hikvision Digital Technology Co., Ltd."),
    ],
)
def test_layered_resolver_finds_chinese_and_variant_spellings(
    layered_resolver: LayeredResolver, name: str, listed: str
) -> None:
    assert listed in {r.entity.name for r in layered_resolver.resolve(name) if r.entity.source == "EL"}


@pytest.mark.parametrize(
    "name",
    ["Acme Networks Inc.", "Huawei Device USA Inc.", "Sichuan Huawei Fishing Co", "Cisco Systems",
     "Prairie Rural Telephone Cooperative"],
)  # fmt: skip
def test_layered_resolver_keeps_near_misses_out(layered_resolver: LayeredResolver, name: str) -> None:
    assert not [r for r in layered_resolver.resolve(name) if r.entity.source == "EL"]


def test_no_active_version_resolves_curated_entities_with_a_note() -> None:
    resolver, notes = decision_resolver(None, None)
    assert resolver.version_id is None and notes and "curated" in notes[0]
    assert {r.entity.source for r in resolver.resolve("Huawei Technologies Co., Ltd.")} >= {"EL", "NDAA889"}


def test_chinese_names_resolve_from_curated_data_before_any_list_is_loaded() -> None:
    resolver, _notes = decision_resolver(None, None)
    assert "EL" in {r.entity.source for r in resolver.resolve("华为技术有限公司")}
    assert "NDAA889" in {r.entity.source for r in resolver.resolve("浙江大华技术股份有限公司")}
