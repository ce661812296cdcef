"""Lists other than the Entity List that a party is on (DPL, MEU, UVL, SDN, SSI, CMIC …): one case per party and
list, for the regime whose findings name it. Each list's effect, citation and outcome are rules of
``data/rules/party_lists.yaml``; regime_rules.md has no rule for these lists."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from ictguard.model import Entity
from ictguard.rules.resolver import ResolvedParty
from ictguard.rules.transaction import Transaction

if TYPE_CHECKING:
    from ictguard.rules.facts import Case

# Which regime's findings name a list, by the publisher in the list's published name.
_REGIME_BY_PUBLISHER = (
    ("bureau of industry and security", "EAR"),
    ("treasury", "OFAC"),
    ("state department", "STATE"),
)
# The Entity List has its own rules; the curated §889 and Covered List entities are the company regimes'.
NOT_OTHER_LISTS = frozenset({"EL", "NDAA889", "FCC-COVERED"})


@lru_cache(maxsize=128)
def list_regime(source_name: str) -> str | None:
    low = source_name.lower()
    for publisher, regime in _REGIME_BY_PUBLISHER:
        if publisher in low:
            return regime
    return None


def other_lists(hits: Iterable[ResolvedParty]) -> tuple[Entity, ...]:
    """The entries among a name's matches that are on another list with a regime."""
    return tuple(
        h.entity
        for h in hits
        if h.entity.source not in NOT_OTHER_LISTS and list_regime(h.entity.source_name) is not None
    )


def other_list_cases(
    txn: Transaction, on: date, lookup: Callable[[str, str | None], tuple[Entity, ...]]
) -> dict[str, list[Case]]:
    """Cases by regime: each party on each other list whose entry is in force on ``on``, once per list."""
    from ictguard.rules.facts import Case

    out: dict[str, list[Case]] = {}
    seen: set[tuple[str, str]] = set()
    for party in txn.parties:
        for entity in lookup(party.name, party.country):
            regime = list_regime(entity.source_name)
            if regime is None or (party.name, entity.source) in seen or not entity.in_force(on):
                continue
            seen.add((party.name, entity.source))
            facts = {
                "date": on,
                "kind": txn.kind,
                "role": party.role,
                "other_list": entity.source,
                "other_list_name": entity.source_name or entity.source,
                "other_list_programs": ", ".join(entity.programs) or None,
            }
            out.setdefault(regime, []).append(Case(regime, party.name, entity.name, facts))
    return out
