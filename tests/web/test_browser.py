"""End to end in a real browser (Debian chromium via Playwright) against a live uvicorn server:
sign-in, dashboard, screening a name, and what the browser may not do (CSRF, role limits)."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from ictguard.store import counterparties_repo
from tests.web.conftest import Shot, WebEnv, browser_sign_in


def test_sign_in_and_dashboard(page: Any, loaded_env: WebEnv, screenshot: Shot) -> None:
    page.goto("/ui/")
    assert "/ui/login" in page.url
    screenshot(page, "login")
    browser_sign_in(page, loaded_env.keys["admin"])
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    assert page.get_by_text("Test Admin").is_visible()
    assert page.get_by_text("Intact").is_visible()
    # The per-source chart is drawn from the loaded mirror: OFAC SDN and the Entity List are bars with counts.
    chart = page.get_by_role("img", name="Entries per list source")
    expect(chart).to_contain_text(re.compile(r"SDN\s*\d{4}"))
    expect(chart).to_contain_text(re.compile(r"EL\s*\d{3,}"))
    screenshot(page, "dashboard")


def test_keyboard_reaches_skip_link_first(page: Any, loaded_env: WebEnv) -> None:
    browser_sign_in(page, loaded_env.keys["viewer"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"


def test_screen_a_name_as_you_type_then_open_the_entity(page: Any, loaded_env: WebEnv, screenshot: Shot) -> None:
    browser_sign_in(page, loaded_env.keys["analyst"])
    page.get_by_role("link", name="Screen a name").click()
    page.get_by_label("Party name").press_sequentially("Huawei Technologies", delay=20)
    # Results for partial input arrive while typing; wait for those of the whole name, and no request in flight.
    expect(page.locator("#results")).to_contain_text("for “Huawei Technologies”")
    expect(page.locator("#searching.htmx-request")).to_have_count(0)
    first = page.locator("#results article.hit").first
    expect(first).to_be_visible()
    # htmx filled the results in place: the page itself was never submitted.
    assert page.url.endswith("/ui/screen")
    expect(page.locator("#results")).to_contain_text("candidate")
    expect(page.locator("#results")).to_contain_text("Huawei Technologies")
    # Each hit explains itself: named features with their scores.
    why = first.locator("dd ul li")
    assert why.count() >= 1
    assert re.search(r"\d\.\d\d", why.first.inner_text())
    expect(first.locator(".score")).to_have_text(re.compile(r"^[01]\.\d\d$"))
    screenshot(page, "screen")
    evidence = page.request.get(page.get_by_role("link", name="Evidence (HTML)").get_attribute("href"))
    assert evidence.ok and "Huawei Technologies" in evidence.text() and "potential match" in evidence.text()

    listed_name = first.locator("h3 a").inner_text()
    first.locator("h3 a").click()
    page.wait_for_url(re.compile(r"/ui/entities/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(listed_name)
    expect(page.locator("dl.facts")).to_contain_text(re.compile(r"List\s*EL"))
    # The version history is fetched after the page: the one loaded version lists this entry.
    history = page.locator("table").last
    expect(history).to_contain_text("(active)")
    expect(history).to_contain_text("listed")
    screenshot(page, "entity")


def test_form_post_without_csrf_token_is_refused(page: Any, loaded_env: WebEnv) -> None:
    browser_sign_in(page, loaded_env.keys["admin"])
    # Same browser session (its cookie travels), but no token: what a cross-site form would send.
    response = page.request.post("/ui/counterparties", form={"name": "Forged Party Ltd", "country": "CN"})
    assert response.status == 403
    assert "did not come from this site" in response.text()
    assert counterparties_repo.list_page(loaded_env.engine, limit=10).total == 0


def test_viewer_sees_no_forms_and_cannot_post(page: Any, loaded_env: WebEnv) -> None:
    browser_sign_in(page, loaded_env.keys["viewer"])
    page.goto("/ui/alerts")
    expect(page.get_by_role("heading", name="Alert review queue")).to_be_visible()
    assert page.get_by_text("Add a counterparty and screen it").count() == 0
    page.goto("/ui/licences")
    assert page.get_by_text("Register a licence issued outside ictguard").count() == 0
    assert page.get_by_text("New application").count() == 0
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    for path, form in (
        ("/ui/counterparties", {"name": "Viewer Party"}),
        ("/ui/licences", {"number": "V-1", "valid_from": "2026-01-01", "valid_until": "2027-01-01", "eccn": "5A992"}),
        ("/ui/decide", {"kind": "export", "party0_role": "exporter", "party0_name": "Acme"}),
    ):
        response = page.request.post(path, form={**form, "csrf_token": token})
        assert response.status == 403, path
        assert "may not" in response.text(), path
    assert counterparties_repo.list_page(loaded_env.engine, limit=10).total == 0
    page.goto("/ui/decide")
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
