"""Every parser reads the real third-party files in shared/data/device (exact tool output)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.devices.detect import read_input


@pytest.mark.parametrize(
    ("relative", "fmt", "sightings", "flows", "names", "leases"),
    [
        ("libnmap/full_sudo6.xml", "nmap-xml", None, 0, 0, 0),
        ("libnmap/1_os_banner_scripts.xml", "nmap-xml", 1, 0, 0, 0),
        ("libnmap/2_hosts_version.xml", "nmap-xml", 2, 0, 0, 0),
        ("zeek/conn.root-sample.log", "zeek-conn", 0, 1, 0, 0),
        ("zeek/conn.mac-logging.log", "zeek-conn", 0, 2, 0, 0),
        ("zeek/dhcp.all-msg-types.log", "zeek-dhcp", 0, 0, 0, 1),
        ("zeek/dns.mdns-no-assoc.log", "zeek-dns", 0, 0, 6, 0),
        ("zeek/ssl.basic.log", "zeek-ssl", 0, 0, 1, 0),
        ("zeek/http-get.pcap", "pcap", 0, 1, 0, 0),
        ("zeek/dns-edns-ecs.pcap", "pcap", 0, None, None, 0),
        ("nfdump/http-get.nfdump-1.7.1.csv", "nfdump-csv", 0, 2, 0, 0),
        ("nfdump/dns-edns-ecs.nfdump-1.7.1.csv", "nfdump-csv", 0, 85, 0, 0),
        ("nfdump/http-get.nfdump-1.7.1.json", "nfdump-json", 0, 2, 0, 0),
        ("cyclonedx/hbom-pcie-sata-adapter-board.cdx-1.4.json", "cyclonedx-1.4-json", 7, 0, 0, 0),
        ("cyclonedx/valid-component-types-1.6.json", "cyclonedx-1.6-json", 2, 0, 0, 0),
        ("universalscanner/Hikvision.selftest", "hikvision-sadp", 1, 0, 0, 0),
        ("universalscanner/Dahua2.selftest", "dahua-dhip", 1, 0, 0, 0),
        ("universalscanner/Dahua1.selftest", "dahua-5050", 1, 0, 0, 0),
    ],
)
def test_real_file(
    device_dir: Path,
    relative: str,
    fmt: str,
    sightings: int | None,
    flows: int | None,
    names: int | None,
    leases: int,
) -> None:
    obs = read_input(device_dir / relative)
    assert [f for _, f in obs.inputs] == [fmt]
    for expected, got in ((sightings, obs.sightings), (flows, obs.flows), (names, obs.names)):
        if expected is None:
            assert got
        else:
            assert len(got) == expected
    assert len(obs.leases) == leases
    assert obs.rejected == []


def test_nmap_mac_and_banners(device_dir: Path) -> None:
    obs = read_input(device_dir / "libnmap/full_sudo6.xml")
    router = next(s for s in obs.sightings if s.ip == "192.168.1.1")
    assert router.mac == "6c:2e:85:19:af:00"
    assert ("http_title", "Belgacom") in router.signals
    assert any(kind == "tls_subject" and "OpenRG" in value for kind, value in router.signals)


def test_zeek_l2_addresses_and_masked_timestamps(device_dir: Path) -> None:
    flow = read_input(device_dir / "zeek/conn.mac-logging.log").flows[0]
    assert (flow.src, flow.dst, flow.dport, flow.src_mac) == (
        "172.17.156.76",
        "208.67.220.220",
        53,
        "90:72:40:97:b6:f5",
    )
    assert (flow.bytes_out, flow.bytes_in, flow.first) == (35, 128, None)


def test_zeek_dhcp_lease_and_sni(device_dir: Path) -> None:
    lease = read_input(device_dir / "zeek/dhcp.all-msg-types.log").leases[0]
    assert (lease.ip, lease.mac, lease.hostname) == ("128.2.6.189", "90:b1:1c:99:49:29", "btest.is.cool")
    sni = read_input(device_dir / "zeek/ssl.basic.log").names[0]
    assert (sni.client, sni.name, sni.how, sni.addresses) == (
        "192.168.1.105",
        "ssl.gstatic.com",
        "sni",
        ("74.125.224.79",),
    )


def test_nfdump_csv_stops_at_summary_and_matches_json(device_dir: Path) -> None:
    csv_flows = read_input(device_dir / "nfdump/http-get.nfdump-1.7.1.csv").flows
    json_flows = read_input(device_dir / "nfdump/http-get.nfdump-1.7.1.json").flows
    assert [(f.src, f.dst, f.sport, f.dport, f.bytes_out) for f in csv_flows] == [
        (f.src, f.dst, f.sport, f.dport, f.bytes_out) for f in json_flows
    ]
    assert csv_flows[0].bytes_out == 512 and csv_flows[0].proto == "tcp"


def test_pcap_flow_is_bidirectional(device_dir: Path) -> None:
    [flow] = read_input(device_dir / "zeek/http-get.pcap").flows
    assert {flow.src, flow.dst} == {"141.142.228.5", "192.150.187.43"}
    assert flow.bytes_out > 0 and flow.bytes_in > 0 and flow.src_mac


def test_dns_pcap_names_carry_answers(device_dir: Path) -> None:
    names = read_input(device_dir / "zeek/dns-edns-ecs.pcap").names
    assert any(n.addresses for n in names)


def test_discovery_replies(device_dir: Path) -> None:
    [sadp] = read_input(device_dir / "universalscanner/Hikvision.selftest").sightings
    assert (sadp.mac, sadp.ip, sadp.serial) == ("00:11:22:33:44:55", "240.0.5.0", "Virtual-123456789")
    assert ("discovery_protocol", "hikvision-sadp") in sadp.signals
    [dhip] = read_input(device_dir / "universalscanner/Dahua2.selftest").sightings
    assert dhip.serial == "123456789" and dhip.model == "Virtual (JSON)"
    assert dhip.ip == "240.0.4.0"  # IPv4Address.IPAddress, not the later IPv6Address.IPAddress "fe80::1\/64"
    assert any("malformed JSON" in note for note in dhip.notes)
    [legacy] = read_input(device_dir / "universalscanner/Dahua1.selftest").sightings
    assert (legacy.mac, legacy.serial, legacy.hostname) == ("00:11:22:33:44:55", "123456789", "Dahua")


def test_cyclonedx_supplier_becomes_manufacturer(device_dir: Path) -> None:
    obs = read_input(device_dir / "cyclonedx/hbom-pcie-sata-adapter-board.cdx-1.4.json")
    assert ("Samtec", "PCIE-098-02-F-D-EMS2") in [(s.manufacturer, s.model) for s in obs.sightings]
