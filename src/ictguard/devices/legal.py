"""The law for one covered vendor's equipment: each scenario of findings.yaml is decided by ictguard.rules.

Results depend only on (vendor, date), so they are computed once per audit, not once per device.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from ictguard.devices.fingerprints import default_vendors
from ictguard.devices.lawdata import default_law_data


@lru_cache(maxsize=64)
def _decided(vendor_name: str, on: date) -> tuple[dict[str, Any], ...]:
    from ictguard.rules import curated_resolver, decide_many

    law = default_law_data()
    vendor = default_vendors()[vendor_name]
    transactions = [
        {
            "id": scenario.id, "date": on.isoformat(), "kind": scenario.kind,
            "parties": [{"role": scenario.role, "name": "The audited organisation", "country": "US"}],
            "items": [{"description": f"{vendor_name} equipment found by ictguard audit",
                       "category": vendor.category, "manufacturer": vendor.legal_name}],
        }
        for scenario in law.scenarios
    ]
    out: list[dict[str, Any]] = []
    for scenario, determination in zip(law.scenarios, decide_many(transactions, resolver=curated_resolver()),
                                       strict=True):
        for finding in determination.findings:
            doc = finding.to_dict()
            if doc.get("regime") == "ONVIF" and any(f["regime"] == "ONVIF" for f in out):
                continue  # the informational ONVIF note comes back for every scenario: keep one
            out.append({
                "id": f"{scenario.id}:{str(doc.get('regime', '')).lower()}",
                "scenario": scenario.question,
                "regime": doc.get("regime"), "outcome": doc.get("outcome"), "rules": list(doc.get("rules") or []),
                "citations": list(doc.get("citations") or []), "explanation": doc.get("explanation") or "",
                "settles": ", ".join(doc.get("settle") or []),
            })
    for template in law.findings:
        if vendor_name in template.vendors:
            out.append({"id": template.id, "scenario": None, "regime": template.regime, "outcome": template.outcome,
                        "rules": list(template.rules), "citations": list(template.citations),
                        "explanation": template.explanation, "settles": template.settles})
    return tuple(out)


def legal_findings(vendor_name: str, on: date) -> list[dict[str, Any]]:
    """Findings (decisions.md shape plus ``scenario``) for equipment of a covered vendor on a date."""
    return [dict(f) for f in _decided(vendor_name, on)]
