"""Tie flows to devices and summarise, per device, traffic to foreign-adversary countries and vendor clouds."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from functools import lru_cache

import iptocc

from ictguard.devices.lawdata import LawData
from ictguard.devices.records import Flow, NameSeen


@lru_cache(maxsize=262144)
def is_global(ip: str) -> bool:
    try:
        return ipaddress.ip_address(ip).is_global
    except ValueError:
        return False


@lru_cache(maxsize=262144)
def country_of(ip: str) -> str | None:
    """ISO country of a public address from the RIR delegation data iptocc ships (offline)."""
    if not is_global(ip):
        return None
    try:
        code = iptocc.country_code(ip)
    except ValueError:
        return None
    return str(code).upper() if code else None


@dataclass
class Destination:
    """Traffic from one device to one (country, cloud) pair."""

    country: str | None
    cloud: str | None
    adversary: bool
    bytes_out: int = 0
    bytes_in: int = 0
    flows: int = 0
    first: float | None = None
    last: float | None = None
    ports: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    def add(self, flow: Flow, outbound: bool, port_name: str | None) -> None:
        self.flows += 1
        self.bytes_out += flow.bytes_out if outbound else flow.bytes_in
        self.bytes_in += flow.bytes_in if outbound else flow.bytes_out
        for ts in (flow.first, flow.last):
            if ts is not None:
                self.first = ts if self.first is None else min(self.first, ts)
                self.last = ts if self.last is None else max(self.last, ts)
        if port_name:
            self.ports.add(port_name)


class NameIndex:
    """Which name a client (or anyone) used for a server address, from DNS answers and TLS SNI."""

    def __init__(self, names: list[NameSeen]) -> None:
        self.by_client: dict[tuple[str | None, str], str] = {}
        self.by_address: dict[str, str] = {}
        for seen in names:
            for address in seen.addresses:
                self.by_client[(seen.client, address)] = seen.name
                self.by_address.setdefault(address, seen.name)

    def name_for(self, client: str, server: str) -> str | None:
        return self.by_client.get((client, server)) or self.by_address.get(server)


def cloud_of(name: str | None, law: LawData) -> str | None:
    if not name:
        return None
    for cloud in law.clouds:
        if cloud.matches(name):
            return cloud.ecosystem
    return None


def summarize(
    flows_by_device: dict[str, list[tuple[Flow, bool]]], names: NameIndex, law: LawData
) -> dict[str, dict[tuple[str | None, str | None], Destination]]:
    """Per device key: destinations that are adversary countries or vendor clouds (others are not reported)."""
    out: dict[str, dict[tuple[str | None, str | None], Destination]] = {}
    for key, flows in flows_by_device.items():
        for flow, outbound in flows:
            local, remote = (flow.src, flow.dst) if outbound else (flow.dst, flow.src)
            remote_port = flow.dport if outbound else flow.sport
            country = country_of(remote)
            name = names.name_for(local, remote)
            cloud = cloud_of(name, law)
            adversary = country in law.countries
            if not adversary and cloud is None:
                continue
            port_name = law.ports.get((remote_port or 0, flow.proto))
            dest = out.setdefault(key, {}).setdefault((country, cloud), Destination(country, cloud, adversary))
            dest.add(flow, outbound, port_name)
            if name:
                dest.names.add(name)
    return out
