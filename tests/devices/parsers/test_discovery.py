"""Discovery replies: odd addresses are dropped, never a crash; DHIP keeps the device's first usable address."""

from __future__ import annotations

import pytest

from ictguard.devices.parsers.discovery import parse_dhip, parse_onvif

PROBE = (
    b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
    b'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><s:Body><d:ProbeMatches><d:ProbeMatch>'
    b"<d:Scopes>onvif://www.onvif.org/hardware/DS-2CD2143G2-I %s</d:Scopes><d:XAddrs>%s</d:XAddrs>"
    b"</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>"
)


@pytest.mark.parametrize(
    ("scope", "xaddrs", "ip"),
    [
        (b"", b"http://10.0.0.41/onvif/device_service", "10.0.0.41"),
        (b"", b"http://[fe80::1/onvif", None),  # urlparse raises "Invalid IPv6 URL"
        (b"", b"http://[fe80::1/onvif http://10.0.0.41/onvif", "10.0.0.41"),
        (b"onvif://[bad/name/x", b"http://10.0.0.41/onvif", "10.0.0.41"),
    ],
)
def test_ws_discovery_xaddrs(scope: bytes, xaddrs: bytes, ip: str | None) -> None:
    [s] = parse_onvif(PROBE % (scope, xaddrs), "wsd.xml").sightings
    assert (s.ip, s.model) == (ip, "DS-2CD2143G2-I")


def _dhip(body: bytes) -> bytes:
    return b"\x20\x00\x00\x00DHIP" + b"\x00" * 24 + body


@pytest.mark.parametrize(
    ("body", "ip"),
    [
        # malformed (an unclosed string), IPv4 first: the key/value scan keeps the first address
        (
            b'{"IPv4Address": {"IPAddress": "240.0.4.0"}, '
            b'"IPv6Address": {"IPAddress": "fe80::1\\/64"}, "Version": "1.0}',
            "240.0.4.0",
        ),
        # malformed, an unusable address first: the next one that is an address
        (
            b'{"IPv4Address": {"IPAddress": "0.0.0"}, "IPv6Address": {"IPAddress": "fe80::1\\/64"}, "Version": "1.0}',
            "fe80::1",
        ),
        # well-formed JSON: the same rule
        (b'{"IPv4Address": {"IPAddress": "none"}, "IPv6Address": {"IPAddress": "fe80::1\\/64"}}', "fe80::1"),
    ],
)
def test_dhip_keeps_the_first_valid_address(body: bytes, ip: str) -> None:
    [s] = parse_dhip(_dhip(body), "dhip.bin").sightings
    assert s.ip == ip
