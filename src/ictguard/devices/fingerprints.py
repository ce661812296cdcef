"""Fingerprint and vendor records: data files under ictguard/data/devices, validated at load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ictguard.devices.datafile import LINE_KEY, check_keys, data_dir, load_yaml, records, text, text_list
from ictguard.errors import DataFileError

#: Kinds of value ``identify`` accepts (contract.md), plus ``organization`` (OUI / manufacturer names),
#: ``discovery_protocol`` (a device answered a vendor's own discovery protocol) and ``fcc_id`` (an FCC ID from an
#: equipment label or an inventory column: its grantee code names the applicant, see families.py).
KINDS = (
    "http_server",
    "http_title",
    "www_authenticate",
    "rtsp_server",
    "tls_subject",
    "telnet_banner",
    "ssh_banner",
    "snmp_sysdescr",
    "favicon_md5",
    "mac",
    "model",
    "organization",
    "discovery_protocol",
    "fcc_id",
)
BASES = ("direct", "oem", "chipset")
_FINGERPRINT_KEYS = ("id", "kind", "pattern", "vendor", "basis", "confidence", "evidence", "citation")


@dataclass(frozen=True)
class Vendor:
    name: str
    covered: bool
    legal_name: str
    citation: str
    purpose_qualified: bool = False
    covered_list_entry: int | None = None
    #: decisions.md item category used when asking the rules engine about this vendor's equipment
    category: str = "other"
    #: the company id of data/regimes/companies.yaml whose family this vendor is (covered vendors only)
    family: str | None = None


@dataclass(frozen=True)
class Fingerprint:
    id: str
    kind: str
    pattern: re.Pattern[str]
    vendor: str
    basis: str
    confidence: float
    evidence: str
    citation: str
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    file: str
    line: int
    #: the member of the family base (data/families/<family>.yaml) the record names: a brand, subsidiary …
    member: str | None = None


def load_vendors(path: Path) -> dict[str, Vendor]:
    vendors: dict[str, Vendor] = {}
    for rec in records(load_yaml(path), "vendors", path):
        check_keys(
            rec,
            path,
            required=("name", "covered", "legal_name", "citation"),
            optional=("purpose_qualified", "covered_list_entry", "category", "family"),
        )
        if not isinstance(rec["covered"], bool):
            raise DataFileError("expected true or false", file=path, line=rec[LINE_KEY], field="covered")
        name = text(rec, "name", path)
        if name in vendors:
            raise DataFileError(f"duplicate vendor {name!r}", file=path, line=rec[LINE_KEY], field="name")
        entry = rec.get("covered_list_entry")
        vendors[name] = Vendor(
            name=name,
            covered=rec["covered"],
            legal_name=text(rec, "legal_name", path),
            citation=text(rec, "citation", path),
            purpose_qualified=bool(rec.get("purpose_qualified", False)),
            covered_list_entry=int(entry) if entry is not None else None,
            category=str(rec.get("category", "other")),
            family=text(rec, "family", path) if "family" in rec else None,
        )
    return vendors


def vendor_of_family(vendors: dict[str, Vendor]) -> dict[str, str]:
    """Company id (companies.yaml) -> the vendor name identification reports for that family."""
    return {v.family: v.name for v in vendors.values() if v.family}


def fingerprint_record(rec: dict[str, object], path: Path, vendors: dict[str, Vendor]) -> Fingerprint:
    """One record. It names its company either as ``vendor`` (a vendors.yaml name) or as ``family`` (a company id
    of data/regimes/companies.yaml that vendors.yaml maps to a vendor): exactly one of the two."""
    keyed_by = "family" if "family" in rec else "vendor"
    required = tuple(keyed_by if key == "vendor" else key for key in _FINGERPRINT_KEYS)
    optional = ("examples", "counter_examples", *(("member",) if keyed_by == "family" else ()))
    check_keys(rec, path, required=required, optional=optional)
    line = int(str(rec[LINE_KEY]))

    def fail(field: str, reason: str) -> DataFileError:
        return DataFileError(reason, file=path, line=line, field=field)

    kind = text(rec, "kind", path)
    if kind not in KINDS or kind == "mac":  # MACs are identified through their organisation
        raise fail("kind", f"unknown kind {kind!r}")
    if keyed_by == "family":
        family = text(rec, "family", path)
        vendor = vendor_of_family(vendors).get(family, "")
        if not vendor:
            raise fail("family", f"family {family!r} is not the family of any vendor in vendors.yaml")
    else:
        vendor = text(rec, "vendor", path)
    if vendor not in vendors:
        raise fail("vendor", f"vendor {vendor!r} is not in vendors.yaml")
    basis = text(rec, "basis", path)
    if basis not in BASES:
        raise fail("basis", f"basis must be one of {', '.join(BASES)}")
    confidence = rec["confidence"]
    if not isinstance(confidence, int | float) or not 0 < confidence <= 1:
        raise fail("confidence", "confidence must be a number in (0, 1]")
    try:
        pattern = re.compile(text(rec, "pattern", path), re.IGNORECASE)
    except re.error as exc:
        raise fail("pattern", f"invalid regular expression: {exc}") from exc
    return Fingerprint(
        id=text(rec, "id", path),
        kind=kind,
        pattern=pattern,
        vendor=vendor,
        basis=basis,
        confidence=float(confidence),
        evidence=text(rec, "evidence", path),
        citation=text(rec, "citation", path),
        examples=text_list(rec, "examples", path),
        counter_examples=text_list(rec, "counter_examples", path),
        file=str(path),
        line=line,
        member=text(rec, "member", path) if "member" in rec else None,
    )


def load_fingerprints(directory: Path, vendors: dict[str, Vendor]) -> list[Fingerprint]:
    """Every ``*.yaml`` in ``directory``; ids must be unique across files."""
    loaded: list[Fingerprint] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        for rec in records(load_yaml(path), "fingerprints", path):
            fp = fingerprint_record(rec, path, vendors)
            if fp.id in seen:
                raise DataFileError(f"duplicate id (also in {seen[fp.id]})", file=path, line=fp.line, field="id")
            seen[fp.id] = str(path)
            loaded.append(fp)
    return loaded


@lru_cache(maxsize=1)
def default_vendors() -> dict[str, Vendor]:
    return load_vendors(data_dir() / "vendors.yaml")


@lru_cache(maxsize=1)
def default_fingerprints() -> tuple[Fingerprint, ...]:
    """The fingerprint files plus the covered families' product lines, brands and FCC grantee codes."""
    from ictguard.devices.families import default_family_fingerprints  # families.py builds on this module

    fingerprints = load_fingerprints(data_dir() / "fingerprints", default_vendors())
    family = default_family_fingerprints()
    clash = {fp.id for fp in fingerprints} & {fp.id for fp in family}
    if clash:
        first = next(fp for fp in family if fp.id in clash)
        raise DataFileError(
            "duplicate id (also in data/devices/fingerprints)", file=first.file, line=first.line, field="id"
        )
    return (*fingerprints, *family)
