"""Device web-API answers saved by scanners: Hikvision ISAPI /ISAPI/System/deviceInfo (XML) and Dahua
/cgi-bin/magicBox.cgi?action=getSystemInfo (key=value lines). Layouts: device_audit.md §2.1, §2.7, §2.9.

Both APIs are the makers' own firmware interfaces, so an answer is evidence even under another brand's label.
"""

from __future__ import annotations

import re

from ictguard.devices.parsers._common import child_text, clean, local, mac_or_none, parse_xml
from ictguard.devices.records import Observations, Sighting
from ictguard.errors import DeviceInputError

HIK_ISAPI_NS = "http://www.hikvision.com/ver"
_KV = re.compile(r"^\s*([A-Za-z][\w.]*)\s*=\s*(.*?)\s*$")
MAGICBOX_KEYS = {"deviceType", "processor", "serialNumber", "updateSerial", "hardwareVersion"}


def parse_isapi_device_info(data: bytes, file: str) -> Observations:
    root = parse_xml(data, file)
    if local(root.tag) != "DeviceInfo":
        raise DeviceInputError("not an ISAPI DeviceInfo document", file=file, field="DeviceInfo")
    s = Sighting(
        source=file,
        hostname=child_text(root, "deviceName"),
        model=child_text(root, "model"),
        serial=child_text(root, "serialNumber"),
        mac=mac_or_none(child_text(root, "macAddress")),
        firmware=child_text(root, "firmwareVersion"),
        device_type=child_text(root, "deviceType"),
        manufacturer=child_text(root, "manufacturer"),
    )
    if root.tag.startswith("{" + HIK_ISAPI_NS):
        s.signals.append(("discovery_protocol", "hikvision-isapi"))
    for field in ("OEMCode", "customizedInfo", "marketType"):
        value = child_text(root, field)
        if value:
            s.notes.append(f"ISAPI {field}={value}")
    return Observations(sightings=[s], inputs=[(file, "hikvision-isapi")])


def magicbox_fields(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.splitlines():
        match = _KV.match(line)
        if match:
            fields[match.group(1)] = match.group(2)
    return fields


def parse_magicbox(data: bytes, file: str) -> Observations:
    fields = magicbox_fields(data.decode("utf-8", errors="replace"))
    if not MAGICBOX_KEYS & fields.keys():
        raise DeviceInputError("no getSystemInfo keys (deviceType, serialNumber …)", file=file, line=1)
    s = Sighting(
        source=file,
        model=clean(fields.get("deviceType")),
        serial=clean(fields.get("serialNumber")),
        device_type=clean(fields.get("deviceType")),
    )
    s.signals.append(("discovery_protocol", "dahua-magicbox"))
    for key in ("processor", "updateSerial"):  # SoC (HiSilicon?) and the Dahua model an OEM unit really is
        if clean(fields.get(key)):
            s.signals.append(("model", fields[key]))
            s.notes.append(f"magicBox {key}={fields[key]}")
    return Observations(sightings=[s], inputs=[(file, "dahua-magicbox")])
