from __future__ import annotations

import dataclasses

from ictguard.cases.audit_chain import GENESIS, AuditRecord, hash_of, record_hash, verify_chain


def chain(n: int) -> list[AuditRecord]:
    records: list[AuditRecord] = []
    prev = GENESIS
    for seq in range(1, n + 1):
        fields = dict(seq=seq, at=f"2026-01-0{seq}T00:00:00+00:00", actor="a", action="x.create", entity_type="x",
                      entity_id=str(seq), before=None, after={"n": seq}, prev_hash=prev)
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
