"""pcap / pcapng reduced to bidirectional flows (plus DNS answers) with dpkt.

Link layers: Ethernet, Linux cooked capture v1/v2 (``tcpdump -i any``), raw IP and BSD loopback. A capture cut
short (a copy interrupted mid-write) keeps the flows before the cut and reports the cut as a rejected row.
"""

from __future__ import annotations

import io
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import dpkt

from ictguard.devices.parsers._common import time_problem
from ictguard.devices.records import Flow, NameSeen, Observations, Rejected
from ictguard.errors import DeviceInputError

# (IP packet, source MAC, destination MAC) from one link-layer frame; None when it carries no IP packet.
Frame = tuple[dpkt.Packet, bytes | None, bytes | None]


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


def _mac(raw: bytes | None) -> str | None:
    return ":".join(f"{b:02x}" for b in raw) if raw else None


def _addr(raw: bytes) -> str:
    return socket.inet_ntop(socket.AF_INET6 if len(raw) == 16 else socket.AF_INET, raw)


class _Tracked:
    """The capture as dpkt reads it (a file, never the whole capture in memory), remembering the last read that
    came back short: dpkt hands back a record cut off by the end of the file without a word."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.short: int | None = None  # bytes asked for by that read

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        if 0 <= size != len(data):
            self.short = size
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


def _reader(handle: _Tracked, file: str) -> dpkt.pcap.Reader | dpkt.pcapng.Reader:
    try:
        magic = handle.handle.read(4)
        handle.handle.seek(0)
        if magic == b"\x0a\x0d\x0d\x0a":
            return dpkt.pcapng.Reader(handle)
        return dpkt.pcap.Reader(handle)
    except (ValueError, dpkt.dpkt.NeedData, dpkt.dpkt.UnpackError) as exc:
        raise DeviceInputError(f"unreadable capture: {exc}", file=file, field="header") from exc


def _dns(transport: dpkt.Packet, client: str, ts: float, out: Observations) -> None:
    try:
        msg = dpkt.dns.DNS(transport.data)
    except (dpkt.dpkt.UnpackError, dpkt.dpkt.NeedData, IndexError, UnicodeDecodeError):
        return  # a malformed DNS message (dpkt decodes names as UTF-8): not a name seen
    if msg.qr != dpkt.dns.DNS_R or not msg.qd:
        return
    addresses = tuple(_addr(rr.rdata) for rr in msg.an if rr.type in (dpkt.dns.DNS_A, dpkt.dns.DNS_AAAA) and rr.rdata)
    out.names.append(NameSeen(client, msg.qd[0].name.lower().rstrip("."), "dns", addresses, ts))


def _ethernet(buf: bytes) -> Frame:
    eth = dpkt.ethernet.Ethernet(buf)
    return eth.data, eth.src, eth.dst


def _cooked(buf: bytes) -> Frame:
    sll = dpkt.sll.SLL(buf)
    return sll.data, sll.hdr[: sll.hlen] if sll.hlen == 6 else None, None


def _cooked2(buf: bytes) -> Frame:
    sll = dpkt.sll2.SLL2(buf)
    return sll.data, sll.hdr[: sll.hlen] if sll.hlen == 6 else None, None


def _raw_ip(buf: bytes) -> Frame:
    if not buf:
        raise dpkt.dpkt.NeedData("empty packet")
    return (dpkt.ip6.IP6(buf) if buf[0] >> 4 == 6 else dpkt.ip.IP(buf)), None, None


def _loopback(buf: bytes) -> Frame:
    return dpkt.loopback.Loopback(buf).data, None, None


# Link-layer header types: https://www.tcpdump.org/linktypes.html (raw IP is 101 in files, 12/14 on some BSDs).
_LINKS: dict[int, Callable[[bytes], Frame]] = {
    1: _ethernet,
    113: _cooked,
    276: _cooked2,
    101: _raw_ip,
    12: _raw_ip,
    14: _raw_ip,
    228: _raw_ip,
    229: _raw_ip,
    0: _loopback,
    108: _loopback,
}


def _frames(handle: _Tracked, file: str, out: Observations) -> Iterator[tuple[float, Frame]]:
    reader = _reader(handle, file)
    link = reader.datalink()
    decode = _LINKS.get(link)
    if decode is None:
        raise DeviceInputError(
            f"unsupported link-layer type {link} (see tcpdump.org/linktypes.html)", file=file, field="linktype"
        )
    packets = iter(reader)
    number = 0
    while True:
        number += 1
        handle.short = None
        try:
            ts, buf = next(packets)
        except StopIteration:
            return
        except (dpkt.dpkt.NeedData, dpkt.dpkt.UnpackError, ValueError) as exc:  # a record header cut short
            out.rejected.append(_cut(file, number, str(exc) or "incomplete record header"))
            return
        if isinstance(reader, dpkt.pcap.Reader) and handle.short is not None and len(buf) < handle.short:
            out.rejected.append(_cut(file, number, f"{len(buf)} of its {handle.short} bytes are in the file"))
            return
        try:
            frame = decode(buf)
        except (dpkt.dpkt.UnpackError, dpkt.dpkt.NeedData):
            continue  # one malformed frame: a capture of a real network has some
        problem = time_problem(float(ts), "ts")
        if problem is not None:  # a pcapng timestamp is 64 bits: a corrupt one is no time a report can print
            out.rejected.append(Rejected(file, None, f"packet {number}", f"packet not used: {problem}"))
            continue
        yield float(ts), frame


def _cut(file: str, number: int, detail: str) -> Rejected:
    return Rejected(
        file, None, f"packet {number}", f"capture is cut short (truncated file); flows before it kept: {detail}"
    )


def parse_pcap(data: bytes, file: str) -> Observations:
    return _parse(_Tracked(io.BytesIO(data)), file)


def read_pcap(path: Path) -> Observations:
    """The capture at ``path`` read packet by packet from the file: memory follows the connections, not the
    size of the capture."""
    try:
        with path.open("rb") as handle:
            return _parse(_Tracked(handle), str(path))
    except OSError as exc:
        raise DeviceInputError(f"cannot read: {exc.strerror}", file=path) from exc


def _parse(handle: _Tracked, file: str) -> Observations:
    out = Observations(inputs=[(file, "pcap")])
    flows: dict[tuple[str, str, int | None, int | None, str], _Acc] = {}
    for ts, (ip, src_mac, dst_mac) in _frames(handle, file, out):
        if not isinstance(ip, dpkt.ip.IP | dpkt.ip6.IP6):
            continue
        src, dst, transport = _addr(ip.src), _addr(ip.dst), ip.data
        proto = {dpkt.tcp.TCP: "tcp", dpkt.udp.UDP: "udp"}.get(type(transport), "other")
        sport = getattr(transport, "sport", None)
        dport = getattr(transport, "dport", None)
        size = len(ip)
        if proto == "udp" and sport == 53:
            _dns(transport, dst, ts, out)
        acc = flows.get((src, dst, sport, dport, proto))
        if acc is not None:
            acc.bytes_out += size
        else:
            reverse = flows.get((dst, src, dport, sport, proto))
            if reverse is not None:
                acc = reverse
                acc.bytes_in += size
            else:
                acc = _Acc(src, dst, sport, dport, proto, ts, ts, size, 0, _mac(src_mac), _mac(dst_mac))
                flows[(src, dst, sport, dport, proto)] = acc
        acc.last = ts
    for a in flows.values():
        out.flows.append(
            Flow(
                a.src, a.dst, a.sport, a.dport, a.proto, a.bytes_out, a.bytes_in, a.first, a.last, a.src_mac, a.dst_mac
            )
        )
    return out
