"""Small hand-made lists for the screening mechanism tests: organisations by (name, country), with aliases."""

from __future__ import annotations

from ictguard.model import Entity, EntityType
from ictguard.screening import Screener


def small_screener(*names: tuple[str, str], aliases: dict[int, tuple[str, ...]] | None = None) -> Screener:
    """A screener over organisations ``x:0``, ``x:1`` … named and placed as given."""
    ents = [
        Entity(
            id=f"x:{i}",
            source="EL",
            name=n,
            countries=(c,),
            aliases=(aliases or {}).get(i, ()),
            type=EntityType.ORGANIZATION,
        )
        for i, (n, c) in enumerate(names)
    ]
    return Screener.from_entities(ents)


def top_id(screener: Screener, query: str) -> str | None:
    """The id of the query's best hit, or None."""
    hits = screener.screen(query)
    return hits[0].entity.id if hits else None
