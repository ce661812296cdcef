"""The request guard on its own (issue 18, items 2 and 8): credentials before bodies, body caps, sign-in
throttling and security headers, around a tiny app that records whether it read anything."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from ictguard.api.guard import SECURITY_HEADERS, LoginThrottle, RequestGuard
from ictguard.errors import IctguardError, error_body, http_status_for
from ictguard.limits import ANONYMOUS_BODY_BYTES

READ: list[int] = []


async def echo(request: Request) -> Response:
    try:
        body = await request.body()
    except IctguardError as exc:
        return JSONResponse(error_body(exc), status_code=http_status_for(exc))
    READ.append(len(body))
    return JSONResponse({"read": len(body)})


async def login(request: Request) -> Response:
    body = (await request.body()).decode()
    return HTMLResponse("welcome", status_code=303 if body == "api_key=good" else 401)


async def page(request: Request) -> Response:
    return HTMLResponse("<p>page</p>")


def _app(throttle: LoginThrottle) -> Any:
    inner = Starlette(
        routes=[
            Route("/api/v1/screen", echo, methods=["POST"]),
            Route("/ui/audit", echo, methods=["POST"]),
            Route("/ui/login", login, methods=["POST"]),
            Route("/ui/", page),
        ]
    )
    return RequestGuard(
        inner,
        key_valid=lambda key: key == "good-key",
        session_valid=lambda cookie: "session=ok" in cookie,
        upload_bytes=10_000,
        throttle=throttle,
        body_bytes=1_000,
    )


@pytest.fixture
def client() -> Iterator[TestClient]:
    READ.clear()
    with TestClient(_app(LoginThrottle(3, 60.0))) as c:
        yield c


def test_api_write_without_a_valid_key_is_refused_unread(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        r = client.post("/api/v1/screen", content=b"x" * 900, headers=headers)
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"
    assert READ == []
    ok = client.post("/api/v1/screen", content=b"x" * 900, headers={"Authorization": "Bearer good-key"})
    assert ok.status_code == 200 and READ == [900]


def test_body_caps_from_the_header_and_while_reading(client: TestClient) -> None:
    auth = {"Authorization": "Bearer good-key"}
    r = client.post("/api/v1/screen", content=b"x" * 1_001, headers=auth)
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large" and READ == []

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it is read
        yield from (b"x" * 400 for _ in range(5))

    r = client.post("/api/v1/screen", content=chunks(), headers=auth)
    assert r.status_code == 413 and READ == []
    upload = client.post("/ui/audit", files={"f": ("a.pcap", b"x" * 5_000)}, cookies={"session": "ok"})
    assert upload.status_code == 200  # multipart: the upload cap


def test_anonymous_web_post_larger_than_a_form_is_refused_unread(client: TestClient) -> None:
    r = client.post("/ui/audit", files={"f": ("a.pcap", b"x" * (ANONYMOUS_BODY_BYTES + 1))})
    assert r.status_code == 401 and READ == [] and "Sign in" in r.text
    assert r.headers["x-frame-options"] == "DENY"


def test_sign_in_throttle() -> None:
    now = [0.0]
    throttle = LoginThrottle(3, 60.0, clock=lambda: now[0])
    with TestClient(_app(throttle)) as c:
        for _ in range(3):
            assert c.post("/ui/login", content=b"api_key=bad").status_code == 401
        assert c.post("/ui/login", content=b"api_key=good").status_code == 429  # even the right key, for now
        assert c.post("/api/v1/screen", content=b"{}", headers={"Authorization": "Bearer x"}).status_code == 429
        now[0] = 61.0
        assert c.post("/ui/login", content=b"api_key=good", follow_redirects=False).status_code == 303
        assert not throttle.blocked("testclient")


def test_html_gets_security_headers_json_does_not_need_them(client: TestClient) -> None:
    r = client.get("/ui/")
    for name, value in SECURITY_HEADERS:
        assert r.headers[name.decode()] == value.decode()
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_serving_health_fails_while_most_responses_are_server_errors() -> None:
    from ictguard.api.guard import ServingHealth

    health = ServingHealth(window=10, minimum=4)
    for status in (200, 500, 500):
        health.record(status)
    assert health.problem() is None  # too few to judge
    health.record(500)
    assert health.problem() == "3 of the last 4 requests failed with a server error"
    for _ in range(10):
        health.record(200)
    assert health.problem() is None
