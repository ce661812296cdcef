from __future__ import annotations

import threading

import sqlalchemy as sa
from sqlalchemy import Engine

from ictguard.store import audit_repo, counterparties_repo, keys_repo
from ictguard.store.service_tables import audit_log, counterparties


def _writes(engine: Engine, n: int) -> list[int]:
    ids = []
    for i in range(n):
        ids.append(counterparties_repo.create(engine, {"name": f"Party {i}", "country": "DE", "kind": "vendor"},
                                              actor="test").id)
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
