"""Tie flows to devices and summarise, per device, traffic to foreign-adversary countries and vendor clouds."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from functools import lru_cache

import iptocc

from ictguard.devices.lawdata import LawData
from ictguard.devices.records import FlowGroup, NameSeen


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

    def add(self, group: FlowGroup, outbound: bool, port_name: str | None) -> None:
        self.flows += group.flows
        self.bytes_out += group.bytes_out if outbound else group.bytes_in
        self.bytes_in += group.bytes_in if outbound else group.bytes_out
        for ts in (group.first, group.last):
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
    groups_by_device: dict[str, list[tuple[FlowGroup, bool]]], names: NameIndex, law: LawData
) -> dict[str, dict[tuple[str | None, str | None], Destination]]:
    """Per device key: destinations that are adversary countries or vendor clouds (others are not reported)."""
    out: dict[str, dict[tuple[str | None, str | None], Destination]] = {}
    clouds: dict[str | None, str | None] = {}  # a site talks to few names, many times: match each once
    for key, groups in groups_by_device.items():
        for group, outbound in groups:
            local, remote = (group.src, group.dst) if outbound else (group.dst, group.src)
            remote_port = group.dport if outbound else group.sport
            country = country_of(remote)
            name = names.name_for(local, remote)
            if name not in clouds:
                clouds[name] = cloud_of(name, law)
            cloud = clouds[name]
            adversary = country in law.countries
            if not adversary and cloud is None:
                continue
            port_name = law.ports.get((remote_port or 0, group.proto))
            dest = out.setdefault(key, {}).setdefault((country, cloud), Destination(country, cloud, adversary))
            dest.add(group, outbound, port_name)
            if name:
                dest.names.add(name)
    return out
