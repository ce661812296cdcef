"""OFAC legacy CSV loader: ``sdn.csv`` + ``add.csv`` + ``alt.csv`` + ``sdn_comments.csv`` (SDN list) and
``cons_prim.csv`` + ``cons_add.csv`` + ``cons_alt.csv`` + ``cons_comments.csv`` (non-SDN lists).

Remarks continued in a ``*_comments.csv`` file are appended with NO separator (OFAC splits mid-word).
Entity ids are ``ofac-<list>:<ent_num>`` (``ofac-sdn:306``, ``ofac-ssi:17014``) — the same ids the CSL
loader gives OFAC rows, so both sources describe one entity with one id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ictguard.errors import DataFileError, ListFormatError
from ictguard.lists.legacy_csv import ent_num, iter_rows
from ictguard.lists.ofac_remarks import country_code, parse_remarks
from ictguard.model import Address, Entity, EntityType
from ictguard.yamlfile import read_yaml

PRIM_COLUMNS = (
    "ent_num",
    "name",
    "type",
    "program",
    "title",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
)
ADD_COLUMNS = ("ent_num", "add_num", "address", "city", "country", "add_remarks")
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
COMMENT_COLUMNS = ("ent_num", "remarks")
_TYPES = {"individual": EntityType.PERSON, "vessel": EntityType.VESSEL, "aircraft": EntityType.AIRCRAFT}
_VESSEL_KEYS = PRIM_COLUMNS[5:11]
SDN_SOURCE_NAME = "Specially Designated Nationals (SDN) - Treasury Department"
SDN_URL = "https://sanctionslist.ofac.treas.gov/Home/SdnList"
CONS_URL = "https://sanctionslist.ofac.treas.gov/Home/ConsolidatedList"


@dataclass(frozen=True)
class OfacFiles:
    """One OFAC list's files as fetched: (display name, bytes); companions may be absent."""

    kind: str  # "sdn" or "cons"
    prim: tuple[str, bytes]
    add: tuple[str, bytes] | None = None
    alt: tuple[str, bytes] | None = None
    comments: tuple[str, bytes] | None = None


@dataclass
class OfacResult:
    entities: list[Entity]
    rows: dict[str, int] = field(default_factory=dict)  # data rows per file name
    notes: list[str] = field(default_factory=list)


def ofac_entity_id(list_code: str, number: int | str) -> str:
    return f"ofac-{list_code.lower()}:{number}"


@lru_cache(maxsize=1)
def _cons_rules() -> tuple[tuple[tuple[str, str], ...], str]:
    path = resources.files("ictguard.data") / "lists" / "ofac_cons_programs.yaml"
    doc = read_yaml(path)
    if not isinstance(doc, dict) or set(doc) != {"citation", "rules", "default"}:
        raise DataFileError("expected keys citation, rules, default", file=str(path), line=1)
    rules: list[tuple[str, str]] = []
    for i, rule in enumerate(doc["rules"]):
        if not isinstance(rule, dict) or set(rule) != {"program", "source"}:
            raise DataFileError(f"rule {i}: expected keys program, source", file=str(path), field="rules")
        rules.append((str(rule["program"]), str(rule["source"])))
    return tuple(rules), str(doc["default"])


def cons_source(programs: tuple[str, ...]) -> str:
    rules, default = _cons_rules()
    for program, source in rules:
        if program in programs:
            return source
    return default


Rows = dict[int, list[dict[str, str]]]


def _group(blob: tuple[str, bytes] | None, columns: tuple[str, ...], result: OfacResult) -> Rows:
    out: Rows = {}
    if blob is None:
        return out
    name, data = blob
    count = 0
    for line, row in iter_rows(data, name, columns):
        out.setdefault(ent_num(row, name, line), []).append(row)
        count += 1
    result.rows[name] = count
    return out


def parse_ofac(files: OfacFiles) -> OfacResult:
    result = OfacResult(entities=[])
    addresses = _group(files.add, ADD_COLUMNS, result)
    alts = _group(files.alt, ALT_COLUMNS, result)
    comments = _group(files.comments, COMMENT_COLUMNS, result)
    name, data = files.prim
    seen: dict[int, int] = {}
    for line, row in iter_rows(data, name, PRIM_COLUMNS):
        number = ent_num(row, name, line)
        if number in seen:
            raise ListFormatError(
                f"duplicate ent_num {number} (first on line {seen[number]})", file=name, line=line, field="ent_num"
            )
        seen[number] = line
        if not row["name"]:
            raise ListFormatError("empty name", file=name, line=line, field="SDN_Name")
        remarks = row["remarks"] + "".join(c["remarks"] for c in comments.get(number, ()))
        result.entities.append(_entity(files.kind, number, row, remarks, addresses, alts, name, line))
    result.rows[name] = len(seen)
    for label, table in (("address", addresses), ("alias", alts), ("comment", comments)):
        orphans = sorted(set(table) - set(seen))
        if orphans:
            result.notes.append(
                f"{files.kind}: {len(orphans)} {label} rows name no primary record "
                f"(ent_num {', '.join(map(str, orphans[:5]))}…) and were not used"
            )
    return result


def _entity(
    kind: str, number: int, row: dict[str, str], remarks: str, addresses: Rows, alts: Rows, file: str, line: int
) -> Entity:
    programs = tuple(p.strip() for p in row["program"].strip("[]").split("] [") if p.strip())
    code = "SDN" if kind == "sdn" else cons_source(programs)
    title = row["title"] or None
    facts = parse_remarks(remarks, title)
    address_list = tuple(a for a in map(_address, addresses.get(number, ())) if a.text)
    aliases = [a["alt_name"] for a in alts.get(number, ()) if a["alt_name"]] + facts.aliases
    countries = [a.country for a in address_list if a.country and len(a.country) == 2]
    countries += [c for c in (*facts.nationalities, *facts.citizenships) if len(c) == 2]
    return Entity(
        id=ofac_entity_id(code, number),
        source=code,
        source_name=SDN_SOURCE_NAME if code == "SDN" else "",
        name=row["name"],
        type=_TYPES.get(row["type"].lower(), EntityType.ORGANIZATION),
        aliases=tuple(dict.fromkeys(a for a in aliases if a != row["name"])),
        addresses=address_list,
        countries=tuple(dict.fromkeys(countries)),
        identifiers=tuple(facts.identifiers),
        programs=programs,
        remarks="; ".join(facts.remarks) or None,
        relations=tuple(facts.relations),
        title=title,
        dates_of_birth=tuple(facts.dates_of_birth),
        places_of_birth=tuple(facts.places_of_birth),
        nationalities=tuple(facts.nationalities),
        citizenships=tuple(facts.citizenships),
        vessel={k: row[k] for k in _VESSEL_KEYS if row[k]},
        source_url=SDN_URL if kind == "sdn" else CONS_URL,
        source_file=file,
        source_line=line,
    )


def _address(row: dict[str, str]) -> Address:
    country = country_code(row["country"]) if row["country"] else None
    parts = [p for p in (row["address"], row["city"], country) if p]
    return Address(text=", ".join(parts), country=country)


def load_ofac_dir(folder: str | Path) -> list[Entity]:
    """Every OFAC list whose primary file is in ``folder`` (``sdn.csv``, ``cons_prim.csv``)."""
    base = Path(folder)
    entities: list[Entity] = []
    for kind, prim, add, alt, comments in (
        ("sdn", "sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"),
        ("cons", "cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
    ):
        if not (base / prim).is_file():
            continue

        def blob(n: str) -> tuple[str, bytes] | None:
            p = base / n
            return (str(p), p.read_bytes()) if p.is_file() else None

        files = OfacFiles(kind, (str(base / prim), (base / prim).read_bytes()), blob(add), blob(alt), blob(comments))
        entities.extend(parse_ofac(files).entities)
    return entities
