"""Asset inventories as CSV or XLSX (runZero, Lansweeper, NetBox and plain make/model/MAC/IP exports).

Columns are found by alias, case- and punctuation-insensitively. The header is the first of the first
HEADER_ROWS non-empty rows that names a usable column (exports often open with a title row), on every sheet of
an XLSX; a CSV's delimiter (, ; tab |) is sniffed. A bad MAC or IP ("N/A", "DHCP") drops that field only, noted
as a rejected field naming line and field, and the row is kept while it still identifies a device; a file
without any usable column is a DeviceInputError.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

from ictguard.devices.parsers._common import clean, mac_or_none, valid_ip
from ictguard.devices.records import Observations, Rejected, Sighting
from ictguard.errors import DeviceInputError, InputTooLargeError
from ictguard.limits import SheetBudget, check_xlsx_archive

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
    # An FCC ID printed on the equipment label (its grantee code names the applicant: devices/families.py).
    "fcc_id": ("fccid", "fcc", "fccidentifier", "fccidnumber", "fccgrantid"),
    "site": ("site", "sitename", "location", "locationname", "building", "buildingname", "campus"),
}
_SPLIT = re.compile(r"[\s,;\t]+")
#: rows searched for the header (title rows, a blank line and notes come first in many exports)
HEADER_ROWS = 10
DELIMITERS = ",;\t|"
_USABLE = {"ip", "mac", "manufacturer", "model", "fcc_id"}


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


def looks_delimited(text: str) -> bool:
    """Whether one of the first HEADER_ROWS lines holds a delimiter (the header may follow a title row)."""
    return any(d in line for line in text[: 1 << 16].splitlines()[:HEADER_ROWS] for d in DELIMITERS)


def delimiter_of(text: str, file: str) -> str:
    """The CSV delimiter among DELIMITERS: csv.Sniffer on the first lines, else the one the most delimited of
    the first HEADER_ROWS lines holds most of, else a comma (or a tab for .tsv)."""
    lines = text[: 1 << 16].splitlines()  # the head is enough, and a large file is not split whole
    try:
        return csv.Sniffer().sniff("\n".join(lines[: HEADER_ROWS + 20]), delimiters=DELIMITERS).delimiter
    except csv.Error:
        pass
    # The sniffer wants lines that agree; a title row, or a single data row, is enough to stop it. The header
    # is the line with the most delimiters among the first ones, and its delimiter is the one it holds most of.
    count, best = max((line.count(d), d) for line in lines[:HEADER_ROWS] for d in DELIMITERS) if lines else (0, ",")
    if count:
        return best
    return "\t" if file.lower().endswith(".tsv") else ","


def _rows_csv(data: bytes, file: str) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter_of(text, file))
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise DeviceInputError(f"malformed CSV: {exc}", file=file, line=reader.line_num) from exc


def _sheets_xlsx(data: bytes, file: str) -> Iterator[tuple[str, Iterator[tuple[int, list[str]]]]]:
    """Each sheet's title and rows: an export may put its data on any sheet (a cover sheet first, say)."""
    import openpyxl

    check_xlsx_archive(data, file)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken archives
        raise DeviceInputError(f"unreadable XLSX: {exc}", file=file) from exc
    budget = SheetBudget(file)  # rows and cells of all sheets together
    for sheet in book.worksheets:
        yield sheet.title, _sheet_rows(sheet, file, budget)


def _sheet_rows(sheet: Any, file: str, budget: SheetBudget) -> Iterator[tuple[int, list[str]]]:
    """A sheet's rows as text. Read-only sheets are parsed as they are iterated, so a damaged sheet fails here,
    part-way, with whatever openpyxl or its XML parser raises: an error naming the sheet and row. The
    workbook's limits (ictguard.limits) stop the reading at the first one passed."""
    number = 0
    try:
        for number, row in enumerate(budget.rows(sheet.iter_rows(values_only=True), sheet.title), start=1):
            yield number, ["" if v is None else str(v) for v in row]
    except InputTooLargeError:
        raise
    except Exception as exc:  # openpyxl and ElementTree raise many types for a broken sheet
        raise DeviceInputError(f"unreadable XLSX sheet {sheet.title!r}: {exc}", file=file, line=number + 1) from exc


def _tables(data: bytes, file: str) -> Iterator[tuple[str | None, Iterator[tuple[int, list[str]]]]]:
    if data[:2] == b"PK":
        yield from _sheets_xlsx(data, file)
    else:
        yield None, _rows_csv(data, file)


def parse_inventory(data: bytes, file: str) -> Observations:
    out = Observations(inputs=[(file, "inventory")])
    headers = 0
    first_row: int | None = None
    for sheet, rows in _tables(data, file):
        columns: dict[str, int] | None = None
        searched = 0
        for line, row in rows:
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                first_row = first_row or line
                found = _columns(row)
                if _USABLE & found.keys():
                    columns, headers = found, headers + 1
                    continue
                searched += 1
                if searched >= HEADER_ROWS:
                    break  # no header near the top: not an inventory sheet
                continue
            sighting = _row(row, columns, file, line, out, sheet)
            if sighting is not None:
                out.sightings.append(sighting)
    if first_row is None:
        raise DeviceInputError("empty inventory", file=file, line=1)
    if not headers:
        raise DeviceInputError(
            f"no IP, MAC, manufacturer or model column in the header (first {HEADER_ROWS} rows"
            f"{' of every sheet' if data[:2] == b'PK' else ''} searched)",
            file=file,
            line=first_row,
            field="header",
        )
    return out


def _cell(row: list[str], columns: dict[str, int], name: str) -> str | None:
    index = columns.get(name)
    return clean(row[index]) if index is not None and index < len(row) else None


def _row(
    row: list[str], columns: dict[str, int], file: str, line: int, out: Observations, sheet: str | None = None
) -> Sighting | None:
    where = f"sheet {sheet!r}: " if sheet is not None else ""
    raw_mac, raw_ip = _cell(row, columns, "mac"), _cell(row, columns, "ip")
    mac = mac_or_none(_SPLIT.split(raw_mac)[0]) if raw_mac else None
    ip = valid_ip(_SPLIT.split(raw_ip)[0]) if raw_ip else None
    sighting = Sighting(
        source=file,
        line=line,
        ip=ip,
        mac=mac,
        hostname=_cell(row, columns, "hostname"),
        manufacturer=_cell(row, columns, "manufacturer"),
        model=_cell(row, columns, "model"),
        serial=_cell(row, columns, "serial"),
        firmware=_cell(row, columns, "firmware"),
        device_type=_cell(row, columns, "device_type"),
        site=_cell(row, columns, "site"),
    )
    if sheet is not None:
        sighting.notes.append(f"inventory sheet {sheet!r}")
    fcc_id = _cell(row, columns, "fcc_id")
    if fcc_id:
        sighting.signals.append(("fcc_id", fcc_id))
    if not (ip or mac or sighting.manufacturer or sighting.model or sighting.serial or sighting.signals):
        out.rejected.append(
            Rejected(file, line, None, f"{where}row has no IP, MAC, manufacturer, model, serial or FCC ID")
        )
        return None
    # A placeholder ("N/A", "DHCP", "unknown") or a typo in one field must not hide the device the rest of the
    # row describes: only the field is dropped, and the note says which.
    for field, raw, value, what in (("mac", raw_mac, mac, "a MAC"), ("ip", raw_ip, ip, "an IP")):
        if raw and value is None:
            out.rejected.append(
                Rejected(file, line, field, f"{where}not {what} address: {raw!r} (field dropped, the row kept)")
            )
    return sighting
