"""CycloneDX and SPDX JSON: a component or package with a wrongly typed value is rejected, the rest kept."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ictguard.devices.parsers.bom import parse_cyclonedx_json, parse_spdx_json
from ictguard.errors import DeviceInputError

GOOD = {
    "type": "device",
    "name": "DS-7608NI",
    "manufacturer": {"name": "Hikvision"},
    "properties": [{"name": "cdx:device:macAddress", "value": "44:19:b6:00:00:01"}],
}


def _cdx(*components: dict[str, Any]) -> bytes:
    return json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": list(components)}).encode()


def test_null_properties_are_no_properties() -> None:
    obs = parse_cyclonedx_json(_cdx({**GOOD, "properties": None}), "bom.json")
    assert [(s.model, s.mac) for s in obs.sightings] == [("DS-7608NI", None)] and not obs.rejected


@pytest.mark.parametrize(
    ("properties", "field"),
    [
        ([{"name": ["x"], "value": "y"}], "components[0].properties[0].name"),
        ([{"name": "cdx:device:serialNumber", "value": {"a": 1}}], "components[0].properties[0].value"),
        (["not an object"], "components[0].properties[0]"),
        ({"name": "x"}, "components[0].properties"),
    ],
)
def test_a_bad_property_is_rejected_and_the_component_kept(properties: Any, field: str) -> None:
    obs = parse_cyclonedx_json(_cdx({**GOOD, "properties": properties}), "bom.json")
    assert [s.model for s in obs.sightings] == ["DS-7608NI"]
    [rejected] = obs.rejected
    assert (rejected.file, rejected.field) == ("bom.json", field)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": {"a": 1}}, "components[1].name"),
        ({"version": ["1"]}, "components[1].version"),
        ({"type": ["device"]}, "components[1].type"),
        ({"manufacturer": {"name": ["Hik"]}}, "components[1].manufacturer.name"),
    ],
)
def test_a_wrongly_typed_component_is_rejected_and_the_others_kept(values: dict[str, Any], field: str) -> None:
    obs = parse_cyclonedx_json(_cdx(GOOD, {**GOOD, **values}, GOOD), "bom.json")
    assert [s.model for s in obs.sightings] == ["DS-7608NI", "DS-7608NI"]
    [rejected] = obs.rejected
    assert rejected.field == field and "component not used" in rejected.reason


def test_components_nested_too_deep_are_rejected_not_a_crash() -> None:
    inner: dict[str, Any] = GOOD
    for _ in range(300):
        inner = {"type": "library", "name": "n", "components": [inner]}
    obs = parse_cyclonedx_json(_cdx(GOOD, inner), "bom.json")
    assert [s.model for s in obs.sightings] == ["DS-7608NI"]
    [rejected] = obs.rejected
    assert "nested more than" in rejected.reason


@pytest.mark.parametrize("data", [b"[" * 100_000, b'{"bomFormat": "CycloneDX", "components": ' + b"[" * 100_000])
def test_json_nested_beyond_the_decoder_is_a_device_input_error(data: bytes) -> None:
    with pytest.raises(DeviceInputError, match="nested too deeply|malformed JSON") as caught:
        parse_cyclonedx_json(data, "bom.json")
    assert caught.value.file == "bom.json"


def test_spdx_package_with_a_list_purpose_is_rejected() -> None:
    good = {"SPDXID": "SPDXRef-1", "name": "DS-7608NI", "primaryPackagePurpose": "DEVICE"}
    doc = {"spdxVersion": "SPDX-2.3", "packages": [good, {**good, "primaryPackagePurpose": ["DEVICE"]}]}
    obs = parse_spdx_json(json.dumps(doc).encode(), "bom.spdx.json")
    assert [s.model for s in obs.sightings] == ["DS-7608NI"]
    [rejected] = obs.rejected
    assert rejected.field == "packages[1].primaryPackagePurpose"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("cdx:device:certifications:US:FCC:id", [("fcc_id", "2ADTD-5604SD")]),
        ("cdx:device:certifications:us:fcc:id", [("fcc_id", "2ADTD-5604SD")]),
        ("cdx:device:certifications:CA:ISED:id", []),  # another authority's certificate is not an FCC ID
    ],
)
def test_an_fcc_id_certification_property_becomes_an_fcc_id_signal(name: str, expected: list[tuple[str, str]]) -> None:
    component = {"type": "device", "name": "mobile DVR", "properties": [{"name": name, "value": "2ADTD-5604SD"}]}
    [sighting] = parse_cyclonedx_json(_cdx(component), "bom.json").sightings
    assert sighting.signals == expected
