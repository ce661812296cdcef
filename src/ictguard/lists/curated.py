"""Curated regime data (FCC Covered List, NDAA §889 companies, ICTS foreign adversaries, Entity List rules the
engine treats specially, validity windows), loaded from ``ictguard/data/regimes/*.yaml`` and validated.

Every fact carries a citation; unknown keys, missing citations, bad dates and overlapping windows raise
:class:`DataFileError` naming the file, line and field. Named companies are also exposed as
:class:`Entity` objects (sources ``NDAA889`` and ``FCC-COVERED``) so they can be screened with the lists.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from ictguard.errors import DataFileError
from ictguard.lists.brand_exclusions import BrandExclusion, parse_exclusions
from ictguard.model import Entity
from ictguard.yamlfile import read_yaml

REGIMES_DIR = Path(__file__).resolve().parents[1] / "data" / "regimes"
# Shown as a hit's list (with the company's citations as its notices), so a screen says where a curated hit is from.
CURATED_SOURCE_NAMES = {
    "NDAA889": "NDAA FY2019 §889 covered telecommunications companies (Pub. L. 115-232; curated)",
    "FCC-COVERED": "FCC Covered List (47 CFR 1.50002; curated)",
}


def load_yaml(path: Path) -> Any:
    """Parse one YAML file; mappings come back as :class:`LineDict`."""
    return read_yaml(path)


class Record:
    """Typed, validated access to one YAML mapping (errors name file, line and field)."""

    def __init__(self, data: Any, file: Path, allowed: set[str], where: str = "") -> None:
        self.file = file
        if not isinstance(data, dict):
            raise DataFileError(f"expected a mapping{where}", file=file, field=where or None)
        self.data = data
        self.line = getattr(data, "line", None)
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise DataFileError("unknown field", file=file, line=self.line_of(unknown[0]), field=unknown[0])

    def line_of(self, key: str) -> int | None:
        lines: dict[str, int] = getattr(self.data, "key_lines", {})
        return lines.get(key, self.line)

    def error(self, key: str, reason: str) -> DataFileError:
        return DataFileError(reason, file=self.file, line=self.line_of(key), field=key)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "missing or not a non-empty string")
        return value

    def day(self, key: str, *, required: bool = True) -> date | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.error(key, "missing date")
            return None
        if isinstance(value, date):
            return value
        raise self.error(key, f"not an ISO date: {value!r}")

    def str_list(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.error(key, "missing list")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
            raise self.error(key, "expected a list of strings")
        if required and not value:
            raise self.error(key, "empty list")
        return tuple(str(v) for v in value)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, "expected true or false")
        return value

    def citation(self, key: str = "citation") -> str:
        return self.text(key)


def records(doc: Any, top: str, file: Path) -> list[Any]:
    if not isinstance(doc, dict) or not isinstance(doc.get(top), list):
        raise DataFileError(f"expected a top-level list {top!r}", file=file, field=top)
    items: list[Any] = doc[top]
    return items


@dataclass(frozen=True, slots=True)
class Window:
    start: date
    end: date | None  # inclusive; None = open
    citation: str

    def contains(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class CuratedCompany:
    id: str
    name: str
    aliases: tuple[str, ...]
    brand_tokens: tuple[str, ...]
    country: str
    citations: tuple[str, ...]
    ndaa889_limb: str | None  # "A" (Huawei, ZTE), "B" (Hytera, Hikvision, Dahua) or None
    purpose_qualified: bool
    # A U.S. company owned and controlled from a foreign adversary (the §214 carriers: an FCC order found each a
    # U.S. subsidiary of a PRC state-owned enterprise): that country, and the finding it rests on.
    controlled_from: str | None = None
    control_citation: str | None = None
    # Unrelated firms and product lines sharing a brand token (lists/brand_exclusions.py): never this company.
    brand_exclusions: tuple[BrandExclusion, ...] = ()


@dataclass(frozen=True, slots=True)
class CoveredListEntry:
    number: int
    added: date
    company: str | None  # CuratedCompany.id, or None for a category entry
    category: str | None
    covers: tuple[str, ...]  # item categories the entry reaches
    terms: tuple[str, ...]  # description terms a category entry needs (empty = any)
    purpose_qualified: bool
    foreign_produced_only: bool
    citation: str


@dataclass(frozen=True, slots=True)
class ElListing:
    id: str
    rule: str
    company: str | None
    fr_citations: tuple[str, ...]
    effective: date
    footnote1_from: date | None
    policy: str
    case_by_case_eccns: tuple[str, ...]
    citation: str
    entities: tuple[Entity, ...] = ()  # principal names, as EL entities (when no official list is loaded)


@dataclass(frozen=True, slots=True)
class ForeignAdversary:
    code: str
    name: str
    includes: tuple[str, ...]
    start: date
    config_flag: str | None
    citation: str


@dataclass(frozen=True)
class RegimeData:
    companies: dict[str, CuratedCompany]
    covered_list: tuple[CoveredListEntry, ...]
    listings: tuple[ElListing, ...]
    foreign_adversaries: tuple[ForeignAdversary, ...]
    eo_period_countries: tuple[str, ...]
    eo_period_citation: str
    windows: dict[str, tuple[Window, ...]]

    def entities(self) -> list[Entity]:
        """Curated named companies as screenable entities (one per program the company is named in)."""
        result: list[Entity] = []
        for company in self.companies.values():
            added = [e.added for e in self.covered_list if e.company == company.id]
            programs: list[tuple[str, date | None]] = []
            if company.ndaa889_limb:
                programs.append(("NDAA889", date(2019, 8, 13)))
            if added:
                programs.append(("FCC-COVERED", min(added)))
            for source, start in programs:
                result.append(
                    Entity(
                        id=f"{source.lower()}:{company.id}",
                        source=source,
                        name=company.name,
                        aliases=company.aliases,
                        countries=(company.country,),
                        programs=(source,),
                        source_name=CURATED_SOURCE_NAMES[source],
                        federal_register_notices=company.citations,
                        start_date=start,
                        source_file=str(REGIMES_DIR / "companies.yaml"),
                    )
                )
        return result

    def listing_entities(self) -> list[Entity]:
        """Principal Entity List names of the special listings (a fallback when no official list is loaded)."""
        return [e for listing in self.listings for e in listing.entities]

    def listing_for(self, entity: Entity) -> ElListing | None:
        """The special Entity List rule an entry belongs to (by its first FR citation), if any."""
        if entity.source != "EL" or not entity.federal_register_notices:
            return None
        first = " ".join(entity.federal_register_notices[0].split())
        for listing in self.listings:
            if first in listing.fr_citations:
                return listing
        return None


def _windows(doc: Any, file: Path) -> dict[str, tuple[Window, ...]]:
    top = Record(doc, file, {"windows"})
    sets = top.get("windows")
    if not isinstance(sets, dict):
        raise top.error("windows", "expected a mapping of window sets")
    result: dict[str, tuple[Window, ...]] = {}
    for name, items in sets.items():
        if not isinstance(items, list) or not items:
            raise DataFileError("expected a non-empty list of windows", file=file, field=name)
        parsed: list[tuple[Window, Record]] = []
        for raw in items:
            rec = Record(raw, file, {"from", "to", "citation"}, name)
            start = rec.day("from")
            assert start is not None
            end = rec.day("to", required=False)
            if end is not None and end < start:
                raise rec.error("to", "window ends before it starts")
            parsed.append((Window(start, end, rec.citation()), rec))
        parsed.sort(key=lambda p: p[0].start)
        for (a, _), (b, rec) in zip(parsed, parsed[1:], strict=False):
            if a.end is None or a.end >= b.start:
                raise rec.error("from", f"window overlaps the previous window of {name!r}")
        result[name] = tuple(w for w, _ in parsed)
    return result


def _companies(doc: Any, file: Path) -> dict[str, CuratedCompany]:
    result: dict[str, CuratedCompany] = {}
    fields = {
        "id",
        "name",
        "aliases",
        "brand_tokens",
        "brand_exclusions",
        "country",
        "ndaa889",
        "citations",
        "controlled_from",
    }
    for raw in records(doc, "companies", file):
        rec = Record(raw, file, fields)
        control, control_citation = None, None
        if rec.get("controlled_from") is not None:
            sub = Record(rec.get("controlled_from"), file, {"country", "citation"}, "controlled_from")
            control, control_citation = sub.text("country").upper(), sub.text("citation")
        limb, qualified = None, False
        if rec.get("ndaa889") is not None:
            sub = Record(rec.get("ndaa889"), file, {"limb", "purpose_qualified"}, "ndaa889")
            limb = sub.text("limb")
            if limb not in ("A", "B"):
                raise sub.error("limb", "expected A or B")
            qualified = sub.flag("purpose_qualified")
        name, aliases = rec.text("name"), rec.str_list("aliases")
        company = CuratedCompany(
            id=rec.text("id"),
            name=name,
            aliases=aliases,
            brand_tokens=tuple(t.lower() for t in rec.str_list("brand_tokens")),
            country=rec.text("country"),
            citations=rec.str_list("citations", required=True),
            ndaa889_limb=limb,
            purpose_qualified=qualified,
            controlled_from=control,
            control_citation=control_citation,
            brand_exclusions=parse_exclusions(rec, file, (name, *aliases)),
        )
        if company.id in result:
            raise rec.error("id", f"duplicate company id {company.id!r}")
        result[company.id] = company
    return result


def _covered_list(doc: Any, file: Path, companies: dict[str, CuratedCompany]) -> tuple[CoveredListEntry, ...]:
    fields = {
        "number",
        "company",
        "category",
        "added",
        "covers",
        "terms",
        "purpose_qualified",
        "foreign_produced_only",
        "citation",
    }
    result = []
    for raw in records(doc, "entries", file):
        rec = Record(raw, file, fields)
        company = rec.text("company", required=False) or None
        category = rec.text("category", required=False) or None
        if (company is None) == (category is None):
            raise rec.error("company", "give exactly one of company or category")
        if company is not None and company not in companies:
            raise rec.error("company", f"unknown company {company!r}")
        number = rec.get("number")
        if not isinstance(number, int):
            raise rec.error("number", "expected an integer")
        added = rec.day("added")
        assert added is not None
        result.append(
            CoveredListEntry(
                number=number,
                added=added,
                company=company,
                category=category,
                covers=rec.str_list("covers", required=True),
                terms=tuple(t.lower() for t in rec.str_list("terms")),
                purpose_qualified=rec.flag("purpose_qualified"),
                foreign_produced_only=rec.flag("foreign_produced_only"),
                citation=rec.citation(),
            )
        )
    return tuple(result)


def _listings(doc: Any, file: Path) -> tuple[ElListing, ...]:
    fields = {
        "id",
        "rule",
        "company",
        "fr_citations",
        "effective",
        "footnote1_from",
        "policy",
        "case_by_case_eccns",
        "citation",
        "entities",
    }
    result = []
    for raw in records(doc, "listings", file):
        rec = Record(raw, file, fields)
        effective = rec.day("effective")
        assert effective is not None
        fr_citations = rec.str_list("fr_citations", required=True)
        entities = []
        for i, item in enumerate(rec.get("entities") or []):
            sub = Record(item, file, {"name", "aliases", "country"}, "entities")
            entities.append(
                Entity(
                    id=f"curated-el:{rec.text('id').lower()}:{i}",
                    source="EL",
                    name=sub.text("name"),
                    aliases=sub.str_list("aliases"),
                    countries=(sub.text("country"),),
                    effective_date=effective,
                    start_date=effective,
                    federal_register_notices=(fr_citations[0],),
                    source_file=str(file),
                    source_line=sub.line,
                )
            )
        result.append(
            ElListing(
                id=rec.text("id"),
                rule=rec.text("rule"),
                company=rec.text("company", required=False) or None,
                fr_citations=fr_citations,
                effective=effective,
                footnote1_from=rec.day("footnote1_from", required=False),
                policy=rec.text("policy"),
                case_by_case_eccns=rec.str_list("case_by_case_eccns"),
                citation=rec.citation(),
                entities=tuple(entities),
            )
        )
    return tuple(result)


def _foreign_adversaries(doc: Any, file: Path) -> tuple[tuple[ForeignAdversary, ...], tuple[str, ...], str]:
    top = Record(doc, file, {"foreign_adversaries", "eo_period_countries", "eo_period_citation"})
    result = []
    for raw in records(doc, "foreign_adversaries", file):
        rec = Record(raw, file, {"code", "name", "includes", "from", "config_flag", "citation"})
        start = rec.day("from")
        assert start is not None
        result.append(
            ForeignAdversary(
                code=rec.text("code"),
                name=rec.text("name"),
                includes=rec.str_list("includes"),
                start=start,
                config_flag=rec.text("config_flag", required=False) or None,
                citation=rec.citation(),
            )
        )
    return tuple(result), top.str_list("eo_period_countries", required=True), top.text("eo_period_citation")


def load_regimes(directory: Path | None = None) -> RegimeData:
    """Load and validate every curated regime file of ``directory`` (default: the packaged data)."""
    base = directory or REGIMES_DIR
    companies = _companies(load_yaml(base / "companies.yaml"), base / "companies.yaml")
    fa, eo_countries, eo_citation = _foreign_adversaries(
        load_yaml(base / "foreign_adversaries.yaml"), base / "foreign_adversaries.yaml"
    )
    return RegimeData(
        companies=companies,
        covered_list=_covered_list(
            load_yaml(base / "fcc_covered_list.yaml"), base / "fcc_covered_list.yaml", companies
        ),
        listings=_listings(load_yaml(base / "entity_list_listings.yaml"), base / "entity_list_listings.yaml"),
        foreign_adversaries=fa,
        eo_period_countries=eo_countries,
        eo_period_citation=eo_citation,
        windows=_windows(load_yaml(base / "windows.yaml"), base / "windows.yaml"),
    )


@lru_cache(maxsize=1)
def default_regimes() -> RegimeData:
    """The packaged regime data, loaded once."""
    return load_regimes()


@lru_cache(maxsize=1)
def curated_fingerprint() -> str:
    """A short hash of the packaged regime data: screeners built with the curated entities are cached under it."""
    digest = hashlib.sha256()
    for path in sorted(REGIMES_DIR.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def curated_entities() -> list[Entity]:
    """The curated named companies as entities (for screening alongside the official lists)."""
    return default_regimes().entities()


def curated_entities_with_listings() -> list[Entity]:
    """Curated companies plus the principal names of the special Entity List listings (no-list fallback)."""
    from ictguard.families.entities import family_entities

    regimes = default_regimes()
    curated = regimes.entities()
    return [*curated, *regimes.listing_entities(), *family_entities(curated)]
