"""What changed between two list versions: entries added, removed and changed (by entity id, per field)."""

from __future__ import annotations

from typing import Any

from ictguard.lists.snapshot import ListSnapshot
from ictguard.model import Entity

# Provenance of the row, not a fact about the entry: a re-ordered file must not show every entry "changed".
IGNORED_FIELDS = frozenset({"source_file", "source_line"})


def _brief(entity: Entity) -> dict[str, Any]:
    return {"entity_id": entity.id, "name": entity.name, "source": entity.source}


def entity_changes(old: Entity, new: Entity) -> dict[str, dict[str, Any]]:
    before, after = old.to_dict(), new.to_dict()
    return {
        key: {"old": before.get(key), "new": after.get(key)}
        for key in sorted(set(before) | set(after))
        if key not in IGNORED_FIELDS and before.get(key) != after.get(key)
    }


def diff_snapshots(old: ListSnapshot, new: ListSnapshot) -> dict[str, Any]:
    """JSON-ready document; lists sorted by entity id so the output is stable."""
    before = {e.id: e for e in old.entities}
    after = {e.id: e for e in new.entities}
    added = [_brief(after[i]) for i in sorted(after.keys() - before.keys())]
    removed = [_brief(before[i]) for i in sorted(before.keys() - after.keys())]
    changed = []
    for i in sorted(before.keys() & after.keys()):
        if before[i] == after[i]:
            continue
        fields = entity_changes(before[i], after[i])
        if fields:
            changed.append({**_brief(after[i]), "fields": fields})
    return {
        "old": old.version_id,
        "new": new.version_id,
        "summary": {"added": len(added), "removed": len(removed), "changed": len(changed)},
        "added": added,
        "removed": removed,
        "changed": changed,
    }
