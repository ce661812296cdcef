"""Asset inventories as CSV or XLSX (runZero, Lansweeper, NetBox and plain make/model/MAC/IP exports).

Columns are found by alias, case- and punctuation-insensitively. A row with a bad MAC or IP is reported as
rejected and the rest of the file is still read; a file without any usable column is a DeviceInputError.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from ictguard.devices.parsers._common import clean, mac_or_none, valid_ip
from ictguard.devices.records import Observations, Rejected, Sighting
from ictguard.errors import DeviceInputError

# Sources: device_audit.md §3.8 (runZero Asset, Lansweeper view, NetBox export, DAQ device report).
ALIASES: dict[str, tuple[str, ...]] = {
    "ip": ("ip", "ipaddress", "ipv4", "addresses", "address", "primaryip", "primaryipv4", "ipaddr"),
    "mac": ("mac", "macs", "macaddress", "macaddr", "hardwareaddress", "primarymac"),
    "manufacturer": ("manufacturer", "vendor", "make", "brand", "mfr", "macvendors", "newestmacvendor"),
    "model": ("model", "devicetype", "modelnumber", "hwmodel", "product", "hw"),
    "serial": ("serial", "serialnumber", "sn", "serialno"),
    "hostname": ("name", "names", "assetname", "devicename", "hostname", "fqdn"),
    "firmware": ("firmware", "firmwareversion", "osversion", "os", "softwareversion", "platform"),
    "device_type": ("type", "assettypename", "role", "category", "class"),
    # NetBox "Site" (its "Location" is a room or floor within it), runZero "site", Lansweeper "SiteName" and
    # "Location" (§3.8 "site/location"): a site name is preferred over a location, a location over a building.
    "site": ("site", "sitename", "location", "locationname", "building", "buildingname", "campus"),
}
_SPLIT = re.compile(r"[\s,;\t]+")


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def _columns(header: list[str]) -> dict[str, int]:
    keys = [_key(h) for h in header]
    found: dict[str, int] = {}
    for target, aliases in ALIASES.items():
        for alias in aliases:  # alias order is preference order
            if alias in keys:
                found[target] = keys.index(alias)
                break
    return found


def _rows_csv(data: bytes, file: str) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise DeviceInputError(f"malformed CSV: {exc}", file=file, line=reader.line_num) from exc


def _rows_xlsx(data: bytes, file: str) -> Iterator[tuple[int, list[str]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken archives
        raise DeviceInputError(f"unreadable XLSX: {exc}", file=file) from exc
    sheet = book.worksheets[0]
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, ["" if v is None else str(v) for v in row]


def parse_inventory(data: bytes, file: str) -> Observations:
    rows = _rows_xlsx(data, file) if data[:2] == b"PK" else _rows_csv(data, file)
    out = Observations(inputs=[(file, "inventory")])
    header: list[str] | None = None
    columns: dict[str, int] = {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header, columns = row, _columns(row)
            if not {"ip", "mac", "manufacturer", "model"} & columns.keys():
                raise DeviceInputError(
                    "no IP, MAC, manufacturer or model column in the header", file=file, line=line, field="header"
                )
            continue
        sighting = _row(row, columns, file, line, out)
        if sighting is not None:
            out.sightings.append(sighting)
    if header is None:
        raise DeviceInputError("empty inventory", file=file, line=1)
    return out


def _cell(row: list[str], columns: dict[str, int], name: str) -> str | None:
    index = columns.get(name)
    return clean(row[index]) if index is not None and index < len(row) else None


def _row(row: list[str], columns: dict[str, int], file: str, line: int, out: Observations) -> Sighting | None:
    raw_mac, raw_ip = _cell(row, columns, "mac"), _cell(row, columns, "ip")
    mac = ip = None
    if raw_mac:
        mac = mac_or_none(_SPLIT.split(raw_mac)[0])
        if mac is None:
            out.rejected.append(Rejected(file, line, "mac", f"not a MAC address: {raw_mac!r}"))
            return None
    if raw_ip:
        ip = valid_ip(_SPLIT.split(raw_ip)[0])
        if ip is None:
            out.rejected.append(Rejected(file, line, "ip", f"not an IP address: {raw_ip!r}"))
            return None
    sighting = Sighting(
        source=file, line=line, ip=ip, mac=mac, hostname=_cell(row, columns, "hostname"),
        manufacturer=_cell(row, columns, "manufacturer"), model=_cell(row, columns, "model"),
        serial=_cell(row, columns, "serial"), firmware=_cell(row, columns, "firmware"),
        device_type=_cell(row, columns, "device_type"),
    )
    if not (ip or mac or sighting.manufacturer or sighting.model):
        out.rejected.append(Rejected(file, line, None, "row has no IP, MAC, manufacturer or model"))
        return None
    return sighting
