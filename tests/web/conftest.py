"""Web test fixtures: an app with known keys, a signed-in test client, and a live server + real browser."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ictguard.settings import Settings
from ictguard.web.auth import Principal
from ictguard.web.devapp import create_dev_app

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
KEYS = {f"key-{role}": Principal(key_id=f"id-{role}", name=f"Test {role.title()}", role=role)
        for role in ("viewer", "analyst", "reviewer", "admin")}


@pytest.fixture
def web_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, db=f"sqlite:///{tmp_path / 'web.sqlite'}", session_secret="test-secret")


@pytest.fixture
def web_app(web_settings: Settings) -> FastAPI:
    app = create_dev_app(web_settings, KEYS)
    app.state.web_settings = web_settings
    return app


@pytest.fixture
def client(web_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(web_app, base_url="http://testserver") as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF field"
    return match.group(1)


def sign_in(client: TestClient, role: str) -> str:
    """Signs ``client`` in with the test key of ``role``; returns the new session's CSRF token."""
    token = csrf_of(client.get("/ui/login").text)
    response = client.post("/ui/login", data={"api_key": f"key-{role}", "csrf_token": token, "next": "/ui/"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/ui/").text)


@pytest.fixture
def live_server(web_app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 with an ephemeral port, as ``ictguard serve`` does."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(web_app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright. Missing chromium fails in CI and skips locally."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        reason = f"{CHROMIUM} not installed (scripts/setup-dev.sh installs it with apt-get)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 860}, base_url=live_server)
    # Nothing may come from outside the app: every asset is served by ictguard itself.
    outside: list[str] = []
    context.on("request", lambda request: outside.append(request.url)
               if not request.url.startswith(live_server) else None)
    tab = context.new_page()
    yield tab
    context.close()
    assert outside == [], f"requests left the app: {outside}"


def browser_sign_in(page: Any, role: str = "admin") -> None:
    page.goto("/ui/")
    page.get_by_label("API key").fill(f"key-{role}")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/ui/")


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
