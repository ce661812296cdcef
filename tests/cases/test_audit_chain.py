from __future__ import annotations

import dataclasses

from ictguard.cases.audit_chain import (
    GENESIS,
    AuditRecord,
    Receipt,
    check_receipts,
    hash_of,
    receipt_mac,
    record_hash,
    verify_chain,
)


def chain(n: int) -> list[AuditRecord]:
    records: list[AuditRecord] = []
    prev = GENESIS
    for seq in range(1, n + 1):
        fields = dict(
            seq=seq,
            at=f"2026-01-0{seq}T00:00:00+00:00",
            actor="a",
            action="x.create",
            entity_type="x",
            entity_id=str(seq),
            before=None,
            after={"n": seq},
            prev_hash=prev,
        )
        digest = record_hash(**fields)  # type: ignore[arg-type]
        records.append(AuditRecord(**fields, hash=digest))  # type: ignore[arg-type]
        prev = digest
    return records


def test_intact_chain_verifies() -> None:
    records = chain(4)
    assert verify_chain(records, head_seq=4, head_hash=records[-1].hash) is None
    assert verify_chain([], head_seq=0, head_hash=GENESIS) is None


def test_edited_row_is_named() -> None:
    records = chain(4)
    records[1] = dataclasses.replace(records[1], after={"n": 99})
    problem = verify_chain(records, head_seq=4, head_hash=records[-1].hash)
    assert problem is not None and problem.seq == 2 and "edited" in problem.reason


def test_edited_row_with_recomputed_hash_breaks_the_next_link() -> None:
    records = chain(4)
    forged = dataclasses.replace(records[1], actor="mallory")
    records[1] = dataclasses.replace(forged, hash=hash_of(forged))
    problem = verify_chain(records, head_seq=4, head_hash=records[-1].hash)
    assert problem is not None and problem.seq == 3


def test_deleted_middle_row_is_named() -> None:
    records = chain(4)
    del records[2]
    problem = verify_chain(records, head_seq=4, head_hash=records[-1].hash)
    assert problem is not None and problem.seq == 3 and "missing" in problem.reason


def test_deleted_last_row_is_caught_by_the_head() -> None:
    records = chain(4)
    head = records[-1].hash
    problem = verify_chain(records[:3], head_seq=4, head_hash=head)
    assert problem is not None and problem.seq == 4


KEY = b"k" * 32


def keyed_chain(n: int, key: bytes | None = KEY, plain_first: int = 0) -> list[AuditRecord]:
    records: list[AuditRecord] = []
    prev = GENESIS
    for seq in range(1, n + 1):
        fields = dict(
            seq=seq,
            at="2026-01-01T00:00:00+00:00",
            actor="a",
            action="x.create",
            entity_type="x",
            entity_id=str(seq),
            before=None,
            after={"n": seq},
            prev_hash=prev,
        )
        digest = record_hash(**fields, key=None if seq <= plain_first else key)  # type: ignore[arg-type]
        records.append(AuditRecord(**fields, hash=digest))  # type: ignore[arg-type]
        prev = digest
    return records


def test_keyed_chain_needs_the_key() -> None:
    records = keyed_chain(3)
    assert verify_chain(records, head_seq=3, head_hash=records[-1].hash, key=KEY) is None
    problem = verify_chain(records, head_seq=3, head_hash=records[-1].hash, key=b"x" * 32)
    assert problem is not None and problem.seq == 1
    plain = keyed_chain(3, key=None)
    problem = verify_chain(plain, head_seq=3, head_hash=plain[-1].hash, key=KEY)
    assert problem is not None and "without the audit key" in problem.reason


def test_legacy_rows_may_be_plain_only_up_to_the_boundary() -> None:
    records = keyed_chain(4, plain_first=2)
    assert verify_chain(records, head_seq=4, head_hash=records[-1].hash, key=KEY, legacy_rows=2) is None
    problem = verify_chain(records, head_seq=4, head_hash=records[-1].hash, key=KEY, legacy_rows=1)
    assert problem is not None and problem.seq == 2


def test_receipts_against_the_rows() -> None:
    records = keyed_chain(3)
    hashes = {r.seq: r.hash for r in records}
    receipts = [Receipt(r.seq, r.hash, receipt_mac(KEY, r.seq, r.hash), r.seq) for r in records]
    assert check_receipts(hashes, receipts, KEY) is None
    assert check_receipts(hashes, receipts[:2], KEY) is None  # rows after the last receipt are not checked
    gone = check_receipts({1: hashes[1], 2: hashes[2]}, receipts, KEY)
    assert gone is not None and gone.seq == 3 and "not in the log" in gone.reason
    other = check_receipts({**hashes, 2: "0" * 64}, receipts, KEY)
    assert other is not None and other.seq == 2 and "differs" in other.reason
    forged = [*receipts[:2], Receipt(3, "0" * 64, "0" * 64, 3)]
    bad = check_receipts({**hashes, 3: "0" * 64}, forged, KEY)
    assert bad is not None and bad.seq == 3 and "not signed" in bad.reason
