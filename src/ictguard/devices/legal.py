"""The law for one covered vendor's equipment: each scenario of findings.yaml is decided by ictguard.rules.

Results depend only on (vendor, date), so they are computed once per audit, not once per device.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from ictguard.devices.findings import DeviceFinding
from ictguard.devices.fingerprints import default_vendors
from ictguard.devices.lawdata import default_law_data


@lru_cache(maxsize=64)
def _decided(vendor_name: str, on: date) -> tuple[DeviceFinding, ...]:
    from ictguard.rules import curated_resolver, decide_many

    law = default_law_data()
    vendor = default_vendors()[vendor_name]
    transactions = [
        {
            "id": scenario.id,
            "date": on.isoformat(),
            "kind": scenario.kind,
            "parties": [{"role": scenario.role, "name": "The audited organisation", "country": "US"}],
            "items": [
                {
                    "description": f"{vendor_name} equipment found by ictguard audit",
                    "category": vendor.category,
                    "manufacturer": vendor.legal_name,
                }
            ],
        }
        for scenario in law.scenarios
    ]
    out: list[DeviceFinding] = []
    for scenario, determination in zip(
        law.scenarios, decide_many(transactions, resolver=curated_resolver()), strict=True
    ):
        for finding in determination.findings:
            if finding.regime == "ONVIF" and any(f.regime == "ONVIF" for f in out):
                continue  # the informational ONVIF note comes back for every scenario: keep one
            out.append(DeviceFinding.from_rule(scenario, finding))
    out += [DeviceFinding.from_template(t) for t in law.findings if vendor_name in t.vendors]
    return tuple(out)


def legal_findings(vendor_name: str, on: date) -> list[DeviceFinding]:
    """Findings for equipment of a covered vendor on a date: each scenario decided, then the vendor's facts."""
    return list(_decided(vendor_name, on))
