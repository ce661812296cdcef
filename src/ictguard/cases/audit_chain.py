"""Hash chain of the append-only audit log: each row's hash covers its content and the previous row's hash.

Editing a row changes its hash; deleting a row breaks the link of the next one (and the head counter catches
a deleted last row). ``verify_chain`` names the first bad row.

Anchored outside the database (issue 18): whoever can write the database could otherwise rewrite the chain
itself. So each hash is an HMAC under a key kept outside the database (an edited row cannot be re-hashed without
it), and every committed row's (seq, hash) is also appended, MAC'd, to a receipts file the database writer
cannot rewrite (a deleted last row with the head rolled back, or a re-hashed chain, no longer matches its
receipt). ``check_receipts`` compares the two. Rows up to ``legacy_rows`` (written before the key existed)
may carry the plain SHA-256 hash.
"""

from __future__ import annotations

import hashlib
import hmac
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
    *,
    seq: int,
    at: str,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str,
    before: Any,
    after: Any,
    prev_hash: str,
    key: bytes | None = None,
) -> str:
    """HMAC-SHA256 of the row under ``key``; the plain SHA-256 (legacy rows) without one."""
    payload = canonical(
        [seq, at, actor, action, entity_type, entity_id, canonical(before), canonical(after), prev_hash]
    ).encode("utf-8")
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def hash_of(record: AuditRecord, key: bytes | None = None) -> str:
    return record_hash(
        seq=record.seq,
        at=record.at,
        actor=record.actor,
        action=record.action,
        entity_type=record.entity_type,
        entity_id=record.entity_id,
        before=record.before,
        after=record.after,
        prev_hash=record.prev_hash,
        key=key,
    )


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str


def verify_chain(
    records: Iterable[AuditRecord], *, head_seq: int, head_hash: str, key: bytes | None = None, legacy_rows: int = 0
) -> ChainProblem | None:
    """First problem in the chain (records in seq order), or None when intact up to the recorded head.

    With ``key``, every row after ``legacy_rows`` must carry the keyed hash (a chain re-hashed without the key
    fails here); rows up to ``legacy_rows`` may carry either."""
    expected_prev = GENESIS
    expected_seq = 1
    for record in records:
        if record.seq != expected_seq:
            return ChainProblem(expected_seq, f"row {expected_seq} is missing (next row is {record.seq})")
        if record.prev_hash != expected_prev:
            return ChainProblem(record.seq, "link to the previous row is broken (a row before it was changed)")
        if hash_of(record, key) != record.hash and not (
            key is not None and record.seq <= legacy_rows and hash_of(record) == record.hash
        ):
            if key is not None and hash_of(record) == record.hash:
                return ChainProblem(
                    record.seq,
                    "hashed without the audit key (the chain was recomputed by someone "
                    "without the key, or rows predate it: see ICTGUARD_AUDIT_LEGACY_ROWS)",
                )
            return ChainProblem(record.seq, "content does not match its hash (the row was edited)")
        expected_prev = record.hash
        expected_seq += 1
    last = expected_seq - 1
    if last != head_seq:
        return ChainProblem(last + 1, f"log ends at row {last} but {head_seq} rows were written (rows deleted)")
    if last and expected_prev != head_hash:
        return ChainProblem(last, "last row's hash does not match the recorded head")
    return None


@dataclass(frozen=True)
class Receipt:
    """One committed row as seen by the writer, kept outside the database: line ``line`` of the receipts file."""

    seq: int
    hash: str
    mac: str
    line: int = 0


def receipt_mac(key: bytes, seq: int, row_hash: str) -> str:
    return hmac.new(key, f"receipt|{seq}|{row_hash}".encode(), hashlib.sha256).hexdigest()


def check_receipts(hashes: dict[int, str], receipts: Iterable[Receipt], key: bytes) -> ChainProblem | None:
    """The first receipt the database disagrees with: a forged receipt, a row gone, or a row with another hash.

    ``hashes`` is seq -> hash of the rows in the database. Rows written after the last receipt (a crash between
    the commit and the receipt) are not a problem: only what a receipt vouches for is checked."""
    for receipt in sorted(receipts, key=lambda r: r.seq):
        if not hmac.compare_digest(receipt_mac(key, receipt.seq, receipt.hash), receipt.mac):
            return ChainProblem(
                receipt.seq,
                f"receipt on line {receipt.line} is not signed with the audit key (forged or damaged receipts file)",
            )
        found = hashes.get(receipt.seq)
        if found is None:
            return ChainProblem(
                receipt.seq,
                f"row {receipt.seq} was committed (receipt on line {receipt.line}) but "
                "is not in the log (rows deleted and the head rolled back)",
            )
        if not hmac.compare_digest(found, receipt.hash):
            return ChainProblem(
                receipt.seq,
                f"row {receipt.seq} differs from what was committed (receipt on line "
                f"{receipt.line}): the row was edited and the chain recomputed",
            )
    return None
