"""Identify the vendor behind one observed value (banner, title, certificate subject, MAC, model …).

Fingerprints are data (see fingerprints.py); this module only matches them and combines the evidence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ictguard.devices import oui
from ictguard.devices.families import grantee_code, normalize_fcc_id
from ictguard.devices.fingerprints import (
    KINDS,
    Fingerprint,
    Vendor,
    default_fingerprints,
    default_vendors,
)
from ictguard.errors import InputError

_OUI_CITATION = "IEEE registries MA-S/MA-M (Debian ieee-data), IAB/MA-L (netaddr); see devices/oui.py"
#: the organisation (O=) attributes of a certificate subject DN, in either "a=b, c=d" or "/a=b/c=d" form
_SUBJECT_ORG = re.compile(r'(?:^|[,/;])\s*O\s*=\s*("[^"]*"|[^,/;]+)', re.IGNORECASE)


@dataclass(frozen=True)
class Identification:
    value: str
    kind: str
    vendor: str | None
    covered: bool
    basis: str | None
    confidence: float
    evidence: tuple[str, ...]
    fingerprint_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The contract shape: exactly value, kind, vendor, covered, basis, confidence, evidence."""
        return {
            "value": self.value,
            "kind": self.kind,
            "vendor": self.vendor,
            "covered": self.covered,
            "basis": self.basis,
            "confidence": round(self.confidence, 3),
            "evidence": list(self.evidence),
        }


def _combine(confidences: Iterable[float]) -> float:
    """Independent pieces of evidence for the same vendor reinforce each other (noisy-or), capped below 1."""
    miss = 1.0
    for c in confidences:
        miss *= 1.0 - c
    return min(0.99, 1.0 - miss)


class Identifier:
    """Matches values against a fixed set of fingerprints. Build once, call many times."""

    def __init__(
        self, fingerprints: Sequence[Fingerprint] | None = None, vendors: dict[str, Vendor] | None = None
    ) -> None:
        self.vendors = vendors if vendors is not None else default_vendors()
        self._by_kind: dict[str, list[Fingerprint]] = defaultdict(list)
        for fp in fingerprints if fingerprints is not None else default_fingerprints():
            self._by_kind[fp.kind].append(fp)
        # Audits see the same MACs, banners and models over and over; results are immutable, so memoise.
        self._memo: dict[tuple[str, str], Identification] = {}

    def matches(self, kind: str, value: str) -> list[Fingerprint]:
        return [fp for fp in self._by_kind.get(kind, ()) if fp.pattern.search(value)]

    def identify(self, kind: str, value: str) -> Identification:
        if kind not in KINDS:
            raise InputError(f"unknown kind {kind!r}; one of: {', '.join(KINDS)}", field="kind")
        found = self._memo.get((kind, value))
        if found is None:
            value_text = value.strip()
            if kind == "mac":
                found = self._identify_mac(value_text)
            elif kind == "fcc_id":
                found = self._identify_fcc_id(value_text)
            elif kind == "tls_subject":
                found = self._identify_subject(value_text)
            else:
                found = self._decide(value_text, kind, self.matches(kind, value_text), ())
            if len(self._memo) > 200_000:
                self._memo.clear()
            self._memo[(kind, value)] = found
        return found

    def _identify_mac(self, value: str) -> Identification:
        mac = oui.normalize_mac(value)
        if mac is None:
            return Identification(value, "mac", None, False, None, 0.0, ("not a MAC address",))
        if oui.is_locally_administered(mac):
            return Identification(value, "mac", None, False, None, 0.0, ("locally administered (randomised) MAC",))
        found = oui.assignment(mac)
        if found is None:
            return Identification(value, "mac", None, False, None, 0.0, (f"OUI {mac[:8]} not in the registry",))
        block = f"{found.prefix}/{found.bits}"
        prefix = (f"{found.registry} {block} is registered to {found.organization!r} [{_OUI_CITATION}]",)
        return self._decide(value, "mac", self.matches("organization", found.organization), prefix)

    def _identify_fcc_id(self, value: str) -> Identification:
        fcc_id = normalize_fcc_id(value)
        if fcc_id is None:
            return Identification(value, "fcc_id", None, False, None, 0.0, ("not an FCC ID",))
        prefix = (f"FCC ID {fcc_id}: grantee code {grantee_code(fcc_id)}",)
        return self._decide(value, "fcc_id", self.matches("fcc_id", fcc_id), prefix)

    def _identify_subject(self, value: str) -> Identification:
        """A certificate subject's own patterns, and its O= organisation read like a registry organisation."""
        matched = self.matches("tls_subject", value)
        prefix: tuple[str, ...] = ()
        for raw in _SUBJECT_ORG.findall(value):
            organization = raw.strip().strip('"').strip()
            by_org = [fp for fp in self.matches("organization", organization) if fp not in matched]
            if by_org:
                prefix += (f"certificate subject organisation O={organization!r}",)
                matched.extend(by_org)
        return self._decide(value, "tls_subject", matched, prefix)

    def _decide(self, value: str, kind: str, matched: list[Fingerprint], prefix: tuple[str, ...]) -> Identification:
        if not matched:
            return Identification(value, kind, None, False, None, 0.0, (*prefix, "no fingerprint matched"))
        by_vendor: dict[str, list[Fingerprint]] = defaultdict(list)
        for fp in matched:
            by_vendor[fp.vendor].append(fp)
        scored = sorted(
            ((_combine(fp.confidence for fp in fps), name, fps) for name, fps in by_vendor.items()),
            key=lambda item: (-item[0], item[1]),
        )
        confidence, name, fps = scored[0]
        if len(scored) > 1:
            # Conflicting vendors: the runner-up's evidence discounts the winner (no silent tie-breaking).
            confidence *= 1.0 - scored[1][0] / 2
        best = max(fps, key=lambda fp: fp.confidence)
        vendor = self.vendors[name]
        evidence = prefix + tuple(f"{fp.id}: {fp.evidence} [{fp.citation}]" for fp in matched)
        return Identification(
            value=value,
            kind=kind,
            vendor=name,
            covered=vendor.covered,
            basis=best.basis,
            confidence=confidence,
            evidence=evidence,
            fingerprint_ids=tuple(fp.id for fp in matched),
        )


_default: Identifier | None = None


def identify(kind: str, value: str) -> Identification:
    """Identify one value with the packaged fingerprints (the Identifier is built once per process)."""
    global _default
    if _default is None:
        _default = Identifier()
    return _default.identify(kind, value)
