"""Evidence from the web UI is issued into the audit log under the signed-in key, and the verify page tells an
issued document from an edited one."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from ictguard.store import audit_repo, jobs_repo
from tests.web.conftest import WebEnv, csrf_of, sign_in


def _saved_determination(client: TestClient) -> str:
    token = sign_in(client, "analyst")
    response = client.post(
        "/ui/decide",
        follow_redirects=False,
        data={
            "csrf_token": token,
            "kind": "export",
            "date": "2026-06-01",
            "id": "t-华为",
            "party0_role": "exporter",
            "party0_name": "Acme Networks Inc.",
            "party0_country": "US",
            "party1_role": "end_user",
            "party1_name": "华为技术有限公司",
            "party1_country": "CN",
        },
    )
    assert response.status_code == 303
    return str(response.headers["location"])


def _verify(client: TestClient, name: str, data: bytes) -> str:
    token = csrf_of(client.get("/ui/evidence").text)
    response = client.post("/ui/evidence", data={"csrf_token": token}, files={"file": (name, data)})
    assert response.status_code == 200, response.text
    return response.text


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_a_memo_is_issued_under_the_key_and_verifies(client: TestClient, web_env: WebEnv, fmt: str) -> None:
    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    saved = _saved_determination(client)
    memo = client.get(f"{saved}/memo?format={fmt}")
    assert memo.status_code == 200
    rows = audit_repo.list_entries(web_env.engine, limit=3).items
    assert [r["action"] for r in rows[:2]] == ["evidence.file", "evidence.issue"]
    issue = rows[1]
    assert issue["actor"].endswith(":Test Analyst") and issue["after"]["issued_by"]["role"] == "analyst"
    assert issue["after"]["source_entry"]["action"] == "determination.save"
    assert issue["entity_id"] == memo.headers["x-ictguard-evidence-digest"]

    sign_in(client, "viewer")
    page = _verify(client, f"memo.{fmt}", memo.content)
    assert "matches the audit log" in page and "does not match" not in page
    edited = memo.content.replace(b"t-", b"x-", 1) if fmt == "html" else memo.content + b"\n% edited\n"
    page = _verify(client, f"memo.{fmt}", edited)
    assert "does not match the audit log" in page


def test_a_file_without_a_record_is_refused_with_a_reason(client: TestClient) -> None:
    sign_in(client, "viewer")
    token = csrf_of(client.get("/ui/evidence").text)
    response = client.post("/ui/evidence", data={"csrf_token": token}, files={"file": ("x.pdf", b"%PDF-1.7 nothing")})
    assert response.status_code == 422 and "x.pdf" in response.text


def test_a_finished_batch_has_a_summary_beside_its_csv(loaded_client: TestClient, loaded_env: WebEnv) -> None:
    pytest.importorskip("weasyprint")
    token = sign_in(loaded_client, "analyst")
    created = loaded_client.post(
        "/ui/batch",
        data={"csrf_token": token},
        follow_redirects=False,
        files={
            "file": (
                "vendors.csv",
                "ref,name,country\n1,华为技术有限公司,CN\n2,Harbour Bakery of Nantucket,US\n".encode(),
                "text/csv",
            )
        },
    )
    job_id = created.headers["location"].rsplit("/", 1)[1]
    deadline = time.monotonic() + 60
    while jobs_repo.get(loaded_env.engine, job_id).status != "done" and time.monotonic() < deadline:
        time.sleep(0.05)
    page = loaded_client.get(f"/ui/batch/{job_id}").text
    assert f"/ui/batch/{job_id}/summary?format=pdf" in page
    html = loaded_client.get(f"/ui/batch/{job_id}/summary?format=html").text
    assert "<strong>2</strong> parties from <strong>vendors.csv</strong>" in html and "华为技术有限公司" in html
    pdf = loaded_client.get(f"/ui/batch/{job_id}/summary?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    sign_in(loaded_client, "viewer")
    assert "matches the audit log" in _verify(loaded_client, "summary.pdf", pdf.content)
