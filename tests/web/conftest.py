"""Web test fixtures: an app with known keys, a signed-in test client, and a live server + real browser."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from ictguard.api.app import create_app
from ictguard.settings import Settings
from ictguard.store import keys_repo
from ictguard.store.db import open_engine
from ictguard.store.lists_repo import update_lists

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Laptop-sized, so the committed PNGs stay small and show what a person sees without scrolling.
VIEWPORT = {"width": 1280, "height": 800}
ROLES = ("viewer", "analyst", "reviewer", "admin")


@pytest.fixture(scope="session")
def loaded_db(tmp_path_factory: pytest.TempPathFactory, lists_dir: Path) -> Path:
    """A SQLite database with the mirror's lists loaded once per session; tests get copies."""
    folder = tmp_path_factory.mktemp("loaded")
    settings = Settings(data_dir=folder, db=f"sqlite:///{folder / 'lists.sqlite'}")
    engine = open_engine(settings)
    update_lists(engine, str(lists_dir), settings)
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return folder / "lists.sqlite"


@dataclass
class WebEnv:
    app: FastAPI
    engine: Engine
    keys: dict[str, str]
    settings: Settings


def _env(folder: Path, database: Path | None) -> Iterator[WebEnv]:
    if database is not None:
        shutil.copy(database, folder / "web.sqlite")
    settings = Settings(data_dir=folder, db=f"sqlite:///{folder / 'web.sqlite'}", session_secret="test-secret")
    engine = open_engine(settings)
    keys = {
        role: keys_repo.create_key(engine, name=f"Test {role.title()}", role=role, actor="test")[0] for role in ROLES
    }
    yield WebEnv(create_app(settings, engine=engine), engine, keys, settings)
    engine.dispose()


@pytest.fixture
def web_env(tmp_path: Path) -> Iterator[WebEnv]:
    """The real app (create_app) on an empty database with one key per role."""
    yield from _env(tmp_path, None)


@pytest.fixture
def loaded_env(tmp_path: Path, loaded_db: Path) -> Iterator[WebEnv]:
    """The real app on a copy of the database holding the mirror's lists."""
    yield from _env(tmp_path, loaded_db)


def _client(env: WebEnv) -> Iterator[TestClient]:
    with TestClient(env.app, base_url="http://testserver") as test_client:
        test_client.keys = env.keys  # type: ignore[attr-defined]
        yield test_client


@pytest.fixture
def client(web_env: WebEnv) -> Iterator[TestClient]:
    yield from _client(web_env)


@pytest.fixture
def loaded_client(loaded_env: WebEnv) -> Iterator[TestClient]:
    yield from _client(loaded_env)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF field"
    return match.group(1)


def sign_in(client: TestClient, role: str) -> str:
    """Signs ``client`` in with the test key of ``role``; returns the new session's CSRF token."""
    token = csrf_of(client.get("/ui/login").text)
    key = client.keys[role]  # type: ignore[attr-defined]
    response = client.post(
        "/ui/login", data={"api_key": key, "csrf_token": token, "next": "/ui/"}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/ui/login").text)


@pytest.fixture
def live_server(loaded_env: WebEnv) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 with an ephemeral port, as ``ictguard serve`` does."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(loaded_env.app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 180  # startup warms the screener: seconds on the full mirror
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
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A browser tab on the live server; fails if any request leaves the app."""
    context = browser.new_context(viewport=VIEWPORT, base_url=live_server, accept_downloads=True)
    # Nothing may come from outside the app: every asset is served by ictguard itself.
    outside: list[str] = []
    context.on(
        "request", lambda request: outside.append(request.url) if not request.url.startswith(live_server) else None
    )
    tab = context.new_page()
    yield tab
    context.close()
    assert outside == [], f"requests left the app: {outside}"


def browser_sign_in(page: Any, key: str) -> None:
    page.goto("/ui/")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/ui/")


Shot = Callable[[Any, str], Path]


@pytest.fixture
def screenshot(tmp_path: Path) -> Shot:
    """Saves a screenshot of the visible viewport; into docs/screenshots only with ICTGUARD_SCREENSHOTS=1.

    Without the variable the picture still gets taken (a failing screenshot fails the test) but lands in
    pytest's tmp dir, so an ordinary test run never dirties the working tree.
    """
    folder = SCREENSHOTS if os.environ.get("ICTGUARD_SCREENSHOTS") == "1" else tmp_path / "screenshots"

    def take(page: Any, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        assert path.stat().st_size > 1000, f"screenshot {name} is empty"
        return path

    return take
