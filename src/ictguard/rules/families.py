"""The family knowledge base as ``decide`` sees it: a party, owner or manufacturer that resolves to a family member
(brand, subsidiary, affiliate) is the member's §889 / Covered List company while it belongs to the family, and
its recorded ownership share is an owner for the Affiliates Rule. The Entity List itself is never extended here:
only what the list lists (and the Affiliates Rule, through the owner facts) counts there.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ictguard.families.entities import member_of
from ictguard.families.model import Family, Member
from ictguard.lists.curated import CuratedCompany, RegimeData
from ictguard.rules.resolver import ResolvedParty
from ictguard.rules.transaction import Owner


def member_in(hits: Iterable[ResolvedParty]) -> tuple[Family, Member] | None:
    """The first family member among a name's resolved entries."""
    for hit in hits:
        found = member_of(hit.entity)
        if found is not None:
            return found
    return None


def member_company(found: tuple[Family, Member], regimes: RegimeData) -> CuratedCompany | None:
    """The §889 / Covered List company a member belongs to (None for Entity-List-only families)."""
    family, _ = found
    return regimes.companies.get(family.company) if family.company else None


def member_owners(found: tuple[Family, Member], on: date) -> tuple[Owner, ...]:
    """The parent as the member's owner, with the recorded share, on ``on`` (for the Affiliates Rule, which
    reaches foreign (non-U.S.) entities only: regime_rules.md R-EL-AFFILIATES)."""
    if found[1].country == "US":
        return ()
    return parent_stake(found, on)


def parent_stake(found: tuple[Family, Member], on: date) -> tuple[Owner, ...]:
    """The parent's recorded share in the member on ``on``, whatever the member's country: an owner further up a
    chain ("directly or indirectly", R-EL-AFFILIATES) passes its parent's stake on even when it is a US company."""
    family, member = found
    if member.share is None or not member.in_family(on):
        return ()
    return (Owner(name=family.parent.list_names[0], share=member.share),)


def citation(found: tuple[Family, Member]) -> str:
    family, member = found
    dates = f"; dates: {member.dates_source}" if member.dates_source else ""
    return f"{member.name}: {member.relation.replace('_', ' ')} of {family.parent.name} ({member.source}{dates})"
