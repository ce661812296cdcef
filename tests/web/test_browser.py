"""End to end in a real browser (Debian chromium via Playwright) against a live uvicorn server."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import WebEnv, browser_sign_in, screenshot


def test_sign_in_and_dashboard(page: Any, loaded_env: WebEnv) -> None:
    page.goto("/ui/")
    assert "/ui/login" in page.url
    screenshot(page, "login")
    browser_sign_in(page, loaded_env.keys["admin"])
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    assert page.get_by_text("Test Admin").is_visible()
    assert page.get_by_text("Intact").is_visible()
    screenshot(page, "dashboard")


def test_keyboard_reaches_skip_link_first(page: Any, loaded_env: WebEnv) -> None:
    browser_sign_in(page, loaded_env.keys["viewer"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
