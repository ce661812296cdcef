"""Dates an entry states about itself: OFAC writes a CMIC or EO 14024 directive entry's dates as identifiers
("Effective Date (CMIC) 02 Aug 2021", "Listing Date (CMIC) 03 Jun 2021"), in the legacy remarks and in the
CSL ``ids`` column alike, and leaves the start date empty. ``apply`` makes them the entry's dates, so
``--as-of`` knows when a CMIC listing took effect.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime

from ictguard.model import Entity

_EFFECTIVE = "effective date ("
_LISTED = "listing date ("


def _day(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip().rstrip("."), "%d %b %Y").date()
    except ValueError:
        return None  # partial or free text: no date is better than a wrong one


def stated_dates(entity: Entity) -> tuple[date | None, date | None]:
    """(listing date, effective date) the entry states, earliest of each; (None, None) when it states none."""
    listed: list[date] = []
    effective: list[date] = []
    for ident in entity.identifiers:
        kind = ident.type.lower()
        day = _day(ident.value) if kind.startswith((_EFFECTIVE, _LISTED)) else None
        if day is not None:
            (effective if kind.startswith(_EFFECTIVE) else listed).append(day)
    return (min(listed) if listed else None), (min(effective) if effective else None)


def apply(entities: Iterable[Entity]) -> list[Entity]:
    """Entities with empty start / effective dates filled from the dates they state (stated dates never
    replace a date the list gives in its own column)."""
    out: list[Entity] = []
    for entity in entities:
        listed, effective = stated_dates(entity)
        start = entity.start_date or listed or effective
        begins = entity.effective_date or (effective if effective != start else None)
        if start != entity.start_date or begins != entity.effective_date:
            entity = dataclasses.replace(entity, start_date=start, effective_date=begins)
        out.append(entity)
    return out
