"""What the input parsers produce: device sightings, flows, names seen on the wire, DHCP leases, rejected rows.

Parsers only describe what a file says; identification and legal findings happen later (audit.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Sighting:
    """One device as one input describes it (an inventory row, an nmap host, a discovery reply …)."""

    source: str
    line: int | None = None
    ip: str | None = None
    mac: str | None = None
    hostname: str | None = None
    manufacturer: str | None = None
    model: str | None = None
    serial: str | None = None
    firmware: str | None = None
    device_type: str | None = None
    #: where the device is, as the inventory names it (Site / Location / SiteName column)
    site: str | None = None
    #: (kind, value) pairs to fingerprint, kinds as in fingerprints.KINDS
    signals: list[tuple[str, str]] = field(default_factory=list)
    #: facts worth showing a reader, e.g. "SADP: HCPlatformEnable=true (Hik-Connect cloud enabled)"
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Flow:
    """One connection or flow record; ``src`` is the originator when the input says so."""

    src: str
    dst: str
    sport: int | None
    dport: int | None
    proto: str
    bytes_out: int  # src -> dst
    bytes_in: int  # dst -> src
    first: float | None
    last: float | None
    src_mac: str | None = None
    dst_mac: str | None = None


@dataclass
class FlowGroup:
    """Flows that share both addresses, both MACs, the protocol and the service ports, added up.

    Traffic is summarised per conversation before it is tied to devices, so memory follows the number of
    distinct conversations rather than the number of log rows. A port is kept only when it names a vendor
    service (clouds.yaml ``ports``), the one use the audit has for it; otherwise it is ``None``.
    """

    src: str
    dst: str
    src_mac: str | None
    dst_mac: str | None
    proto: str
    sport: int | None
    dport: int | None
    flows: int = 0
    bytes_out: int = 0
    bytes_in: int = 0
    first: float | None = None
    last: float | None = None

    @property
    def key(self) -> tuple[str, str, str | None, str | None, str, int | None, int | None]:
        return (self.src, self.dst, self.src_mac, self.dst_mac, self.proto, self.sport, self.dport)

    def add(self, flows: int, bytes_out: int, bytes_in: int, first: float | None, last: float | None) -> None:
        self.flows += flows
        self.bytes_out += bytes_out
        self.bytes_in += bytes_in
        for ts in (first, last):
            if ts is not None:
                self.first = ts if self.first is None else min(self.first, ts)
                self.last = ts if self.last is None else max(self.last, ts)


@dataclass(frozen=True)
class LocalHost:
    """A local address (with the MAC beside it) seen talking to a public one: a device, even if no
    inventory lists it. Conversations that reach no adversary country and no vendor cloud are reduced to this."""

    ip: str
    mac: str | None
    first: float | None


@dataclass(frozen=True)
class NameSeen:
    """A client resolved (DNS) or connected to (TLS SNI) a name; ``addresses`` are the server IPs."""

    client: str | None
    name: str
    how: str  # "dns" | "sni"
    addresses: tuple[str, ...] = ()
    ts: float | None = None


@dataclass(frozen=True)
class Lease:
    ip: str
    mac: str
    hostname: str | None = None
    #: when the lease was granted (epoch seconds) and for how long (seconds), when the log says so (Zeek
    #: dhcp.log ``ts`` and ``lease_time``): together they tell who held a reused address at a flow's time
    ts: float | None = None
    lease_time: float | None = None


@dataclass(frozen=True)
class Rejected:
    """A row that could not be used: reported, never silently dropped."""

    file: str
    line: int | None
    field: str | None
    reason: str


@dataclass
class Observations:
    sightings: list[Sighting] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    #: flows already added up per conversation (the columnar Zeek conn.log reader produces these)
    flow_groups: list[FlowGroup] = field(default_factory=list)
    #: local hosts seen talking to the internet in flows that were not kept as groups, and how many flows those were
    local_hosts: list[LocalHost] = field(default_factory=list)
    other_flows: int = 0
    names: list[NameSeen] = field(default_factory=list)
    leases: list[Lease] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    #: whole input files that could not be read or parsed (binary garbage, XML bombs, unknown formats)
    unread: list[Rejected] = field(default_factory=list)
    #: (file, detected format) for every input read
    inputs: list[tuple[str, str]] = field(default_factory=list)
    #: TLS servers and the certificate they presented: (server ip, certificate fingerprint or file id, source)
    server_certs: list[tuple[str, str, str]] = field(default_factory=list)
    #: certificate fingerprint or file id -> subject DN (Zeek x509.log)
    cert_subjects: dict[str, str] = field(default_factory=dict)

    @property
    def flow_count(self) -> int:
        return len(self.flows) + sum(group.flows for group in self.flow_groups) + self.other_flows

    def extend(self, other: Observations) -> None:
        self.sightings.extend(other.sightings)
        self.flows.extend(other.flows)
        self.flow_groups.extend(other.flow_groups)
        self.local_hosts.extend(other.local_hosts)
        self.other_flows += other.other_flows
        self.names.extend(other.names)
        self.leases.extend(other.leases)
        self.rejected.extend(other.rejected)
        self.unread.extend(other.unread)
        self.inputs.extend(other.inputs)
        self.server_certs.extend(other.server_certs)
        self.cert_subjects.update(other.cert_subjects)
