from __future__ import annotations

import dataclasses
import json
import threading

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from ictguard.cases.audit_chain import GENESIS, AuditRecord, canonical, hash_of
from ictguard.store import audit_anchor, audit_repo, counterparties_repo, keys_repo
from ictguard.store.service_common import write_tx
from ictguard.store.service_tables import audit_head, audit_log, counterparties


def _writes(engine: Engine, n: int) -> list[int]:
    ids = []
    for i in range(n):
        ids.append(
            counterparties_repo.create(
                engine, {"name": f"Party {i}", "country": "DE", "kind": "vendor"}, actor="test"
            ).id
        )
    return ids


def test_every_write_is_logged_with_before_and_after(engine: Engine) -> None:
    [cp] = _writes(engine, 1)
    counterparties_repo.update(engine, cp, {"name": "Party Renamed"}, actor="alice")
    page = audit_repo.list_entries(engine)
    assert page.total == 2
    newest = page.items[0]
    assert newest["action"] == "counterparty.update" and newest["actor"] == "alice"
    assert newest["before"]["name"] == "Party 0" and newest["after"]["name"] == "Party Renamed"
    assert audit_repo.verify(engine) == (2, None)


def test_failed_write_leaves_no_audit_row(engine: Engine) -> None:
    try:
        counterparties_repo.update(engine, 999, {"name": "x"}, actor="a")
    except Exception:
        pass
    assert audit_repo.verify(engine) == (0, None)


def test_edited_row_is_detected(engine: Engine) -> None:
    _writes(engine, 3)
    with engine.begin() as conn:
        conn.execute(audit_log.update().where(audit_log.c.seq == 2).values(actor="mallory"))
    rows, problem = audit_repo.verify(engine)
    assert problem is not None and problem.seq == 2


def test_deleted_row_is_detected(engine: Engine) -> None:
    _writes(engine, 3)
    with engine.begin() as conn:
        conn.execute(audit_log.delete().where(audit_log.c.seq == 2))
    _, problem = audit_repo.verify(engine)
    assert problem is not None and problem.seq == 2


def test_deleted_last_row_is_detected(engine: Engine) -> None:
    _writes(engine, 3)
    with engine.begin() as conn:
        conn.execute(audit_log.delete().where(audit_log.c.seq == 3))
    _, problem = audit_repo.verify(engine)
    assert problem is not None and problem.seq == 3


def test_concurrent_writers_keep_one_chain(engine: Engine) -> None:
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            _writes(engine, 5)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert audit_repo.verify(engine) == (20, None)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(counterparties)).scalar_one() == 20


def test_keys_are_stored_hashed_and_revocable(engine: Engine) -> None:
    key, info = keys_repo.create_key(engine, name="ci", role="viewer", actor="test")
    assert keys_repo.lookup(engine, key) == info
    assert keys_repo.lookup(engine, key + "x") is None
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT key_hash, prefix FROM api_keys")).one()
    assert key not in stored.key_hash and len(stored.prefix) < len(key)
    keys_repo.revoke_key(engine, info.id, actor="test")
    assert keys_repo.lookup(engine, key) is None
    assert [e["action"] for e in audit_repo.list_entries(engine).items] == ["key.revoke", "key.create"]


# --- anchored outside the database (issue 18, item 6) ------------------------------------------------------------


def _rows(engine: Engine) -> list[AuditRecord]:
    with engine.connect() as conn:
        return [audit_repo._record(r) for r in conn.execute(sa.select(audit_log).order_by(audit_log.c.seq))]


def _rewrite_chain(engine: Engine, records: list[AuditRecord], key: bytes | None) -> None:
    """What someone with write access to the database can do: store ``records`` re-hashed, head included."""
    prev = GENESIS
    with engine.begin() as conn:
        conn.execute(audit_log.delete())
        for r in records:
            r = dataclasses.replace(r, prev_hash=prev)
            digest = hash_of(r, key)
            conn.execute(
                audit_log.insert().values(
                    seq=r.seq,
                    at=r.at,
                    actor=r.actor,
                    action=r.action,
                    entity_type=r.entity_type,
                    entity_id=r.entity_id,
                    before_json=canonical(r.before),
                    after_json=canonical(r.after),
                    prev_hash=prev,
                    hash=digest,
                )
            )
            prev = digest
        conn.execute(audit_head.update().where(audit_head.c.id == 1).values(seq=len(records), hash=prev))


def test_deleted_last_row_with_head_rolled_back_is_detected(engine: Engine) -> None:
    _writes(engine, 3)
    records = _rows(engine)
    with engine.begin() as conn:
        conn.execute(audit_log.delete().where(audit_log.c.seq == 3))
        conn.execute(audit_head.update().where(audit_head.c.id == 1).values(seq=2, hash=records[1].hash))
    rows, problem = audit_repo.verify(engine)
    assert rows == 2 and problem is not None and problem.seq == 3 and "not in the log" in problem.reason


def test_edited_row_with_chain_recomputed_without_the_key_is_detected(engine: Engine) -> None:
    _writes(engine, 3)
    records = _rows(engine)
    records[1] = dataclasses.replace(records[1], actor="mallory")
    _rewrite_chain(engine, records, key=None)
    _, problem = audit_repo.verify(engine)
    assert problem is not None and problem.seq == 1 and "without the audit key" in problem.reason


def test_edited_row_with_chain_recomputed_with_the_key_is_caught_by_the_receipts(engine: Engine) -> None:
    _writes(engine, 3)
    records = _rows(engine)
    records[1] = dataclasses.replace(records[1], after={"name": "Someone Else"})
    _rewrite_chain(engine, records, key=audit_anchor.audit_key())  # even a stolen key is not enough
    _, problem = audit_repo.verify(engine)
    assert problem is not None and problem.seq == 2 and "edited and the chain recomputed" in problem.reason


def test_forged_or_missing_receipts(engine: Engine) -> None:
    _writes(engine, 2)
    path = audit_anchor.receipts_path(engine.url)
    lines = path.read_text().splitlines()
    assert len(lines) == 2 and audit_repo.verify(engine) == (2, None)
    forged = json.loads(lines[1]) | {"hash": "f" * 64}
    path.write_text("\n".join([lines[0], json.dumps(forged)]) + "\n")
    _, problem = audit_repo.verify(engine)
    assert problem is not None and problem.seq == 2 and "not signed" in problem.reason
    path.unlink()
    _, problem = audit_repo.verify(engine)
    assert problem is not None and "no receipts file" in problem.reason


def test_a_row_committed_but_not_yet_receipted_is_not_an_alarm(engine: Engine) -> None:
    _writes(engine, 3)
    path = audit_anchor.receipts_path(engine.url)
    path.write_text("".join(path.read_text().splitlines(keepends=True)[:2]))  # as after a crash before the receipt
    assert audit_repo.verify(engine) == (3, None)


def test_a_rolled_back_write_leaves_no_receipt(engine: Engine) -> None:
    _writes(engine, 1)
    with pytest.raises(RuntimeError), write_tx(engine) as conn:
        audit_repo.append(conn, actor="a", action="x.create", entity_type="x", entity_id=1, before=None, after={})
        raise RuntimeError("abort")
    assert len(audit_anchor.receipts_path(engine.url).read_text().splitlines()) == 1
    _writes(engine, 1)  # the next write reuses seq 2: its receipt is the only one for it
    assert audit_repo.verify(engine) == (2, None)
