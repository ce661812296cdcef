from __future__ import annotations

from typing import Any

from tests.api.conftest import Api, assert_error

APPLICATION = {
    "reference": "APP-1",
    "end_use": "Maintenance of an existing 4G network",
    "parties": [
        {"role": "exporter", "name": "Acme Networks Inc.", "country": "US"},
        {"role": "consignee", "name": "Acme Trading Ltd.", "country": "HK"},
    ],
    "items": [
        {"eccn": "5A002", "description": "Router", "quantity": 100, "value": "50000"},
        {"eccn": "5D002", "description": "Firmware", "quantity": 100, "value": 1000},
    ],
}


def _approved_licence(api: Api) -> dict[str, Any]:
    analyst, reviewer = api.headers("analyst"), api.headers("reviewer")
    app = api.client.post("/api/v1/licence-applications", headers=analyst, json=APPLICATION)
    assert app.status_code == 201, app.text
    app_id = app.json()["id"]
    assert api.client.post(f"/api/v1/licence-applications/{app_id}/submit", headers=analyst).json()["state"] == (
        "submitted"
    )
    approved = api.client.post(
        f"/api/v1/licence-applications/{app_id}/approve",
        headers=reviewer,
        json={
            "reason": "case by case",
            "licence": {
                "number": "D123456",
                "valid_from": "2026-01-01",
                "valid_until": "2026-12-31",
                "conditions": ["no reexport"],
            },
        },
    )
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["state"] == "approved" and body["licence"]["parties"] == ["Acme Trading Ltd."]
    return body["licence"]  # type: ignore[no-any-return]


def test_application_to_licence_to_shipments(api: Api) -> None:
    licence = _approved_licence(api)
    analyst = api.headers("analyst")
    url = f"/api/v1/licences/{licence['id']}/shipments"
    ok = api.client.post(
        url,
        headers=analyst,
        json={
            "ship_date": "2026-03-01",
            "consignee": "ACME Trading Ltd",
            "lines": [{"eccn": "5A002", "quantity": 60, "value": 30000}],
        },
    )
    assert ok.status_code == 201, ok.text
    too_many = api.client.post(
        url,
        headers=analyst,
        json={
            "ship_date": "2026-03-02",
            "consignee": "Acme Trading Ltd.",
            "lines": [{"eccn": "5A002", "quantity": 41, "value": 1}],
        },
    )
    assert "quantity" in assert_error(too_many, 409, "conflict")["message"]
    expired = api.client.post(
        url,
        headers=analyst,
        json={
            "ship_date": "2027-01-02",
            "consignee": "Acme Trading Ltd.",
            "lines": [{"eccn": "5A002", "quantity": 1, "value": 1}],
        },
    )
    assert "expired" in assert_error(expired, 409)["message"]
    scope = api.client.post(
        url,
        headers=analyst,
        json={
            "ship_date": "2026-03-02",
            "consignee": "Someone Else",
            "lines": [{"eccn": "3A001", "quantity": 1, "value": 1}],
        },
    )
    message = assert_error(scope, 409)["message"]
    assert "not a party" in message and "not covered" in message
    detail = api.client.get(f"/api/v1/licences/{licence['id']}", headers=api.headers("viewer")).json()
    assert detail["drawn"] == {"5A002": {"quantity": "60", "value": "30000"}}
    assert api.client.get(url, headers=analyst).json()["total"] == 1
    assert api.client.get("/api/v1/licences", headers=analyst).json()["total"] == 1


def test_state_machine_errors(api: Api) -> None:
    analyst, reviewer = api.headers("analyst"), api.headers("reviewer")
    app_id = api.client.post("/api/v1/licence-applications", headers=analyst, json=APPLICATION).json()["id"]
    patched = api.client.patch(f"/api/v1/licence-applications/{app_id}", headers=analyst, json={"end_use": "Other"})
    assert patched.json()["end_use"] == "Other"
    assert_error(
        api.client.post(f"/api/v1/licence-applications/{app_id}/deny", headers=reviewer, json={"reason": "x"}), 409
    )
    api.client.post(f"/api/v1/licence-applications/{app_id}/submit", headers=analyst)
    assert_error(
        api.client.patch(f"/api/v1/licence-applications/{app_id}", headers=analyst, json={"end_use": "x"}), 409
    )
    assert_error(api.client.post(f"/api/v1/licence-applications/{app_id}/submit", headers=analyst), 409)
    returned = api.client.post(
        f"/api/v1/licence-applications/{app_id}/return", headers=reviewer, json={"reason": "incomplete"}
    )
    assert returned.json()["state"] == "returned_without_action"
    assert_error(api.client.post("/api/v1/licence-applications/999/submit", headers=analyst), 404)
    assert_error(api.client.get("/api/v1/licence-applications/999", headers=analyst), 404)
    assert_error(
        api.client.post("/api/v1/licence-applications", headers=analyst, json={**APPLICATION, "items": []}), 422
    )
    bad_dates = {"licence": {"number": "X1", "valid_from": "2026-02-01", "valid_until": "2026-01-01"}}
    assert_error(
        api.client.post(f"/api/v1/licence-applications/{app_id}/approve", headers=reviewer, json=bad_dates), 422
    )
    assert_error(api.client.get("/api/v1/licence-applications?state=lost", headers=analyst), 422)


def test_duplicate_licence_number_and_missing_licence(api: Api) -> None:
    licence = _approved_licence(api)
    reviewer = api.headers("reviewer")
    body = {
        "number": licence["number"],
        "valid_from": "2026-01-01",
        "valid_until": "2026-06-30",
        "items": [{"eccn": "EAR99"}],
    }
    assert_error(api.client.post("/api/v1/licences", headers=reviewer, json=body), 409)
    created = api.client.post("/api/v1/licences", headers=reviewer, json={**body, "number": "D999"})
    assert created.status_code == 201 and created.json()["application_id"] is None
    assert_error(api.client.get("/api/v1/licences/999", headers=reviewer), 404)
    assert_error(
        api.client.post(
            "/api/v1/licences/999/shipments",
            headers=reviewer,
            json={"ship_date": "2026-03-02", "consignee": "x", "lines": [{"eccn": "5A002", "quantity": 1, "value": 1}]},
        ),
        404,
    )
    assert_error(api.client.get("/api/v1/licences/999/shipments", headers=reviewer), 404)


def test_statistics(api: Api) -> None:
    analyst, reviewer = api.headers("analyst"), api.headers("reviewer")
    for i in range(8):
        app_id = api.client.post("/api/v1/licence-applications", headers=analyst, json=APPLICATION).json()["id"]
        api.client.post(f"/api/v1/licence-applications/{app_id}/submit", headers=analyst)
        if i < 2:
            api.client.post(
                f"/api/v1/licence-applications/{app_id}/approve",
                headers=reviewer,
                json={"licence": {"number": f"D{i}", "valid_from": "2026-01-01", "valid_until": "2026-12-31"}},
            )
        elif i < 6:
            api.client.post(f"/api/v1/licence-applications/{app_id}/deny", headers=reviewer, json={"reason": "no"})
        elif i < 7:
            api.client.post(f"/api/v1/licence-applications/{app_id}/return", headers=reviewer, json={"reason": "x"})
    stats = api.client.get("/api/v1/licence-applications/stats", headers=api.headers("viewer")).json()
    assert stats["total"] == 8 and stats["decided"] == 7
    assert stats["by_state"]["approved"] == 2 and stats["by_state"]["submitted"] == 1
    assert stats["approval_rate"] == round(2 / 7, 4)
    assert stats["days_to_decision"]["max"] is not None and stats["days_to_decision"]["max"] < 1


def test_every_licence_response_is_described(api: Api) -> None:
    """Issue 17: each success response of the licence routes names its model in /openapi.json."""
    paths = api.client.get("/openapi.json").json()["paths"]
    routes = {(p, m): op for p, ops in paths.items() if "licence" in p for m, op in ops.items()}
    assert len(routes) == 14
    for (path, method), op in routes.items():
        ok = next(r for code, r in op["responses"].items() if code.startswith("2"))
        schema = ok["content"]["application/json"]["schema"]
        assert "$ref" in schema, (method, path, schema)
