"""End to end in a real browser: a device audit of real discovery and nmap output from shared/data/device."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.web.conftest import Shot, WebEnv, browser_sign_in


def test_device_audit_upload_charts_and_reports(
    page: Any, loaded_env: WebEnv, device_dir: Path, screenshot: Shot
) -> None:
    sadp = device_dir / "universalscanner" / "Hikvision.selftest"  # a real Hikvision SADP discovery reply
    nmap = device_dir / "libnmap" / "2_hosts_version.xml"  # a real nmap -sV scan of two hosts, no camera
    browser_sign_in(page, loaded_env.keys["analyst"])
    page.get_by_role("link", name="Device audit").click()
    page.get_by_label("Inventories, scans and logs").set_input_files([str(sadp), str(nmap)])
    page.get_by_role("button", name="Run audit").click()
    page.wait_for_url(re.compile(r"/ui/audit/[0-9a-f]{12}$"))

    cards = {
        name: page.locator("section.card").filter(has_text=name).locator(".big")
        for name in ("Devices", "Covered", "Phoning home")
    }
    expect(cards["Devices"]).to_have_text("3")
    expect(cards["Covered"]).to_have_text("1")
    expect(cards["Phoning home"]).to_have_text("0")
    vendors = page.get_by_role("img", name="Devices by vendor")
    expect(vendors).to_contain_text(re.compile(r"Hikvision\s*1"))
    expect(vendors).to_contain_text(re.compile(r"unknown\s*2"))
    expect(page.get_by_role("img", name="Devices by site")).to_contain_text("240.0.5.0/24")
    covered = page.locator("table").first
    expect(covered).to_contain_text("Hikvision")
    expect(covered).to_contain_text("direct")
    expect(covered).to_contain_text("SADP")  # the evidence names the discovery protocol
    expect(page.locator("table").last).to_contain_text("2_hosts_version.xml")
    screenshot(page, "audit")

    with page.expect_download() as info:
        page.get_by_role("link", name="Devices (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == 3
    assert [(r["vendor"], r["covered"]) for r in rows if r["covered"] == "true"] == [("Hikvision", "true")]

    report = page.request.get(page.url + "/report")
    assert report.ok and report.headers["content-type"].startswith("text/html")
    assert "Hikvision" in report.text() and "<svg" in report.text()
    pdf = page.request.get(page.url + "/report?format=pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    page.get_by_role("link", name="Device audit").click()
    expect(page.locator("main ul")).to_contain_text("Hikvision.selftest, 2_hosts_version.xml")
    expect(page.locator("main ul")).to_contain_text("1 covered of 3")
