"""The service under attack (issue 18, items 1, 2, 4, 8) on the real app: credentials before bodies, caps,
sign-out that ends the session, sign-in throttling, headers, safe download names, results only for their owner,
and bad batch files that give a page, never a 500."""

from __future__ import annotations

import re
import time
from typing import Any

from fastapi.testclient import TestClient

from ictguard.store import jobs_repo
from tests.web.conftest import WebEnv, csrf_of, sign_in


def _other(client: TestClient, role: str) -> TestClient:
    other = TestClient(client.app)
    other.keys = client.keys  # type: ignore[attr-defined]
    sign_in(other, role)
    return other


def test_signing_out_ends_the_old_cookie_server_side(client: TestClient) -> None:
    token = sign_in(client, "viewer")
    stolen = client.cookies.get("ictguard_session")
    assert client.get("/ui/", follow_redirects=False).status_code == 200
    client.post("/ui/logout", data={"csrf_token": token}, follow_redirects=False)
    replay = TestClient(client.app)
    replay.cookies.set("ictguard_session", stolen)  # the cookie from before signing out, replayed
    assert replay.get("/ui/", follow_redirects=False).status_code == 303  # to the sign-in page


def test_sign_in_is_throttled_per_client(client: TestClient) -> None:
    token = csrf_of(client.get("/ui/login").text)
    statuses = [
        client.post("/ui/login", data={"api_key": f"igk_wrong{i}", "csrf_token": token}).status_code for i in range(12)
    ]
    assert statuses[:10] == [401] * 10 and statuses[10:] == [429, 429]
    right = client.post("/ui/login", data={"api_key": client.keys["viewer"], "csrf_token": token})  # type: ignore[attr-defined]
    assert right.status_code == 429 and right.headers["retry-after"]
    api = client.post("/api/v1/screen", json={"name": "Acme"}, headers={"Authorization": "Bearer igk_wrong"})
    assert api.status_code == 429 and api.json()["error"]["code"] == "too_many_requests"


def test_ui_pages_carry_the_security_headers(client: TestClient) -> None:
    for path in ("/ui/login", "/ui/"):
        response = client.get(path)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY" and response.headers["x-content-type-options"] == "nosniff"


def test_bodies_are_refused_before_they_are_read(client: TestClient) -> None:
    big = b"x" * (2 * 1024 * 1024)
    anonymous = client.post("/api/v1/screen", content=big, headers={"content-type": "application/json"})
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "unauthenticated"
    analyst = {"Authorization": f"Bearer {client.keys['analyst']}"}  # type: ignore[attr-defined]
    capped = client.post("/api/v1/screen", content=big, headers={**analyst, "content-type": "application/json"})
    assert capped.status_code == 413 and capped.json()["error"]["code"] == "payload_too_large"
    upload = client.post("/ui/audit", files={"files": ("big.pcap", big, "application/octet-stream")})
    assert upload.status_code == 401  # anonymous multipart: refused unread, nothing spooled to /tmp


def _start_batch(client: TestClient, filename: str, content: bytes) -> Any:
    token = sign_in(client, "analyst")
    return client.post(
        "/ui/batch", data={"csrf_token": token}, follow_redirects=False, files={"file": (filename, content, "text/csv")}
    )


def test_batch_results_only_for_their_owner_and_safely_named(loaded_client: TestClient, loaded_env: WebEnv) -> None:
    created = _start_batch(loaded_client, "v\"; filename*=UTF-8''evil.html.csv", b"name\nHuawei Technologies\n")
    assert created.status_code == 303
    job_id = created.headers["location"].rsplit("/", 1)[1]
    deadline = time.monotonic() + 30
    while jobs_repo.get(loaded_env.engine, job_id).status != "done" and time.monotonic() < deadline:
        time.sleep(0.05)
    own = loaded_client.get(f"/ui/batch/{job_id}/results.csv")
    disposition = own.headers["content-disposition"]
    assert own.status_code == 200 and len(re.findall(r";\s*filename\*?=", disposition)) == 2, disposition
    viewer = _other(loaded_client, "viewer")
    for path in (f"/ui/batch/{job_id}", f"/ui/batch/{job_id}/results.csv"):
        assert viewer.get(path).status_code == 404
    headers = {"Authorization": f"Bearer {loaded_client.keys['viewer']}"}  # type: ignore[attr-defined]
    for path in (f"/api/v1/jobs/{job_id}", f"/api/v1/jobs/{job_id}/result"):
        assert loaded_client.get(path, headers=headers).status_code == 404
    admin = {"Authorization": f"Bearer {loaded_client.keys['admin']}"}  # type: ignore[attr-defined]
    assert loaded_client.get(f"/api/v1/jobs/{job_id}/result", headers=admin).status_code == 200


def test_bad_batch_csv_is_a_page_not_a_500(loaded_client: TestClient) -> None:
    for content in (
        b"name,country\nHuawei,CN\n" + b"A" * 200_000 + b",US\n",  # a 200 KB field
        b'name,country\nHuawei,CN\n"Acme GmbH,DE\nDahua,CN\n',  # an unterminated quote
        b"name\n" + b"x" * 600 + b"\n",
    ):  # a name over the maximum
        response = _start_batch(loaded_client, "parties.csv", content)
        assert response.status_code in (303, 422), response.text[:300]


def test_audit_reports_only_for_their_owner(client: TestClient) -> None:
    token = sign_in(client, "analyst")
    created = client.post(
        "/ui/audit",
        data={"csrf_token": token},
        follow_redirects=False,
        files={"files": ("assets.csv", b"ip,manufacturer,model\n10.0.0.5,Hikvision,DS-2CD2143G0-I\n", "text/csv")},
    )
    assert created.status_code == 303, created.text[:300]
    audit_id = created.headers["location"].rsplit("/", 1)[1]
    assert client.get(f"/ui/audit/{audit_id}").status_code == 200
    viewer = _other(client, "viewer")
    for path in (f"/ui/audit/{audit_id}", f"/ui/audit/{audit_id}/report", f"/ui/audit/{audit_id}/devices.csv"):
        assert viewer.get(path).status_code == 404
    assert _other(client, "admin").get(f"/ui/audit/{audit_id}/devices.csv").status_code == 200


def test_a_huge_anonymous_body_is_answered_before_it_is_sent(web_env: WebEnv) -> None:
    """Over a real socket: the headers announce 500 MB, no body byte is sent, and the answer comes at once."""
    import socket
    import threading

    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(web_env.app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.05)
        for path, kind in (("/api/v1/screen", b"application/json"), ("/ui/audit", b"multipart/form-data; boundary=x")):
            with socket.create_connection(sock.getsockname(), timeout=5) as conn:
                conn.sendall(
                    b"POST "
                    + path.encode()
                    + b" HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    + kind
                    + b"\r\nContent-Length: 500000000\r\n\r\n"
                )
                answer = conn.recv(4096)
            assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
