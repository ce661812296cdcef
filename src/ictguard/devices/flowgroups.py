"""Add flows up per conversation (FlowGroup), whichever reader produced them.

Both the row-by-row parsers (a list of Flow) and the columnar Zeek conn.log reader (already grouped) end in
``merge_groups``, which yields the groups in one canonical order, so the two paths give the same report.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ictguard.devices.lawdata import LawData
from ictguard.devices.records import Flow, FlowGroup, LocalHost, NameSeen, Observations
from ictguard.devices.traffic import cloud_of, country_of, is_global

GroupKey = tuple[str, str, str | None, str | None, str, int | None, int | None]


class Relevance:
    """Which addresses can make a conversation reportable: those in an adversary country, and those any DNS
    answer or TLS SNI ties to a vendor cloud name. A conversation touching neither is never reported; all it
    can tell the audit is that its local end is a device (a LocalHost)."""

    def __init__(self, law: LawData, names: Iterable[NameSeen]) -> None:
        self.countries = frozenset(law.countries)
        self.cloud_addresses = frozenset(
            address for seen in names if cloud_of(seen.name, law) for address in seen.addresses
        )
        self._memo: dict[str, bool] = {}

    def __call__(self, ip: str) -> bool:
        found = self._memo.get(ip)
        if found is None:
            found = self._memo[ip] = country_of(ip) in self.countries or ip in self.cloud_addresses
        return found


def local_ends(group: FlowGroup) -> list[LocalHost]:
    """The end of a conversation that is a local host talking to a public address (none, or one of the two)."""
    out = []
    if is_global(group.dst) and not is_global(group.src):
        out.append(LocalHost(group.src, group.src_mac, group.first))
    if is_global(group.src) and not is_global(group.dst):
        out.append(LocalHost(group.dst, group.dst_mac, group.first))
    return out


def reduce_groups(groups: Iterable[FlowGroup], relevant: Relevance) -> tuple[list[FlowGroup], list[LocalHost], int]:
    """Keep the conversations that touch a relevant address; of the rest keep only their local hosts and count."""
    kept, hosts, dropped = [], [], 0
    for group in groups:
        hosts.extend(local_ends(group))
        if relevant(group.src) or relevant(group.dst):
            kept.append(group)
        else:
            dropped += group.flows
    return kept, hosts, dropped


def merge_hosts(*sources: Iterable[LocalHost]) -> list[LocalHost]:
    """One entry per (address, MAC), earliest first seen, in first-seen order (ties broken by address, MAC)."""
    first: dict[tuple[str, str | None], float | None] = {}
    for source in sources:
        for host in source:
            key = (host.ip, host.mac)
            if key not in first:
                first[key] = host.first
            elif host.first is not None:
                seen = first[key]
                first[key] = host.first if seen is None else min(seen, host.first)
    hosts = [LocalHost(ip, mac, ts) for (ip, mac), ts in first.items()]
    return sorted(hosts, key=lambda h: (h.first if h.first is not None else math.inf, h.ip, h.mac or ""))


def named_ports(law: LawData) -> frozenset[int]:
    """Port numbers that name a vendor service: the only ports the summary reports, so the only ones kept."""
    return frozenset(port for port, _proto in law.ports)


def _port(port: int | None, named: frozenset[int]) -> int | None:
    return port if port in named else None


def group_flows(flows: Iterable[Flow], named: frozenset[int]) -> list[FlowGroup]:
    groups: dict[GroupKey, FlowGroup] = {}
    for flow in flows:
        key = (
            flow.src,
            flow.dst,
            flow.src_mac,
            flow.dst_mac,
            flow.proto,
            _port(flow.sport, named),
            _port(flow.dport, named),
        )
        group = groups.get(key)
        if group is None:
            group = groups[key] = FlowGroup(*key)
        group.add(1, flow.bytes_out, flow.bytes_in, flow.first, flow.last)
    return list(groups.values())


def _order(group: FlowGroup) -> tuple[float, str, str, str, str, str, int, int]:
    return (
        group.first if group.first is not None else math.inf,
        group.src,
        group.dst,
        group.src_mac or "",
        group.dst_mac or "",
        group.proto,
        group.sport or -1,
        group.dport or -1,
    )


def merge_groups(*sources: Iterable[FlowGroup]) -> list[FlowGroup]:
    """One group per key across all inputs, earliest conversation first (ties broken by the key)."""
    merged: dict[GroupKey, FlowGroup] = {}
    for source in sources:
        for group in source:
            found = merged.get(group.key)
            if found is None:
                merged[group.key] = FlowGroup(
                    *group.key, group.flows, group.bytes_out, group.bytes_in, group.first, group.last
                )
            else:
                found.add(group.flows, group.bytes_out, group.bytes_in, group.first, group.last)
    return sorted(merged.values(), key=_order)


class Reducer:
    """The audit's reduction (group_flows, reduce_groups) applied to a file one batch of flows at a time, for the
    streamed row readers (zeek_conn_json, nfdump): kept conversations by key (few: they touch an adversary
    country or a vendor cloud), the local hosts of the rest (merged now and then), and a count."""

    #: merge the pending local hosts once this many are held (one per local end per batch before merging)
    compact_at = 200_000

    def __init__(self, named: frozenset[int], relevant: Relevance) -> None:
        self.named, self.relevant = named, relevant
        self.groups: list[FlowGroup] = []
        self.hosts: list[LocalHost] = []
        self.other = 0

    def add(self, flows: Iterable[Flow]) -> None:
        kept, hosts, other = reduce_groups(group_flows(flows, self.named), self.relevant)
        if kept:
            self.groups = merge_groups(self.groups, kept)
        self.hosts.extend(hosts)
        if len(self.hosts) >= self.compact_at:
            self.hosts = merge_hosts(self.hosts)
        self.other += other

    def result(self, out: Observations) -> None:
        out.flow_groups = list(self.groups)
        out.local_hosts = merge_hosts(self.hosts)
        out.other_flows = self.other
