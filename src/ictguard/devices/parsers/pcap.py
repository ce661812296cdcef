"""pcap / pcapng reduced to bidirectional flows (plus DNS answers) with dpkt."""

from __future__ import annotations

import io
import socket
from dataclasses import dataclass

import dpkt

from ictguard.devices.records import Flow, NameSeen, Observations
from ictguard.errors import DeviceInputError


@dataclass
class _Acc:
    src: str
    dst: str
    sport: int | None
    dport: int | None
    proto: str
    first: float
    last: float
    bytes_out: int = 0
    bytes_in: int = 0
    src_mac: str | None = None
    dst_mac: str | None = None


def _mac(raw: bytes) -> str:
    return ":".join(f"{b:02x}" for b in raw)


def _addr(raw: bytes) -> str:
    return socket.inet_ntop(socket.AF_INET6 if len(raw) == 16 else socket.AF_INET, raw)


def _reader(data: bytes, file: str) -> dpkt.pcap.Reader | dpkt.pcapng.Reader:
    try:
        if data[:4] == b"\x0a\x0d\x0d\x0a":
            return dpkt.pcapng.Reader(io.BytesIO(data))
        return dpkt.pcap.Reader(io.BytesIO(data))
    except (ValueError, dpkt.dpkt.NeedData, dpkt.dpkt.UnpackError) as exc:
        raise DeviceInputError(f"unreadable capture: {exc}", file=file, field="header") from exc


def _dns(transport: dpkt.Packet, client: str, ts: float, out: Observations) -> None:
    try:
        msg = dpkt.dns.DNS(transport.data)
    except (dpkt.dpkt.UnpackError, dpkt.dpkt.NeedData, IndexError):
        return
    if msg.qr != dpkt.dns.DNS_R or not msg.qd:
        return
    addresses = tuple(
        _addr(rr.rdata) for rr in msg.an if rr.type in (dpkt.dns.DNS_A, dpkt.dns.DNS_AAAA) and rr.rdata
    )
    out.names.append(NameSeen(client, msg.qd[0].name.lower().rstrip("."), "dns", addresses, ts))


def parse_pcap(data: bytes, file: str) -> Observations:
    out = Observations(inputs=[(file, "pcap")])
    flows: dict[tuple[str, str, int | None, int | None, str], _Acc] = {}
    for ts, buf in _reader(data, file):
        try:
            eth = dpkt.ethernet.Ethernet(buf)
        except (dpkt.dpkt.UnpackError, dpkt.dpkt.NeedData):
            continue
        ip = eth.data
        if not isinstance(ip, dpkt.ip.IP | dpkt.ip6.IP6):
            continue
        src, dst, transport = _addr(ip.src), _addr(ip.dst), ip.data
        proto = {dpkt.tcp.TCP: "tcp", dpkt.udp.UDP: "udp"}.get(type(transport), "other")
        sport = getattr(transport, "sport", None)
        dport = getattr(transport, "dport", None)
        size = len(ip)
        if proto == "udp" and sport == 53:
            _dns(transport, dst, float(ts), out)
        acc = flows.get((src, dst, sport, dport, proto))
        if acc is not None:
            acc.bytes_out += size
        else:
            reverse = flows.get((dst, src, dport, sport, proto))
            if reverse is not None:
                acc = reverse
                acc.bytes_in += size
            else:
                acc = _Acc(src, dst, sport, dport, proto, float(ts), float(ts), size, 0, _mac(eth.src), _mac(eth.dst))
                flows[(src, dst, sport, dport, proto)] = acc
        acc.last = float(ts)
    for a in flows.values():
        out.flows.append(Flow(a.src, a.dst, a.sport, a.dport, a.proto, a.bytes_out, a.bytes_in, a.first, a.last,
                              a.src_mac, a.dst_mac))
    return out
