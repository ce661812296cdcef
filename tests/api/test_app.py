from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from ictguard.api.app import create_app
from ictguard.settings import Settings
from tests.api.conftest import Api, assert_error
from tests.service_fakes import HUAWEI, FakeScreener, FakeSnapshots, snapshot
from tests.service_fixtures import engine  # noqa: F401  (migrated engine on SQLite and PostgreSQL)


def test_healthz_needs_no_key(api: Api) -> None:
    response = api.client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "list_version": "v1"}


def test_healthz_names_the_list_version_this_node_serves(api: Api) -> None:
    assert api.client.get("/healthz").json()["list_version"] == "v1"
    api.snapshots.add(snapshot("v2", HUAWEI))
    api.client.app.state.screening.refresh()  # type: ignore[attr-defined]
    assert api.client.get("/healthz").json()["list_version"] == "v2"
    api.snapshots.active_id = None
    api.client.app.state.screening.refresh()  # type: ignore[attr-defined]
    assert api.client.get("/healthz").json() == {"status": "ok", "list_version": None}


def test_openapi_and_docs(api: Api) -> None:
    spec = api.client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/v1/screen",
        "/api/v1/decide",
        "/api/v1/screen/batch",
        "/api/v1/lists/status",
        "/api/v1/counterparties",
        "/api/v1/alerts/{alert_id}/review",
        "/api/v1/licences/{licence_id}/shipments",
        "/api/v1/audit-log",
        "/healthz",
    ):
        assert path in paths, path
    assert api.client.get("/docs").status_code == 200


def test_root_opens_the_ui(api: Api) -> None:
    response = api.client.get("/", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/ui/"
    assert api.client.get("/").status_code == 200  # the UI's first page (its sign-in when signed out)
    assert "/" not in api.client.get("/openapi.json").json()["paths"]


def test_root_opens_the_api_docs_when_the_ui_is_off(engine: Engine) -> None:  # noqa: F811
    app = create_app(
        Settings(db=str(engine.url), web_ui=False),
        engine=engine,
        snapshots=FakeSnapshots(snapshot("v1", HUAWEI)),
        screener_factory=lambda: FakeScreener,
    )
    with TestClient(app) as client:
        response = client.get("/", follow_redirects=False)
        assert response.status_code == 307 and response.headers["location"] == "/docs"
        assert client.get("/ui/", follow_redirects=False).status_code == 404


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer"}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer igk_wrong"}],
)
def test_missing_or_invalid_key_is_401(api: Api, headers: dict[str, str]) -> None:
    response = api.client.get("/api/v1/counterparties", headers=headers)
    assert_error(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("method", "path", "role", "body"),
    [
        ("post", "/api/v1/screen", "viewer", {"name": "x"}),
        ("post", "/api/v1/counterparties", "viewer", {"name": "x"}),
        ("post", "/api/v1/alerts/1/review", "analyst", {"decision": "true_match", "reason": "x"}),
        ("post", "/api/v1/licence-applications/1/approve", "analyst", None),
        ("get", "/api/v1/audit-log", "reviewer", None),
        ("get", "/api/v1/keys", "reviewer", None),
        ("post", "/api/v1/lists/rescreen", "reviewer", {}),
    ],
)
def test_role_too_low_is_403(api: Api, method: str, path: str, role: str, body: object) -> None:
    response = api.client.request(method, path, headers=api.headers(role), json=body)
    assert_error(response, 403, "forbidden")


def test_unknown_route_and_wrong_method_use_the_error_shape(api: Api) -> None:
    assert_error(api.client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_error(api.client.delete("/healthz"), 405, "method_not_allowed")


def test_validation_errors_use_the_error_shape_and_name_the_field(api: Api) -> None:
    response = api.client.post("/api/v1/screen", headers=api.headers("analyst"), json={"name": "x", "country": "CHN"})
    error = assert_error(response, 422, "invalid_input")
    assert error["field"] == "country"
    response = api.client.post("/api/v1/screen", headers=api.headers("analyst"), content=b"{not json")
    assert_error(response, 422, "invalid_input")


def test_revoked_key_stops_working(api: Api) -> None:
    admin = api.headers("admin")
    created = api.client.post("/api/v1/keys", headers=admin, json={"name": "tmp", "role": "viewer"}).json()
    viewer = {"Authorization": f"Bearer {created['key']}"}
    assert api.client.get("/api/v1/alerts", headers=viewer).status_code == 200
    assert api.client.delete(f"/api/v1/keys/{created['id']}", headers=admin).status_code == 204
    # No waiting for the cache window: revoking through this process forgets the cached keys at once.
    assert_error(api.client.get("/api/v1/alerts", headers=viewer), 401)
    assert_error(api.client.delete("/api/v1/keys/9999", headers=admin), 404)
    listed = api.client.get("/api/v1/keys", headers=admin).json()
    assert "key" not in listed["items"][0] and listed["total"] == 5


def test_healthz_is_readiness_livez_is_liveness(api: Api) -> None:
    assert api.client.get("/livez").json() == {"status": "ok"}
    health = api.client.app.state.serving_health  # type: ignore[attr-defined]
    for _ in range(10):  # what a worker out of memory does: every request a server error
        health.record(500)
    response = api.client.get("/healthz")
    assert response.status_code == 503 and response.json()["status"] == "unavailable"
    assert "10 of the last 10 requests failed" in response.json()["problems"][0]
    assert api.client.get("/livez").status_code == 200  # the process itself is alive
    working = api.client.app.state.engine  # type: ignore[attr-defined]
    api.client.app.state.engine = _Broken()  # type: ignore[attr-defined]
    assert "database unavailable" in api.client.get("/healthz").json()["problems"][0]
    api.client.app.state.engine = working  # type: ignore[attr-defined]


class _Broken:
    def connect(self) -> None:
        raise OSError("connection refused")
