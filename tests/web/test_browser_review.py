"""End to end in a real browser: batch screening of an uploaded CSV, and reviewing an alert."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from typing import Any

from playwright.sync_api import expect

from tests.web.conftest import Shot, WebEnv, browser_sign_in

# Enough rows that the job runs while the page polls its progress.
PARTIES = (
    "id,name,country\n"
    "1,Huawei Technologies Co Ltd,CN\n"
    "2,Harbour Bakery of Nantucket,US\n"
    '3,=HYPERLINK("http://x"),\n' + "".join(f"{n},Lakeside Orchard Cooperative {n},US\n" for n in range(4, 81))
)


def test_batch_upload_progress_and_download(page: Any, loaded_env: WebEnv, screenshot: Shot) -> None:
    browser_sign_in(page, loaded_env.keys["analyst"])
    page.get_by_role("link", name="Batch screening").click()
    page.get_by_label("Parties file (CSV, XLSX or Parquet)").set_input_files(
        {"name": "parties.csv", "mimeType": "text/csv", "buffer": PARTIES.encode()}
    )
    page.get_by_role("button", name="Upload and screen").click()
    page.wait_for_url(re.compile(r"/ui/batch/[0-9a-f-]{36}$"))  # the store's job id
    expect(page.get_by_role("heading", level=1)).to_have_text("Batch: parties.csv")
    # Progress counts the rows of the upload; when the job ends the page reloads with the review table.
    expect(page.locator("#progress")).to_contain_text("of 80 rows")
    expect(page.locator("#progress")).to_contain_text("Status: finished", timeout=60_000)
    expect(page.locator("#progress")).to_contain_text("Screened 80 of 80 rows")
    expect(page.locator("progress")).to_have_attribute("value", "80")
    heading = page.get_by_role("heading", name=re.compile(r"Potential matches to review \((\d+)\)"))
    flagged = int(re.findall(r"\d+", heading.inner_text())[0])
    table = page.locator("table")
    expect(table).to_contain_text("Huawei Technologies Co Ltd")
    assert "Nantucket" not in table.inner_text()
    screenshot(page, "batch")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download results (CSV)").click()
    download = info.value
    assert download.suggested_filename == "parties-screened.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert len(rows) == 80
    # screen-file's columns and decisions (one batch pipeline, service.batch; "potential_match" before).
    assert [r["decision"] for r in rows[:3]] == ["match", "no_match", "no_match"]
    assert sum(r["decision"] == "match" for r in rows) == flagged
    assert "huawei" in rows[0]["best_hit_name"].lower() and float(rows[0]["score"]) > 0.8
    assert rows[2]["name"].startswith("'=")  # a formula in the upload comes back as text

    page.get_by_role("link", name="Batch screening").click()
    expect(page.locator("table")).to_contain_text("parties.csv")
    expect(page.locator("table")).to_contain_text("80 / 80")


def test_review_an_alert_as_false_positive(page: Any, loaded_env: WebEnv, screenshot: Shot) -> None:
    browser_sign_in(page, loaded_env.keys["analyst"])  # four eyes: an analyst's screening raises the alert …
    page.get_by_role("link", name="Alerts").click()
    page.get_by_text("Add a counterparty and screen it").click()
    page.get_by_label("Name", exact=True).fill("Huawei Technologies Co Ltd")
    page.get_by_label("Country").fill("CN")
    page.get_by_role("button", name="Add and screen").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"[1-9]\d* new alert"))
    rows = page.locator("tbody tr")
    assert rows.count() >= 1
    expect(rows.first).to_contain_text("Huawei Technologies Co Ltd")
    page.context.clear_cookies()  # … and a reviewer clears it
    browser_sign_in(page, loaded_env.keys["reviewer"])
    page.get_by_role("link", name="Alerts").click()
    rows = page.locator("tbody tr")
    screenshot(page, "alerts")

    rows.first.get_by_role("link", name=re.compile("Review")).click()
    page.wait_for_url(re.compile(r"/ui/alerts/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huawei Technologies Co Ltd")
    expect(page.locator("article.hit dd ul li").first).to_be_visible()  # the hit's explanation
    expiry = (date.today() + timedelta(days=90)).isoformat()
    page.get_by_label(re.compile("False positive")).check()
    page.get_by_label("Reason").fill("Different entity: the party is a Swiss reseller, checked its registry entry.")
    page.get_by_label("Clearance expires on").fill(expiry)
    screenshot(page, "alert-review")
    page.get_by_role("button", name="Save decision").click()

    expect(page.get_by_role("status")).to_have_text("Decision saved.")
    facts = page.locator("dl.facts").first
    expect(facts).to_contain_text("false positive")
    expect(facts).to_contain_text("Test Reviewer")  # who decided
    expect(facts).to_contain_text("Swiss reseller")
    expect(facts).to_contain_text(expiry)
    assert page.get_by_role("button", name="Save decision").count() == 0  # decided alerts are closed
    history = page.locator("table").last
    expect(history).to_contain_text("Test Reviewer")
    expect(history).to_contain_text("review")

    page.goto("/ui/alerts?status=false_positive")
    expect(page.locator("tbody tr").first).to_contain_text("Test Reviewer")
