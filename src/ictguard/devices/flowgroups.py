"""Add flows up per conversation (FlowGroup), whichever reader produced them.

Both the row-by-row parsers (a list of Flow) and the columnar Zeek conn.log reader (already grouped) end in
``merge_groups``, which yields the groups in one canonical order, so the two paths give the same report.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ictguard.devices.lawdata import LawData
from ictguard.devices.records import Flow, FlowGroup

GroupKey = tuple[str, str, str | None, str | None, str, int | None, int | None]


def named_ports(law: LawData) -> frozenset[int]:
    """Port numbers that name a vendor service: the only ports the summary reports, so the only ones kept."""
    return frozenset(port for port, _proto in law.ports)


def _port(port: int | None, named: frozenset[int]) -> int | None:
    return port if port in named else None


def group_flows(flows: Iterable[Flow], named: frozenset[int]) -> list[FlowGroup]:
    groups: dict[GroupKey, FlowGroup] = {}
    for flow in flows:
        key = (flow.src, flow.dst, flow.src_mac, flow.dst_mac, flow.proto, _port(flow.sport, named),
               _port(flow.dport, named))
        group = groups.get(key)
        if group is None:
            group = groups[key] = FlowGroup(*key)
        group.add(1, flow.bytes_out, flow.bytes_in, flow.first, flow.last)
    return list(groups.values())


def _order(group: FlowGroup) -> tuple[float, str, str, str, str, str, int, int]:
    return (group.first if group.first is not None else math.inf, group.src, group.dst, group.src_mac or "",
            group.dst_mac or "", group.proto, group.sport or -1, group.dport or -1)


def merge_groups(*sources: Iterable[FlowGroup]) -> list[FlowGroup]:
    """One group per key across all inputs, earliest conversation first (ties broken by the key)."""
    merged: dict[GroupKey, FlowGroup] = {}
    for source in sources:
        for group in source:
            found = merged.get(group.key)
            if found is None:
                merged[group.key] = FlowGroup(*group.key, group.flows, group.bytes_out, group.bytes_in,
                                              group.first, group.last)
            else:
                found.add(group.flows, group.bytes_out, group.bytes_in, group.first, group.last)
    return sorted(merged.values(), key=_order)
