from __future__ import annotations

import pytest

from ictguard.errors import DataFileError
from ictguard.lists.relations import add_stated_relations, parse_groups
from ictguard.lists.update import PreparedLoad
from ictguard.model import Entity, RelationKind


def _el(load: PreparedLoad, name: str) -> Entity:
    [entity] = [e for e in load.entities if e.name == name and e.source == "EL"]
    return entity


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("HiSilicon Technologies Co., Ltd (HiSilicon)", "listed by 84 FR 22963"),
        ("Huawei Technologies Costa Rica SA", "listed by 84 FR 43495"),
        ("Shenzhen SiCarrier Technologies Co., Ltd.", "name/alias/address text: Huawei Starlight"),
    ],
)
def test_huawei_affiliates_point_at_the_listed_parent(mirror_load: PreparedLoad, name: str, why: str) -> None:
    parent = _el(mirror_load, "Huawei Technologies Co., Ltd.")
    [rel] = [r for r in _el(mirror_load, name).relations if r.kind is RelationKind.AFFILIATE_OF]
    assert rel.target_name == "Huawei Technologies Co., Ltd." and rel.target_id == parent.id
    assert rel.source is not None and rel.source.startswith(why)


def test_parent_and_unrelated_entries_have_no_affiliate_relation(mirror_load: PreparedLoad) -> None:
    assert _el(mirror_load, "Huawei Technologies Co., Ltd.").relations == ()
    hik = _el(mirror_load, "Hangzhou Hikvision Digital Technology Co., Ltd.")
    assert not [r for r in hik.relations if r.kind is RelationKind.AFFILIATE_OF]
    count = sum(1 for e in mirror_load.entities for r in e.relations if r.kind is RelationKind.AFFILIATE_OF)
    assert 116 <= count <= 140  # 115 EL rows naming Huawei/HiSilicon + rows the Huawei rules listed


def test_meu_subordinate_institution(mirror_load: PreparedLoad) -> None:
    [e] = [e for e in mirror_load.entities if e.name == "AECC Aviation Power Co. Ltd."]
    assert [(r.kind, r.target_name) for r in e.relations] == [
        (RelationKind.SUBSIDIARY_OF, "Aero-Engine Company of China")
    ]


def test_linked_to_targets_resolve_within_the_load(mirror_load: PreparedLoad) -> None:
    by_id = {e.id: e for e in mirror_load.entities}
    li = by_id["ofac-sdn:28264"]
    [rel] = li.relations
    assert rel.target_id is not None and by_id[rel.target_id].name == "LAZARUS GROUP"


def test_ambiguous_target_prefers_same_list() -> None:
    a = Entity(id="a", source="EL", name="Parent Co")
    b = Entity(id="b", source="SDN", name="PARENT CO")
    child = Entity(id="c", source="EL", name="Child", aliases=("Huawei Child",))
    out = add_stated_relations(
        [a, b, child],
        groups=parse_groups(
            "groups:\n  - {parent: Parent Co, parent_names: [], kind: affiliate_of, sources: [EL], rules: [],"
            " name_patterns: [huawei], citation: test}",
            "g.yaml",
        ),
    )
    assert out[2].relations[0].target_id == "a"
    assert out[0].relations == () and out[1].relations == ()


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("groups:\n  - {parent: P}", "groups[0]"),
        (
            "groups:\n  - {parent: P, parent_names: [], kind: cousin_of, sources: [EL], rules: [], name_patterns: [],"
            " citation: c}",
            "groups[0].kind",
        ),
        (
            "groups:\n  - {parent: P, parent_names: [], kind: affiliate_of, sources: [EL], rules: ['84 FR x'],"
            " name_patterns: [], citation: c}",
            "groups[0].rules",
        ),
        (
            "groups:\n  - {parent: P, parent_names: [], kind: affiliate_of, sources: [EL], rules: [], "
            "name_patterns: [],"
            " citation: ''}",
            "groups[0].citation",
        ),
    ],
)
def test_bad_affiliations_file(text: str, field: str) -> None:
    with pytest.raises(DataFileError) as info:
        parse_groups(text, "affiliations.yaml")
    assert info.value.field == field
