"""Combine every identifiable value of one device into one verdict (vendor, covered, basis, confidence)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ictguard.devices.identify import Identification, Identifier

_BASIS_ORDER = ("direct", "oem", "chipset")


@dataclass(frozen=True)
class Verdict:
    vendor: str | None
    covered: bool
    basis: str | None
    confidence: float
    evidence: tuple[str, ...]
    labelled_as: str | None = None
    #: the §889 / Covered List company the law is applied for (the SoC maker when covered by chipset)
    covered_company: str | None = None


def values_of(
    manufacturer: str | None,
    model: str | None,
    serial: str | None,
    macs: Iterable[str],
    signals: Iterable[tuple[str, str]],
) -> list[tuple[str, str]]:
    values: list[tuple[str, str]] = [("mac", m) for m in sorted(macs)]
    if manufacturer:
        values.append(("organization", manufacturer))
    for text in (model, serial):  # Hikvision serials begin with the model (device_audit.md §2.8)
        if text:
            values.append(("model", text))
    values.extend(signals)
    return list(dict.fromkeys(values))


def _rank(hits: list[Identification]) -> list[tuple[float, str, list[Identification]]]:
    by_vendor: dict[str, list[Identification]] = defaultdict(list)
    for hit in hits:
        assert hit.vendor is not None
        by_vendor[hit.vendor].append(hit)
    scored = []
    for name, group in by_vendor.items():
        miss = 1.0
        for hit in group:
            miss *= 1.0 - hit.confidence
        scored.append((min(0.99, 1.0 - miss), name, group))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored


def decide(
    identifier: Identifier, values: list[tuple[str, str]], manufacturer: str | None, on: date | None = None
) -> Verdict:
    """The device's verdict as of ``on`` (the audit date; default today): a brand sold before it is not its
    former family's."""
    results: list[Identification] = [identifier.identify(kind, value, on) for kind, value in values]
    hits = [r for r in results if r.vendor is not None]
    if not hits:
        return Verdict(
            None,
            False,
            None,
            0.0,
            ("no fingerprint matched any of: " + ", ".join(f"{k}={v!r}" for k, v in values[:8]),),
        )
    # A covered chipset (HiSilicon) says what is inside the box, not who made it: it never conflicts with the maker.
    chips = [h for h in hits if h.basis == "chipset" and h.covered]
    makers = [h for h in hits if h not in chips]
    scored = _rank(makers or chips)
    confidence, name, group = scored[0]
    evidence = [f"{hit.kind} {hit.value!r} -> {hit.vendor} ({hit.basis}, {hit.confidence:.2f})" for hit in hits]
    if len(scored) > 1:
        confidence *= 1.0 - scored[1][0] / 2
        evidence.append(f"conflicting evidence for {scored[1][1]}: confidence reduced")
    basis = min((hit.basis or "direct" for hit in group), key=_BASIS_ORDER.index)
    covered = group[0].covered
    company = name if covered else None
    if makers and chips and not covered:
        # Made by a vendor that is not covered, around a covered vendor's SoC (device_audit.md §2.7, §6).
        covered, basis, company = True, "chipset", chips[0].vendor
        confidence = min(confidence, _rank(chips)[0][0])
        evidence.append(f"made by {name} (not covered) but built on a HiSilicon (Huawei) SoC")
    labelled = None
    if covered and basis != "chipset" and manufacturer:
        label = identifier.identify("organization", manufacturer, on)
        if label.vendor != name:
            # The label names another brand, the firmware/protocol says a covered maker: an OEM relabel.
            labelled = manufacturer
            if basis == "direct":
                basis = "oem"
            evidence.append(f"labelled {manufacturer!r} but identified as {name}: OEM relabel")
    for hit in group + (chips if makers else []):
        evidence.extend(e for e in hit.evidence if not e.startswith("no fingerprint"))
    return Verdict(name, covered, basis, confidence, tuple(dict.fromkeys(evidence)), labelled, company)
