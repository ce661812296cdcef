"""Test doubles for the parts of the engine other areas build: a token-overlap screener and a snapshot source.

The fake screener is deliberately simple (shared-token Jaccard) so tests can predict which entity a name hits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from ictguard.errors import NoActiveListsError, NotFoundError
from ictguard.lists.snapshot import ListSnapshot
from ictguard.model import Entity


def tokens(text: str) -> set[str]:
    return {t for t in "".join(c.lower() if c.isalnum() else " " for c in text).split() if len(t) > 2}


@dataclass(frozen=True)
class FakeHit:
    entity: Entity
    matched_name: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity.id,
            "name": self.entity.name,
            "matched_name": self.matched_name,
            "source": self.entity.source,
            "score": self.score,
            "explanation": [],
            "federal_register_notice": None,
            "license_requirement": self.entity.license_requirement,
            "license_policy": self.entity.license_policy,
            # As Hit.to_dict: the date the as-of filter uses, and the date as published.
            "start_date": begins.isoformat()
            if (begins := self.entity.effective_date or self.entity.start_date)
            else None,
            "publication_date": self.entity.start_date.isoformat() if self.entity.start_date else None,
        }


class FakeScreener:
    def __init__(self, snapshot: ListSnapshot) -> None:
        self.snapshot = snapshot
        self.calls = 0

    def prepare(self) -> None:
        """The real screener builds its lazily built tables here (the service calls it after a build)."""

    def screen(
        self,
        name: str,
        *,
        country: str | None = None,
        as_of: date | None = None,
        threshold: float | None = None,
        limit: int = 10,
        schema: str | None = None,
    ) -> list[FakeHit]:
        self.calls += 1
        query = tokens(name)
        hits = []
        for entity in self.snapshot.entities:
            if as_of and not entity.in_force(as_of):
                continue
            best = max(
                ((len(query & tokens(n)) / len(query | tokens(n)), n) for n in entity.names if query | tokens(n)),
                default=(0.0, ""),
            )
            # Sharing no word is no candidate at all (as the real screener finds candidates by shared keys).
            if best[0] > 0 and best[0] >= (0.5 if threshold is None else threshold):
                hits.append(FakeHit(entity, best[1], round(best[0], 4)))
        hits.sort(key=lambda h: (-h.score, h.entity.id))
        return hits[:limit]


def snapshot(version: str, *entities: Entity) -> ListSnapshot:
    return ListSnapshot(version, datetime(2026, 1, 1, tzinfo=UTC), tuple(entities))


def entity(entity_id: str, name: str, *aliases: str, **extra: Any) -> Entity:
    return Entity(id=entity_id, source=extra.pop("source", "EL"), name=name, aliases=aliases, **extra)


class FakeSnapshots:
    """Stored list versions in memory; ``activate`` switches the active one."""

    def __init__(self, *snapshots: ListSnapshot) -> None:
        self.versions = {s.version_id: s for s in snapshots}
        self.active_id: str | None = snapshots[-1].version_id if snapshots else None

    def add(self, snap: ListSnapshot, *, activate: bool = True) -> None:
        self.versions[snap.version_id] = snap
        if activate:
            self.active_id = snap.version_id

    def active_version(self, engine: object) -> str | None:
        return self.active_id

    def active(self, engine: object) -> ListSnapshot:
        if self.active_id is None:
            raise NoActiveListsError("no list version is active yet")
        return self.versions[self.active_id]

    def load(self, engine: object, version_id: str) -> ListSnapshot:
        if version_id not in self.versions:
            raise NotFoundError(f"list version {version_id} does not exist")
        return self.versions[version_id]


HUAWEI = entity("el:huawei", "Huawei Technologies Co., Ltd.", "Huawei", countries=("CN",), start_date=date(2019, 5, 16))
HIKVISION = entity(
    "el:hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision", start_date=date(2019, 10, 9)
)
DAHUA = entity("el:dahua", "Zhejiang Dahua Technology Co., Ltd.", "Dahua Technology", start_date=date(2019, 10, 9))
