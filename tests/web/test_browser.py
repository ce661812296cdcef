"""End to end in a real browser (Debian chromium via Playwright) against a live uvicorn server."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import browser_sign_in, screenshot


def test_sign_in_and_dashboard(page: Any) -> None:
    page.goto("/ui/")
    assert "/ui/login" in page.url
    screenshot(page, "login")
    browser_sign_in(page, "admin")
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    assert page.get_by_text("Test Admin").is_visible()
    screenshot(page, "dashboard")


def test_keyboard_reaches_skip_link_first(page: Any) -> None:
    browser_sign_in(page, "viewer")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
