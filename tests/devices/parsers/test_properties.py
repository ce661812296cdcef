"""Property tests for every device/traffic parser (issue 18): whatever the bytes, a parser returns its
observations or raises a typed InputError naming the file — never another exception. Seeds are the real
fixtures, damaged the ways files get damaged; budget per the hypothesis profile (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ictguard.devices.detect import choose_parser
from ictguard.devices.parsers import (
    bom,
    device_api,
    discovery,
    inventory,
    nfdump,
    nmap,
    pcap,
    suricata,
    zeek,
)
from ictguard.devices.records import Observations
from ictguard.errors import InputError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "device"
PARSERS = [
    bom.parse_cyclonedx_json,
    bom.parse_cyclonedx_xml,
    bom.parse_spdx_tag_value,
    bom.parse_spdx_json,
    device_api.parse_isapi_device_info,
    device_api.parse_magicbox,
    discovery.parse_sadp,
    discovery.parse_dhip,
    discovery.parse_dahua5050,
    discovery.parse_onvif,
    inventory.parse_inventory,
    nfdump.parse_nfdump_csv,
    nfdump.parse_nfdump_json,
    nmap.parse_nmap,
    pcap.parse_pcap,
    suricata.parse_eve,
    zeek.parse_zeek,
]


def _seeds() -> list[bytes]:
    paths = sorted(p for p in FIXTURES.iterdir() if p.is_file() and p.suffix != ".md")
    if SHARED.is_dir():
        paths += sorted(
            p
            for p in SHARED.rglob("*")
            if p.is_file() and p.stat().st_size < 200_000 and "LICEN" not in p.name and p.name != "COPYING"
        )
    return [p.read_bytes() for p in paths]


SEEDS = _seeds()


@st.composite
def damaged_input(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(0, 3))):
        pos = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["truncate", "insert", "delete", "nul", "dup_line", "bytes"]))
        if kind == "truncate":
            data = data[:pos]
        elif kind == "insert":
            data = (
                data[:pos]
                + draw(
                    st.sampled_from(
                        [b",", b"\t", b'"', b"<", b">", b"{", b"}", b"\n", b"\xff", b"-", b"0" * 30, b"\xe5\x8d\x8e"]
                    )
                )
                + data[pos:]
            )
        elif kind == "delete":
            data = data[:pos] + data[pos + draw(st.integers(1, 50)) :]
        elif kind == "nul":
            data = data[:pos] + b"\x00" + data[pos:]
        elif kind == "dup_line":
            lines = data.splitlines(keepends=True)
            if lines:
                i = draw(st.integers(0, len(lines) - 1))
                data = b"".join(lines[:i] + [lines[i]] * draw(st.integers(2, 20)) + lines[i:])
        else:
            data = data[:pos] + draw(st.binary(max_size=64)) + data[pos:]
    return data


def _typed(parser: object, data: bytes) -> None:
    try:
        result = parser(data, "input.bin")  # type: ignore[operator]
    except InputError as exc:  # DeviceInputError, InputTooLargeError
        assert exc.file == "input.bin", f"{type(exc).__name__} does not name the file: {exc}"
        return
    assert isinstance(result, Observations)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@given(data=damaged_input())
def test_each_parser_on_damaged_real_files(parser: object, data: bytes) -> None:
    _typed(parser, data)


@given(data=st.one_of(damaged_input(), st.binary(max_size=2_000)))
def test_the_chosen_parser_on_anything(data: bytes) -> None:
    try:
        parser = choose_parser(data, "input.bin")
    except InputError:
        return
    _typed(parser, data)


def test_found_by_the_long_run() -> None:
    """Inputs the long profile found: a bare CR in nfdump CSV (csv.Error escaped), and a DNS reply whose name
    is not UTF-8 inside a capture (UnicodeDecodeError escaped from dpkt)."""
    nfdump_csv = b"ts,te,sa,da,sp,dp,pr,ibyt,obyt\r\n2024-01-01 00:00:00,x\rx,1.2.3.4\n"
    _typed(nfdump.parse_nfdump_csv, nfdump_csv)
    capture = SHARED / "zeek" / "dns-edns-ecs.pcap"
    if capture.is_file():
        _typed(pcap.parse_pcap, capture.read_bytes().replace(b"weberdns", b"\xffeberdns"))
