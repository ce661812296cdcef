"""Export entities as FollowTheMoney entities (JSON lines), built and validated with the FtM model.

Each entry becomes a Person / Company / Organization / Vessel / Airplane with names, aliases, countries,
addresses, identifiers and topics, plus one ``Sanction`` entity carrying the list, programs, FR notices,
dates and licence columns. Relations whose target was resolved become ``UnknownLink`` entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ictguard.model import Entity, EntityType

_COMPANY = re.compile(
    r"\b(co\.?|company|corp\.?|corporation|inc\.?|ltd\.?|limited|llc|gmbh|s\.a\.?|sa|ag|plc|oao|ooo|zao|pjsc|"
    r"jsc|pte|bv|b\.v\.|s\.r\.l\.|sarl|llp|sdn bhd|group)\b",
    re.IGNORECASE,
)
_NOT_ID = frozenset({"Gender", "Phone Number", "Telephone", "Fax", "Email Address", "Website"})
_SCHEMAS = {EntityType.PERSON: "Person", EntityType.VESSEL: "Vessel", EntityType.AIRCRAFT: "Airplane"}
EXPORT_CONTROL = frozenset({"EL", "MEU", "DPL", "UVL", "ISN", "DTC"})
_AUTHORITY = {
    "EL": "Bureau of Industry and Security",
    "MEU": "Bureau of Industry and Security",
    "DPL": "Bureau of Industry and Security",
    "UVL": "Bureau of Industry and Security",
    "ISN": "Department of State",
    "DTC": "Department of State",
}


_UNSAFE_ID = re.compile(r"[^0-9A-Za-z.-]")
# String-typed properties need no cleaning (FtM's cleaners are the slow part of an export).
_PLAIN = frozenset(
    {
        "name",
        "alias",
        "address",
        "notes",
        "program",
        "programId",
        "birthPlace",
        "title",
        "authority",
        "provisions",
        "reason",
        "role",
        "callSign",
        "type",
        "phone",
    }
)


def ftm_id(entity_id: str) -> str:
    """FtM ids allow letters, digits, "." and "-" only (``ofac-sdn:306`` -> ``ofac-sdn-306``)."""
    return _UNSAFE_ID.sub("-", entity_id)


def schema_for(entity: Entity) -> str:
    if entity.type in _SCHEMAS:
        return _SCHEMAS[entity.type]
    return "Company" if _COMPANY.search(entity.name) else "Organization"


def entity_to_ftm(entity: Entity) -> list[dict[str, Any]]:
    """The FtM entities (as dicts) for one list entry: the party, its Sanction, and its resolved links."""
    from followthemoney import model  # slow import: only when exporting

    party = model.make_entity(schema_for(entity))
    party.id = ftm_id(entity.id)
    add = _adder(party)
    add("name", entity.name)
    add("alias", entity.aliases)
    add("country", [c.lower() for c in entity.countries if len(c) == 2])
    add("address", [a.text for a in entity.addresses])
    add("topics", "export.control" if entity.source in EXPORT_CONTROL else "sanction")
    add("program", entity.programs or (entity.source,))
    add("notes", entity.remarks)
    add("sourceUrl", entity.source_url)
    if party.schema.is_a("LegalEntity"):
        ids = entity.identifiers
        add("phone", [i.value for i in ids if i.type in ("Phone Number", "Telephone")])
        add("email", [i.value for i in ids if i.type == "Email Address"])
        add("website", [i.value for i in ids if i.type == "Website"])
        add("idNumber", [i.value for i in ids if i.type not in _NOT_ID and any(ch.isdigit() for ch in i.value)])
    if entity.type is EntityType.PERSON:
        add("birthDate", [d for d in entity.dates_of_birth if re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", d)])
        add("birthPlace", entity.places_of_birth)
        add("nationality", [c.lower() for c in entity.nationalities if len(c) == 2])
        add("citizenship", [c.lower() for c in entity.citizenships if len(c) == 2])
        add("title", entity.title)
    if entity.type is EntityType.VESSEL:
        add("callSign", entity.vessel.get("call_sign"))
        add("flag", entity.vessel.get("vessel_flag"))
        add("type", entity.vessel.get("vessel_type"))
    sanction = model.make_entity("Sanction")
    sanction.id = f"{party.id}-sanction"
    sadd = _adder(sanction)
    sadd("entity", party.id)
    sadd("authority", _AUTHORITY.get(entity.source, "Office of Foreign Assets Control"))
    sadd("program", entity.source_name or entity.source)
    sadd("programId", entity.source)
    sadd("provisions", [p for p in (entity.license_requirement, entity.license_policy) if p])
    sadd("listingDate", entity.start_date.isoformat() if entity.start_date else None)
    sadd("startDate", (entity.effective_date or entity.start_date).isoformat() if entity.start_date else None)
    sadd("endDate", entity.end_date.isoformat() if entity.end_date else None)
    sadd("reason", list(entity.federal_register_notices))
    sadd("sourceUrl", entity.source_url)
    out = [party.to_dict(), sanction.to_dict()]
    for n, rel in enumerate(entity.relations):
        if rel.target_id:
            link = model.make_entity("UnknownLink")
            link.id = f"{party.id}-rel{n}"
            ladd = _adder(link)
            ladd("subject", party.id)
            ladd("object", ftm_id(rel.target_id))
            ladd("role", rel.kind.value)
            out.append(link.to_dict())
    return out


def _adder(proxy: Any) -> Any:
    def add(prop: str, values: Any) -> None:
        if values is None or values == "" or values == ():
            return
        proxy.add(prop, values, quiet=True, cleaned=prop in _PLAIN)

    return add


def export_ftm(entities: Iterable[Entity]) -> Iterator[dict[str, Any]]:
    for entity in entities:
        yield from entity_to_ftm(entity)
