"""Inputs schemathesis found answered with 500 (or accepted when invalid) before; each now has a clear answer."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api, assert_error
from tests.api.test_routes_licences import APPLICATION


def test_empty_patch_changes_nothing_instead_of_failing(api: Api) -> None:
    analyst = api.headers("analyst")
    app = api.client.post("/api/v1/licence-applications", headers=analyst, json=APPLICATION).json()
    same = api.client.patch(f"/api/v1/licence-applications/{app['id']}", headers=analyst, json={})
    assert same.status_code == 200, same.text
    assert same.json()["end_use"] == APPLICATION["end_use"]
    party = api.client.post("/api/v1/counterparties", headers=analyst, json={"name": "Acme"}).json()
    unchanged = api.client.patch(f"/api/v1/counterparties/{party['id']}", headers=analyst, json={})
    assert unchanged.status_code == 200 and unchanged.json()["name"] == "Acme"


def test_null_for_a_required_column_is_422(api: Api) -> None:
    analyst = api.headers("analyst")
    app = api.client.post("/api/v1/licence-applications", headers=analyst, json=APPLICATION).json()
    assert_error(
        api.client.patch(f"/api/v1/licence-applications/{app['id']}", headers=analyst, json={"end_use": None}),
        422,
        "invalid_input",
    )
    party = api.client.post("/api/v1/counterparties", headers=analyst, json={"name": "Acme"}).json()
    assert_error(
        api.client.patch(f"/api/v1/counterparties/{party['id']}", headers=analyst, json={"name": None}),
        422,
        "invalid_input",
    )


def test_ids_beyond_the_integer_column_are_422(api: Api) -> None:
    admin = api.headers("admin")
    for path in (
        "/api/v1/counterparties/9223372036854775808",
        "/api/v1/alerts/2147483648",
        "/api/v1/licences/0",
        "/api/v1/alerts?counterparty_id=99999999999",
    ):
        assert_error(api.client.get(path, headers=admin), 422, "invalid_input")
    assert_error(api.client.get("/api/v1/alerts/2147483647", headers=admin), 404, "not_found")


def test_amounts_are_exact(api: Api) -> None:
    analyst = api.headers("analyst")
    item = {"eccn": "5A002", "quantity": 1, "value": "2.5"}
    assert (
        api.client.post(
            "/api/v1/licence-applications", headers=analyst, json={**APPLICATION, "items": [item]}
        ).status_code
        == 201
    )
    for bad in (2.5, "1e3", "12345678901234567", "1.23456", True, -1):
        response = api.client.post(
            "/api/v1/licence-applications", headers=analyst, json={**APPLICATION, "items": [{**item, "value": bad}]}
        )
        assert_error(response, 422, "invalid_input")
    whole = api.client.post(
        "/api/v1/licence-applications", headers=analyst, json={**APPLICATION, "items": [{**item, "value": 3.0}]}
    )
    assert whole.status_code == 201 and whole.json()["items"][0]["value"] == "3"


def test_threshold_true_is_not_a_score(api: Api) -> None:
    assert_error(
        api.client.post(
            "/api/v1/screen", headers=api.headers("analyst"), json={"name": "Hikvision", "threshold": True}
        ),
        422,
        "invalid_input",
    )


def test_undecodable_body_is_invalid_input(api: Api) -> None:
    response = api.client.post(
        "/api/v1/counterparties",
        headers={**api.headers("analyst"), "Content-Type": "application/json"},
        content=b'{"name": "\xff\xfe"}',
    )
    assert_error(response, 422, "invalid_input")


def test_key_names_fit_the_audit_actor(api: Api) -> None:
    assert_error(
        api.client.post("/api/v1/keys", headers=api.headers("admin"), json={"name": "k" * 121, "role": "viewer"}),
        422,
        "invalid_input",
    )


def test_amounts_from_the_web_forms() -> None:
    from decimal import Decimal

    from ictguard.service.schemas import ItemIn

    item = ItemIn.model_validate({"eccn": "5A002", "quantity": " 100 ", "value": Decimal("2.5")})
    assert (item.quantity, item.value) == (Decimal(100), Decimal("2.5"))


@pytest.mark.parametrize("value", ["0", "1700000000", "2019-6-1", "20190601"])
def test_dates_are_iso_only_never_a_unix_time(api: Api, value: str) -> None:
    tx = {"id": "t", "date": "2019-06-01", "kind": "export", "parties": [], "items": []}
    assert_error(api.client.post(f"/api/v1/decide?as_of={value}", headers=api.headers("analyst"), json=tx), 422)
    assert_error(api.client.get(f"/api/v1/lists/entities/el:huawei?as_of={value}", headers=api.headers("viewer")), 422)


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"id": "t" * 201}, "id"),  # the stored column is 200 wide: PostgreSQL used to answer 500
        ({"id": "t-\x00"}, "id"),  # PostgreSQL text cannot hold NUL
        ({"parties": [{"role": "end_user", "name": "H" * 800_000}]}, "parties[0].name"),  # froze the server before
        ({"x_note": "a\x00b"}, "x_note"),
    ],
)
def test_decide_bad_values_are_422_on_both_databases(api: Api, patch: dict[str, object], field: str) -> None:
    tx = {"id": "t-1", "date": "2024-06-01", "kind": "export", **patch}
    body = assert_error(api.client.post("/api/v1/decide", headers=api.headers("analyst"), json=tx), 422)
    assert str(body["field"]).endswith(field)
