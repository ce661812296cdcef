"""What the service needs from the screening engine, as protocols (the engine is built by another package)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from ictguard.model import Entity


class HitLike(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


class ScreenerLike(Protocol):
    def screen(
        self,
        name: str,
        *,
        country: str | None = None,
        as_of: date | None = None,
        threshold: float | None = None,
        limit: int = 10,
        schema: str | None = None,
    ) -> Sequence[HitLike]: ...


@dataclass(frozen=True)
class ScreeningContext:
    """One active list version, its screener (built once) and its entities by id."""

    version_id: str
    screener: ScreenerLike
    entities: Mapping[str, Entity]

    def screen_document(
        self, name: str, *, country: str | None, as_of: date | None, threshold: float | None, limit: int
    ) -> dict[str, Any]:
        """The same document as ``ictguard screen --json``."""
        hits = self.screener.screen(name, country=country, as_of=as_of, threshold=threshold, limit=limit)
        return {
            "query": name,
            "as_of": as_of.isoformat() if as_of else None,
            "list_version": self.version_id,
            "hits": [hit.to_dict() for hit in hits],
        }
