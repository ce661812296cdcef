"""Audit: read any mix of inputs, merge sightings into devices, identify them, tie traffic, attach the law.

Public API: ``audit_paths(paths) -> AuditReport`` and ``audit_observations(obs) -> AuditReport``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ictguard.devices.detect import read_input
from ictguard.devices.device_identity import Verdict, decide, values_of
from ictguard.devices.identify import Identifier
from ictguard.devices.lawdata import LawData, default_law_data
from ictguard.devices.legal import legal_findings
from ictguard.devices.records import Flow, Observations, Sighting
from ictguard.devices.traffic import Destination, NameIndex, is_global, summarize

ICTS_RULES = ("R-EO13873", "R-ICTS-IFR", "R-ICTS-FA-LIST")


@dataclass
class Device:
    key: str
    sightings: list[Sighting] = field(default_factory=list)
    ips: set[str] = field(default_factory=set)
    macs: set[str] = field(default_factory=set)
    verdict: Verdict | None = None
    destinations: list[Destination] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)

    def first(self, attr: str) -> str | None:
        return next((getattr(s, attr) for s in self.sightings if getattr(s, attr)), None)


@dataclass
class AuditReport:
    generated_at: str
    observations: Observations
    devices: list[Device]

    @property
    def failed(self) -> bool:
        """A check failed: covered equipment, or any device talking to an adversary country."""
        return any(d.verdict and d.verdict.covered for d in self.devices) or any(
            dest.adversary for d in self.devices for dest in d.destinations
        )


class _Merger:
    """Union of sightings that share a MAC or an IP (DHCP leases and conn-log L2 addresses link the two)."""

    def __init__(self) -> None:
        self.devices: dict[str, Device] = {}
        self.by_mac: dict[str, Device] = {}
        self.by_ip: dict[str, Device] = {}

    def device_for(self, mac: str | None, ip: str | None, fallback: str) -> Device:
        found = (self.by_mac.get(mac) if mac else None) or (self.by_ip.get(ip) if ip else None)
        if found is None:
            key = mac or ip or fallback
            found = self.devices.setdefault(key, Device(key))
        if mac and mac not in found.macs:
            found.macs.add(mac)
            self.by_mac[mac] = found
        if ip and ip not in found.ips:
            found.ips.add(ip)
            self.by_ip.setdefault(ip, found)
        return found


def _attribute_flows(merger: _Merger, flows: Iterable[Flow]) -> dict[str, list[tuple[Flow, bool]]]:
    by_device: dict[str, list[tuple[Flow, bool]]] = {}
    for flow in flows:
        for local, mac, outbound, remote in ((flow.src, flow.src_mac, True, flow.dst),
                                             (flow.dst, flow.dst_mac, False, flow.src)):
            known = merger.by_ip.get(local) or (merger.by_mac.get(mac) if mac else None)
            if known is None and (is_global(local) or not is_global(remote)):
                continue  # only a local host talking to the internet becomes a device of its own
            device = known or merger.device_for(mac, local, local)
            by_device.setdefault(device.key, []).append((flow, outbound))
            break
    return by_device


def _certificate_sightings(obs: Observations) -> list[Sighting]:
    """A local TLS server whose certificate subject is known (ssl.log chain + x509.log) is a device sighting."""
    out = []
    for ip, cert, source in dict.fromkeys(obs.server_certs):
        subject = obs.cert_subjects.get(cert)
        if subject and not is_global(ip):
            sighting = Sighting(source=source, ip=ip)
            sighting.signals.append(("tls_subject", subject))
            out.append(sighting)
    return out


def _findings(device: Device, law: LawData, on: date) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    verdict = device.verdict
    if verdict and verdict.covered and verdict.covered_company:
        out.extend(legal_findings(verdict.covered_company, on))
    for dest in device.destinations:
        if dest.adversary and dest.country:
            out.append({
                "id": "icts-adversary-traffic", "scenario": None, "regime": "ICTS", "outcome": "flag",
                "rules": list(ICTS_RULES),
                "citations": [law.countries_citation],
                "explanation": f"Sends data to {law.countries[dest.country]} ({dest.bytes_out} bytes out in "
                               f"{dest.flows} flows{', via ' + dest.cloud if dest.cloud else ''}): a foreign "
                               "adversary under 15 CFR 791.4.",
                "settles": "whether the device's ICT transaction with this destination was reviewed (EO 13873)",
            })
    return out


def audit_observations(
    obs: Observations, identifier: Identifier | None = None, as_of: date | None = None
) -> AuditReport:
    """Merge, identify, tie traffic and attach the law as it stands on ``as_of`` (default: today, UTC)."""
    identifier = identifier or Identifier()
    on = as_of or datetime.now(UTC).date()
    law = default_law_data()
    merger = _Merger()
    for lease in obs.leases:
        merger.device_for(lease.mac, lease.ip, lease.mac)
    for number, s in enumerate([*obs.sightings, *_certificate_sightings(obs)]):
        device = merger.device_for(s.mac, s.ip, f"{s.source}#{s.line or number}")
        device.sightings.append(s)
    destinations = summarize(_attribute_flows(merger, obs.flows), NameIndex(obs.names), law)
    for device in merger.devices.values():
        manufacturer = device.first("manufacturer")
        signals = [sig for s in device.sightings for sig in s.signals]
        values = values_of(manufacturer, device.first("model"), device.first("serial"), device.macs, signals)
        device.verdict = decide(identifier, values, manufacturer)
        device.destinations = sorted(destinations.get(device.key, {}).values(), key=lambda d: -d.bytes_out)
        device.findings = _findings(device, law, on)
    devices = [d for d in merger.devices.values() if d.sightings or d.destinations]
    devices.sort(key=lambda d: (not (d.verdict and d.verdict.covered), d.key))
    return AuditReport(datetime.now(UTC).isoformat(timespec="seconds"), obs, devices)


def audit_paths(paths: Iterable[Path], as_of: date | None = None) -> AuditReport:
    """Parse every input (raising DeviceInputError for a malformed file) and audit them together."""
    obs = Observations()
    for path in paths:
        obs.extend(read_input(path))
    return audit_observations(obs, as_of=as_of)
