"""Audit: read any mix of inputs, merge sightings into devices, identify them, tie traffic, attach the law.

Public API: ``audit_paths(paths) -> AuditReport`` and ``audit_observations(obs) -> AuditReport``.

How records become devices (an address is reused over time; a MAC is the device's own):

1. A record with a MAC (a DHCP lease, an inventory row, a scan host …) belongs to the device with that MAC,
   or starts one. A MAC different from a device's known MAC is a different device, even on the same IP:
   two leases of 10.6.0.50, to a Hikvision MAC and later to an Apple one, are two devices.
2. A record without a MAC joins the one device that held its IP. When no device did, the MAC-less records
   of that IP are one device. When several did, it is a device of its own with a note naming them, never
   merged into one of them: which one the record describes cannot be told.
3. A conversation goes to the device at its local end (originator first). When several devices held that
   address, the one whose MAC the flow carries; else the one whose DHCP lease (ts .. ts + lease_time)
   covers the whole conversation (a valid lease is exclusive); else it is reported in
   ``ambiguous_traffic`` with the candidates, and charged to none of them.
4. Conn-log L2 addresses never split an address: behind a router every local address shows the router's
   MAC, so a host seen only in traffic joins the device already holding its IP.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from ictguard.devices.device_identity import Verdict, decide, values_of
from ictguard.devices.findings import DeviceFinding
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
from ictguard.devices.records import FlowGroup, LocalHost, Observations, Rejected, Sighting
from ictguard.devices.streamed import Kind, StreamEngine, classify, expand, local_engine
from ictguard.devices.traffic import Destination, NameIndex, is_global, summarize
from ictguard.errors import DeviceInputError

_log = logging.getLogger(__name__)
ICTS_RULES = ("R-EO13873", "R-ICTS-IFR", "R-ICTS-FA-LIST")


@dataclass(eq=False)
class Device:
    key: str
    sightings: list[Sighting] = field(default_factory=list)
    ips: set[str] = field(default_factory=set)
    macs: set[str] = field(default_factory=set)
    verdict: Verdict | None = None
    destinations: list[Destination] = field(default_factory=list)
    findings: list[DeviceFinding] = field(default_factory=list)
    #: facts about the merge itself (e.g. an address several devices held)
    notes: list[str] = field(default_factory=list)

    def first(self, attr: str) -> str | None:
        return next((getattr(s, attr) for s in self.sightings if getattr(s, attr)), None)

    @property
    def site(self) -> str | None:
        """The site the first sighting that names one gives (inventories are read in input order)."""
        return self.first("site")


@dataclass(frozen=True)
class Ambiguity:
    """Traffic of an address several devices held, when neither MAC nor lease time says which."""

    address: str
    candidates: tuple[str, ...]  # device keys
    reason: str


@dataclass
class AmbiguousTraffic:
    address: str
    candidates: tuple[str, ...]
    reasons: tuple[str, ...]
    destinations: list[Destination]


@dataclass
class AuditReport:
    generated_at: str
    observations: Observations
    devices: list[Device]
    ambiguous_traffic: list[AmbiguousTraffic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """A check failed: covered equipment, or any device (or ambiguous address) talking to an adversary."""
        return (
            any(d.verdict and d.verdict.covered for d in self.devices)
            or any(dest.adversary for d in self.devices for dest in d.destinations)
            or any(dest.adversary for a in self.ambiguous_traffic for dest in a.destinations)
        )


class _Merger:
    """Sightings into devices by the rules of the module docstring."""

    def __init__(self) -> None:
        self.devices: dict[str, Device] = {}
        self.by_mac: dict[str, Device] = {}
        #: every device that held an address, by key, in the order they were seen
        self.by_ip: dict[str, dict[str, Device]] = {}
        #: MAC-less records of an address several devices held (rule 2)
        self.unplaced: dict[str, Device] = {}
        #: (address, device key) -> DHCP lease intervals (start, end)
        self.leases: dict[tuple[str, str], list[tuple[float, float]]] = {}

    def _new(self, key: str) -> Device:
        return self.devices.setdefault(key, Device(key))

    def _hold(self, device: Device, ip: str) -> None:
        device.ips.add(ip)
        self.by_ip.setdefault(ip, {}).setdefault(device.key, device)

    def with_mac(self, mac: str, ip: str | None) -> Device:
        device = self.by_mac.get(mac)
        if device is None:
            device = self.by_mac[mac] = self._new(mac)
            device.macs.add(mac)
        if ip:
            self._hold(device, ip)
        return device

    def without_mac(self, ip: str | None, fallback: str) -> Device:
        if not ip:
            return self._new(fallback)
        holders = list(self.by_ip.get(ip, {}).values())
        if len(holders) == 1:
            return holders[0]
        if not holders:
            device = self._new(ip)
            self._hold(device, ip)
            return device
        unplaced = self.unplaced.get(ip)
        if unplaced is None:
            unplaced = self.unplaced[ip] = self._new(f"{ip} (several devices)")
            unplaced.ips.add(ip)
            unplaced.notes.append(
                f"{ip} was held by several devices ({', '.join(h.key for h in holders)}): "
                "records of that address without a MAC are not merged into any of them"
            )
        return unplaced

    def lease(self, device: Device, ip: str, ts: float | None, lease_time: float | None) -> None:
        if ts is not None and lease_time is not None and math.isfinite(ts) and math.isfinite(lease_time):
            self.leases.setdefault((ip, device.key), []).append((ts, ts + max(lease_time, 0.0)))

    def _held_during(self, ip: str, device: Device, first: float, last: float) -> bool:
        """Whether the device's leases of ``ip`` (renewals joined) cover [first, last] without a gap."""
        joined: list[list[float]] = []
        for start, stop in sorted(self.leases.get((ip, device.key), ())):
            if joined and start <= joined[-1][1]:
                joined[-1][1] = max(joined[-1][1], stop)
            else:
                joined.append([start, stop])
        return any(start <= first and last <= stop for start, stop in joined)

    def resolve(self, ip: str, mac: str | None, first: float | None, last: float | None) -> Device | Ambiguity | None:
        """The device at a conversation's local end ``ip`` (rules 3 and 4), an Ambiguity, or None (not local)."""
        holders = list(self.by_ip.get(ip, {}).values())
        if not holders:
            # The MAC next to a public address is the router's (the last hop), never the remote host's.
            return self.by_mac.get(mac) if mac and not is_global(ip) else None
        if len(holders) == 1:
            return holders[0]
        if mac and not is_global(ip):
            same = [h for h in holders if mac in h.macs]
            if len(same) == 1:
                return same[0]
        keys = tuple(h.key for h in holders)
        if first is None or last is None:
            return Ambiguity(ip, keys, "held by several devices; the traffic has no time to tell which")
        during = [h for h in holders if self._held_during(ip, h, first, last)]
        if len(during) == 1:
            return during[0]
        return Ambiguity(ip, keys, "held by several devices; no single DHCP lease covers the traffic's time")


def _attribute(
    merger: _Merger, groups: list[FlowGroup], hosts: list[LocalHost]
) -> tuple[dict[str, list[tuple[FlowGroup, bool]]], dict[str, list[tuple[FlowGroup, bool]]], dict[str, Ambiguity]]:
    """Tie each kept conversation to the device at its local end.

    First every local host seen talking to the internet becomes a device (unless an inventory or a lease
    already knows it), in first-seen order, so the result does not depend on how the log is sorted; then each
    conversation goes to the first of its ends (originator first) that is a known device, or, when that end
    is an address several devices held and nothing tells which, to the ambiguous traffic of that address.
    """
    for host in hosts:
        if merger.resolve(host.ip, host.mac, None, None) is None:
            if host.mac:
                merger.with_mac(host.mac, host.ip)
            else:
                merger.without_mac(host.ip, host.ip)
    by_device: dict[str, list[tuple[FlowGroup, bool]]] = {}
    by_address: dict[str, list[tuple[FlowGroup, bool]]] = {}
    ambiguities: dict[str, Ambiguity] = {}
    for group in groups:
        for local, mac, outbound in ((group.src, group.src_mac, True), (group.dst, group.dst_mac, False)):
            found = merger.resolve(local, mac, group.first, group.last)
            if isinstance(found, Device):
                by_device.setdefault(found.key, []).append((group, outbound))
                break
            if isinstance(found, Ambiguity):
                by_address.setdefault(local, []).append((group, outbound))
                ambiguities.setdefault(f"{local}\0{found.reason}", found)
                break
    return by_device, by_address, ambiguities


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


def _findings(device: Device, law: LawData, on: date) -> list[DeviceFinding]:
    out: list[DeviceFinding] = []
    verdict = device.verdict
    if verdict and verdict.covered and verdict.covered_company:
        out.extend(legal_findings(verdict.covered_company, on))
    for dest in device.destinations:
        if dest.adversary and dest.country:
            out.append(
                DeviceFinding(
                    id="icts-adversary-traffic",
                    scenario=None,
                    regime="ICTS",
                    outcome="flag",
                    rules=ICTS_RULES,
                    citations=(law.countries_citation,),
                    explanation=f"Sends data to {law.countries[dest.country]} ({dest.bytes_out} bytes out in "
                    f"{dest.flows} flows{', via ' + dest.cloud if dest.cloud else ''}): a foreign "
                    "adversary under 15 CFR 791.4.",
                    settles="whether the device's ICT transaction with this destination was reviewed (EO 13873)",
                )
            )
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
        device = merger.with_mac(lease.mac, lease.ip)
        merger.lease(device, lease.ip, lease.ts, lease.lease_time)
        device.sightings.append(Sighting(source="DHCP lease", ip=lease.ip, mac=lease.mac, hostname=lease.hostname))
    records = [*obs.sightings, *_certificate_sightings(obs)]
    for s in records:  # rule 1 for every MAC first, so rule 2 knows every holder of an address
        if s.mac:
            merger.with_mac(s.mac, s.ip).sightings.append(s)
    for number, s in enumerate(records):
        if not s.mac:
            merger.without_mac(s.ip, f"{s.source}#{s.line or number}").sightings.append(s)
    rank = {id(s): number for number, s in enumerate(records)}
    for device in merger.devices.values():  # back in input order: first() prefers what came first
        device.sightings.sort(key=lambda s: rank.get(id(s), -1))
    groups = merge_groups(group_flows(obs.flows, named_ports(law)), obs.flow_groups)
    kept, hosts, _dropped = reduce_groups(groups, Relevance(law, obs.names))
    by_device, by_address, ambiguities = _attribute(merger, kept, merge_hosts(hosts, obs.local_hosts))
    names = NameIndex(obs.names)
    destinations = summarize(by_device, names, law)
    ambiguous = _ambiguous(summarize(by_address, names, law), ambiguities)
    for device in merger.devices.values():
        manufacturer = device.first("manufacturer")
        signals = [sig for s in device.sightings for sig in s.signals]
        values = values_of(manufacturer, device.first("model"), device.first("serial"), device.macs, signals)
        device.verdict = decide(identifier, values, manufacturer, on)
        device.destinations = sorted(destinations.get(device.key, {}).values(), key=lambda d: -d.bytes_out)
        device.findings = _findings(device, law, on)
    devices = [d for d in merger.devices.values() if d.sightings or d.destinations]
    devices.sort(key=lambda d: (not (d.verdict and d.verdict.covered), d.key))
    return AuditReport(datetime.now(UTC).isoformat(timespec="seconds"), obs, devices, ambiguous)


def _ambiguous(
    destinations: dict[str, dict[tuple[str | None, str | None], Destination]], ambiguities: dict[str, Ambiguity]
) -> list[AmbiguousTraffic]:
    out = []
    for address, found in sorted(destinations.items()):
        seen = [a for a in ambiguities.values() if a.address == address]
        candidates = tuple(dict.fromkeys(key for a in seen for key in a.candidates))
        out.append(
            AmbiguousTraffic(
                address,
                candidates,
                tuple(dict.fromkeys(a.reason for a in seen)),
                sorted(found.values(), key=lambda d: -d.bytes_out),
            )
        )
    return out


def audit_paths(
    paths: Iterable[Path], as_of: date | None = None, *, workers: int = 1, stream: StreamEngine | None = None
) -> AuditReport:
    """Parse every input (a directory stands for its files) and audit them together.

    A file that cannot be read at all (unknown format, binary garbage, an XML bomb) is recorded in
    ``observations.unread`` and the others are still audited; so is a file whose parser fails unexpectedly
    (any exception, not only DeviceInputError: a parser bug must not cost the whole report). Only when no input
    can be read is the first DeviceInputError raised. The large inputs (Zeek conn logs, TSV or JSON, and nfdump
    CSV) are read last and streamed (zeek_conn, zeek_conn_json, nfdump.read_nfdump_csv): by then the DNS and TLS
    names are known, so only conversations that touch an adversary country or a vendor cloud are kept whole.
    ``workers`` processes read the files (streamed.py); ``stream`` reads the conn logs instead (the Spark engine:
    spark.flows), the report being the same either way.
    """
    paths = expand(paths)
    law = default_law_data()
    parts: list[Observations | None] = []
    errors: list[DeviceInputError] = []
    streamed: list[tuple[int, Path, Kind]] = []  # the conn logs, read once the names are known
    for path, (kind, found) in zip(paths, classify(paths, workers), strict=True):
        if kind is not None:
            streamed.append((len(parts), path, kind))
            parts.append(None)
        elif isinstance(found, DeviceInputError):
            errors.append(found)
        else:
            parts.append(found)
    names = [seen for part in parts if part is not None for seen in part.names]
    engine = stream or local_engine(workers)
    results = engine([(path, kind) for _, path, kind in streamed], named_ports(law), Relevance(law, names))
    for (index, _, _), result in zip(streamed, results, strict=True):
        if isinstance(result, DeviceInputError):
            errors.append(result)
        else:
            parts[index] = result
    read = [part for part in parts if part is not None]
    if errors and not read:
        raise errors[0]
    obs = Observations()
    for part in read:
        obs.extend(part)
    obs.unread.extend(_unread(exc) for exc in errors)
    return audit_observations(obs, as_of=as_of)


def _unread(exc: DeviceInputError) -> Rejected:
    return Rejected(exc.file or "?", exc.line, exc.field, " ".join(exc.reason.split()))
