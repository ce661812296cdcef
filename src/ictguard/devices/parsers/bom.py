"""Bills of materials: CycloneDX 1.4-1.6 (JSON and XML) and SPDX 2.3 JSON, device and firmware components only."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

from ictguard.devices.parsers._common import BadValue, clean, json_type, local, mac_or_none, parse_xml, scalar
from ictguard.devices.records import Observations, Rejected, Sighting
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
    except RecursionError as exc:  # '[[[[…' thousands deep: the decoder gives up, no document needs that
        raise DeviceInputError("JSON nested too deeply", file=file, line=1) from exc


_SPACE = re.compile(r"[ \t\n\r]*")


def _skip(text: str, at: int) -> int:
    """The position after the JSON whitespace at ``at``."""
    match = _SPACE.match(text, at)
    return match.end() if match else at


def json_array_items(data: bytes, file: str) -> Iterator[tuple[int, Any]]:
    """The elements of a top-level JSON array, each with the line it starts on (a rejected record can then be
    named by line). Errors are those of load_json; DeviceInputError when the document is not an array."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeviceInputError("not UTF-8 text", file=file) from exc
    decoder = json.JSONDecoder()
    at = _skip(text, 0)
    if text[at : at + 1] != "[":
        load_json(data, file)  # the error of a malformed document, if it is one
        raise DeviceInputError("expected a JSON array", file=file, line=text.count("\n", 0, at) + 1)
    at, line, counted = _skip(text, at + 1), 1, 0
    first = True
    while True:
        line += text.count("\n", counted, at)
        counted = at
        if text[at : at + 1] == "]" and first:
            return
        try:
            value, end = decoder.raw_decode(text, at)
        except json.JSONDecodeError as exc:
            raise DeviceInputError(f"malformed JSON: {exc.msg}", file=file, line=exc.lineno) from exc
        except RecursionError as exc:
            raise DeviceInputError("JSON nested too deeply", file=file, line=line) from exc
        yield line, value
        first = False
        at = _skip(text, end)
        if text[at : at + 1] == ",":
            at = _skip(text, at + 1)
        elif text[at : at + 1] == "]":
            if text[at + 1 :].strip():
                where = line + text.count("\n", counted, at)
                raise DeviceInputError("text after the JSON array", file=file, line=where)
            return
        else:
            raise DeviceInputError(
                "malformed JSON: expected ',' or ']'", file=file, line=line + text.count("\n", counted, at)
            )


#: components nested deeper than this are not walked (a real BOM nests a few levels; the walk recurses)
MAX_DEPTH = 64


def _party(record: dict[str, Any], key: str) -> str | None:
    """The name of an organizational entity (manufacturer, supplier); BadValue names ``key.name``."""
    value = record.get(key)
    if not isinstance(value, dict):
        return None
    try:
        return scalar(value, "name")
    except BadValue as exc:
        raise BadValue(f"{key}.name", exc.reason) from exc


def _properties(comp: dict[str, Any], where: str, file: str, out: Observations) -> dict[str, str | None]:
    """name -> value of a component's properties. ``"properties": null`` is read as none; a property that is not
    a {name, value} object of texts is rejected (named by its path) and the component kept without it."""
    raw = comp.get("properties")
    if raw is None:
        return {}
    if not isinstance(raw, list):
        out.rejected.append(
            Rejected(file, None, f"{where}.properties", f"expected an array, got a JSON {json_type(raw)}")
        )
        return {}
    props: dict[str, str | None] = {}
    for index, prop in enumerate(raw):
        try:
            if not isinstance(prop, dict):
                raise BadValue("", f"expected an object, got a JSON {json_type(prop)}")
            name = scalar(prop, "name")
            if name is not None:
                props.setdefault(name, scalar(prop, "value"))
        except BadValue as exc:
            field = f"{where}.properties[{index}]" + (f".{exc.field}" if exc.field else "")
            out.rejected.append(Rejected(file, None, field, f"property not used: {exc.reason}"))
    return props


def _cdx_component(comp: dict[str, Any], file: str, parent: str | None, where: str, out: Observations) -> Sighting:
    """One device or firmware component; BadValue (naming the field) when one of its values has the wrong type."""
    props = _properties(comp, where, file, out)
    maker = _party(comp, "manufacturer") or _party(comp, "supplier") or scalar(comp, "publisher")
    sighting = Sighting(
        source=file,
        manufacturer=maker or parent,
        model=scalar(comp, "name"),
        firmware=scalar(comp, "version"),
        serial=clean(props.get("cdx:device:serialNumber")),
        mac=mac_or_none(clean(props.get("cdx:device:macAddress"))),
        device_type=scalar(comp, "type"),
    )
    sighting.notes.append(f"CycloneDX component bom-ref={scalar(comp, 'bom-ref') or sighting.model}")
    if scalar(comp, "cpe"):
        sighting.notes.append(f"cpe {comp['cpe']}")
    # CycloneDX device taxonomy: cdx:device:certifications:<country>:<authority>:id, e.g. the FCC ID on the label
    # (device_audit.md §1 CycloneDX row); its grantee code names the applicant (devices/families.py).
    for name, value in props.items():
        if value and name.lower() == "cdx:device:certifications:us:fcc:id":
            sighting.signals.append(("fcc_id", value))
    if maker is None and parent:
        sighting.notes.append(f"manufacturer inherited from enclosing device {parent!r}")
    return sighting


def _walk_cdx(
    comps: Any,
    file: str,
    parent: Sighting | None,
    out: Observations,
    maker: str | None = None,
    where: str = "components",
    depth: int = 0,
) -> None:
    if not isinstance(comps, list):
        return
    if depth > MAX_DEPTH:
        out.rejected.append(Rejected(file, None, where, f"components nested more than {MAX_DEPTH} deep: not read"))
        return
    for index, comp in enumerate(comps):
        if not isinstance(comp, dict):
            continue
        path = f"{where}[{index}]"
        inner = f"{path}.components"
        try:
            kind, name = scalar(comp, "type"), scalar(comp, "name")
            if kind == "firmware" and parent is not None and parent.device_type == "device":
                # Firmware inside a device is part of that device: its name (often the SoC) is the device's evidence.
                if name:
                    parent.signals.append(("model", name))
                    parent.notes.append(f"firmware component {name!r} {scalar(comp, 'version') or ''}".strip())
                _walk_cdx(comp.get("components"), file, parent, out, maker, inner, depth + 1)
                continue
            if kind in _CDX_TYPES:
                sighting = _cdx_component(comp, file, maker, path, out)
            else:
                _walk_cdx(comp.get("components"), file, parent, out, maker, inner, depth + 1)
                continue
        except BadValue as exc:
            out.rejected.append(Rejected(file, None, f"{path}.{exc.field}", f"component not used: {exc.reason}"))
            continue
        out.sightings.append(sighting)
        _walk_cdx(comp.get("components"), file, sighting, out, sighting.manufacturer, inner, depth + 1)


def parse_cyclonedx_json(data: bytes, file: str) -> Observations:
    doc = load_json(data, file)
    if not isinstance(doc, dict) or doc.get("bomFormat") != "CycloneDX":
        raise DeviceInputError("not a CycloneDX document", file=file, field="bomFormat")
    out = Observations(inputs=[(file, f"cyclonedx-{doc.get('specVersion', '?')}-json")])
    meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    assert isinstance(meta, dict)
    top = meta.get("component")
    try:
        parent = _party(meta, "manufacturer") or _party(meta, "manufacture")
    except BadValue as exc:
        out.rejected.append(Rejected(file, None, f"metadata.{exc.field}", f"not used: {exc.reason}"))
        parent = None
    if isinstance(top, dict):
        _walk_cdx([top], file, None, out, parent, "metadata.component")
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
    """A device or firmware package as a Sighting (None for other packages); BadValue on a wrongly typed value."""
    purpose = scalar(pkg, "primaryPackagePurpose")
    if purpose not in _SPDX_PURPOSES:
        return None
    maker = None
    for key in ("supplier", "originator"):
        value = scalar(pkg, key)
        if value and value != "NOASSERTION":
            maker = value.split(":", 1)[-1].strip()
            break
    sighting = Sighting(
        source=file,
        line=line,
        manufacturer=maker,
        model=scalar(pkg, "name"),
        firmware=scalar(pkg, "versionInfo"),
        device_type=purpose.lower(),
    )
    sighting.notes.append(f"SPDX package {scalar(pkg, 'SPDXID')}")
    return sighting


_TAG_KEYS = {
    "PackageName": "name",
    "SPDXID": "SPDXID",
    "PackageVersion": "versionInfo",
    "PackageSupplier": "supplier",
    "PackageOriginator": "originator",
    "PrimaryPackagePurpose": "primaryPackagePurpose",
}


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
    packages = doc.get("packages")
    for index, pkg in enumerate(packages if isinstance(packages, list) else []):
        if isinstance(pkg, dict):
            try:
                found = _spdx_package(pkg, file, None)
            except BadValue as exc:
                out.rejected.append(
                    Rejected(file, None, f"packages[{index}].{exc.field}", f"package not used: {exc.reason}")
                )
                continue
            if found is not None:
                out.sightings.append(found)
    return out
