"""A finished batch job's summary document through the API (counts, hits, reviewer decisions, list version),
and checking evidence documents by POSTing them."""

from __future__ import annotations

import time

from tests.api.conftest import Api, assert_error


def _finished_job(api: Api, rows: list[dict[str, str]]) -> str:
    headers = api.headers("analyst")
    job_id = str(api.client.post("/api/v1/screen/batch", headers=headers, json={"rows": rows}).json()["id"])
    for _ in range(200):
        if api.client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()["status"] == "done":
            return job_id
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


def test_a_job_summary_counts_hits_with_reviewer_decisions_and_verifies(api: Api) -> None:
    analyst, reviewer = api.headers("analyst"), api.headers("reviewer")
    party = api.client.post(
        "/api/v1/counterparties", headers=analyst, json={"name": "Hikvision", "country": "CN", "kind": "vendor"}
    ).json()
    run = api.client.post(f"/api/v1/counterparties/{party['id']}/screen", headers=analyst, json={}).json()
    alert = next(h["alert_id"] for h in run["hits"] if h["entity_id"] == "el:hikvision")
    api.client.post(
        f"/api/v1/alerts/{alert}/review",
        headers=reviewer,
        json={"decision": "true_match", "reason": "the same company"},
    )
    job_id = _finished_job(
        api, [{"name": "Hikvision", "country": "CN"}, {"name": "Acme Bakery"}, {"name": "Dahua Technology"}]
    )
    summary = api.client.get(f"/api/v1/jobs/{job_id}/summary?format=html", headers=api.headers("viewer"))
    assert summary.status_code == 200, summary.text
    html = summary.text
    assert "<strong>3</strong> parties from <strong>request</strong>" in html and "list version <strong>v1" in html
    assert "true match by key:" in html and "the same company" in html  # the review of the Hikvision alert
    assert "Dahua" in html and "not reviewed" in html
    assert "job.finish screen_job " + job_id in html

    verdict = api.client.post("/api/v1/evidence/verify", headers=api.headers("viewer"), content=summary.content)
    assert verdict.status_code == 200 and verdict.json()["matches"] is True, verdict.text
    assert {c["name"] for c in verdict.json()["checks"]} >= {"content digest", "issue entry", "file", "source entry"}
    edited = summary.content.replace(b"Dahua", b"Dahau", 1)
    assert edited != summary.content
    checks = api.client.post("/api/v1/evidence/verify", headers=api.headers("viewer"), content=edited).json()
    assert checks["matches"] is False


def test_summary_and_verify_errors(api: Api) -> None:
    headers = api.headers("viewer")
    assert_error(api.client.get("/api/v1/jobs/00000000-0000-0000-0000-000000000000/summary", headers=headers), 404)
    assert_error(api.client.get("/api/v1/jobs/nope/summary", headers=headers), 422)
    unreadable = api.client.post("/api/v1/evidence/verify", headers=headers, content=b"%PDF-1.7 nothing").json()
    assert unreadable["matches"] is False and unreadable["checks"][0]["name"] == "record"
    assert "cannot read the PDF" in unreadable["checks"][0]["detail"]
    assert api.client.post("/api/v1/evidence/verify", content=b"x").status_code == 401
