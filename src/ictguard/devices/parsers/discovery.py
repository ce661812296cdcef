"""Discovery replies: Hikvision SADP, Dahua DHIP (37810) and legacy 5050, ONVIF device info and WS-Discovery.

Answering a vendor's own discovery protocol is itself evidence (a ``discovery_protocol`` signal); the reply's
model and MAC are fingerprinted like any other value. Layouts: device_audit.md §2.3, §3.2.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote, urlparse

from ictguard.devices.parsers._common import child_text, clean, local, mac_or_none, parse_xml, valid_ip
from ictguard.devices.records import Observations, Sighting
from ictguard.errors import DeviceInputError

DHIP_MAGIC = b"DHIP"
_JSON_PAIR = re.compile(r'"(\w+)"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+|true|false))')


def parse_sadp(data: bytes, file: str) -> Observations:
    root = parse_xml(data, file)
    if local(root.tag) != "ProbeMatch":
        raise DeviceInputError("not a SADP ProbeMatch reply", file=file, field="ProbeMatch")
    s = Sighting(
        source=file,
        ip=valid_ip(child_text(root, "IPv4Address")),
        mac=mac_or_none(child_text(root, "MAC")),
        model=child_text(root, "DeviceDescription"),
        serial=child_text(root, "DeviceSN"),
        firmware=child_text(root, "SoftwareVersion"),
        device_type=child_text(root, "DeviceType"),
    )
    s.signals.append(("discovery_protocol", "hikvision-sadp"))
    if (child_text(root, "HCPlatformEnable") or "").lower() == "true":
        s.notes.append("SADP: HCPlatformEnable=true (Hik-Connect cloud enabled)")
    return Observations(sightings=[s], inputs=[(file, "hikvision-sadp")])


def _unescape(text: str) -> str:
    """A JSON string body as the decoder would give it (``\\/`` -> ``/``); left as it is if it does not decode."""
    try:
        value = json.loads(f'"{text}"')
    except json.JSONDecodeError:
        return text
    return value if isinstance(value, str) else text


def _keep(fields: dict[str, str], key: str, value: str) -> None:
    if key == "IPAddress" and valid_ip(fields.get(key)) is None:
        fields[key] = value  # replaced until one is an address
    else:
        fields.setdefault(key, value)


def _dhip_fields(body: str) -> tuple[dict[str, str], bool]:
    """JSON fields of a DHIP reply; malformed JSON falls back to key/value scanning (and says so).

    Both ways the first value of a key wins (the JSON walk is in document order). For IPAddress the first that
    is an IP address wins: the reply carries IPv4Address.IPAddress and then IPv6Address.IPAddress, the latter
    with a prefix length ("fe80::1\\/64", Dahua2.selftest), and the device's address is the IPv4 one."""
    try:
        doc = json.loads(body)
    except (json.JSONDecodeError, RecursionError):
        pairs: dict[str, str] = {}
        for m in _JSON_PAIR.finditer(body):
            _keep(pairs, m.group(1), _unescape(m.group(2)) if m.group(2) is not None else m.group(3))
        return pairs, True
    flat: dict[str, str] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, dict | list):
                    walk(value)
                else:
                    _keep(flat, str(key), str(value))

    walk(doc)
    return flat, False


def parse_dhip(data: bytes, file: str) -> Observations:
    if len(data) < 32 or data[4:8] != DHIP_MAGIC:
        raise DeviceInputError("not a DHIP reply (no DHIP magic at offset 4)", file=file, field="header")
    body = data[32:].decode("utf-8", errors="replace").rstrip("\x00")
    fields, malformed = _dhip_fields(body)
    s = Sighting(
        source=file,
        mac=mac_or_none(fields.get("mac")),
        ip=valid_ip(fields.get("IPAddress")),
        model=clean(fields.get("DeviceType")),
        serial=clean(fields.get("SerialNo")),
        manufacturer=clean(fields.get("Vendor")),
        firmware=clean(fields.get("Version")),
        hostname=clean(fields.get("MachineName")),
    )
    s.signals.append(("discovery_protocol", "dahua-dhip"))
    if malformed:
        s.notes.append("DHIP reply carried malformed JSON: fields recovered by key/value scan")
    return Observations(sightings=[s], inputs=[(file, "dahua-dhip")])


def parse_dahua5050(data: bytes, file: str) -> Observations:
    if len(data) < 0x60 or data[0] != 0xB3:
        raise DeviceInputError("not a Dahua 5050 reply (first byte must be 0xb3)", file=file, field="header")
    text = data.decode("latin-1")
    tail = dict(re.findall(r"(Name|Device|SerialNo):([^\r\n]*)", text))
    mac = re.search(r"([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})", text)
    s = Sighting(
        source=file,
        ip=".".join(str(b) for b in data[0x38:0x3C]),
        mac=mac_or_none(mac.group(1) if mac else None),
        device_type=clean(data[0x28:0x38].split(b"\x00")[0].decode("latin-1")),
        model=clean(tail.get("Device")),
        serial=clean(tail.get("SerialNo")),
        hostname=clean(tail.get("Name")),
    )
    s.signals.append(("discovery_protocol", "dahua-5050"))
    return Observations(sightings=[s], inputs=[(file, "dahua-5050")])


def _host_of(url: str) -> str | None:
    """The host of an XAddrs URL; None when it is not a URL (urlparse raises on "http://[fe80::1/onvif")."""
    try:
        return urlparse(url).hostname
    except ValueError:
        return None


def _scope_values(scopes: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for scope in scopes.split():
        try:
            path = urlparse(scope).path
        except ValueError:  # an unclosed '[' in the authority: not a scope URI
            continue
        parts = path.strip("/").split("/")
        if len(parts) >= 2:
            values.setdefault(parts[0].lower(), unquote(parts[-1]))
    return values


def parse_onvif(data: bytes, file: str) -> Observations:
    root = parse_xml(data, file)
    out = Observations(inputs=[(file, "onvif")])
    info = [n for n in root.iter() if local(n.tag) == "GetDeviceInformationResponse"]
    for node in info:
        out.sightings.append(
            Sighting(
                source=file,
                manufacturer=child_text(node, "Manufacturer"),
                model=child_text(node, "Model"),
                firmware=child_text(node, "FirmwareVersion"),
                serial=child_text(node, "SerialNumber"),
            )
        )
    for match in (n for n in root.iter() if local(n.tag) == "ProbeMatch"):
        scopes = _scope_values(child_text(match, "Scopes") or "")
        xaddr = (child_text(match, "XAddrs") or "").split()
        s = Sighting(
            source=file,
            manufacturer=scopes.get("manufacturer") or scopes.get("name"),
            model=scopes.get("hardware"),
            mac=mac_or_none(scopes.get("mac")),
            ip=next((ip for url in xaddr if (ip := valid_ip(_host_of(url)))), None),
            firmware=scopes.get("firmware"),
        )
        s.notes.append("WS-Discovery scopes: " + ", ".join(f"{k}={v}" for k, v in sorted(scopes.items())))
        out.sightings.append(s)
    if not out.sightings:
        raise DeviceInputError("no GetDeviceInformationResponse or ProbeMatch", file=file, field="Body")
    return out
