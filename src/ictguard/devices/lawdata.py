"""Data the audit needs besides fingerprints: vendor clouds, adversary countries, legal finding templates."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ictguard.devices.datafile import LINE_KEY, check_keys, data_dir, load_yaml, records, text, text_list
from ictguard.devices.fingerprints import default_vendors, vendor_of_family
from ictguard.errors import DataFileError

OUTCOMES = ("prohibited", "license_required", "reviewable", "flag", "authorized", "no_restriction")


@dataclass(frozen=True)
class Cloud:
    id: str
    domains: tuple[str, ...]
    vendor: str
    ecosystem: str
    citation: str

    def matches(self, name: str) -> bool:
        name = name.lower().rstrip(".")
        return any(name == d or name.endswith("." + d) for d in self.domains)


@dataclass(frozen=True)
class FindingTemplate:
    id: str
    regime: str
    vendors: tuple[str, ...]
    outcome: str
    rules: tuple[str, ...]
    citations: tuple[str, ...]
    explanation: str
    settles: str


@dataclass(frozen=True)
class Scenario:
    """A legal question asked about each covered device, posed to the rules engine as a transaction."""

    id: str
    kind: str
    role: str
    question: str


@dataclass(frozen=True)
class LawData:
    clouds: tuple[Cloud, ...]
    ports: dict[tuple[int, str], str]
    countries: dict[str, str]
    countries_citation: str
    findings: tuple[FindingTemplate, ...]
    scenarios: tuple[Scenario, ...]


def _clouds(path: Path) -> tuple[tuple[Cloud, ...], dict[tuple[int, str], str]]:
    doc = load_yaml(path)
    vendors = default_vendors()
    clouds = []
    by_family = vendor_of_family(vendors)
    for rec in records(doc, "clouds", path):
        # A covered family's cloud is keyed by its company id (``family``), any other vendor's by ``vendor``.
        keyed_by = "family" if "family" in rec else "vendor"
        check_keys(rec, path, required=("id", "domains", keyed_by, "ecosystem", "citation"))
        vendor = by_family.get(text(rec, "family", path), "") if keyed_by == "family" else text(rec, "vendor", path)
        if vendor not in vendors:
            raise DataFileError(f"{keyed_by} not in vendors.yaml", file=path, line=rec[LINE_KEY], field=keyed_by)
        clouds.append(
            Cloud(
                text(rec, "id", path),
                tuple(d.lower() for d in text_list(rec, "domains", path)),
                vendor,
                text(rec, "ecosystem", path),
                text(rec, "citation", path),
            )
        )
    ports = {}
    for rec in records(doc, "ports", path):
        check_keys(rec, path, required=("port", "proto", "name", "citation"))
        ports[(int(rec["port"]), text(rec, "proto", path))] = text(rec, "name", path)
    return tuple(clouds), ports


def _scenarios(path: Path) -> tuple[Scenario, ...]:
    out = []
    for rec in records(load_yaml(path), "scenarios", path):
        check_keys(rec, path, required=("id", "kind", "role", "question"))
        out.append(
            Scenario(
                text(rec, "id", path), text(rec, "kind", path), text(rec, "role", path), text(rec, "question", path)
            )
        )
    return tuple(out)


def _findings(path: Path) -> tuple[FindingTemplate, ...]:
    vendors = default_vendors()
    out = []
    for rec in records(load_yaml(path), "findings", path):
        check_keys(
            rec,
            path,
            required=("id", "regime", "vendors", "outcome", "rules", "citations", "explanation"),
            optional=("settles",),
        )
        if rec["outcome"] not in OUTCOMES:
            raise DataFileError("unknown outcome", file=path, line=rec[LINE_KEY], field="outcome")
        names = text_list(rec, "vendors", path)
        if any(not vendors.get(n) or not vendors[n].covered for n in names):
            raise DataFileError(
                "findings apply to covered vendors only", file=path, line=rec[LINE_KEY], field="vendors"
            )
        out.append(
            FindingTemplate(
                text(rec, "id", path),
                text(rec, "regime", path),
                names,
                text(rec, "outcome", path),
                text_list(rec, "rules", path),
                text_list(rec, "citations", path),
                text(rec, "explanation", path),
                str(rec.get("settles") or ""),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def default_law_data() -> LawData:
    base = data_dir()
    clouds, ports = _clouds(base / "clouds.yaml")
    path = base / "countries.yaml"
    doc = load_yaml(path)
    countries = {}
    for rec in records(doc, "countries", path):
        check_keys(rec, path, required=("code", "name"))
        countries[text(rec, "code", path).upper()] = text(rec, "name", path)
    findings = base / "findings.yaml"
    return LawData(clouds, ports, countries, text(doc, "citation", path), _findings(findings), _scenarios(findings))
