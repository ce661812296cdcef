from __future__ import annotations

import pytest
from followthemoney import model

from ictguard.lists.ftm_export import entity_to_ftm, export_ftm, ftm_id, schema_for
from ictguard.lists.update import PreparedLoad
from ictguard.model import Entity, EntityType


@pytest.mark.parametrize(
    ("entity", "schema"),
    [
        (Entity(id="1", source="EL", name="Huawei Technologies Co., Ltd."), "Company"),
        (Entity(id="2", source="EL", name="Xinjiang Police College"), "Organization"),
        (Entity(id="3", source="SDN", name="RIM, Ryong Nam", type=EntityType.PERSON), "Person"),
        (Entity(id="4", source="SDN", name="SEA STAR", type=EntityType.VESSEL), "Vessel"),
        (Entity(id="5", source="SDN", name="YK-ANE", type=EntityType.AIRCRAFT), "Airplane"),
    ],
)
def test_schema(entity: Entity, schema: str) -> None:
    assert schema_for(entity) == schema


def test_export_is_valid_ftm(mirror_load: PreparedLoad) -> None:
    sample = [e for i, e in enumerate(mirror_load.entities) if i % 20 == 0]
    docs = list(export_ftm(sample))
    for doc in docs:
        proxy = model.get_proxy(doc)  # raises on unknown schema / property
        assert proxy.id and proxy.schema.name == doc["schema"]
    parties = [d for d in docs if d["schema"] not in ("Sanction", "UnknownLink")]
    assert len(parties) == len(sample)
    assert {d["id"] for d in docs if d["schema"] == "Sanction"} == {f"{d['id']}-sanction" for d in parties}


def test_huawei_entry(mirror_load: PreparedLoad) -> None:
    [hw] = [e for e in mirror_load.entities if e.name == "Huawei Technologies Co., Ltd." and e.source == "EL"]
    party, sanction = entity_to_ftm(hw)[:2]
    assert party["properties"]["country"] == ["cn"] and party["properties"]["topics"] == ["export.control"]
    assert sanction["properties"]["startDate"] == ["2019-05-16"]
    assert sanction["properties"]["listingDate"] == ["2019-05-21"]
    assert sanction["properties"]["entity"] == [ftm_id(hw.id)]


def test_person_with_link(mirror_load: PreparedLoad) -> None:
    [li] = [e for e in mirror_load.entities if e.id == "ofac-sdn:28264"]
    docs = entity_to_ftm(li)
    person = docs[0]["properties"]
    assert person["birthDate"] == ["1987-01-10"] and person["nationality"] == ["cn"]
    assert "8613314257947" in person["phone"]
    [link] = [d for d in docs if d["schema"] == "UnknownLink"]
    assert link["properties"]["subject"] == ["ofac-sdn-28264"] and link["properties"]["role"] == ["linked_to"]
