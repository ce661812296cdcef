"""Pages through the real app (TestClient): bad input is shown on the page with its field, unknown ids are
404 pages, htmx requests get fragments, and uploads that are not what they claim are refused."""

from __future__ import annotations

import re
import time

import pytest
from fastapi.testclient import TestClient

from ictguard.store import audit_repo, determinations_repo, jobs_repo, licences_repo
from tests.web.conftest import WebEnv, sign_in


def test_decide_form_with_a_bad_field_comes_back_with_the_error_and_the_input(
    client: TestClient, web_env: WebEnv
) -> None:
    token = sign_in(client, "analyst")
    response = client.post(
        "/ui/decide",
        data={
            "csrf_token": token,
            "kind": "export",
            "date": "1 June",
            "party0_role": "exporter",
            "party0_name": "Acme Networks Inc.",
        },
    )
    assert response.status_code == 422
    assert "use a date YYYY-MM-DD" in response.text
    assert 'value="Acme Networks Inc."' in response.text  # what was typed is kept
    assert determinations_repo.list_page(web_env.engine, limit=5).total == 0


def test_decide_without_lists_uses_the_curated_entities_and_saves(client: TestClient, web_env: WebEnv) -> None:
    token = sign_in(client, "analyst")
    response = client.post(
        "/ui/decide",
        follow_redirects=False,
        data={
            "csrf_token": token,
            "kind": "export",
            "date": "2026-06-01",
            "id": "curated-only",
            "party0_role": "exporter",
            "party0_name": "Acme Networks Inc.",
            "party0_country": "US",
            "party1_role": "end_user",
            "party1_name": "Huawei Technologies Co., Ltd.",
            "party1_country": "CN",
        },
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "Determination: curated-only" in page.text
    assert re.search(r"R-EL-HUAWEI", page.text)
    # A viewer may read the saved link but not decide.
    viewer = TestClient(client.app)
    viewer.keys = client.keys  # type: ignore[attr-defined]
    sign_in(viewer, "viewer")
    assert viewer.get(response.headers["location"]).status_code == 200
    assert viewer.get("/ui/decide").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/ui/batch/000000000000",
        "/ui/audit/000000000000",
        "/ui/determinations/999",
        "/ui/licences/999",
        "/ui/alerts/999",
    ],
)
def test_unknown_ids_are_404_pages(client: TestClient, path: str) -> None:
    sign_in(client, "analyst")
    response = client.get(path)
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in response.text


def test_htmx_errors_are_fragments_and_expired_sessions_redirect(client: TestClient) -> None:
    response = client.get("/ui/screen/results?name=x", headers={"HX-Request": "true"}, follow_redirects=False)
    assert response.status_code == 401 and response.headers["HX-Redirect"].startswith("/ui/login?next=")
    sign_in(client, "analyst")
    response = client.get("/ui/screen/results?name=x&as_of=yesterday", headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "<html" not in response.text and "use YYYY-MM-DD" in response.text


def test_bad_licence_input_names_the_field_and_saves_nothing(client: TestClient, web_env: WebEnv) -> None:
    token = sign_in(client, "reviewer")
    response = client.post(
        "/ui/licences",
        data={"csrf_token": token, "number": "L-1", "valid_from": "soon", "valid_until": "2027-01-01", "eccn": "5A992"},
    )
    assert response.status_code == 422
    assert "valid_from" in response.text
    assert licences_repo.list_licences(web_env.engine, limit=5).total == 0


@pytest.mark.parametrize(
    "filename, content, message",
    [
        # The screen-file reader (service.jobs.read_upload) also reads .txt/.tsv text tables and Parquet.
        ("parties.pdf", b"name\nAcme\n", "upload a .csv, .xlsx or .parquet file"),
        ("parties.csv", b"id,other\n1,2\n", "no party-name column"),
    ],
)
def test_batch_upload_refusals_name_the_file(client: TestClient, filename: str, content: bytes, message: str) -> None:
    token = sign_in(client, "analyst")
    response = client.post("/ui/batch", data={"csrf_token": token}, files={"file": (filename, content, "text/csv")})
    assert response.status_code == 422
    assert message in response.text and filename in response.text


def test_batch_jobs_are_only_listed_for_their_owner(loaded_client: TestClient) -> None:
    client = loaded_client
    token = sign_in(client, "analyst")
    created = client.post(
        "/ui/batch",
        data={"csrf_token": token},
        follow_redirects=False,
        files={"file": ("mine.csv", b"name\nAcme\n", "text/csv")},
    )
    assert created.status_code == 303
    assert "mine.csv" in client.get("/ui/batch").text
    other = TestClient(client.app)
    other.keys = client.keys  # type: ignore[attr-defined]
    sign_in(other, "reviewer")
    assert "mine.csv" not in other.get("/ui/batch").text


def test_batch_result_is_stored_audited_and_outlives_the_process(loaded_client: TestClient, loaded_env: WebEnv) -> None:
    token = sign_in(loaded_client, "analyst")
    created = loaded_client.post(
        "/ui/batch",
        data={"csrf_token": token},
        follow_redirects=False,
        files={
            "file": (
                "p.csv",
                b"ref,name,country\n1,Huawei Technologies Co Ltd,CN\n2,Harbour Bakery of Nantucket,US\n",
                "text/csv",
            )
        },
    )
    job_id = created.headers["location"].rsplit("/", 1)[1]
    deadline = time.monotonic() + 30
    while jobs_repo.get(loaded_env.engine, job_id).status != "done" and time.monotonic() < deadline:
        time.sleep(0.05)
    entries = audit_repo.list_entries(loaded_env.engine, entity_type="screen_job", entity_id=job_id, limit=5).items
    assert {e["action"] for e in entries} == {"job.create", "job.finish"}
    assert any("Test Analyst" in e["actor"] for e in entries)
    rows = jobs_repo.get_with_result(loaded_env.engine, job_id).result
    # The web, the API and screen-file share one batch pipeline (service.batch): the upload's columns, then
    # screen-file's, and its decisions (match / no_match / error; the stored rows said review / clear before).
    assert [(r["ref"], r["name"], r["country"], r["decision"]) for r in rows] == [
        ("1", "Huawei Technologies Co Ltd", "CN", "match"),
        ("2", "Harbour Bakery of Nantucket", "US", "no_match"),
    ]
    assert rows[0]["best_hit_id"] and rows[0]["status"] == "ok"

    loaded_client.app.state.web_jobs = None  # what a restart does to the in-memory registry
    page = loaded_client.get(f"/ui/batch/{job_id}")
    assert page.status_code == 200 and "(stored result)" in page.text
    assert "Potential matches to review (1)" in page.text and rows[0]["best_hit_name"] in page.text
    exported = loaded_client.get(f"/ui/batch/{job_id}/results.csv").text.splitlines()
    assert len(exported) == 3 and exported[1].startswith("1,Huawei Technologies Co Ltd,CN,")
    # The API reads the browser's job like its own, for its owner (another person's key gets 404).
    api = loaded_client.get(
        f"/api/v1/jobs/{job_id}/result?format=csv", headers={"Authorization": f"Bearer {loaded_env.keys['analyst']}"}
    )
    assert api.status_code == 200 and "Harbour Bakery of Nantucket,US," in api.text
    assert (
        loaded_client.get(
            f"/api/v1/jobs/{job_id}/result?format=csv", headers={"Authorization": f"Bearer {loaded_env.keys['viewer']}"}
        ).status_code
        == 404
    )


def test_audit_upload_with_an_unreadable_file_shows_it_and_audits_the_rest(client: TestClient) -> None:
    token = sign_in(client, "analyst")
    inventory = b"IP Address,MAC Address,Manufacturer,Model\n10.0.0.5,44:19:b6:00:00:11,Hikvision,DS-2CD2143G2-I\n"
    created = client.post(
        "/ui/audit",
        data={"csrf_token": token},
        follow_redirects=False,
        files=[
            ("files", ("cameras.csv", inventory, "text/csv")),
            ("files", ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, "image/jpeg")),
        ],
    )
    assert created.status_code == 303, created.text
    page = client.get(created.headers["location"]).text
    assert "1 file(s) could not be read" in page
    assert "photo.jpg:1" in page and "unrecognised input format" in page  # the name the person uploaded
    assert re.search(r"<h2>Covered</h2><p class=\"big bad\">1</p>", page)
