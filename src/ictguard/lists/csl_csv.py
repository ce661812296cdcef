"""trade.gov Consolidated Screening List (CSL) CSV loader: current layout (``_id`` + 28 columns) and the
older 2019 layout (28 columns, no ``_id``)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ictguard.errors import ListFormatError
from ictguard.model import Address, Entity, EntityType, Identifier, Relation, RelationKind

REQUIRED_COLUMNS = ("source", "name", "addresses", "alt_names")

# Full CSL source string -> short list code. Unknown sources keep their text (no data is lost).
SOURCE_CODES: dict[str, str] = {
    "Entity List (EL) - Bureau of Industry and Security": "EL",
    "Military End User (MEU) List - Bureau of Industry and Security": "MEU",
    "Denied Persons List (DPL) - Bureau of Industry and Security": "DPL",
    "Unverified List (UVL) - Bureau of Industry and Security": "UVL",
    "Specially Designated Nationals (SDN) - Treasury Department": "SDN",
    "Sectoral Sanctions Identifications List (SSI) - Treasury Department": "SSI",
    "Palestinian Legislative Council List (PLC) - Treasury Department": "PLC",
    "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department": "CMIC",
    "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department": "NS-MBS",
    "Capta List (CAP) - Treasury Department": "CAP",
    "Foreign Sanctions Evaders (FSE) - Treasury Department": "FSE",
    "Nonproliferation Sanctions (ISN) - State Department": "ISN",
    "ITAR Debarred (DTC) - State Department": "DTC",
}

_TYPES = {
    "individual": EntityType.PERSON,
    "vessel": EntityType.VESSEL,
    "aircraft": EntityType.AIRCRAFT,
}
_VESSEL_COLUMNS = (
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
)
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_FR_CITATION = re.compile(r"\d+\s*F\.?\s*R\.?\s*\d+")


def source_code(source: str) -> str:
    if source in SOURCE_CODES:
        return SOURCE_CODES[source]
    m = re.search(r"\(([A-Z-]+)(?: List)?\)", source)
    return m.group(1) if m else source


def _split(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(";") if p.strip()) if value else ()


def _parse_date(value: str, file: str, line: int, field: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ListFormatError(f"not an ISO date: {value[:40]!r}", file=file, line=line, field=field) from None


def _address(text: str) -> Address:
    parts = [p.strip() for p in text.split(",")]
    country = parts[-1] if parts and _COUNTRY_CODE.match(parts[-1]) else None
    return Address(text=text, country=country)


def _identifiers(value: str) -> tuple[Identifier, ...]:
    """``Type, Number[, CC]`` items; the number may itself contain commas ("… Regulations, sections 510.201")."""
    out: list[Identifier] = []
    for item in _split(value):
        parts = [p.strip() for p in item.split(",")]
        if len(parts) >= 2:
            has_cc = len(parts) > 2 and _COUNTRY_CODE.match(parts[-1]) is not None
            number = ", ".join(parts[1:-1] if has_cc else parts[1:])
            country = parts[-1] if has_cc else None
            out.append(Identifier(type=parts[0].rstrip(":").strip(), value=number, country=country))
        else:
            out.append(Identifier(type="", value=item))
    return tuple(out)


# Treasury lists: the CSL id is OFAC's ent_num; use the OFAC loader's id so both sources name one entity alike.
OFAC_CODES = frozenset({"SDN", "SSI", "PLC", "CMIC", "NS-MBS", "CAP", "FSE"})
_LINKED_TO = re.compile(r"\(Linked To: ([^()]*(?:\([^()]*\)[^()]*)*)\)")


def entity_id(row: dict[str, str], code: str) -> str:
    number = (row.get("entity_number") or row.get("_id") or "").strip()
    if code in OFAC_CODES and number.isdigit():
        return f"ofac-{code.lower()}:{number}"
    return f"csl:{_row_id(row)}"


def _linked_to(remarks: str) -> tuple[Relation, ...]:
    return tuple(
        Relation(RelationKind.LINKED_TO, m.group(1).strip(), source="remarks: Linked To")
        for m in _LINKED_TO.finditer(remarks)
    )


def _row_id(row: dict[str, str]) -> str:
    if row.get("_id"):
        return row["_id"]
    # 2019 layout has no id: derive a stable one the way the mirror derives EL ids.
    key = row.get("source", "") + row.get("name", "") + row.get("addresses", "")
    return hashlib.sha224(key.encode("utf-8")).hexdigest()


def iter_csl_rows(text: str, file: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with the header checked; raises ListFormatError on any bad row."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ListFormatError("embedded NUL byte", file=file, line=line)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ListFormatError("empty file", file=file, line=1) from None
    except csv.Error as exc:
        raise ListFormatError(f"unreadable CSV header: {exc}", file=file, line=1) from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ListFormatError(f"not a CSL file: missing columns {', '.join(missing)}", file=file, line=1)
    width = len(header)
    try:
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != width:
                raise ListFormatError(
                    f"expected {width} fields, found {len(row)} (truncated or malformed row)",
                    file=file,
                    line=line,
                )
            yield line, dict(zip(header, row, strict=True))
    except csv.Error as exc:
        raise ListFormatError(f"malformed CSV: {exc}", file=file, line=reader.line_num) from None


def entity_from_row(row: dict[str, str], file: str, line: int) -> Entity:
    name = row.get("name", "").strip()
    if not name:
        raise ListFormatError("empty name", file=file, line=line, field="name")
    source = row["source"].strip()
    if not source:
        raise ListFormatError("empty source", file=file, line=line, field="source")
    addresses = tuple(_address(a) for a in _split(row.get("addresses", "")))
    countries = tuple(dict.fromkeys(a.country for a in addresses if a.country))
    fr = row.get("federal_register_notice", "")
    notices = _split(fr) if ";" in fr else tuple(m.group(0) for m in _FR_CITATION.finditer(fr)) or _split(fr)
    vessel = {k: row[k].strip() for k in _VESSEL_COLUMNS if row.get(k, "").strip()}
    code = source_code(source)
    return Entity(
        id=entity_id(row, code),
        source=code,
        source_name=source,
        name=name,
        type=_TYPES.get(row.get("type", "").strip().lower(), EntityType.ORGANIZATION),
        aliases=tuple(a for a in _split(row.get("alt_names", "")) if a != name),
        addresses=addresses,
        countries=countries,
        identifiers=_identifiers(row.get("ids", "")),
        programs=_split(row.get("programs", "")),
        federal_register_notices=notices,
        license_requirement=row.get("license_requirement", "").strip() or None,
        license_policy=row.get("license_policy", "").strip() or None,
        start_date=_parse_date(row.get("start_date", ""), file, line, "start_date"),
        end_date=_parse_date(row.get("end_date", ""), file, line, "end_date"),
        remarks=_LINKED_TO.sub("", row.get("remarks", "")).strip(" ;") or None,
        relations=_linked_to(row.get("remarks", "")),
        title=row.get("title", "").strip() or None,
        dates_of_birth=_split(row.get("dates_of_birth", "")),
        places_of_birth=_split(row.get("places_of_birth", "")),
        nationalities=_split(row.get("nationalities", "")),
        citizenships=_split(row.get("citizenships", "")),
        vessel=vessel,
        source_url=row.get("source_list_url", "").strip() or None,
        source_file=file,
        source_line=line,
    )


def parse_csl_csv(data: bytes, file: str) -> list[Entity]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ListFormatError(f"not UTF-8: {exc.reason}", file=file, line=line) from None
    return [entity_from_row(row, file, line) for line, row in iter_csl_rows(text, file)]


def load_csl_csv(path: str | Path) -> list[Entity]:
    p = Path(path)
    return parse_csl_csv(p.read_bytes(), str(p))
