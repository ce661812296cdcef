"""Pick the parser for an input file by content (magic bytes, XML root, JSON keys, CSV header), then extension."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from ictguard.devices.parsers import bom, device_api, discovery, inventory, nfdump, nmap, pcap, suricata, zeek
from ictguard.devices.records import Observations
from ictguard.errors import DeviceInputError

Parser = Callable[[bytes, str], Observations]
_PCAP_MAGICS = (b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d", b"\x0a\x0d\x0d\x0a")
_XML_ROOT = re.compile(rb"<\s*(?:[\w.-]+:)?([\w.-]+)[\s>/]")
_XML_PARSERS: dict[str, Parser] = {
    "nmaprun": nmap.parse_nmap,
    "ProbeMatch": discovery.parse_sadp,
    "bom": bom.parse_cyclonedx_xml,
    "Envelope": discovery.parse_onvif,
    "DeviceInfo": device_api.parse_isapi_device_info,
}


def _xml_root(head: bytes) -> str | None:
    body = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", head, flags=re.DOTALL)
    match = _XML_ROOT.search(body)
    return match.group(1).decode("ascii", "replace") if match else None


def _json_parser(text: str) -> Parser | None:
    first = text.lstrip()[:1]
    if first == "[":
        return nfdump.parse_nfdump_json if '"FLOW"' in text[:2000] else None
    if first != "{":
        return None
    if zeek.is_zeek_json(text):
        return zeek.parse_zeek
    if '"event_type"' in text[:5000]:
        return suricata.parse_eve
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, RecursionError):  # the BOM parser names the line (or the nesting) of the error
        return bom.parse_cyclonedx_json if '"bomFormat"' in text[:2000] else None
    if isinstance(doc, dict) and "bomFormat" in doc:
        return bom.parse_cyclonedx_json
    if isinstance(doc, dict) and "spdxVersion" in doc:
        return bom.parse_spdx_json
    return None


def choose_parser(data: bytes, file: str) -> Parser:
    if data[:4] in _PCAP_MAGICS:
        return pcap.parse_pcap
    if data[4:8] == discovery.DHIP_MAGIC:
        return discovery.parse_dhip
    if data[:1] == b"\xb3" and b"SerialNo:" in data:
        return discovery.parse_dahua5050
    if data[:2] == b"PK":
        return inventory.parse_inventory  # XLSX
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        root = _xml_root(head)
        if root in _XML_PARSERS:
            return _XML_PARSERS[root]
        raise DeviceInputError(f"unrecognised XML document <{root}>", file=file, line=1)
    text = data.decode("utf-8", errors="replace")
    parser = _json_parser(text)
    if parser is not None:
        return parser
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    if first.startswith(("#separator", "### BTest")) or "#fields\t" in text[:4000]:
        return zeek.parse_zeek
    if first.startswith("SPDXVersion:"):
        return bom.parse_spdx_tag_value
    if first.startswith("ts,te,td,sa,da"):
        return nfdump.parse_nfdump_csv
    if len(device_api.MAGICBOX_KEYS & device_api.magicbox_fields(text[:4000]).keys()) >= 2:
        return device_api.parse_magicbox
    if Path(file).suffix.lower() in {".csv", ".tsv", ".txt", ".xlsx"} and inventory.looks_delimited(text):
        return inventory.parse_inventory
    raise DeviceInputError("unrecognised input format", file=file, line=1)


HEAD_BYTES = 1 << 16


def head_parser(path: Path) -> Parser | None:
    """The parser ``choose_parser`` picks from the first 64 KiB of ``path`` (for the formats it tells apart by
    their start: Zeek JSON, nfdump CSV); None when that cannot be read or is not recognised: read_input, which
    reads the file whole, then names the problem."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
        return choose_parser(head, str(path)) if head.strip() else None
    except (OSError, DeviceInputError):
        return None


def read_input(path: Path) -> Observations:
    """Parse one input file of any supported kind (a capture is read from the file as it goes, not whole)."""
    try:
        with path.open("rb") as handle:
            if handle.read(4) in _PCAP_MAGICS:
                return pcap.read_pcap(path)
        data = path.read_bytes()
    except OSError as exc:
        raise DeviceInputError(f"cannot read: {exc.strerror}", file=path) from exc
    if not data.strip():
        raise DeviceInputError("empty file", file=path)
    return choose_parser(data, str(path))(data, str(path))
