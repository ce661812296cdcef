"""Which list entries a new version added, changed or removed (by id and content fingerprint)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ictguard.cases.suppression import entity_fingerprint
from ictguard.model import Entity


@dataclass(frozen=True)
class EntityDiff:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def affecting(self) -> frozenset[str]:
        """Entries a counterparty can newly match: the added and the changed ones."""
        return frozenset(self.added) | frozenset(self.changed)


def diff_entities(old: Iterable[Entity], new: Iterable[Entity]) -> EntityDiff:
    before = {e.id: entity_fingerprint(e.to_dict()) for e in old}
    after = {e.id: entity_fingerprint(e.to_dict()) for e in new}
    return EntityDiff(
        added=tuple(sorted(after.keys() - before.keys())),
        changed=tuple(sorted(k for k in after.keys() & before.keys() if after[k] != before[k])),
        removed=tuple(sorted(before.keys() - after.keys())),
    )
