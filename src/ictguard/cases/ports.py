"""One list version ready to screen: what the service, the stores' re-screening and the CLI share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ictguard.model import Entity
from ictguard.screening.screener import Screener


@dataclass(frozen=True)
class ScreeningContext:
    """One active list version, its screener (built once) and its entities by id."""

    version_id: str
    screener: Screener
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
