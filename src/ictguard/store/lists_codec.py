"""Compact, fast (de)serialisation of a version's entities: JSON (orjson) without empty fields, zlib-packed.

``Entity.from_dict`` is general; this decoder builds entities field by field, which is what keeps
``load_active_snapshot`` well under a second for the ~13,500-entry mirror.
"""

from __future__ import annotations

import gc
import zlib
from datetime import date
from typing import Any

import orjson

from ictguard.model import Address, Entity, EntityType, Identifier, Relation, RelationKind

ENCODING = "json+zlib"
_EMPTY: tuple[Any, ...] = (None, "", [], {})
_TYPES = {t.value: t for t in EntityType}
_KINDS = {k.value: k for k in RelationKind}


def encode_entities(entities: tuple[Entity, ...] | list[Entity]) -> bytes:
    docs = [{k: v for k, v in e.to_dict().items() if v not in _EMPTY} for e in entities]
    return zlib.compress(orjson.dumps(docs), 6)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _entity(d: dict[str, Any]) -> Entity:
    g = d.get
    return Entity(
        id=d["id"],
        source=d["source"],
        name=d["name"],
        type=_TYPES[g("type", "organization")],
        aliases=tuple(g("aliases", ())),
        source_name=g("source_name", ""),
        addresses=tuple(Address(a["text"], a.get("country")) for a in g("addresses", ())),
        countries=tuple(g("countries", ())),
        identifiers=tuple(Identifier(i["type"], i["value"], i.get("country")) for i in g("identifiers", ())),
        programs=tuple(g("programs", ())),
        federal_register_notices=tuple(g("federal_register_notices", ())),
        license_requirement=g("license_requirement"),
        license_policy=g("license_policy"),
        start_date=_date(g("start_date")),
        effective_date=_date(g("effective_date")),
        end_date=_date(g("end_date")),
        remarks=g("remarks"),
        relations=tuple(
            Relation(_KINDS[r["kind"]], r["target_name"], r.get("target_id"), r.get("source"))
            for r in g("relations", ())
        ),
        title=g("title"),
        dates_of_birth=tuple(g("dates_of_birth", ())),
        places_of_birth=tuple(g("places_of_birth", ())),
        nationalities=tuple(g("nationalities", ())),
        citizenships=tuple(g("citizenships", ())),
        vessel=dict(g("vessel", {})),
        source_url=g("source_url"),
        source_file=g("source_file"),
        source_line=g("source_line"),
    )


def decode_entities(payload: bytes) -> tuple[Entity, ...]:
    # Tens of thousands of small immutable objects: cyclic GC passes during the build only cost time.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return tuple(map(_entity, orjson.loads(zlib.decompress(payload))))
    finally:
        if was_enabled:
            gc.enable()
