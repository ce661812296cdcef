"""End to end on a generated site (bench/gen_site.py, small size): the audit finds what the generator put there."""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path
from typing import Any

import pytest
from bench.gen_site import generate

from ictguard.devices.audit import audit_paths
from ictguard.devices.report import report_dict
from ictguard.reports.charts import PALETTE
from tests._cli import run_cli

FILES = ("inventory.csv", "scan.xml", "dhcp.log", "dns.log", "ssl.log", "conn.log")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("site")
    generate(directory, devices=160, rows=30_000, seed=11)
    return directory


@pytest.fixture(scope="module")
def document(site: Path) -> dict[str, Any]:
    return report_dict(audit_paths([site / name for name in FILES]))


def _truth(site: Path) -> list[dict[str, Any]]:
    truth: list[dict[str, Any]] = json.loads((site / "truth.json").read_text(encoding="utf-8"))
    return truth


def test_every_device_is_found_with_the_generators_verdict(site: Path, document: dict[str, Any]) -> None:
    by_mac = {mac: d for d in document["devices"] for mac in d["macs"]}
    wrong = []
    for want in _truth(site):
        got = by_mac.get(want["mac"])
        assert got is not None, want
        phone_home = sorted({t["country"] for t in got["traffic"] if t["adversary_country"]})
        if (got["vendor"], got["covered"], got["basis"], phone_home) != (
            want["vendor"],
            want["covered"],
            want["basis"],
            want["phone_home"],
        ):
            wrong.append((want["profile"], got["vendor"], got["covered"], got["basis"], phone_home))
    assert wrong == []
    assert document["summary"]["devices"] == len(_truth(site))


def test_the_site_has_every_kind_of_case(site: Path) -> None:
    """The generator must keep producing relabels, chip-based boxes, look-alikes and uninventoried devices."""
    truth = _truth(site)
    assert {t["basis"] for t in truth if t["covered"]} == {"direct", "oem", "chipset"}
    assert any(t["vendor"] in {"H3C", "Honor", "Uniview"} for t in truth)
    assert any(t["profile"] == "dahua-scale" for t in truth)
    assert any(not t["in_inventory"] and t["covered"] for t in truth)
    assert any(t["phone_home"] and not t["covered"] for t in truth)  # an uncovered phone talking home


def test_vendor_clouds_outside_adversary_countries_are_reported(site: Path, document: dict[str, Any]) -> None:
    by_mac = {mac: d for d in document["devices"] for mac in d["macs"]}
    ezviz = [t for t in _truth(site) if t["profile"] == "ezviz-camera" and t["clouds"]]
    assert ezviz
    for want in ezviz:
        traffic = by_mac[want["mac"]]["traffic"]
        assert [(t["country"], t["cloud"], t["adversary_country"]) for t in traffic] == [("DE", "EZVIZ", False)]
        assert traffic[0]["services"] == ["EZVIZ CAS"]


def test_generator_is_seeded(tmp_path: Path) -> None:
    generate(tmp_path / "a", devices=40, rows=500, seed=3)
    generate(tmp_path / "b", devices=40, rows=500, seed=3)
    for name in (*FILES, "truth.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def _pdf_drawing(pdf: bytes) -> bytes:
    """The page content streams, inflated (WeasyPrint compresses them)."""
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue  # fonts and images are streams too
    return b"\n".join(out)


def _fill(colour: str) -> bytes:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return f"{r:.6f} {g:.6f} {b:.6f} rg".encode()


def test_cli_audit_writes_pdf_and_html_reports_with_charts(site: Path, tmp_path: Path) -> None:
    pdf, html = tmp_path / "report.pdf", tmp_path / "report.html"
    for report in (pdf, html):
        result = run_cli("audit", *(str(site / name) for name in FILES), "-o", str(report))
        assert result.returncode == 1, result.stderr  # covered equipment found
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    drawing = _pdf_drawing(data)
    assert len(re.findall(rb"/Type\s*/Page\b", data + drawing)) > 1 and b"TJ" in drawing  # pages with text
    # The bar charts are SVG drawn as vector paths: the second and third bar colours fill a bar in each chart.
    assert drawing.count(_fill(PALETTE[1])) >= 3 and drawing.count(_fill(PALETTE[2])) >= 3
    page = html.read_text(encoding="utf-8")
    assert page.count("<svg") == 3 and "10.10.0.0/24" in page and "Devices by vendor" in page
