"""A loaded list version as the pure core sees it: a version id and its entities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ictguard.model import Entity


@dataclass(frozen=True)
class ListSnapshot:
    version_id: str
    loaded_at: datetime
    entities: tuple[Entity, ...]

    def as_of(self, on: date) -> list[Entity]:
        """Entries in force on ``on`` (effective/start date reached, end date not passed)."""
        return [e for e in self.entities if e.in_force(on)]
