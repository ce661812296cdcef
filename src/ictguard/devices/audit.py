"""Audit: read any mix of inputs, merge sightings into devices, identify them, tie traffic, attach the law.

Public API: ``audit_paths(paths) -> AuditReport`` and ``audit_observations(obs) -> AuditReport``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ictguard.devices.detect import read_input
from ictguard.devices.device_identity import Verdict, decide, values_of
from ictguard.devices.flowgroups import (
    Relevance,
    group_flows,
    merge_groups,
    merge_hosts,
    named_ports,
    reduce_groups,
)
from ictguard.devices.identify import Identifier
from ictguard.devices.lawdata import LawData, default_law_data
from ictguard.devices.legal import legal_findings
from ictguard.devices.parsers import zeek_conn
from ictguard.devices.records import FlowGroup, LocalHost, Observations, Rejected, Sighting
from ictguard.devices.traffic import Destination, NameIndex, is_global, summarize
from ictguard.errors import DeviceInputError

_log = logging.getLogger(__name__)
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

    @property
    def site(self) -> str | None:
        """The site the first sighting that names one gives (inventories are read in input order)."""
        return self.first("site")


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


def _known(merger: _Merger, ip: str, mac: str | None) -> Device | None:
    # The MAC next to a public address is the router's (the last hop), never the remote host's.
    return merger.by_ip.get(ip) or (merger.by_mac.get(mac) if mac and not is_global(ip) else None)


def _attribute(
    merger: _Merger, groups: list[FlowGroup], hosts: list[LocalHost]
) -> dict[str, list[tuple[FlowGroup, bool]]]:
    """Tie each kept conversation to the device at its local end.

    First every local host seen talking to the internet becomes a device (unless an inventory or a lease
    already knows it), in first-seen order, so the result does not depend on how the log is sorted; then each
    conversation goes to the first of its ends (originator first) that is a known device.
    """
    for host in hosts:
        if _known(merger, host.ip, host.mac) is None:
            merger.device_for(host.mac, host.ip, host.ip)
    by_device: dict[str, list[tuple[FlowGroup, bool]]] = {}
    for group in groups:
        for local, mac, outbound in ((group.src, group.src_mac, True), (group.dst, group.dst_mac, False)):
            device = _known(merger, local, mac)
            if device is not None:
                by_device.setdefault(device.key, []).append((group, outbound))
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
        # A lease is a device on the network even if no inventory lists it: its MAC alone can identify it.
        device = merger.device_for(lease.mac, lease.ip, lease.mac)
        device.sightings.append(Sighting(source="DHCP lease", ip=lease.ip, mac=lease.mac, hostname=lease.hostname))
    for number, s in enumerate([*obs.sightings, *_certificate_sightings(obs)]):
        device = merger.device_for(s.mac, s.ip, f"{s.source}#{s.line or number}")
        device.sightings.append(s)
    groups = merge_groups(group_flows(obs.flows, named_ports(law)), obs.flow_groups)
    kept, hosts, _dropped = reduce_groups(groups, Relevance(law, obs.names))
    by_device = _attribute(merger, kept, merge_hosts(hosts, obs.local_hosts))
    destinations = summarize(by_device, NameIndex(obs.names), law)
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
    """Parse every input and audit them together.

    A file that cannot be read at all (unknown format, binary garbage, an XML bomb) is recorded in
    ``observations.unread`` and the others are still audited; so is a file whose parser fails unexpectedly
    (any exception, not only DeviceInputError: a parser bug must not cost the whole report). Only when no input
    can be read is the first DeviceInputError raised. Zeek TSV conn logs, the large inputs, are read last and
    streamed (zeek_conn): by then the DNS and TLS names are known, so only conversations that touch an
    adversary country or a vendor cloud are kept whole.
    """
    paths = list(paths)
    law = default_law_data()
    parts: list[Observations | None] = []
    errors: list[DeviceInputError] = []
    conn_logs: list[tuple[int, Path, zeek_conn.Header]] = []
    for path in paths:
        try:
            header = zeek_conn.read_header(path)
            if header is not None and zeek_conn.is_conn(header):
                conn_logs.append((len(parts), path, header))
                parts.append(None)
            else:
                parts.append(read_input(path))
        except DeviceInputError as exc:
            errors.append(exc)
        except Exception as exc:  # a parser bug on one file must not cost the whole audit
            errors.append(_unexpected(path, exc))
    names = [seen for part in parts if part is not None for seen in part.names]
    relevant = Relevance(law, names)
    for index, path, header in conn_logs:
        try:
            parts[index] = zeek_conn.read_conn_log(path, header, named_ports(law), relevant)
        except DeviceInputError as exc:
            errors.append(exc)
        except Exception as exc:  # as above
            errors.append(_unexpected(path, exc))
    read = [part for part in parts if part is not None]
    if errors and not read:
        raise errors[0]
    obs = Observations()
    for part in read:
        obs.extend(part)
    obs.unread.extend(_unread(exc) for exc in errors)
    return audit_observations(obs, as_of=as_of)


def _unexpected(path: Path, exc: Exception) -> DeviceInputError:
    """A parser bug (TypeError, RecursionError …) on one file: that file is unread, the run goes on.

    The reason names the file and the exception type, never a traceback (that goes to the debug log).
    """
    _log.debug("parser failed on %s", path, exc_info=exc)
    detail = " ".join(str(exc).split())[:200]
    reason = f"could not be parsed ({type(exc).__name__}{': ' + detail if detail else ''})"
    error = DeviceInputError(reason, file=path)
    error.__cause__ = exc
    return error


def _unread(exc: DeviceInputError) -> Rejected:
    return Rejected(exc.file or "?", exc.line, exc.field, " ".join(exc.reason.split()))
