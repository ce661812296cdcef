from __future__ import annotations

import sqlalchemy as sa

from ictguard.store.service_tables import audit_log
from tests.api.conftest import Api, assert_error


def test_audit_log_lists_and_verifies(api: Api) -> None:
    admin = api.headers("admin")
    api.client.post("/api/v1/counterparties", headers=admin, json={"name": "Acme"})
    log = api.client.get("/api/v1/audit-log?limit=2", headers=admin).json()
    assert log["total"] == 5 and len(log["items"]) == 2  # 4 keys + 1 counterparty
    assert log["items"][0]["action"] == "counterparty.create" and log["items"][0]["actor"].startswith("key:")
    filtered = api.client.get("/api/v1/audit-log?entity_type=counterparty", headers=admin).json()
    assert filtered["total"] == 1
    assert api.client.get("/api/v1/audit-log/verify", headers=admin).json() == {
        "intact": True,
        "rows": 5,
        "problem": None,
    }
    with api.engine.begin() as conn:
        conn.execute(audit_log.update().where(audit_log.c.seq == 3).values(after_json=sa.literal('{"role":"admin"}')))
    verdict = api.client.get("/api/v1/audit-log/verify", headers=admin).json()
    assert verdict["intact"] is False and verdict["problem"]["row"] == 3
    assert_error(api.client.get("/api/v1/audit-log/verify", headers=api.headers("reviewer")), 403)


def test_key_creation_errors(api: Api) -> None:
    admin = api.headers("admin")
    assert_error(api.client.post("/api/v1/keys", headers=admin, json={"name": "x", "role": "root"}), 422)
    assert_error(
        api.client.post("/api/v1/keys", headers=api.headers("reviewer"), json={"name": "x", "role": "viewer"}), 403
    )
