"""Bills of materials: CycloneDX 1.4-1.6 (JSON and XML) and SPDX 2.3 JSON, device and firmware components only."""

from __future__ import annotations

import json
from typing import Any
from xml.etree.ElementTree import Element

from ictguard.devices.parsers._common import clean, local, mac_or_none, parse_xml
from ictguard.devices.records import Observations, Sighting
from ictguard.errors import DeviceInputError

_CDX_TYPES = {"device", "firmware"}
_SPDX_PURPOSES = {"DEVICE", "FIRMWARE"}


def load_json(data: bytes, file: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DeviceInputError("not UTF-8 text", file=file) from exc
    except json.JSONDecodeError as exc:
        raise DeviceInputError(f"malformed JSON: {exc.msg}", file=file, line=exc.lineno) from exc


def _party(value: Any) -> str | None:
    return clean(value.get("name")) if isinstance(value, dict) else None


def _cdx_component(comp: dict[str, Any], file: str, parent: str | None) -> Sighting:
    props = {p.get("name"): p.get("value") for p in comp.get("properties", []) if isinstance(p, dict)}
    maker = _party(comp.get("manufacturer")) or _party(comp.get("supplier")) or clean(comp.get("publisher"))
    sighting = Sighting(
        source=file, manufacturer=maker or parent, model=clean(comp.get("name")),
        firmware=clean(comp.get("version")), serial=clean(props.get("cdx:device:serialNumber")),
        mac=mac_or_none(clean(props.get("cdx:device:macAddress"))), device_type=clean(comp.get("type")),
    )
    sighting.notes.append(f"CycloneDX component bom-ref={comp.get('bom-ref') or comp.get('name')}")
    if comp.get("cpe"):
        sighting.notes.append(f"cpe {comp['cpe']}")
    if maker is None and parent:
        sighting.notes.append(f"manufacturer inherited from enclosing device {parent!r}")
    return sighting


def _walk_cdx(comps: Any, file: str, parent: Sighting | None, out: Observations, maker: str | None = None) -> None:
    if not isinstance(comps, list):
        return
    for comp in comps:
        if not isinstance(comp, dict):
            continue
        if comp.get("type") == "firmware" and parent is not None and parent.device_type == "device":
            # Firmware inside a device is part of that device: its name (often the SoC) is the device's evidence.
            if comp.get("name"):
                parent.signals.append(("model", str(comp["name"])))
                parent.notes.append(f"firmware component {comp['name']!r} {comp.get('version') or ''}".strip())
            _walk_cdx(comp.get("components"), file, parent, out, maker)
        elif comp.get("type") in _CDX_TYPES:
            sighting = _cdx_component(comp, file, maker)
            out.sightings.append(sighting)
            _walk_cdx(comp.get("components"), file, sighting, out, sighting.manufacturer)
        else:
            _walk_cdx(comp.get("components"), file, parent, out, maker)


def parse_cyclonedx_json(data: bytes, file: str) -> Observations:
    doc = load_json(data, file)
    if not isinstance(doc, dict) or doc.get("bomFormat") != "CycloneDX":
        raise DeviceInputError("not a CycloneDX document", file=file, field="bomFormat")
    out = Observations(inputs=[(file, f"cyclonedx-{doc.get('specVersion', '?')}-json")])
    meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    assert isinstance(meta, dict)
    top = meta.get("component")
    parent = _party(meta.get("manufacturer")) or _party(meta.get("manufacture"))
    if isinstance(top, dict):
        _walk_cdx([top], file, None, out, parent)
    _walk_cdx(doc.get("components"), file, None, out, parent)
    return out


def _xml_component(node: Element) -> dict[str, Any]:
    """The JSON shape of one CycloneDX XML <component>, enough for _cdx_component."""
    comp: dict[str, Any] = {"type": node.get("type"), "bom-ref": node.get("bom-ref"), "properties": []}
    for child in node:
        name = local(child.tag)
        if name in {"name", "version", "cpe", "publisher"}:
            comp[name] = (child.text or "").strip()
        elif name in {"manufacturer", "supplier"}:
            comp[name] = {"name": next((c.text for c in child if local(c.tag) == "name"), None)}
        elif name == "properties":
            comp["properties"] = [{"name": p.get("name"), "value": (p.text or "").strip()} for p in child]
        elif name == "components":
            comp["components"] = [_xml_component(c) for c in child if local(c.tag) == "component"]
    return comp


def parse_cyclonedx_xml(data: bytes, file: str) -> Observations:
    root = parse_xml(data, file)
    if local(root.tag) != "bom":
        raise DeviceInputError("not a CycloneDX document", file=file, field="bom")
    out = Observations(inputs=[(file, "cyclonedx-xml")])
    comps: list[dict[str, Any]] = []
    for child in root:
        if local(child.tag) == "metadata":
            comps += [_xml_component(c) for c in child if local(c.tag) == "component"]
        elif local(child.tag) == "components":
            comps += [_xml_component(c) for c in child if local(c.tag) == "component"]
    _walk_cdx(comps, file, None, out)
    return out


def _spdx_package(pkg: dict[str, Any], file: str, line: int | None) -> Sighting | None:
    if pkg.get("primaryPackagePurpose") not in _SPDX_PURPOSES:
        return None
    maker = None
    for key in ("supplier", "originator"):
        value = clean(pkg.get(key))
        if value and value != "NOASSERTION":
            maker = value.split(":", 1)[-1].strip()
            break
    sighting = Sighting(
        source=file, line=line, manufacturer=maker, model=clean(pkg.get("name")),
        firmware=clean(pkg.get("versionInfo")), device_type=str(pkg["primaryPackagePurpose"]).lower(),
    )
    sighting.notes.append(f"SPDX package {pkg.get('SPDXID')}")
    return sighting


_TAG_KEYS = {"PackageName": "name", "SPDXID": "SPDXID", "PackageVersion": "versionInfo",
             "PackageSupplier": "supplier", "PackageOriginator": "originator",
             "PrimaryPackagePurpose": "primaryPackagePurpose"}


def parse_spdx_tag_value(data: bytes, file: str) -> Observations:
    """SPDX 2.3 tag-value: a package starts at each ``PackageName:`` line."""
    out = Observations(inputs=[(file, "spdx-tag-value")])
    current: dict[str, Any] | None = None
    start: int | None = None
    for number, raw in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
        tag, sep, value = raw.partition(":")
        if not sep or tag.strip() not in _TAG_KEYS:
            continue
        if tag.strip() == "PackageName":
            if current is not None:
                found = _spdx_package(current, file, start)
                out.sightings.extend([found] if found else [])
            current, start = {}, number
        if current is not None:
            current[_TAG_KEYS[tag.strip()]] = value.strip()
    if current is not None:
        found = _spdx_package(current, file, start)
        out.sightings.extend([found] if found else [])
    return out


def parse_spdx_json(data: bytes, file: str) -> Observations:
    doc = load_json(data, file)
    if not isinstance(doc, dict) or not str(doc.get("spdxVersion", "")).startswith("SPDX-"):
        raise DeviceInputError("not an SPDX document", file=file, field="spdxVersion")
    out = Observations(inputs=[(file, f"{doc['spdxVersion'].lower()}-json")])
    for pkg in doc.get("packages", []):
        if isinstance(pkg, dict):
            found = _spdx_package(pkg, file, None)
            if found is not None:
                out.sightings.append(found)
    return out
