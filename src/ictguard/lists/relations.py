"""Relations the lists state in text: Entity List affiliate structure (data file
``data/lists/affiliations.yaml``), MEU "Subordinate institution of X" remarks, and resolution of relation
targets (OFAC "Linked To: X") to entity ids within one load."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ictguard.errors import DataFileError
from ictguard.model import Entity, Relation, RelationKind
from ictguard.yamlfile import parse_yaml

FILE = "affiliations.yaml"
_KEYS = {"parent", "parent_names", "kind", "sources", "rules", "name_patterns", "citation"}
_RANGE = re.compile(r"^(\d+)\s*FR\s*(\d+)-(\d+)$")
_CITATION = re.compile(r"^\s*(\d+)\s*F\.?\s*R\.?\s*(\d+)")
_SUBORDINATE = re.compile(r"\bsubordinate (?:institution|unit|entity|organization) of (?P<parent>[^;]+?)\.?$", re.I)


@dataclass(frozen=True)
class AffiliateGroup:
    parent: str
    parent_names: frozenset[str]
    kind: RelationKind
    sources: frozenset[str]
    rules: tuple[tuple[int, int, int], ...]  # (volume, first page, last page)
    name_patterns: tuple[str, ...]
    citation: str


def parse_groups(text: str, file: str) -> tuple[AffiliateGroup, ...]:
    doc = parse_yaml(text, file)
    if not isinstance(doc, dict) or set(doc) != {"groups"} or not isinstance(doc["groups"], list):
        raise DataFileError("expected one key 'groups' holding a list", file=file, line=1)
    out = []
    for i, g in enumerate(doc["groups"]):
        where = f"groups[{i}]"
        if not isinstance(g, dict) or set(g) != _KEYS:
            found = sorted(g) if isinstance(g, dict) else type(g).__name__
            raise DataFileError(f"expected keys {sorted(_KEYS)}, found {found}", file=file, field=where)
        rules = []
        for r in g["rules"]:
            m = _RANGE.match(str(r).strip())
            if m is None:
                raise DataFileError(f"not 'VV FR first-last': {r!r}", file=file, field=f"{where}.rules")
            rules.append((int(m.group(1)), int(m.group(2)), int(m.group(3))))
        try:
            kind = RelationKind(g["kind"])
        except ValueError:
            raise DataFileError(f"unknown relation kind {g['kind']!r}", file=file, field=f"{where}.kind") from None
        if not str(g["citation"]).strip():
            raise DataFileError("empty citation", file=file, field=f"{where}.citation")
        out.append(
            AffiliateGroup(
                str(g["parent"]),
                frozenset(map(str, g["parent_names"])) | {str(g["parent"])},
                kind,
                frozenset(map(str, g["sources"])),
                tuple(rules),
                tuple(str(p).lower() for p in g["name_patterns"]),
                str(g["citation"]),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def default_groups() -> tuple[AffiliateGroup, ...]:
    path = resources.files("ictguard.data") / "lists" / FILE
    return parse_groups(path.read_text(encoding="utf-8"), str(path))


def _group_relation(entity: Entity, group: AffiliateGroup) -> Relation | None:
    if entity.source not in group.sources or entity.name in group.parent_names:
        return None
    if entity.federal_register_notices:
        m = _CITATION.match(entity.federal_register_notices[0])
        if m and any(v == int(m.group(1)) and a <= int(m.group(2)) <= b for v, a, b in group.rules):
            return Relation(group.kind, group.parent, source=f"listed by {entity.federal_register_notices[0]}")
    texts = (*entity.names, *(a.text for a in entity.addresses))
    for text in texts:
        low = text.lower()
        if any(p in low for p in group.name_patterns):
            return Relation(group.kind, group.parent, source=f"name/alias/address text: {text[:80]}")
    return None


def add_stated_relations(entities: Sequence[Entity], groups: tuple[AffiliateGroup, ...] | None = None) -> list[Entity]:
    """Add affiliate-group and "subordinate institution of" relations, then resolve target ids."""
    active = default_groups() if groups is None else groups
    out: list[Entity] = []
    for entity in entities:
        extra = [r for r in (_group_relation(entity, g) for g in active) if r is not None]
        sub = _SUBORDINATE.search(entity.remarks or "")
        if sub:
            extra.append(Relation(RelationKind.SUBSIDIARY_OF, sub.group("parent").strip(), source="remarks"))
        known = {(r.kind, r.target_name) for r in entity.relations}
        extra = [r for r in extra if (r.kind, r.target_name) not in known]
        out.append(dataclasses.replace(entity, relations=entity.relations + tuple(extra)) if extra else entity)
    return resolve_targets(out)


def resolve_targets(entities: Sequence[Entity]) -> list[Entity]:
    """Set ``target_id`` where the target name is (case-insensitively) the name or an alias of exactly one
    entity — of the same list if several lists hold that name (Huawei is on both EL and CMIC)."""
    index: dict[str, dict[str, str]] = {}
    for e in entities:
        for n in e.names:
            index.setdefault(n.casefold().strip(" ."), {})[e.id] = e.source
    out = []
    for e in entities:
        if not e.relations:
            out.append(e)
            continue
        rels = []
        for r in e.relations:
            found = {i: s for i, s in index.get(r.target_name.casefold().strip(" ."), {}).items() if i != e.id}
            same = [i for i, s in found.items() if s == e.source]
            pick = same if len(same) == 1 else list(found)
            rels.append(dataclasses.replace(r, target_id=pick[0]) if len(pick) == 1 and not r.target_id else r)
        out.append(dataclasses.replace(e, relations=tuple(rels)))
    return out
