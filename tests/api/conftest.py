"""API fixtures: the real app on a migrated database (SQLite and PostgreSQL), fake lists, one key per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from ictguard.api.app import create_app
from ictguard.settings import Settings
from ictguard.store import keys_repo
from tests.service_fakes import DAHUA, HIKVISION, HUAWEI, FakeScreener, FakeSnapshots, snapshot
from tests.service_fixtures import engine  # noqa: F401  (migrated engine on SQLite and PostgreSQL)

ROLES = ("viewer", "analyst", "reviewer", "admin")


@dataclass
class Api:
    client: TestClient
    keys: dict[str, str]
    snapshots: FakeSnapshots
    engine: Engine

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}


@pytest.fixture
def api(engine: Engine) -> Iterator[Api]:  # noqa: F811
    snapshots = FakeSnapshots(snapshot("v1", HUAWEI, HIKVISION, DAHUA))
    app = create_app(
        Settings(db=str(engine.url)), engine=engine, snapshots=snapshots, screener_factory=lambda: FakeScreener
    )
    keys = {role: keys_repo.create_key(engine, name=f"{role}-key", role=role, actor="test")[0] for role in ROLES}
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, keys, snapshots, engine)


def assert_error(response: object, status: int, code: str | None = None) -> dict[str, object]:
    """The one JSON error shape: {"error": {"code", "message", "status"}}."""
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    error = body["error"]
    assert {"code", "message", "status"} <= set(error) and error["status"] == status
    assert isinstance(error["message"], str) and error["message"]
    if code is not None:
        assert error["code"] == code
    return error  # type: ignore[no-any-return]
