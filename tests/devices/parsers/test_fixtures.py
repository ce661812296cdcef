"""Parsers on hand-made camera fixtures (tests/devices/fixtures, built from the documented formats)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.devices.detect import choose_parser, read_input
from ictguard.devices.parsers.discovery import parse_dhip
from ictguard.devices.parsers.inventory import parse_inventory
from ictguard.errors import DeviceInputError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_runzero_inventory_drops_a_bad_mac_and_keeps_its_row() -> None:
    obs = read_input(FIXTURES / "inventory_runzero.csv")
    assert [s.ip for s in obs.sightings] == ["10.0.0.11", "10.0.0.12", "10.0.0.13", "10.0.0.14", "10.0.0.15"]
    assert obs.sightings[3].mac is None
    [bad] = obs.rejected
    assert (bad.line, bad.field) == (5, "mac") and "field dropped" in bad.reason
    first = obs.sightings[0]
    assert (first.mac, first.model, first.manufacturer) == (
        "44:19:b6:00:00:11",
        "DS-2CD2143G2-I",
        "Hangzhou Hikvision Digital Technology Co.,Ltd.",
    )


def test_lansweeper_columns() -> None:
    obs = read_input(FIXTURES / "inventory_lansweeper.csv")
    assert [(s.hostname, s.manufacturer, s.serial) for s in obs.sightings][0] == ("nvr-01", "Amcrest", "AMC0123456789")


def test_inventory_without_usable_columns_names_the_header() -> None:
    with pytest.raises(DeviceInputError) as info:
        parse_inventory(b"colour,size\nred,1\n", "x.csv")
    assert (info.value.file, info.value.line, info.value.field) == ("x.csv", 1, "header")


def test_inventory_xlsx(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["IP Address", "MAC Address", "Make", "Model"])
    sheet.append(["10.1.1.1", "44-19-B6-00-00-01", "Hikvision", "DS-2CD2143G2-I"])
    path = tmp_path / "inv.xlsx"
    book.save(path)
    [s] = read_input(path).sightings
    assert (s.ip, s.mac, s.manufacturer) == ("10.1.1.1", "44:19:b6:00:00:01", "Hikvision")


def test_nmap_camera_scan_signals() -> None:
    obs = read_input(FIXTURES / "scan_cameras.xml")
    assert len(obs.sightings) == 3  # the down host is skipped
    hik = obs.sightings[0]
    assert ("http_server", "App-webs/") in hik.signals
    assert ("favicon_md5", "89B932FCC47CF4CA3FAADB0CFDEF89CF") in hik.signals
    assert ("tls_subject", "CN=www.hikvision.com,O=HIKVISION,C=CN") in hik.signals
    assert ("rtsp_server", "Dahua Rtsp Server") in obs.sightings[1].signals


def test_zeek_truncated_row_is_rejected_not_fatal() -> None:
    obs = read_input(FIXTURES / "conn.log")
    assert len(obs.flows) == 4
    assert [(r.line, r.reason) for r in obs.rejected] == [(13, "4 columns, header has 21")]


def test_wsdiscovery_scopes() -> None:
    [s] = read_input(FIXTURES / "wsdiscovery.xml").sightings
    assert (s.ip, s.mac, s.model, s.manufacturer) == (
        "10.0.0.41",
        "44:19:b6:00:00:41",
        "DS-2CD2143G2-I",
        "HIKVISION DS-2CD2143G2-I",
    )


def test_onvif_device_information() -> None:
    body = (
        b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        b'xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><s:Body><tds:GetDeviceInformationResponse>'
        b"<tds:Manufacturer>Dahua</tds:Manufacturer><tds:Model>IPC-HDW1230T2</tds:Model>"
        b"<tds:FirmwareVersion>2.800</tds:FirmwareVersion><tds:SerialNumber>AL07C99PAJ1A4BE</tds:SerialNumber>"
        b"<tds:HardwareId>1.00</tds:HardwareId></tds:GetDeviceInformationResponse></s:Body></s:Envelope>"
    )
    [s] = choose_parser(body, "info.xml")(body, "info.xml").sightings
    assert (s.manufacturer, s.model, s.serial) == ("Dahua", "IPC-HDW1230T2", "AL07C99PAJ1A4BE")


def test_cyclonedx_xml_firmware_belongs_to_its_device() -> None:
    [s] = read_input(FIXTURES / "hbom.cdx.xml").sightings
    assert (s.manufacturer, s.model, s.mac) == ("Generic DVR Co.", "DVR-0804", "00:12:34:56:78:9a")
    assert ("model", "Hi3536DV100 SoC firmware") in s.signals


def test_spdx_keeps_device_packages_only() -> None:
    [s] = read_input(FIXTURES / "device.spdx.json").sightings
    assert (s.model, s.manufacturer) == ("DS-7608NI-K2", "Hangzhou Hikvision Digital Technology Co., Ltd.")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (b"<nmaprun><host></nmaprun>", None),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><nmaprun>&a;</nmaprun>', None),
        (b"\x00\x00\x00\x00XXXX" + b"\x00" * 40, None),
        (b"hello world\n", None),
    ],
)
def test_malformed_inputs_raise_device_input_error(tmp_path: Path, data: bytes, field: str | None) -> None:
    path = tmp_path / "bad.bin"
    path.write_bytes(data)
    with pytest.raises(DeviceInputError) as info:
        read_input(path)
    assert info.value.file == str(path)


def test_dhip_without_magic() -> None:
    with pytest.raises(DeviceInputError) as info:
        parse_dhip(b"\x00" * 40, "d.bin")
    assert info.value.field == "header"


def test_zeek_json_logs(tmp_path: Path) -> None:
    path = tmp_path / "zeek.json"
    path.write_text(
        '{"ts":1732270000.0,"uid":"C1","id.orig_h":"10.0.0.11","id.orig_p":5,"id.resp_h":"120.55.10.20",'
        '"id.resp_p":443,"proto":"tcp","duration":2.0,"orig_bytes":10,"resp_bytes":20,"conn_state":"SF"}\n'
        '{"ts":1732270000.0,"uid":"D1","id.orig_h":"10.0.0.11","id.orig_p":5,"id.resp_h":"10.0.0.1",'
        '"id.resp_p":53,"proto":"udp","query":"dev.hik-connect.com","answers":["120.55.10.20","x.example"]}\n',
        encoding="utf-8",
    )
    obs = read_input(path)
    [flow] = obs.flows
    assert (flow.src, flow.dst, flow.bytes_out, flow.last) == ("10.0.0.11", "120.55.10.20", 10, 1732270002.0)
    [name] = obs.names
    assert (name.name, name.addresses) == ("dev.hik-connect.com", ("120.55.10.20",))


def test_x509_subject_reaches_its_server() -> None:
    obs = read_input(FIXTURES / "x509.log")
    obs.extend(read_input(FIXTURES / "ssl.log"))
    [(ip, cert, _)] = obs.server_certs
    assert ip == "10.0.0.51" and obs.cert_subjects[cert].startswith("CN=www.hikvision.com")


def test_isapi_device_info() -> None:
    [s] = read_input(FIXTURES / "isapi_deviceinfo.xml").sightings
    assert (s.model, s.mac, s.manufacturer) == ("LNR-7108", "02:14:37:c0:ff:ee", "Acme Security")
    assert ("discovery_protocol", "hikvision-isapi") in s.signals
    assert "ISAPI OEMCode=2" in s.notes


def test_magicbox_system_info() -> None:
    [s] = read_input(FIXTURES / "magicbox_amcrest.txt").sightings
    assert (s.model, s.serial) == ("IP4M-1041B", "AMC0123456789ABCD")
    assert ("model", "IPC-AW46WN-S2") in s.signals and ("model", "SSC327DE") in s.signals


def test_magicbox_without_keys_is_rejected(tmp_path: Path) -> None:
    from ictguard.devices.parsers.device_api import parse_magicbox

    with pytest.raises(DeviceInputError):
        parse_magicbox(b"foo=bar\n", "m.txt")


def test_spdx_tag_value() -> None:
    [s] = read_input(FIXTURES / "device.spdx").sightings
    assert (s.model, s.manufacturer, s.line) == ("PD785G", "Hytera Communications Corporation Limited", 8)


def test_suricata_eve() -> None:
    obs = read_input(FIXTURES / "eve.json")
    [flow] = obs.flows
    assert (flow.src, flow.dst, flow.bytes_out, flow.bytes_in) == ("10.0.0.61", "120.55.10.21", 52000, 9000)
    assert flow.last is not None and flow.first is not None and flow.last - flow.first == 119
    assert {(n.how, n.client, n.name, n.addresses) for n in obs.names} == {
        ("dns", "10.0.0.61", "apiieu.ezvizlife.com", ("120.55.10.21",)),
        ("sni", "10.0.0.61", "apiieu.ezvizlife.com", ("120.55.10.21",)),
    }
    [bad] = obs.rejected
    assert bad.line == 4
