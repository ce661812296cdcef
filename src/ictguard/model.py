"""The entity model shared by every part of ictguard.

An :class:`Entity` is one entry of one restriction list (an Entity List row, an SDN record …) with
everything the source states about it. Entities are immutable values: a new list version makes new
entities. ``to_dict`` / ``from_dict`` give the JSON form used by the store and the API.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, StrEnum
from typing import Any


class EntityType(StrEnum):
    ORGANIZATION = "organization"
    PERSON = "person"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"


class RelationKind(StrEnum):
    OWNED_BY = "owned_by"
    AFFILIATE_OF = "affiliate_of"
    LINKED_TO = "linked_to"
    SUBSIDIARY_OF = "subsidiary_of"


@dataclass(frozen=True, slots=True)
class Address:
    text: str
    country: str | None = None  # ISO 3166-1 alpha-2 where known


@dataclass(frozen=True, slots=True)
class Identifier:
    type: str  # e.g. "Passport", "IMO", "USCC" (PRC unified social credit code)
    value: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    kind: RelationKind
    target_name: str
    target_id: str | None = None  # resolved entity id when the target is on a list
    source: str | None = None  # where the relation was read ("remarks: Linked To", "alias a.k.a.")


@dataclass(frozen=True, slots=True)
class Entity:
    """One list entry. ``id`` is unique within a list version (e.g. ``csl:<_id>``, ``ofac-sdn:306``)."""

    id: str
    source: str  # short list code: EL, MEU, DPL, SDN, SSI, PLC, CMIC, NS-MBS, CAP, FCC-COVERED, NDAA889 …
    name: str
    type: EntityType = EntityType.ORGANIZATION
    aliases: tuple[str, ...] = ()
    source_name: str = ""  # the list's full name as published ("Entity List (EL) - Bureau of …")
    addresses: tuple[Address, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    programs: tuple[str, ...] = ()
    federal_register_notices: tuple[str, ...] = ()
    license_requirement: str | None = None
    license_policy: str | None = None
    start_date: date | None = None  # as published (CSL start_date = FR publication date)
    effective_date: date | None = None  # legally effective, when known to differ (Huawei: 2019-05-16)
    end_date: date | None = None
    remarks: str | None = None
    relations: tuple[Relation, ...] = ()
    title: str | None = None
    dates_of_birth: tuple[str, ...] = ()
    places_of_birth: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    citizenships: tuple[str, ...] = ()
    vessel: dict[str, str] = field(default_factory=dict, hash=False, compare=True)
    source_url: str | None = None
    source_file: str | None = None  # which loaded file (and line) the entry came from
    source_line: int | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def in_force(self, on: date) -> bool:
        """Whether the entry applies on ``on`` (effective date if known, else start date; end inclusive)."""
        begins = self.effective_date or self.start_date
        if begins is not None and on < begins:
            return False
        return not (self.end_date is not None and on > self.end_date)

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = _to_jsonable(dataclasses.asdict(self))
        return result

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        d = dict(data)
        d["type"] = EntityType(d.get("type", "organization"))
        for key in ("start_date", "effective_date", "end_date"):
            if d.get(key):
                d[key] = date.fromisoformat(d[key])
        d["addresses"] = tuple(Address(**a) for a in d.get("addresses", ()))
        d["identifiers"] = tuple(Identifier(**i) for i in d.get("identifiers", ()))
        d["relations"] = tuple(Relation(**{**r, "kind": RelationKind(r["kind"])}) for r in d.get("relations", ()))
        for key in (
            "aliases",
            "countries",
            "programs",
            "federal_register_notices",
            "dates_of_birth",
            "places_of_birth",
            "nationalities",
            "citizenships",
        ):
            d[key] = tuple(d.get(key, ()))
        d["vessel"] = dict(d.get("vessel") or {})
        return cls(**d)


def _to_jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value
