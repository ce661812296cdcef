"""What one list load is made of: the files it read (with checksums) and what it produced."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One fetched file: its role in the layout (``consolidated.csv``, ``ofac/sdn.csv`` …) and provenance."""

    name: str
    url: str
    sha256: str
    size: int
    rows: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "url": self.url, "sha256": self.sha256, "size": self.size, "rows": self.rows}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceFile:
        return cls(
            name=str(data["name"]),
            url=str(data["url"]),
            sha256=str(data["sha256"]),
            size=int(data["size"]),
            rows=int(data.get("rows", 0)),
        )


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One stored list version (every ``lists update`` makes one)."""

    version_id: str
    loaded_at: datetime
    source: str  # what the user asked for (dir, URL, or "official")
    files: tuple[SourceFile, ...]
    counts: dict[str, int] = field(default_factory=dict)  # entities per list code (EL, SDN …)
    entity_count: int = 0
    active: bool = False
    notes: tuple[str, ...] = ()  # merges and other non-fatal facts about the load

    def to_dict(self) -> dict[str, Any]:
        return {
            "version_id": self.version_id,
            "loaded_at": self.loaded_at.isoformat(),
            "source": self.source,
            "active": self.active,
            "entity_count": self.entity_count,
            "counts": dict(sorted(self.counts.items())),
            "files": [f.to_dict() for f in self.files],
            "notes": list(self.notes),
        }
