"""One entity per id when several files describe the same entry.

Rule (documented in docs and the version notes):

* The OFAC legacy files are authoritative for SDN / non-SDN ``ent_num`` records: when the CSL and the
  OFAC files both hold ``ofac-<list>:<ent_num>``, the OFAC record is kept and only filled in from the CSL
  row: aliases, addresses, identifiers, relations, programs are unioned (the CSL writes non-SDN persons
  "First LAST", which thus stays searchable as an alias); scalar fields the OFAC record lacks (FR notice,
  dates, licence columns, source name) are taken from the CSL.
* Within one file, rows with the same id (the DPL lists two persons twice) are merged the same way, the
  first row being the base; a note records each merge, so nothing disappears silently.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from ictguard.model import Entity

_UNION = (
    "aliases",
    "addresses",
    "countries",
    "identifiers",
    "programs",
    "federal_register_notices",
    "relations",
    "dates_of_birth",
    "places_of_birth",
    "nationalities",
    "citizenships",
)
_FILL = (
    "source_name",
    "license_requirement",
    "license_policy",
    "start_date",
    "effective_date",
    "end_date",
    "remarks",
    "title",
    "source_url",
)


def combine(base: Entity, extra: Entity) -> Entity:
    """``base`` completed with what ``extra`` adds; ``base`` wins on every conflicting scalar."""
    changes: dict[str, Any] = {}
    for name in _UNION:
        mine = getattr(base, name)
        merged = tuple(dict.fromkeys((*mine, *getattr(extra, name))))
        if name == "aliases":
            merged = tuple(a for a in dict.fromkeys((*merged, extra.name)) if a != base.name)
        if merged != mine:
            changes[name] = merged
    for name in _FILL:
        if getattr(base, name) in (None, "") and getattr(extra, name) not in (None, ""):
            changes[name] = getattr(extra, name)
    vessel = {**extra.vessel, **base.vessel}
    if vessel != base.vessel:
        changes["vessel"] = vessel
    return dataclasses.replace(base, **changes) if changes else base


def merge_sources(authoritative: Iterable[Entity], secondary: Iterable[Entity], notes: list[str]) -> list[Entity]:
    """Entities of both inputs, one per id, in first-seen order (authoritative first within an id)."""
    merged: dict[str, Entity] = {}
    for entity in authoritative:
        _put(merged, entity, notes, "duplicate id within one file")
    primary_ids = set(merged)
    both = 0
    for entity in secondary:
        if entity.id in primary_ids:
            merged[entity.id] = combine(merged[entity.id], entity)
            both += 1
        else:
            _put(merged, entity, notes, "duplicate id within one file")
    if both:
        notes.append(
            f"{both} entries were in both the OFAC files and the CSL: kept the OFAC record, completed from the CSL row"
        )
    return list(merged.values())


def _put(merged: dict[str, Entity], entity: Entity, notes: list[str], why: str) -> None:
    if entity.id not in merged:
        merged[entity.id] = entity
        return
    first = merged[entity.id]
    merged[entity.id] = combine(first, entity)
    notes.append(
        f"{why}: {entity.id} ({entity.name!r}) at {entity.source_file}:{entity.source_line} merged into "
        f"line {first.source_line}"
    )
