from __future__ import annotations

from typing import Any

import pytest

from ictguard.reports.device_audit import audit_context, network_of, site_of
from ictguard.reports.render import render_report


def device(ident: str, ips: list[str], vendor: str | None, covered: bool, **extra: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "ips": ips,
        "macs": [],
        "hostname": None,
        "manufacturer": None,
        "model": None,
        "vendor": vendor,
        "covered": covered,
        "basis": "direct" if covered else None,
        "confidence": 0.9 if covered else 0.0,
        "labelled_as": None,
        "evidence": ["Server: DNVRS-Webs"] if covered else [],
        "traffic": [],
        "findings": [],
        **extra,
    }


DOCUMENT = {
    "generated_at": "2026-11-23T12:00:00+00:00",
    "inputs": [{"file": "scan.xml", "format": "nmap"}, {"file": "conn.log", "format": "zeek"}],
    "summary": {"devices": 3, "covered_devices": 2, "devices_with_adversary_traffic": 1, "rejected_rows": 1},
    "rejected": [{"file": "inv.csv", "line": 4, "field": "ip", "reason": "not an IP address"}],
    "devices": [
        device(
            "a",
            ["10.1.1.5"],
            "Hikvision",
            True,
            hostname="cam-lobby",
            traffic=[
                {
                    "country": "CN",
                    "adversary_country": True,
                    "cloud": None,
                    "bytes_out": 5000,
                    "bytes_in": 100,
                    "flows": 3,
                    "first_seen": "2026-11-01T00:00:00+00:00",
                    "last_seen": "2026-11-02T00:00:00+00:00",
                    "names": ["hik-connect.com"],
                    "services": ["443/tcp"],
                },
                {
                    "country": "US",
                    "adversary_country": False,
                    "cloud": "aws",
                    "bytes_out": 1,
                    "bytes_in": 1,
                    "flows": 1,
                    "first_seen": None,
                    "last_seen": None,
                    "names": [],
                    "services": [],
                },
            ],
        ),
        device("b", ["10.1.1.6"], "Dahua", True),
        device("c", ["10.2.0.9"], None, False),
    ],
}


@pytest.mark.parametrize(
    "ips, expected",
    [
        (["10.1.1.5"], "10.1.1.0/24"),
        (["bogus", "192.168.0.1"], "192.168.0.0/24"),
        (["2001:db8::1"], "2001:db8::/64"),
        ([], "unknown"),
    ],
)
def test_network_of(ips: list[str], expected: str) -> None:
    assert network_of(ips) == expected


def test_context_groups_by_vendor_and_site_and_keeps_only_adversary_flows() -> None:
    context = audit_context(DOCUMENT)
    assert context["by_vendor"] == [("Hikvision", 1), ("Dahua", 1), ("unknown", 1)]
    assert context["by_site"] == [("10.1.1.0/24 (no site)", 2), ("10.2.0.0/24 (no site)", 1)]
    assert context["covered_by_site"] == [("10.1.1.0/24 (no site)", 2)]
    assert [d["label"] for d in context["covered_devices"]] == ["cam-lobby", "10.1.1.6"]
    assert len(context["flows"]) == 1
    flow = context["flows"][0]
    assert flow["destination"] == "hik-connect.com" and flow["country"] == "CN" and "5000 B out" in flow["detail"]


def test_device_audit_report_has_charts_evidence_and_rejected_rows() -> None:
    html = render_report("device_audit", audit_context(DOCUMENT))
    assert html.count("<svg") == 3
    assert "Server: DNVRS-Webs" in html and "hik-connect.com" in html and "not an IP address" in html
    assert "<strong>2</strong> covered" in html


def test_device_audit_report_links_each_device_to_its_rules_and_citations() -> None:
    finding = {
        "regime": "NDAA889",
        "outcome": "prohibited",
        "rules": ["R-889B", "R-889-DEF"],
        "explanation": "A federal contractor may not use covered equipment.",
        "citations": ["FAR 52.204-25"],
        "scenario": "federal contractor use",
    }
    document = {
        **DOCUMENT,
        "devices": [
            device("a", ["10.1.1.5"], "Hikvision", True, hostname="cam-lobby", findings=[finding]),
            device("c", ["10.2.0.9"], None, False),
        ],
    }
    html = render_report("device_audit", audit_context(document))
    section = html[html.index("Findings by device") :]
    assert "cam-lobby" in section and "R-889B, R-889-DEF" in section and "FAR 52.204-25" in section
    assert "(federal contractor use)" in section and "10.2.0.9" not in section
    quiet = {**DOCUMENT, "devices": [device("c", ["10.2.0.9"], None, False)]}
    empty = render_report("device_audit", audit_context(quiet))
    assert "No device has a legal finding." in empty


def test_device_audit_report_names_the_files_it_could_not_read() -> None:
    unread = [{"file": "photo.jpg", "line": 1, "field": None, "reason": "unrecognised input format"}]
    assert "Input files not read" not in render_report("device_audit", audit_context(DOCUMENT))
    html = render_report("device_audit", audit_context({**DOCUMENT, "unread_inputs": unread}))
    assert "1 input file(s) could not" in " ".join(html.split())
    section = html[html.index("Input files not read") :]
    assert "photo.jpg" in section and "unrecognised input format" in section


def test_device_audit_report_has_a_remediation_list_with_device_labels() -> None:
    entry = {
        "id": "replace-for-federal-contracts",
        "priority": 1,
        "audience": "Federal contractors",
        "action": "Remove or replace these devices.",
        "why": "Part B bars the contract.",
        "rules": ["R-889B"],
        "citations": ["FAR 52.204-25"],
        "devices": ["a", "b"],
    }
    assert "Nothing to remediate" in render_report("device_audit", audit_context(DOCUMENT))
    html = render_report("device_audit", audit_context({**DOCUMENT, "remediation": [entry]}))
    section = html[html.index("Remediation list") : html.index("Findings by device")]
    assert "Remove or replace these devices." in section and "Federal contractors" in section
    assert "2: cam-lobby, 10.1.1.6" in section and "R-889B" in section and "FAR 52.204-25" in section


@pytest.mark.parametrize(
    ("site", "ips", "expected"),
    [
        ("Boston", ["10.3.0.5"], "Boston"),
        (" Denver ", [], "Denver"),
        (None, ["10.3.0.5"], "10.3.0.0/24 (no site)"),
        ("", ["2001:db8::1"], "2001:db8::/64 (no site)"),
        ("  ", [], "unknown"),
        (None, [], "unknown"),
    ],
)
def test_site_is_the_inventorys_and_the_network_only_a_labelled_fallback(
    site: str | None, ips: list[str], expected: str
) -> None:
    assert site_of(device("x", ips, None, False, site=site)) == expected


def test_charts_and_tables_group_by_the_inventory_site() -> None:
    # NetBox numbering: Boston and Denver on different /24s, one Boston device on Denver's network.
    devices = [
        device("a", ["10.3.0.5"], "Hikvision", True, site="Boston"),
        device("b", ["10.4.0.6"], "Dahua", True, site="Boston"),
        device("c", ["10.4.0.7"], None, False, site="Denver"),
        device("d", ["10.4.0.8"], None, False),
    ]  # seen only in traffic
    context = audit_context({**DOCUMENT, "devices": devices})
    assert context["by_site"] == [("10.4.0.0/24 (no site)", 1), ("Boston", 2), ("Denver", 1)]
    assert context["covered_by_site"] == [("Boston", 2)]
    assert [d["site"] for d in context["covered_devices"]] == ["Boston", "Boston"]
    assert [d["site"] for d in context["devices"]] == ["Boston", "Boston", "Denver", "10.4.0.0/24 (no site)"]
    html = render_report("device_audit", context)
    assert "<title>Devices by site</title>" in html and ">Boston<" in html and "10.3.0.0/24" not in html


def test_traffic_of_an_address_several_devices_held_is_shown_unattributed() -> None:
    traffic = {
        "country": "CN",
        "adversary_country": True,
        "cloud": None,
        "bytes_out": 700,
        "bytes_in": 5,
        "flows": 2,
        "first_seen": None,
        "last_seen": None,
        "names": [],
        "services": [],
    }
    entry = {
        "address": "10.6.0.50",
        "candidates": ["a", "mac-laptop"],
        "traffic": [traffic],
        "reasons": ["held by several devices; no single DHCP lease covers the traffic's time"],
    }
    context = audit_context({**DOCUMENT, "ambiguous_traffic": [entry]})
    assert [a["candidates"] for a in context["ambiguous"]] == [["cam-lobby", "mac-laptop"]]
    assert [f["source"] for f in context["flows"]] == ["cam-lobby", "10.6.0.50 (device ambiguous)"]
    html = render_report("device_audit", context)
    section = html[html.index("Traffic not attributed to a device") :]
    assert "10.6.0.50" in section and "cam-lobby, mac-laptop" in section and "no single DHCP lease" in section
    assert "Traffic not attributed" not in render_report("device_audit", audit_context(DOCUMENT))
