"""Sign-in, roles, CSRF and session cookie behaviour through the real app."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import ictguard.service.keys
from ictguard.store import keys_repo
from ictguard.web import session as sessions
from tests.web.conftest import WebEnv, csrf_of, sign_in


def test_pages_redirect_to_login_when_signed_out(client: TestClient) -> None:
    response = client.get("/ui/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/ui/login?next=/ui/"


def test_login_page_has_labelled_key_field_and_csrf(client: TestClient) -> None:
    html = client.get("/ui/login").text
    assert '<label for="api_key">' in html and 'id="api_key"' in html
    assert csrf_of(html)


def test_wrong_key_is_refused(client: TestClient) -> None:
    token = csrf_of(client.get("/ui/login").text)
    response = client.post("/ui/login", data={"api_key": "nope", "csrf_token": token})
    assert response.status_code == 401
    assert "invalid or revoked API key" in response.text


def test_login_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/ui/login")
    response = client.post("/ui/login", data={"api_key": client.keys["admin"]})
    assert response.status_code == 403
    assert "reload the page" in response.text


def test_csrf_token_of_another_session_is_refused(client: TestClient) -> None:
    other = TestClient(client.app)
    foreign = csrf_of(other.get("/ui/login").text)
    client.get("/ui/login")
    response = client.post("/ui/login", data={"api_key": client.keys["admin"], "csrf_token": foreign})
    assert response.status_code == 403


def test_sign_in_sets_signed_httponly_cookie_and_rotates_csrf(client: TestClient) -> None:
    before = csrf_of(client.get("/ui/login").text)
    after = sign_in(client, "viewer")
    assert after != before
    page = client.get("/ui/")
    assert page.status_code == 200
    assert "Test Viewer" in page.text and "viewer" in page.text
    cookie_header = [h for h in client.get("/ui/login").headers.get_list("set-cookie")] or [""]
    assert all("ictguard_session" not in h or "HttpOnly" in h for h in cookie_header)


def test_login_response_cookie_flags(client: TestClient) -> None:
    token = csrf_of(client.get("/ui/login").text)
    key = client.keys["admin"]
    response = client.post("/ui/login", data={"api_key": key, "csrf_token": token}, follow_redirects=False)
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{sessions.COOKIE_NAME}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert key not in cookie and key[4:20] not in cookie  # only the key id travels, never the key


def test_tampered_cookie_is_treated_as_signed_out(client: TestClient) -> None:
    sign_in(client, "viewer")
    value = client.cookies[sessions.COOKIE_NAME]
    forged = sessions.Session(csrf="x", expires=2**40, key_id="1", name="x", role="admin")
    payload = sessions.encode(forged, b"guessed")
    client.cookies.set(sessions.COOKIE_NAME, payload.rsplit(".", 1)[0] + "." + value.rsplit(".", 1)[1])
    assert client.get("/ui/", follow_redirects=False).status_code == 303


def test_logout_ends_session(client: TestClient) -> None:
    token = sign_in(client, "viewer")
    response = client.post("/ui/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/ui/", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/ui/screen", "/ui/screen"),
        ("https://evil.example/", "/ui/"),
        ("//evil.example/ui", "/ui/"),
    ],
)
def test_next_is_only_followed_within_the_site(client: TestClient, target: str, expected: str) -> None:
    token = csrf_of(client.get("/ui/login").text)
    response = client.post(
        "/ui/login",
        data={"api_key": client.keys["viewer"], "csrf_token": token, "next": target},
        follow_redirects=False,
    )
    assert response.headers["location"] == expected


def test_static_assets_are_served_locally(client: TestClient) -> None:
    js = client.get("/ui/static/htmx.min.js")
    assert js.status_code == 200 and "htmx" in js.text
    assert client.get("/ui/static/app.css").status_code == 200


def test_revoked_key_ends_the_browser_session(
    client: TestClient, web_env: WebEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One key cache for the API and the web (service.keys), so its window is the one to skip.
    monkeypatch.setattr(ictguard.service.keys, "KEY_CACHE_SECONDS", 0.0)
    sign_in(client, "viewer")
    assert client.get("/ui/", follow_redirects=False).status_code == 200
    info = keys_repo.lookup(web_env.engine, web_env.keys["viewer"])
    assert info is not None
    keys_repo.revoke_key(web_env.engine, info.id, actor="test")
    assert client.get("/ui/", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    "role, path, allowed",
    [
        ("viewer", "/ui/", True),
        ("viewer", "/ui/screen", False),
        ("analyst", "/ui/screen", True),
        ("viewer", "/ui/batch", False),
        ("analyst", "/ui/batch", True),
    ],
)
def test_pages_use_the_api_permissions(client: TestClient, role: str, path: str, allowed: bool) -> None:
    sign_in(client, role)
    response = client.get(path, follow_redirects=False)
    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert "may not" in response.text
