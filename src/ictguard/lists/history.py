"""The as-of view across versions: which entries were in force on a date.

An entry is in force on day D when its own dates say so (effective date if known, else start date; end
date inclusive) AND it had not been dropped from the lists by D: an entry present in one version but
absent from a later one stops being in force at that later version's load time (we do not know the legal
removal date, only when we saw it gone). For entries still listed, the newest version's data is used.
An entry without any start or effective date (OFAC's legacy files carry none) counts as in force on every
day before its removal: the source does not say when it was listed, and "not listed" would be the unsafe
answer for a compliance check.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from ictguard.lists.snapshot import ListSnapshot
from ictguard.model import Entity


def removal_times(versions: Sequence[ListSnapshot]) -> dict[str, tuple[Entity, datetime | None]]:
    """Every entity ever listed (newest data) with the load time of the version that first lacked it."""
    seen: dict[str, tuple[Entity, datetime | None]] = {}
    previous: set[str] = set()
    for snapshot in sorted(versions, key=lambda s: s.loaded_at):
        current = {e.id for e in snapshot.entities}
        for gone in previous - current:
            entity, removed = seen[gone]
            seen[gone] = (entity, removed or snapshot.loaded_at)
        for e in snapshot.entities:
            seen[e.id] = (e, None)
        previous = current
    return seen


def in_force_as_of(versions: Sequence[ListSnapshot], on: date, source: str | None = None) -> list[Entity]:
    out = []
    for entity, removed in removal_times(versions).values():
        if source is not None and entity.source != source:
            continue
        if removed is not None and removed.date() <= on:
            continue
        if entity.in_force(on):
            out.append(entity)
    return out
