"""nmap XML: service products go to the fingerprint kind of their service; ssl-cert subjects in RFC 4514 form."""

from __future__ import annotations

import pytest

from ictguard.devices.identify import identify
from ictguard.devices.parsers.nmap import parse_nmap


def _scan(port: str) -> bytes:
    return (
        b'<nmaprun><host><status state="up"/><address addr="10.0.0.31" addrtype="ipv4"/><ports>'
        + port.encode()
        + b"</ports></host></nmaprun>"
    )


def _signals(port: str) -> list[tuple[str, str]]:
    [s] = parse_nmap(_scan(port), "scan.xml").sightings
    return s.signals


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("ssh", "ssh_banner"),
        ("telnet", "telnet_banner"),
        ("rtsp", "rtsp_server"),
        ("snmp", "snmp_sysdescr"),
        ("http", "http_server"),
        ("upnp", "http_server"),
    ],
)
def test_service_product_goes_to_the_kind_of_its_service(name: str, kind: str) -> None:
    port = (
        f'<port protocol="tcp" portid="1"><state state="open"/><service name="{name}" product="Huawei VRP" '
        f'version="5.1"/></port>'
    )
    assert _signals(port) == [(kind, "Huawei VRP 5.1")]


def test_a_telnet_product_is_identified_as_a_telnet_banner() -> None:
    port = (
        '<port protocol="tcp" portid="23"><state state="open"/><service name="telnet" product="Huawei telnetd"/></port>'
    )
    [(kind, value)] = _signals(port)
    assert identify(kind, value).vendor == "Huawei"


SUBJECT = (
    '<script id="ssl-cert" output="Subject: commonName=www.hikvision.com/organizationName=HIKVISION/'
    'countryName=CN">%s</script>'
)
TABLE = (
    '<table key="subject"><elem key="commonName">www.hikvision.com</elem><elem key="organizationName">'
    'HIKVISION</elem><elem key="countryName">CN</elem></table>'
)


@pytest.mark.parametrize(
    ("script", "subject"),
    [
        (SUBJECT % TABLE, "CN=www.hikvision.com,O=HIKVISION,C=CN"),
        (SUBJECT % "", "CN=www.hikvision.com,O=HIKVISION,C=CN"),  # only the output text
        (
            SUBJECT % TABLE.replace(">HIKVISION<", ">Hangzhou Hikvision, Ltd.<"),
            "CN=www.hikvision.com,O=Hangzhou Hikvision\\, Ltd.,C=CN",
        ),
    ],
)
def test_ssl_cert_subject_uses_rfc4514_short_names(script: str, subject: str) -> None:
    port = f'<port protocol="tcp" portid="443"><state state="open"/><service name="http"/>{script}</port>'
    assert _signals(port) == [("tls_subject", subject)]
    assert identify("tls_subject", subject).vendor == "Hikvision"


@pytest.mark.parametrize("realm", ["realm=hikvision", "realm=&quot;hikvision&quot;"])
def test_http_auth_realm_with_or_without_quotes(realm: str) -> None:
    port = (
        f'<port protocol="tcp" portid="80"><state state="open"/><service name="http"/>'
        f'<script id="http-auth" output="HTTP/1.1 401 Unauthorized&#xa;  Basic {realm}&#xa;"/></port>'
    )
    [(kind, value)] = _signals(port)
    assert kind == "www_authenticate" and identify(kind, value).vendor == "Hikvision"


@pytest.mark.parametrize(
    ("address", "ip", "mac", "field"),
    [
        (
            '<address addr="10.0.0.31" addrtype="ipv4"/><address addr="44:19:B6:00:00:31" addrtype="mac"/>',
            "10.0.0.31",
            "44:19:b6:00:00:31",
            None,
        ),
        (
            '<address addr="not-an-ip" addrtype="ipv4"/><address addr="44:19:B6:00:00:31" addrtype="mac"/>',
            None,
            "44:19:b6:00:00:31",
            "host 1 address[ipv4]",
        ),
        (
            '<address addr="10.0.0.31" addrtype="ipv4"/><address addr="zz:zz" addrtype="mac"/>',
            "10.0.0.31",
            None,
            "host 1 address[mac]",
        ),
    ],
)
def test_a_bad_host_address_is_dropped_and_noted(
    address: str, ip: str | None, mac: str | None, field: str | None
) -> None:
    data = (
        f'<nmaprun><host><status state="up"/>{address}<ports><port portid="80"><state state="open"/>'
        f'<service name="http" product="Hikvision IP camera httpd"/></port></ports></host></nmaprun>'
    ).encode()
    obs = parse_nmap(data, "scan.xml")
    [s] = obs.sightings
    assert (s.ip, s.mac) == (ip, mac)
    assert [r.field for r in obs.rejected] == ([field] if field else [])
