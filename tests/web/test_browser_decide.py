"""End to end in a real browser: deciding a transaction, and the licences workflow."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from playwright.sync_api import expect

from tests.web.conftest import Shot, WebEnv, browser_sign_in

TODAY = date.today()


def test_decide_a_transaction_and_reopen_the_saved_link(page: Any, loaded_env: WebEnv, screenshot: Shot) -> None:
    browser_sign_in(page, loaded_env.keys["analyst"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Decide").click()
    page.get_by_label("Reference").fill("t-web-1")
    page.get_by_label("Date", exact=True).fill("2026-06-01")
    page.get_by_label("Kind").select_option("export")
    page.get_by_label("Name of party 1").fill("Acme Networks Inc.")
    page.get_by_label("Country of party 1").fill("US")
    page.get_by_label("Name of party 2").fill("Huawei Technologies Co Ltd")
    page.get_by_label("Country of party 2").fill("CN")
    page.get_by_label("Description of item 1").fill("5G baseband units")
    page.get_by_label("Category of item 1").select_option("telecom_equipment")
    page.get_by_label("ECCN of item 1").fill("5A991")
    screenshot(page, "decide")
    page.get_by_role("button", name="Decide and save").click()

    page.wait_for_url(re.compile(r"/ui/determinations/\d+$"))
    saved_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Determination: t-web-1")
    # An export to a listed Huawei entity needs a licence under the EAR (Entity List).
    expect(page.locator("p.notice .outcome")).to_have_text(re.compile("license required|prohibited"))
    ear = page.locator("article.hit").filter(has_text="EAR").first
    expect(ear).to_contain_text("Huawei Technologies Co Ltd")
    expect(ear.locator("dd").filter(has_text=re.compile(r"R-EL-HUAWEI"))).to_have_count(1)
    expect(ear).to_contain_text(re.compile(r"\d+ FR \d+"))  # a Federal Register citation
    share = page.get_by_role("link", name=saved_url)
    expect(share).to_have_attribute("href", re.compile(r"/ui/determinations/\d+$"))
    screenshot(page, "determination")

    # The saved link is a page of its own: a fresh load shows the same determination.
    page.goto("/ui/")
    expect(page.locator("table")).to_contain_text("t-web-1")
    page.goto(saved_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Determination: t-web-1")
    expect(page.locator("pre")).to_contain_text('"Huawei Technologies Co Ltd"')
    memo_pdf = page.request.get(saved_url + "/memo?format=pdf")
    assert memo_pdf.ok and memo_pdf.body().startswith(b"%PDF")
    assert memo_pdf.headers["content-disposition"].startswith("attachment")
    page.get_by_role("link", name="Memo (HTML)").click()
    expect(page.locator("body")).to_contain_text("R-EL-HUAWEI")


def test_licences_workflow_shipments_and_statistics(page: Any, loaded_env: WebEnv, screenshot: Shot) -> None:
    browser_sign_in(page, loaded_env.keys["analyst"])  # four eyes: the analyst drafts and submits …
    page.get_by_role("link", name="Licences").click()

    # Application: draft -> submitted -> approved, which issues a licence.
    page.get_by_text("New application").click()
    page.get_by_label("Reference").fill("APP-7")
    page.get_by_label("End use").fill("Campus network switches for a university")
    page.get_by_label("Party role").select_option("end_user")
    page.get_by_label("Party name").fill("Example University")
    page.get_by_label("Party country").fill("DE")
    page.get_by_label("Item ECCN").fill("5A991")
    page.get_by_label("Quantity", exact=True).fill("20")
    page.get_by_label("Value (USD)").fill("40000")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"Draft application \d+ saved"))
    row = page.locator("tbody tr").filter(has_text="APP-7")
    expect(row).to_contain_text("draft")
    row.get_by_role("button", name=re.compile("Submit")).click()
    expect(row).to_contain_text("submitted")
    page.context.clear_cookies()  # … and a reviewer decides
    browser_sign_in(page, loaded_env.keys["reviewer"])
    page.get_by_role("link", name="Licences").click()
    row = page.locator("tbody tr").filter(has_text="APP-7")
    row.get_by_label("Decision").select_option("approve")
    row.get_by_label("Reason").fill("End use verified")
    row.get_by_label("Licence no.").fill("D-2026-0007")
    row.get_by_label("Valid from").fill(TODAY.isoformat())
    row.get_by_label("Valid until").fill((TODAY + timedelta(days=365)).isoformat())
    row.get_by_role("button", name="Record").click()
    expect(page.get_by_role("status")).to_contain_text("decision recorded")
    expect(page.locator("tbody tr").filter(has_text="APP-7")).to_contain_text("approved")
    expect(page.get_by_role("img", name="Licence applications by state")).to_contain_text(re.compile(r"approved\s*1"))
    expect(page.locator("#stats-h + svg + p, section[aria-labelledby=stats-h] p").first).to_contain_text(
        "Approval rate 100 %"
    )
    expect(page.locator("section[aria-labelledby=lic-h]")).to_contain_text("D-2026-0007")

    # A licence issued outside ictguard, with limits; shipments draw on them.
    page.get_by_text("Register a licence issued outside ictguard").click()
    page.get_by_label("Licence number").fill("L-2026-42")
    page.locator("#l_from").fill((TODAY - timedelta(days=10)).isoformat())
    page.locator("#l_until").fill((TODAY + timedelta(days=200)).isoformat())
    page.locator("#l_eccn").fill("5A992")
    page.get_by_label("Quantity limit").fill("10")
    page.get_by_label("Value limit (USD)").fill("1000")
    page.get_by_label("Parties (one per line)").fill("Acme GmbH")
    page.get_by_role("button", name="Register licence").click()
    expect(page.get_by_role("status")).to_have_text("Licence L-2026-42 registered.")
    screenshot(page, "licences")
    page.get_by_role("link", name="Shipments of L-2026-42").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Licence L-2026-42")

    def ship(quantity: str, value: str) -> None:
        page.get_by_label("Ship date").fill(TODAY.isoformat())
        page.get_by_label("Consignee").fill("Acme GmbH")
        page.get_by_label("ECCN").fill("5A992")
        page.get_by_label("Quantity").fill(quantity)
        page.get_by_label("Value").fill(value)
        page.get_by_role("button", name="Record shipment").click()

    ship("4", "400")
    expect(page.get_by_role("status")).to_have_text("Shipment recorded.")
    usage = page.get_by_role("img", name="Share of each limit used (%)")
    expect(usage).to_contain_text(re.compile(r"5A992 quantity\s*40 %"))
    expect(usage).to_contain_text(re.compile(r"5A992 value\s*40 %"))
    screenshot(page, "licence")

    ship("7", "100")  # 4 + 7 > 10: over the quantity limit
    expect(page.get_by_role("heading", level=1)).to_have_text("Something went wrong")
    expect(page.get_by_role("alert")).to_contain_text("shipment refused")
    expect(page.get_by_role("alert")).to_contain_text("409")
    expect(page.get_by_role("alert")).to_contain_text("quantity")
    page.go_back()
    page.reload()
    expect(page.locator("tbody tr")).to_have_count(1)  # the refused shipment was not recorded
