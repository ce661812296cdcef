from __future__ import annotations

import pytest

import ictguard.service.decisions
from tests.api.conftest import Api, assert_error
from tests.service_fakes import entity, snapshot


def test_counterparty_screen_review_and_suppression(api: Api) -> None:
    analyst, reviewer = api.headers("analyst"), api.headers("reviewer")
    cp = api.client.post(
        "/api/v1/counterparties",
        headers=analyst,
        json={"name": "Huawei Technologies", "country": "cn", "kind": "customer"},
    )
    assert cp.status_code == 201 and cp.json()["country"] == "CN"
    cp_id = cp.json()["id"]
    run = api.client.post(f"/api/v1/counterparties/{cp_id}/screen", headers=analyst, json={"threshold": 0.3})
    assert run.status_code == 201, run.text
    # The list entry and the curated §889 / Covered List entries of the same company (lists.snapshot), and since
    # issue 14 the family base's members in the same snapshot: this token-overlap fake reaches Huawei's US
    # subsidiary too (source FAMILY; the real screener asks 0.85 of a family member).
    # (Round 2 of the family base added more Huawei members the fake reaches: each is Huawei's, and an alert.)
    hits = {h["entity_id"]: h for h in run.json()["hits"]}
    expected = {"el:huawei", "ndaa889:huawei", "fcc-covered:huawei", "family:huawei:huawei_usa"}
    assert expected <= set(hits), sorted(hits)
    assert all(e in expected or e.startswith("family:huawei:") for e in hits), sorted(hits)
    assert {h["status"] for h in hits.values()} == {"alert"}
    assert hits["family:huawei:huawei_usa"]["source"] == "FAMILY"
    alert_id = hits["el:huawei"]["alert_id"]
    assert_error(
        api.client.post(f"/api/v1/alerts/{alert_id}/review", headers=reviewer, json={"decision": "false_positive"}), 422
    )
    reviewed = api.client.post(
        f"/api/v1/alerts/{alert_id}/review",
        headers=reviewer,
        json={"decision": "false_positive", "reason": "our customer is not Huawei"},
    )
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "false_positive"
    assert_error(
        api.client.post(
            f"/api/v1/alerts/{alert_id}/review", headers=reviewer, json={"decision": "true_match", "reason": "x"}
        ),
        409,
        "conflict",
    )
    run2 = api.client.post(f"/api/v1/counterparties/{cp_id}/screen", headers=analyst, json={"threshold": 0.3}).json()
    assert {h["entity_id"]: h["status"] for h in run2["hits"]}["el:huawei"] == "suppressed"
    assert [h["status"] for h in run2["hits"]].count("suppressed") == 1
    runs = api.client.get(f"/api/v1/counterparties/{cp_id}/runs", headers=api.headers("viewer")).json()
    assert runs["total"] == 2 and runs["items"][0]["id"] == run2["id"]
    assert api.client.get(f"/api/v1/runs/{run2['id']}", headers=api.headers("viewer")).json()["list_version"] == "v1"
    assert api.client.get("/api/v1/alerts?status=false_positive", headers=api.headers("viewer")).json()["total"] == 1
    assert api.client.get(f"/api/v1/alerts/{alert_id}", headers=api.headers("viewer")).json()["reviewer"]


def test_counterparty_pagination_patch_and_errors(api: Api) -> None:
    analyst = api.headers("analyst")
    for i in range(7):
        api.client.post("/api/v1/counterparties", headers=analyst, json={"name": f"Vendor {i}", "kind": "vendor"})
    page = api.client.get("/api/v1/counterparties?offset=5&limit=5", headers=analyst).json()
    assert page["total"] == 7 and [c["name"] for c in page["items"]] == ["Vendor 5", "Vendor 6"]
    assert api.client.get("/api/v1/counterparties?q=vendor 3", headers=analyst).json()["total"] == 1
    first = page["items"][0]["id"]
    patched = api.client.patch(f"/api/v1/counterparties/{first}", headers=analyst, json={"name": "Vendor Five"})
    assert patched.json()["name"] == "Vendor Five" and patched.json()["kind"] == "vendor"
    assert_error(api.client.get("/api/v1/counterparties?limit=0", headers=analyst), 422)
    assert_error(api.client.get("/api/v1/counterparties/999", headers=analyst), 404)
    assert_error(api.client.patch("/api/v1/counterparties/999", headers=analyst, json={"name": "x"}), 404)
    assert_error(api.client.post("/api/v1/counterparties/999/screen", headers=analyst, json={}), 404)
    assert_error(api.client.post("/api/v1/counterparties", headers=analyst, json={"name": ""}), 422)
    assert_error(api.client.post("/api/v1/counterparties", headers=analyst, json={"name": "a", "extra": 1}), 422)
    assert_error(api.client.get("/api/v1/alerts?status=weird", headers=analyst), 422)
    assert_error(api.client.get("/api/v1/alerts/999", headers=analyst), 404)
    assert_error(api.client.get("/api/v1/runs/999", headers=analyst), 404)
    assert_error(
        api.client.post(
            "/api/v1/alerts/999/review", headers=api.headers("reviewer"), json={"decision": "true_match", "reason": "x"}
        ),
        404,
    )


def test_lists_status_diff_entity_and_rescreen(api: Api) -> None:
    viewer, admin = api.headers("viewer"), api.headers("admin")
    status = api.client.get("/api/v1/lists/status", headers=viewer).json()
    assert status == {
        "active_version": "v1",
        "loaded_at": "2026-01-01T00:00:00+00:00",
        "entities": 3,
        "sources": {"EL": 3},
    }
    found = api.client.get("/api/v1/lists/entities/el:huawei?as_of=2019-05-01", headers=viewer).json()
    assert found["in_force"] is False and found["entity"]["name"].startswith("Huawei")
    assert api.client.get("/api/v1/lists/entities/el:huawei?as_of=2019-06-01", headers=viewer).json()["in_force"]
    assert_error(api.client.get("/api/v1/lists/entities/el:nope", headers=viewer), 404)
    cp = api.client.post("/api/v1/counterparties", headers=admin, json={"name": "Brand New Telecom"}).json()
    api.snapshots.add(snapshot("v2", *api.snapshots.versions["v1"].entities[1:], entity("el:new", "Brand New Telecom")))
    api.client.app.state.screening.refresh()  # what the poller does within list_poll_seconds
    diff = api.client.get("/api/v1/lists/diff?old=v1&new=v2", headers=viewer).json()
    assert diff == {"old": "v1", "new": "v2", "added": ["el:new"], "changed": [], "removed": ["el:huawei"]}
    assert_error(api.client.get("/api/v1/lists/diff?old=v1&new=v9", headers=viewer), 404)
    assert_error(api.client.get("/api/v1/lists/diff?old=v1", headers=viewer), 422)
    report = api.client.post("/api/v1/lists/rescreen", headers=admin, json={"old_version": "v1"}).json()
    assert report["new_alerts"] == [{"counterparty_id": cp["id"], "alert_id": 1, "entity_id": "el:new"}]
    again = api.client.post("/api/v1/lists/rescreen", headers=admin, json={}).json()
    assert again["new_alerts"] == [] and again["old_version"] == "v2"


def test_decide_saves_the_determination(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}

    class FakeDetermination:
        def __init__(self, transaction: dict[str, object]) -> None:
            self.transaction = transaction

        def to_dict(self) -> dict[str, object]:
            return {
                "transaction": self.transaction["id"],
                "as_of": "2019-06-01",
                "outcome": "license_required",
                "findings": [],
            }

    def fake_decide(
        transaction: dict[str, object],
        *,
        resolver: object,
        as_of: object,
        notes: object = None,
        list_current_to: object = None,
    ) -> FakeDetermination:
        seen.update(transaction=transaction, resolver=resolver, as_of=as_of, list_current_to=list_current_to)
        return FakeDetermination(transaction)

    # The application layer's decide-and-save calls the rules engine it imports (service.decisions).
    monkeypatch.setattr(ictguard.service.decisions, "decide", fake_decide)
    tx = {"id": "t-1", "date": "2019-06-01", "kind": "export", "parties": [], "items": []}
    response = api.client.post("/api/v1/decide?as_of=2019-06-01", headers=api.headers("analyst"), json=tx)
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["outcome"] == "license_required" and doc["list_version"] == "v1"
    assert str(seen["as_of"]) == "2019-06-01" and seen["resolver"] is not None
    assert str(seen["list_current_to"]) == "2026-01-01"  # issue 15: the list version's currency reaches decide
    saved = api.client.get(f"/api/v1/determinations/{doc['determination_id']}", headers=api.headers("viewer")).json()
    assert saved["input"] == tx and saved["output"]["outcome"] == "license_required" and saved["list_version"] == "v1"
    assert api.client.get("/api/v1/determinations", headers=api.headers("viewer")).json()["total"] == 1
    assert_error(api.client.get("/api/v1/determinations/999", headers=api.headers("viewer")), 404)
    assert_error(api.client.post("/api/v1/decide", headers=api.headers("analyst"), json=[1]), 422)
    assert_error(api.client.post("/api/v1/decide", headers=api.headers("viewer"), json=tx), 403)


def test_invalid_transaction_from_the_rules_engine_is_422(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    from ictguard.errors import TransactionError

    def bad(transaction: object, **_: object) -> object:
        raise TransactionError("unknown kind 'barter'", file="request", field="kind")

    monkeypatch.setattr(ictguard.service.decisions, "decide", bad)
    error = assert_error(
        api.client.post("/api/v1/decide", headers=api.headers("analyst"), json={"kind": "barter"}),
        422,
        "invalid_transaction",
    )
    assert error["field"] == "kind"


REAL_TX = {
    "id": "t-real",
    "date": "2019-06-01",
    "kind": "export",
    "parties": [
        {"role": "exporter", "name": "Acme Networks Inc.", "country": "US"},
        {"role": "end_user", "name": "HUAWEI TECHNOLOGIES CO LTD", "country": "CN"},
    ],
    "items": [{"description": "routers", "eccn": "5A991", "category": "telecom_equipment"}],
}


def test_decide_runs_the_rules_engine_against_the_active_version(api: Api) -> None:
    response = api.client.post("/api/v1/decide", headers=api.headers("analyst"), json=REAL_TX)
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["list_version"] == "v1" and not doc.get("notes")
    ear = [f for f in doc["findings"] if f["regime"] == "EAR"]
    # The fake v1 entry is a plain Entity List row (not the curated Huawei listing): the general rule applies.
    assert ear and ear[0]["outcome"] == "license_required" and ear[0]["rules"] == ["R-EL-GEN"]
    assert ear[0]["matched_entity"] == "Huawei Technologies Co., Ltd."


def test_decide_without_an_active_version_uses_the_curated_entities_with_a_note(api: Api) -> None:
    api.snapshots.active_id = None
    api.client.app.state.screening.refresh()  # what the poller does within list_poll_seconds
    response = api.client.post("/api/v1/decide", headers=api.headers("analyst"), json=REAL_TX)
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["list_version"] is None and any("curated" in note for note in doc["notes"])
    assert any(f["regime"] == "EAR" and f["outcome"] == "license_required" for f in doc["findings"])
