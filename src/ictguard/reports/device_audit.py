"""Derive the device audit report's tables and chart series from the audit document (devices.report_dict).

Devices are grouped by the site the inventory gives them (the document's ``site``). A device no inventory
places (seen only in scans, leases or traffic) falls back to its network, the /24 (IPv4) or /64 (IPv6) of
its first address, labelled "(no site)" so it is never mistaken for a site; without an address, "unknown".
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from typing import Any


def network_of(ips: list[str]) -> str:
    for ip in ips:
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            continue
        prefix = 24 if address.version == 4 else 64
        return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
    return "unknown"


NO_SITE = " (no site)"


def site_of(device: dict[str, Any]) -> str:
    """The inventory's site, else the device's network marked as a fallback."""
    site = device.get("site")
    if isinstance(site, str) and site.strip():
        return site.strip()
    network = network_of(device.get("ips") or [])
    return network if network == "unknown" else network + NO_SITE


def _label(device: dict[str, Any]) -> str:
    return str(device.get("hostname") or ", ".join(device.get("ips") or []) or device.get("id") or "?")


def _flow(source: str, t: dict[str, Any]) -> dict[str, Any]:
    return {
        "source": source,
        "destination": ", ".join(t.get("names") or []) or (t.get("cloud") or "?"),
        "country": t.get("country"),
        "cloud": t.get("cloud"),
        "detail": f"{t.get('bytes_out', 0)} B out, {t.get('bytes_in', 0)} B in, {t.get('flows', 0)} flows"
        + (f", services {', '.join(map(str, t['services']))}" if t.get("services") else "")
        + (f", {t['first_seen']} – {t['last_seen']}" if t.get("first_seen") else ""),
    }


def audit_context(document: dict[str, Any]) -> dict[str, Any]:
    devices: list[dict[str, Any]] = list(document.get("devices") or [])
    summary = document.get("summary") or {}
    labels = {str(d.get("id")): _label(d) for d in devices}
    by_vendor = Counter(str(d.get("vendor") or "unknown") for d in devices)
    by_site = Counter(site_of(d) for d in devices)
    covered_by_site = Counter(site_of(d) for d in devices if d.get("covered"))
    covered = [{**d, "label": _label(d), "site": site_of(d)} for d in devices if d.get("covered")]
    flows = [_flow(_label(d), t) for d in devices for t in (d.get("traffic") or []) if t.get("adversary_country")]
    # Traffic of an address several devices held, charged to none of them (devices/audit.py rule 3).
    raw = list(document.get("ambiguous_traffic") or [])
    ambiguous = [
        {
            "address": a.get("address"),
            "candidates": [labels.get(c, c) for c in a.get("candidates") or []],
            "reasons": list(a.get("reasons") or []),
            "flows": [_flow(str(a.get("address")), t) for t in a.get("traffic") or []],
        }
        for a in raw
    ]
    flows += [
        _flow(f"{a.get('address')} (device ambiguous)", t)
        for a in raw
        for t in a.get("traffic") or []
        if t.get("adversary_country")
    ]
    return {
        "summary": {
            "devices": summary.get("devices", len(devices)),
            "covered": summary.get("covered_devices", len(covered)),
            "phone_home": summary.get("devices_with_adversary_traffic", 0),
            "rejected": summary.get("rejected_rows", 0),
            "inputs": [str(i.get("file")) for i in document.get("inputs") or []],
        },
        "by_vendor": by_vendor.most_common(),
        "by_site": sorted(by_site.items()),
        "covered_by_site": sorted(covered_by_site.items()),
        "covered_devices": covered,
        "flows": flows,
        "ambiguous": ambiguous,
        "devices": [{**d, "label": _label(d), "site": site_of(d)} for d in devices],
        "rejected": list(document.get("rejected") or []),
        "unread": list(document.get("unread_inputs") or []),
        "remediation": [
            {**r, "labels": [labels.get(i, i) for i in r.get("devices") or []]}
            for r in document.get("remediation") or []
        ],
        "audit_generated_at": document.get("generated_at"),
    }
