"""Family members as screenable entities (source ``FAMILY``) and parents' other names as cited aliases.

A member spelled like an entry of a published list or a curated regime company is not added again (the listed
entry is the better evidence); every other member becomes one ``FAMILY`` entity whose ``remarks`` carry its path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ictguard.families.coverage import el_text, member_coverage, path_text
from ictguard.families.load import FAMILIES_DIR, default_families
from ictguard.families.local import LOCAL_MEMBER_ID, local_member, local_path_text, reaches_subsidiaries
from ictguard.families.model import Family, Member
from ictguard.lists.curated import RegimeData
from ictguard.model import Entity, Relation, RelationKind

FAMILY_SOURCE = "FAMILY"
FAMILY_SOURCE_NAME = "ictguard family knowledge base (curated from cited sources; not a published list)"
# A family member is not on a published list, so only a near-certain name is worth a reviewer's time: true member
# spellings score 0.93-1.0 on bench/bench_family_screening.py's dev queries, while real unrelated firms that reach
# a member at all ("iRobot Corporation" ~ "Hangzhou Hikvision Robot", "Futuretel" ~ "Futurewei") stay at or below
# 0.71.
FAMILY_MIN_SCORE = 0.85
_NOISE = re.compile(r"[\W_]+")


def spelling(name: str) -> str:
    return _NOISE.sub(" ", name.casefold()).strip()


def member_entity_id(family: Family, member: Member) -> str:
    return f"family:{family.id}:{member.id}"


def member_of(entity: Entity) -> tuple[Family, Member] | None:
    """The family and member behind a ``FAMILY`` entity."""
    if entity.source != FAMILY_SOURCE:
        return None
    _, family_id, member_id = entity.id.split(":", 2)
    family = default_families().get(family_id)
    if family is None:
        return None
    if member_id == LOCAL_MEMBER_ID:
        return family, local_member(family)
    for member in family.members:
        if member.id == member_id:
            return family, member
    return None


def family_entities(curated: Iterable[Entity]) -> list[Entity]:
    """``FAMILY`` entities for every member not spelled like a curated regime company (those are entries already).

    The entities depend on the family base and the curated regime data only, never on the list version, so a
    list update does not make them "changed" for re-screening; their Entity List status is added when a hit is
    explained (``entity_list_status``). Each is in force from the first day a regime reaches it through its
    parent (its own ``since`` when later) to the day before it left the family; a member of an
    Entity-List-only family from its ``since``.
    """
    from ictguard.lists.curated import default_regimes

    regimes = default_regimes()
    existing = {spelling(n) for entity in curated for n in entity.names}
    result: list[Entity] = []
    for family in default_families().values():
        for member in family.members:
            if spelling(member.name) in existing:
                continue
            coverage = member_coverage(family, member, regimes)
            start = min((c.start for c in coverage), default=member.since)
            kind = RelationKind.SUBSIDIARY_OF if member.relation == "subsidiary" else RelationKind.AFFILIATE_OF
            target = f"ndaa889:{family.company}" if family.company else None
            result.append(
                Entity(
                    id=member_entity_id(family, member),
                    source=FAMILY_SOURCE,
                    name=member.name,
                    aliases=tuple(n for n in member.spellings[1:] if spelling(n) not in existing),
                    source_name=FAMILY_SOURCE_NAME,
                    countries=(member.country,),
                    programs=tuple(dict.fromkeys(c.regime for c in coverage)),
                    federal_register_notices=tuple(s for s in (member.source, member.dates_source) if s),
                    start_date=start,
                    end_date=member.last_day,
                    remarks=path_text(family, member, coverage),
                    relations=(Relation(kind, family.parent.name, target, "ictguard family knowledge base"),),
                    source_file=str(FAMILIES_DIR / f"{family.id}.yaml"),
                )
            )
        if reaches_subsidiaries(family, regimes):
            result.append(local_subsidiary_entity(family, regimes))
    return result


def local_subsidiary_entity(family: Family, regimes: RegimeData) -> Entity:
    """The family's presumed local subsidiary (``families.local``): the entity a hit on "<family name> + a place"
    points to. Its name is a description, not a spelling: the screener indexes no name of it
    (``is_local_subsidiary``)."""
    member = local_member(family)
    coverage = member_coverage(family, member, regimes)
    target = f"ndaa889:{family.company}" if family.company else None
    return Entity(
        id=member_entity_id(family, member),
        source=FAMILY_SOURCE,
        name=member.name,
        source_name=FAMILY_SOURCE_NAME,
        programs=tuple(dict.fromkeys(c.regime for c in coverage)),
        start_date=min(c.start for c in coverage),
        remarks=local_path_text(family, regimes),
        relations=(Relation(RelationKind.SUBSIDIARY_OF, family.parent.name, target, "presumed from the name"),),
        source_file=str(FAMILIES_DIR / f"{family.id}.yaml"),
    )


def is_local_subsidiary(entity: Entity) -> bool:
    return entity.source == FAMILY_SOURCE and entity.id.endswith(f":{LOCAL_MEMBER_ID}")


def entity_list_status(entity: Entity, el_spellings: frozenset[str]) -> str:
    """What the Entity List of the screened version says about a ``FAMILY`` entity ("" if it is not one)."""
    found = member_of(entity)
    if found is None:
        return ""
    family, member = found
    listed = any(spelling(n) in el_spellings for n in member.spellings)
    parent_listed = any(spelling(n) in el_spellings for n in family.parent.list_names)
    return el_text(member, listed=listed if el_spellings else None, parent_listed=parent_listed)


def el_spellings_of(entities: Iterable[Entity]) -> frozenset[str]:
    return frozenset(spelling(n) for e in entities if e.source == "EL" for n in e.names)


@lru_cache(maxsize=1)
def parent_alias_groups() -> tuple[tuple[tuple[str, ...], tuple[tuple[str, str], ...]], ...]:
    """(list spellings of a parent, its other names with their cited source) for every family."""
    groups = []
    for family in default_families().values():
        aliases = tuple((n.name, n.source + (" (unverified)" if n.unverified else "")) for n in family.parent.names)
        if aliases:
            groups.append((family.parent.list_names, aliases))
    return tuple(groups)


def with_family_names(entities: Iterable[Entity]) -> list[Entity]:
    """``entities`` with the cited other names (family base parents, data/screening/aliases.yaml) of any entry
    spelled like their ``list_names`` as aliases — what the screener attaches as curated aliases — so an exact
    Chinese, traditional or Cyrillic legal name resolves in ``decide``'s index as it does in screening, whatever
    role the name plays (party, owner or ``items[].manufacturer``)."""
    from dataclasses import replace

    from ictguard.screening.datafiles import load_alias_groups

    extra: dict[str, list[str]] = {}
    groups = [(g.list_names, tuple(a.name for a in g.aliases)) for g in load_alias_groups()]
    groups += [(names, tuple(a for a, _ in aliases)) for names, aliases in parent_alias_groups()]
    for list_names, aliases in groups:
        for list_name in list_names:
            extra.setdefault(spelling(list_name), []).extend(aliases)
    result = []
    for entity in entities:
        more = [a for n in entity.names for a in extra.get(spelling(n), ())]
        new = tuple(dict.fromkeys(a for a in more if a not in entity.names))
        result.append(replace(entity, aliases=entity.aliases + new) if new else entity)
    return result
