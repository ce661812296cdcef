"""A loaded list version as the pure core sees it: a version id and its entities.

``screening_snapshot`` is the one place that says what a party is screened and decided against: the list
version plus the curated regime entities (FCC Covered List, NDAA §889 companies). The CLI (screen,
screen-file, decide), the API, re-screening and the rules engine all take their entity set from here, so a
name that ``decide`` finds is one that ``screen`` shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from ictguard.model import Entity


@dataclass(frozen=True)
class ListSnapshot:
    version_id: str
    loaded_at: datetime
    entities: tuple[Entity, ...]
    # What, besides the list version, went into ``entities`` (e.g. "curated-<hash of the regime data>"). Part
    # of the screener cache key, so a screener with the curated entities is never served for one without them
    # (or for older curated data), while ``version_id`` stays the list version people see and diff.
    extra: str = ""

    def as_of(self, on: date) -> list[Entity]:
        """Entries in force on ``on`` (effective/start date reached, end date not passed)."""
        return [e for e in self.entities if e.in_force(on)]

    @property
    def cache_key(self) -> str:
        """The screener cache key: empty (never cached) for a snapshot without a version id."""
        if not self.version_id:
            return ""
        return f"{self.version_id}+{self.extra}" if self.extra else self.version_id


def screening_entities(entities: Iterable[Entity]) -> list[Entity]:
    """List entities plus the curated regime entities (curated ids never collide with list ids), plus the family
    members (brands, subsidiaries, affiliates) of ``data/families`` that neither already carries."""
    from ictguard.families.entities import family_entities
    from ictguard.lists.curated import curated_entities

    curated = curated_entities()
    return [*entities, *curated, *family_entities(curated)]


def screening_snapshot(snapshot: ListSnapshot) -> ListSnapshot:
    """``snapshot`` with the curated regime entities added (idempotent)."""
    from ictguard.families import families_fingerprint
    from ictguard.lists.curated import curated_fingerprint

    tag = f"curated-{curated_fingerprint()}-{families_fingerprint()}"
    if snapshot.extra == tag:
        return snapshot
    return ListSnapshot(snapshot.version_id, snapshot.loaded_at, tuple(screening_entities(snapshot.entities)), tag)
