from __future__ import annotations

import csv
import io
import time
from typing import Any

import fastapi.routing
import pytest

from tests.api.conftest import Api, assert_error
from tests.service_fakes import entity, snapshot


def test_screen_returns_the_cli_document(api: Api) -> None:
    response = api.client.post(
        "/api/v1/screen",
        headers=api.headers("analyst"),
        json={"name": "Hikvision", "country": "cn", "as_of": "2020-01-01"},
    )
    assert response.status_code == 200, response.text
    doc = response.json()
    assert set(doc) == {"query", "as_of", "list_version", "hits"}
    assert doc["query"] == "Hikvision" and doc["as_of"] == "2020-01-01" and doc["list_version"] == "v1"
    # The list entry, then the curated NDAA §889 entry (in force since 2019-08-13; the Covered List entry of
    # 2021-03-12 is not yet): the same entities `decide` resolves (lists.snapshot.screening_snapshot). Since issue
    # 14 the snapshot also carries the family base's members, covered from 2019-08-13 through their parent: the
    # token-overlap fake screener reaches "Hikvision USA" (source FAMILY) too.
    # (Round 2 of the family base added more Hikvision members the fake reaches; each is a FAMILY hit after the two.)
    ids = [h["entity_id"] for h in doc["hits"]]
    assert ids[:2] == ["el:hikvision", "ndaa889:hikvision"] and "family:hikvision:hikvision_usa" in ids, ids
    assert all(h["entity_id"].startswith("family:hikvision:") and h["source"] == "FAMILY" for h in doc["hits"][2:])
    hit = doc["hits"][0]
    assert {
        "entity_id",
        "name",
        "matched_name",
        "source",
        "score",
        "explanation",
        "federal_register_notice",
        "license_requirement",
        "license_policy",
        "start_date",
        "publication_date",
    } <= set(hit)
    assert doc["hits"][1]["source"] == "NDAA889"


def test_screen_as_of_before_listing_has_no_hits(api: Api) -> None:
    doc = api.client.post(
        "/api/v1/screen", headers=api.headers("analyst"), json={"name": "Hikvision", "as_of": "2019-01-01"}
    ).json()
    assert doc["hits"] == []


def test_screener_is_rebuilt_when_the_active_version_changes(api: Api) -> None:
    headers = api.headers("analyst")
    screening = api.client.app.state.screening
    first = screening.context()
    assert api.client.post("/api/v1/screen", headers=headers, json={"name": "Hikvision"}).json()["list_version"] == "v1"
    assert screening.context() is first  # kept in memory between requests
    api.snapshots.add(snapshot("v2", entity("el:new", "Brand New Telecom Ltd")))
    assert screening.context() is first  # not rebuilt on the request path
    assert screening.refresh() == "v2"  # what the poller does within list_poll_seconds: build, then swap
    doc = api.client.post("/api/v1/screen", headers=headers, json={"name": "Brand New Telecom"}).json()
    assert doc["list_version"] == "v2" and [h["entity_id"] for h in doc["hits"]] == ["el:new"]


def test_no_active_lists_is_409(api: Api) -> None:
    api.snapshots.active_id = None
    api.client.app.state.screening.refresh()
    assert_error(
        api.client.post("/api/v1/screen", headers=api.headers("analyst"), json={"name": "x"}), 409, "no_active_lists"
    )


def test_batch_job_progress_and_download(api: Api) -> None:
    headers = api.headers("analyst")
    rows = [
        {"name": "Hikvision", "country": "CN"},
        {"name": "Acme Bakery"},
        {"name": "Dahua Technology"},
        {"name": '=HYPERLINK("http://x")'},
    ]
    job = api.client.post("/api/v1/screen/batch", headers=headers, json={"rows": rows})
    assert job.status_code == 202, job.text
    job_id = job.json()["id"]
    assert job.json()["total"] == 4
    for _ in range(100):
        status = api.client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
        if status["status"] == "done":
            break
        time.sleep(0.05)
    assert status["status"] == "done" and status["done"] == 4
    result = api.client.get(f"/api/v1/jobs/{job_id}/result", headers=headers).json()
    # One batch pipeline for the CLI, the API and the web (service.batch): the rows carry the input columns and
    # then screen-file's columns and decisions (match / no_match / error; the API said review / clear before).
    assert [r["best_hit_id"] for r in result["rows"]] == ["el:hikvision", "", "el:dahua", ""]
    assert list(result["rows"][0]) == [
        "name",
        "country",
        "best_hit_id",
        "best_hit_name",
        "best_hit_source",
        "matched_name",
        "score",
        "decision",
        "status",
    ]
    text = api.client.get(f"/api/v1/jobs/{job_id}/result?format=csv", headers=headers).text
    table = list(csv.DictReader(io.StringIO(text)))
    assert [r["decision"] for r in table] == ["match", "no_match", "match", "no_match"]
    assert [r["status"] for r in table] == ["ok"] * 4
    assert table[3]["name"] == '\'=HYPERLINK("http://x")'  # a spreadsheet shows it as text, never runs it


def test_batch_errors(api: Api) -> None:
    headers = api.headers("analyst")
    assert_error(api.client.post("/api/v1/screen/batch", headers=headers, json={"rows": []}), 422)
    unknown = "00000000-0000-4000-8000-000000000000"
    assert_error(api.client.get(f"/api/v1/jobs/{unknown}", headers=headers), 404, "not_found")
    assert_error(api.client.get(f"/api/v1/jobs/{unknown}/result", headers=headers), 404, "not_found")
    assert_error(api.client.get("/api/v1/jobs/nope", headers=headers), 422, "invalid_input")
    assert_error(api.client.get("/api/v1/jobs/nope/result?format=xml", headers=headers), 422)
    assert_error(
        api.client.post("/api/v1/screen/batch", headers=api.headers("viewer"), json={"rows": [{"name": "a"}]}), 403
    )


def test_a_new_screener_is_moved_out_of_the_cyclic_collector(api: Api) -> None:
    import gc

    screening = api.client.app.state.screening
    gc.unfreeze()
    api.snapshots.add(snapshot("v2", entity("el:new", "Brand New Telecom Ltd")))
    screening.refresh()
    assert gc.get_freeze_count() > 0  # a full collection no longer walks the whole index


class _CountingSolver:
    """Counts FastAPI's dependency solving: the fast path of POST /screen must not use it."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls = 0

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return await self.real(*args, **kwargs)


def test_plainly_valid_screen_skips_dependency_solving_with_the_same_document(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    solver = _CountingSolver(fastapi.routing.solve_dependencies)
    monkeypatch.setattr(fastapi.routing, "solve_dependencies", solver)
    body = b'{"name": "Hikvision", "country": "cn", "as_of": "2020-01-01", "limit": 5}'
    fast = api.client.post(
        "/api/v1/screen", content=body, headers={**api.headers("analyst"), "Content-Type": "application/json"}
    )
    assert fast.status_code == 200 and solver.calls == 0
    # Any other JSON content type takes the regular path: same endpoint, same document.
    regular = api.client.post(
        "/api/v1/screen",
        content=body,
        headers={**api.headers("analyst"), "Content-Type": "application/json; charset=utf-8"},
    )
    assert regular.status_code == 200 and solver.calls == 1
    assert fast.json() == regular.json()
    # (+ the family base's "Hikvision USA", which the token-overlap fake reaches: issue 14)
    ids = [h["entity_id"] for h in fast.json()["hits"]]
    assert len(ids) == 5 and ids[:2] == ["el:hikvision", "ndaa889:hikvision"], ids
    assert all(i.startswith("family:hikvision:") for i in ids[2:]), ids


@pytest.mark.parametrize(
    ("headers", "body", "status", "code"),
    [
        ({}, b'{"name": "Hikvision"}', 401, "unauthenticated"),
        ({"Authorization": "Bearer nope"}, b'{"name": "Hikvision"}', 401, "unauthenticated"),
        ({"Authorization": "Basic abc"}, b'{"name": "Hikvision"}', 401, "unauthenticated"),
        ("viewer", b'{"name": "Hikvision"}', 403, "forbidden"),
        ("analyst", b'{"name": "Hikvision", "extra": 1}', 422, "invalid_input"),
        ("analyst", b'{"name": "Hikvision", "threshold": true}', 422, "invalid_input"),
        ("analyst", b'{"name": "Hikvision", "as_of": 0}', 422, "invalid_input"),
        ("analyst", b'{"name": "Hik', 422, "invalid_input"),
        ("analyst", b'{"name": NaN}', 422, "invalid_input"),
        ("analyst", b'["Hikvision"]', 422, "invalid_input"),
        ("analyst", b"", 422, "invalid_input"),
    ],
)
def test_screen_requests_the_fast_path_refuses_get_the_regular_errors(
    api: Api, headers: dict[str, str] | str, body: bytes, status: int, code: str
) -> None:
    sent = api.headers(headers) if isinstance(headers, str) else headers
    response = api.client.post("/api/v1/screen", content=body, headers={**sent, "Content-Type": "application/json"})
    assert_error(response, status, code)
