"""The covered families' device facts: product lines, model patterns, brand strings, OUI organisation names and
FCC grantee codes, one data file per family in data/devices/families/<company id>.yaml.

Every record is keyed by ``family`` (a company id of data/regimes/companies.yaml; vendors.yaml maps it to the
vendor identification reports) and carries its citation. A record may apply one pattern to several kinds of
value (``kinds: [model, http_title, …]``): a product line is named the same way in an inventory's model column,
a web page title, an authentication realm, a telnet prompt or an SNMP sysDescr. FCC grantee codes become
``fcc_id`` fingerprints on the FCC ID's first 3 (or, for codes issued since 2013, 5) characters.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ictguard.devices.datafile import LINE_KEY, check_keys, data_dir, load_yaml, records, text, text_list
from ictguard.devices.family_base import check_device_families, check_vendor_families
from ictguard.devices.fingerprints import KINDS, Fingerprint, Vendor, default_vendors, fingerprint_record
from ictguard.errors import DataFileError

#: 3-character grantee codes begin with a letter; the FCC's 5-character codes (since 2013) begin with "2"
#: (47 CFR 2.926(c); see the FCC ID format notes cited in the family files).
GRANTEE_CODE = re.compile(r"^(?:[A-Z][A-Z0-9]{2}|2[A-Z0-9]{4})$")
_FCC_PREFIX = re.compile(r"^\s*fcc\s*-?\s*id\s*[:#.]?\s*", re.IGNORECASE)
_FCC_ID = re.compile(r"^(?:[A-Z][A-Z0-9]{2}|2[A-Z0-9]{4})[A-Z0-9-]{1,14}$")
_RECORD_KEYS = ("id", "family", "pattern", "basis", "confidence", "evidence", "citation")
_GRANTEE_KEYS = ("code", "family", "grantee", "citation")


def normalize_fcc_id(value: str) -> str | None:
    """An FCC ID as printed on a label or typed in an inventory ("FCC ID: QIS-B593s", "2adtd 5604sd"): upper
    case, without the "FCC ID" label and spaces. None when it cannot be one (a grantee code and a product code)."""
    found = re.sub(r"\s+", "", _FCC_PREFIX.sub("", value)).upper()
    return found if _FCC_ID.match(found) else None


def grantee_code(fcc_id: str) -> str:
    """The grantee code of a normalised FCC ID: 5 characters when it begins with "2", else 3."""
    return fcc_id[:5] if fcc_id.startswith("2") else fcc_id[:3]


def _company_ids() -> set[str]:
    path = Path(str(data_dir().parent / "regimes" / "companies.yaml"))
    return {str(rec["id"]) for rec in records(load_yaml(path), "companies", path) if "id" in rec}


def _named_members(document: dict[str, Any], path: Path) -> list[tuple[str, int]]:
    """(member, line) of every record that names a member of the family base."""
    found = []
    for key in ("fingerprints", "fcc_grantees"):
        for rec in records(document, key, path) if key in document else []:
            if "member" in rec:
                found.append((text(rec, "member", path), int(rec[LINE_KEY])))
    return found


def _kinds(rec: dict[str, Any], path: Path) -> tuple[str, ...]:
    line = rec.get(LINE_KEY)
    if ("kind" in rec) == ("kinds" in rec):
        raise DataFileError("give exactly one of kind or kinds", file=path, line=line, field="kinds")
    kinds = (text(rec, "kind", path),) if "kind" in rec else text_list(rec, "kinds", path)
    if not kinds or len(set(kinds)) != len(kinds):
        raise DataFileError("kinds must be a non-empty list without repeats", file=path, line=line, field="kinds")
    for kind in kinds:
        if kind not in KINDS or kind in ("mac", "fcc_id"):  # MACs go through organisations, FCC IDs through codes
            raise DataFileError(f"unknown kind {kind!r}", file=path, line=line, field="kinds")
    return kinds


def _check_family(rec: dict[str, Any], path: Path, companies: set[str]) -> str:
    family = text(rec, "family", path)
    if family not in companies:
        raise DataFileError(
            f"family {family!r} is not a company id of data/regimes/companies.yaml",
            file=path,
            line=rec.get(LINE_KEY),
            field="family",
        )
    if family != path.stem:
        raise DataFileError(
            f"a {family!r} record in the file of family {path.stem!r}",
            file=path,
            line=rec.get(LINE_KEY),
            field="family",
        )
    return family


def _grantee(rec: dict[str, Any], path: Path, vendors: dict[str, Vendor]) -> Fingerprint:
    check_keys(rec, path, required=_GRANTEE_KEYS, optional=("examples", "counter_examples", "confidence", "member"))
    code = text(rec, "code", path)
    if not GRANTEE_CODE.match(code):
        raise DataFileError(
            "an FCC grantee code is 3 characters beginning with a letter, or 5 beginning with 2",
            file=path,
            line=rec[LINE_KEY],
            field="code",
        )
    as_fingerprint = {
        "id": f"fcc-grantee-{code.lower()}",
        "kind": "fcc_id",
        "family": rec["family"],
        "pattern": f"^{code}",
        "basis": "direct",
        "confidence": rec.get("confidence", 0.9),
        "evidence": f"FCC ID grantee code {code} is {text(rec, 'grantee', path)}",
        "citation": text(rec, "citation", path),
        LINE_KEY: rec[LINE_KEY],
        "examples": [normalize_fcc_id(v) or v for v in text_list(rec, "examples", path)],
        "counter_examples": [normalize_fcc_id(v) or v for v in text_list(rec, "counter_examples", path)],
        **({"member": rec["member"]} if "member" in rec else {}),
    }
    return fingerprint_record(as_fingerprint, path, vendors)


def load_family_file(path: Path, vendors: dict[str, Vendor], companies: set[str]) -> list[Fingerprint]:
    """One family's device facts. The family and the members its records name are checked against the family
    base (data/families: family_base.check_device_families), so the two directories stay one knowledge base."""
    document = load_yaml(path)
    check_keys(document, path, required=(), optional=("fingerprints", "fcc_grantees"))
    out: list[Fingerprint] = []
    for rec in records(document, "fingerprints", path) if "fingerprints" in document else []:
        check_keys(
            rec, path, required=_RECORD_KEYS, optional=("kind", "kinds", "examples", "counter_examples", "member")
        )
        _check_family(rec, path, companies)
        for kind in _kinds(rec, path):
            one = {k: v for k, v in rec.items() if k != "kinds"}
            one["kind"] = kind
            out.append(fingerprint_record(one, path, vendors))
    for rec in records(document, "fcc_grantees", path) if "fcc_grantees" in document else []:
        _check_family(rec, path, companies)
        out.append(_grantee(rec, path, vendors))
    check_device_families(path, path.stem, _named_members(document, path))
    return out


def load_families(directory: Path, vendors: dict[str, Vendor]) -> list[Fingerprint]:
    """Every ``<family>.yaml`` in ``directory``; record ids (and grantee codes) are unique across the files. The
    vendors' families are families of data/families (one knowledge base: family_base)."""
    companies = _company_ids()
    check_vendor_families({v.name: v.family for v in vendors.values()}, data_dir() / "vendors.yaml")
    loaded: list[Fingerprint] = []
    seen: dict[str, tuple[str, int]] = {}
    for path in sorted(directory.glob("*.yaml")):
        for fp in load_family_file(path, vendors, companies):
            where = (fp.file, fp.line)
            if seen.setdefault(fp.id, where) != where:
                raise DataFileError(
                    f"duplicate id (also in {seen[fp.id][0]} line {seen[fp.id][1]})",
                    file=path,
                    line=fp.line,
                    field="id",
                )
            loaded.append(fp)
    return loaded


@lru_cache(maxsize=1)
def default_family_fingerprints() -> tuple[Fingerprint, ...]:
    return tuple(load_families(data_dir() / "families", default_vendors()))
