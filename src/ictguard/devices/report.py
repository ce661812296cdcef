"""The audit report as one JSON-ready document; HTML (Jinja2) and PDF renderings of the same document."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from ictguard.devices.audit import AmbiguousTraffic, AuditReport, Device
from ictguard.devices.records import Rejected
from ictguard.devices.remediation import remediation_list
from ictguard.devices.traffic import Destination


def _ts(value: float | None) -> str | None:
    """ISO time of an epoch value; None (unknown) when absent or not a representable time.

    Timestamps come from the inputs: a log with ts 99999999999999, nan or -1e20 must not cost the report.
    """
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(value, UTC).isoformat(timespec="seconds")
    except (ValueError, OverflowError, OSError, TypeError):
        return None


def _site_conflict(device: Device) -> set[str]:
    sites = list(dict.fromkeys(s.site for s in device.sightings if s.site))
    return {f"inputs disagree on the site: {', '.join(sites)} (reported under {sites[0]})"} if len(sites) > 1 else set()


def device_dict(device: Device) -> dict[str, Any]:
    v = device.verdict
    return {
        "id": device.key,
        "ips": sorted(device.ips),
        "macs": sorted(device.macs),
        "hostname": device.first("hostname"),
        "manufacturer": device.first("manufacturer"),
        "model": device.first("model"),
        "serial": device.first("serial"),
        "firmware": device.first("firmware"),
        "site": device.site,
        "vendor": v.vendor if v else None,
        "covered": bool(v and v.covered),
        "basis": v.basis if v else None,
        "confidence": round(v.confidence, 3) if v else 0.0,
        "labelled_as": v.labelled_as if v else None,
        "covered_company": v.covered_company if v else None,
        "evidence": list(v.evidence) if v else [],
        "notes": sorted({n for s in device.sightings for n in s.notes} | _site_conflict(device) | set(device.notes)),
        "sources": sorted({f"{s.source}:{s.line}" if s.line else s.source for s in device.sightings}),
        "traffic": [_destination(d) for d in device.destinations],
        "findings": [f.to_dict() for f in device.findings],
    }


def _destination(d: Destination) -> dict[str, Any]:
    return {
        "country": d.country,
        "adversary_country": d.adversary,
        "cloud": d.cloud,
        "bytes_out": d.bytes_out,
        "bytes_in": d.bytes_in,
        "flows": d.flows,
        "first_seen": _ts(d.first),
        "last_seen": _ts(d.last),
        "names": sorted(d.names),
        "services": sorted(d.ports),
    }


def _ambiguous(entry: AmbiguousTraffic) -> dict[str, Any]:
    """Traffic of an address several devices held, charged to none of them (audit.py, rule 3)."""
    return {
        "address": entry.address,
        "candidates": list(entry.candidates),
        "reasons": list(entry.reasons),
        "traffic": [_destination(d) for d in entry.destinations],
    }


def _rejected(row: Rejected) -> dict[str, Any]:
    return {"file": row.file, "line": row.line, "field": row.field, "reason": row.reason}


def report_dict(report: AuditReport) -> dict[str, Any]:
    devices = [device_dict(d) for d in report.devices]
    obs = report.observations
    return {
        "generated_at": report.generated_at,
        "inputs": [{"file": f, "format": fmt} for f, fmt in obs.inputs],
        "summary": {
            "devices": len(devices),
            "covered_devices": sum(d["covered"] for d in devices),
            "covered_by_vendor": dict(Counter(d["vendor"] for d in devices if d["covered"])),
            "devices_with_adversary_traffic": sum(any(t["adversary_country"] for t in d["traffic"]) for d in devices),
            "flows": obs.flow_count,
            "rejected_rows": len(obs.rejected),
            "unread_inputs": len(obs.unread),
            "ambiguous_traffic_addresses": len(report.ambiguous_traffic),
        },
        "rejected": [_rejected(r) for r in obs.rejected],
        "unread_inputs": [_rejected(r) for r in obs.unread],
        "remediation": remediation_list((d.key, d.findings) for d in report.devices),
        "devices": devices,
        "ambiguous_traffic": [_ambiguous(a) for a in report.ambiguous_traffic],
    }
