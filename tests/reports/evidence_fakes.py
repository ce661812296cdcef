"""An in-memory audit log for evidence tests: the same row shape ``audit_repo.list_entries`` returns."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ictguard.reports.evidence import EntryRef


class MemoryLog:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def append(self, *, actor: str, action: str, entity_type: str, entity_id: str, after: dict[str, Any]) -> EntryRef:
        previous = self.rows[-1]["hash"] if self.rows else "0" * 64
        row = {
            "seq": len(self.rows) + 1,
            "at": "2026-11-23T12:00:00+00:00",
            "actor": actor,
            "action": action,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "before": None,
            "after": json.loads(json.dumps(after, default=str)),
            "prev_hash": previous,
        }
        row["hash"] = hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()
        self.rows.append(row)
        return EntryRef(seq=row["seq"], hash=row["hash"], action=action, entity_type=entity_type, entity_id=entity_id)

    def entries(self, entity_type: str, entity_id: str) -> list[dict[str, Any]]:
        return [r for r in reversed(self.rows) if r["entity_type"] == entity_type and r["entity_id"] == entity_id]

    def chain(self) -> tuple[bool, str]:
        return True, f"{len(self.rows)} rows intact"
