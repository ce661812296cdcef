"""Brand exclusions as ``decide`` applies them: a name that a company's cited ``brand_exclusions`` describe
(lists/brand_exclusions.py) is never that company by its brand word, nor by a fuzzy match to any of its entries
(its curated entries, its family members, an Entity List entry spelled like one of its names). Only the list
printing the very name outweighs an exclusion: an exact match is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from ictguard.families.entities import member_of
from ictguard.families.load import default_families
from ictguard.lists.brand_exclusions import BrandExclusion
from ictguard.lists.curated import CuratedCompany, RegimeData
from ictguard.model import Entity
from ictguard.rules.resolver import ResolvedParty, normalize_name

Applying = tuple[tuple[CuratedCompany, BrandExclusion], ...]


@lru_cache(maxsize=64)
def _family_names(company_id: str) -> frozenset[str]:
    """Every recorded name of the company's family (parent and members), normalised as the resolver does."""
    names: set[str] = set()
    for family in default_families().values():
        if family.company != company_id:
            continue
        names.update((family.parent.name, *family.parent.list_names, *(n.name for n in family.parent.names)))
        for member in family.members:
            names.update(member.spellings)
    return frozenset(normalize_name(n) for n in names)


class BrandExclusions:
    """Which exclusions apply to a name, and which resolved entries they take away."""

    def __init__(self, regimes: RegimeData) -> None:
        self.regimes = regimes
        self._companies = [c for c in regimes.companies.values() if c.brand_exclusions]
        self._names = {
            c.id: frozenset({*(normalize_name(n) for n in (c.name, *c.aliases)), *_family_names(c.id)})
            for c in self._companies
        }
        self._memo: dict[str, Applying] = {}

    def applying(self, name: str) -> Applying:
        found = self._memo.get(name)
        if found is None:
            found = self._memo[name] = tuple(
                (c, e) for c in self._companies for e in c.brand_exclusions if e.matches(name)
            )
        return found

    def belongs(self, entity: Entity, company_id: str) -> bool:
        """Is the entry one of the company's: its curated entry, a member of its family, a special listing of it,
        or an entry whose name is one of the company's or its family's recorded names?"""
        if entity.source in ("NDAA889", "FCC-COVERED"):
            return entity.id.split(":", 1)[-1] == company_id
        member = member_of(entity)
        if member is not None:
            return member[0].company == company_id
        listing = self.regimes.listing_for(entity)
        if listing is not None and listing.company == company_id:
            return True
        return any(normalize_name(n) in self._names[company_id] for n in entity.names)

    def kept(self, name: str, hits: Iterable[ResolvedParty]) -> tuple[list[ResolvedParty], Applying]:
        """The hits an exclusion leaves (exact name matches always stay), and the exclusions that took any away."""
        hits = list(hits)
        applying = self.applying(name)
        if not applying:
            return hits, ()
        key = normalize_name(name)
        kept, used = [], set()
        for hit in hits:
            owners = [i for i, (c, _) in enumerate(applying) if self.belongs(hit.entity, c.id)]
            if owners and normalize_name(hit.matched_name) != key:
                used.update(owners)
            else:
                kept.append(hit)
        return kept, tuple(applying[i] for i in sorted(used))


def exclusion_note(name: str, company: CuratedCompany, exclusion: BrandExclusion) -> str:
    return (
        f"{name} is not treated as {company.name} (nor its family or list entries) although the names share a "
        f"word: it is {exclusion.namesake} (brand exclusion; {exclusion.citation})."
    )
