"""pcap reduction: every supported link layer gives the same flows; a cut-short capture keeps what came before."""

from __future__ import annotations

import io
import socket
import struct
from collections.abc import Callable
from pathlib import Path

import dpkt
import pytest

from ictguard.devices.parsers.pcap import parse_pcap
from ictguard.errors import DeviceInputError

CAMERA, CLOUD = "10.0.0.64", "120.55.10.20"
CAMERA_MAC = b"\x44\x19\xb6\x00\x00\x11"


def _ip(src: str, dst: str, sport: int, dport: int, payload: bytes) -> dpkt.ip.IP:
    tcp = dpkt.tcp.TCP(sport=sport, dport=dport, data=payload)
    return dpkt.ip.IP(src=socket.inet_aton(src), dst=socket.inet_aton(dst), p=dpkt.ip.IP_PROTO_TCP, data=tcp)


def _ethernet(ip: dpkt.ip.IP, outbound: bool) -> bytes:
    macs = (CAMERA_MAC, b"\x00\x00\x0c\x00\x00\x01")
    src, dst = macs if outbound else macs[::-1]
    return bytes(dpkt.ethernet.Ethernet(src=src, dst=dst, type=dpkt.ethernet.ETH_TYPE_IP, data=ip))


def _cooked(ip: dpkt.ip.IP, outbound: bool) -> bytes:
    sll = dpkt.sll.SLL(type=4 if outbound else 0, hlen=6, hdr=CAMERA_MAC + b"\x00\x00", ethtype=0x0800, data=ip)
    return bytes(sll)


def _cooked2(ip: dpkt.ip.IP, outbound: bool) -> bytes:
    return bytes(dpkt.sll2.SLL2(ethtype=0x0800, hlen=6, hdr=CAMERA_MAC + b"\x00\x00", data=ip))


def _raw(ip: dpkt.ip.IP, outbound: bool) -> bytes:
    return bytes(ip)


def _loopback(ip: dpkt.ip.IP, outbound: bool) -> bytes:
    return struct.pack("<I", socket.AF_INET) + bytes(ip)


def _capture(linktype: int, frame: Callable[[dpkt.ip.IP, bool], bytes]) -> bytes:
    out = io.BytesIO()
    writer = dpkt.pcap.Writer(out, linktype=linktype)
    writer.writepkt(frame(_ip(CAMERA, CLOUD, 40000, 443, b"x" * 100), True), ts=1_700_000_000.0)
    writer.writepkt(frame(_ip(CLOUD, CAMERA, 443, 40000, b"y" * 300), False), ts=1_700_000_001.0)
    writer.writepkt(frame(_ip(CAMERA, CLOUD, 40000, 443, b"z" * 50), True), ts=1_700_000_002.0)
    return out.getvalue()


@pytest.mark.parametrize(
    ("linktype", "frame", "mac"),
    [
        (1, _ethernet, "44:19:b6:00:00:11"),
        (113, _cooked, "44:19:b6:00:00:11"),
        (276, _cooked2, "44:19:b6:00:00:11"),
        (101, _raw, None),
        (0, _loopback, None),
    ],
)
def test_every_link_layer_gives_the_same_flow(
    linktype: int, frame: Callable[[dpkt.ip.IP, bool], bytes], mac: str | None
) -> None:
    obs = parse_pcap(_capture(linktype, frame), "cap.pcap")
    [flow] = obs.flows
    assert (flow.src, flow.dst, flow.sport, flow.dport, flow.proto) == (CAMERA, CLOUD, 40000, 443, "tcp")
    assert (flow.bytes_out, flow.bytes_in) == (2 * 40 + 150, 40 + 300)  # IP + TCP headers are 40 bytes
    assert (flow.first, flow.last) == (1_700_000_000.0, 1_700_000_002.0)
    assert flow.src_mac == mac and not obs.rejected


@pytest.mark.parametrize(
    ("cut", "packet", "detail"),
    [
        (-10, 3, "94 of its 104 bytes are in the file"),  # inside the last packet's data (14 + 40 + 50 bytes)
        (-114, 3, "16 needed"),  # inside the last record header (6 of its 16 bytes left)
    ],
)
def test_cut_short_capture_keeps_the_flows_before_the_cut(cut: int, packet: int, detail: str) -> None:
    data = _capture(1, _ethernet)[:cut]
    obs = parse_pcap(data, "cut.pcap")
    [flow] = obs.flows
    assert (flow.bytes_out, flow.bytes_in) == (140, 340)  # packets 1 and 2 only
    [rejected] = obs.rejected
    assert (rejected.file, rejected.field) == ("cut.pcap", f"packet {packet}")
    assert "cut short" in rejected.reason and detail in rejected.reason


def test_unsupported_link_layer_is_a_typed_error() -> None:
    with pytest.raises(DeviceInputError, match="unsupported link-layer type 105") as caught:
        parse_pcap(_capture(105, _raw), "wifi.pcap")  # 802.11 frames
    assert caught.value.field == "linktype" and caught.value.file == "wifi.pcap"


def test_malformed_frame_is_skipped_and_the_rest_kept() -> None:
    out = io.BytesIO()
    writer = dpkt.pcap.Writer(out, linktype=101)
    writer.writepkt(b"", ts=1.0)
    writer.writepkt(bytes(_ip(CAMERA, CLOUD, 1, 2, b"a")), ts=2.0)
    [flow] = parse_pcap(out.getvalue(), "x.pcap").flows
    assert flow.dst == CLOUD


def test_a_packet_whose_pcapng_time_is_no_time_is_rejected_and_the_rest_kept() -> None:
    out = io.BytesIO()
    writer = dpkt.pcapng.Writer(out, linktype=1)
    for n, ts in enumerate([1_700_000_000.0, 1e13, 1_700_000_002.0]):  # 1e13 s: year ~318,857 (a corrupt 64-bit stamp)
        writer.writepkt(_ethernet(_ip(CAMERA, CLOUD, 40000, 443, b"x" * (n + 1)), True), ts=ts)
    obs = parse_pcap(out.getvalue(), "cap.pcapng")
    [flow] = obs.flows
    assert (flow.first, flow.last) == (1_700_000_000.0, 1_700_000_002.0)
    [rejected] = obs.rejected
    assert rejected.field == "packet 2" and "not a time" in rejected.reason


def test_a_capture_file_is_read_as_it_goes_with_the_same_result(device_dir: Path, tmp_path: Path) -> None:
    """read_input reads a capture from the file (pcap.read_pcap), never whole: same flows, names and rejects as
    parse_pcap over its bytes, a capture cut inside a record included."""
    from ictguard.devices.detect import read_input

    data = (device_dir / "zeek" / "http-get.pcap").read_bytes()
    whole, cut = tmp_path / "whole.pcap", tmp_path / "cut.pcap"
    whole.write_bytes(data)
    cut.write_bytes(data[:-7])
    for path in (whole, cut):
        assert read_input(path) == parse_pcap(path.read_bytes(), str(path))
    assert read_input(whole).flows and not read_input(whole).rejected
    [rejected] = read_input(cut).rejected
    assert "cut short" in rejected.reason
