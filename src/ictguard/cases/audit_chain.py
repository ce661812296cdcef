"""Hash chain of the append-only audit log: each row's hash covers its content and the previous row's hash.

Editing a row changes its hash; deleting a row breaks the link of the next one (and the head counter catches
a deleted last row). ``verify_chain`` names the first bad row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: str  # ISO timestamp, UTC
    actor: str
    action: str
    entity_type: str
    entity_id: str
    before: Any
    after: Any
    prev_hash: str
    hash: str


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def record_hash(
    *, seq: int, at: str, actor: str, action: str, entity_type: str, entity_id: str, before: Any, after: Any,
    prev_hash: str,
) -> str:
    payload = canonical(
        [seq, at, actor, action, entity_type, entity_id, canonical(before), canonical(after), prev_hash]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def hash_of(record: AuditRecord) -> str:
    return record_hash(
        seq=record.seq, at=record.at, actor=record.actor, action=record.action, entity_type=record.entity_type,
        entity_id=record.entity_id, before=record.before, after=record.after, prev_hash=record.prev_hash,
    )


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str


def verify_chain(records: Iterable[AuditRecord], *, head_seq: int, head_hash: str) -> ChainProblem | None:
    """First problem in the chain (records in seq order), or None when intact up to the recorded head."""
    expected_prev = GENESIS
    expected_seq = 1
    for record in records:
        if record.seq != expected_seq:
            return ChainProblem(expected_seq, f"row {expected_seq} is missing (next row is {record.seq})")
        if record.prev_hash != expected_prev:
            return ChainProblem(record.seq, "link to the previous row is broken (a row before it was changed)")
        if hash_of(record) != record.hash:
            return ChainProblem(record.seq, "content does not match its hash (the row was edited)")
        expected_prev = record.hash
        expected_seq += 1
    last = expected_seq - 1
    if last != head_seq:
        return ChainProblem(last + 1, f"log ends at row {last} but {head_seq} rows were written (rows deleted)")
    if last and expected_prev != head_hash:
        return ChainProblem(last, "last row's hash does not match the recorded head")
    return None
