from __future__ import annotations

import pytest

from ictguard.rules import IndexResolver, curated_resolver


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
