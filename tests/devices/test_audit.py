"""Audit end to end on the camera fixtures: merging, identification, traffic attribution, legal findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ictguard.devices.audit import audit_observations, audit_paths
from ictguard.devices.detect import read_input as real_read_input
from ictguard.devices.records import Flow, Lease, NameSeen, Observations, Sighting
from ictguard.devices.report import report_dict
from ictguard.errors import DeviceInputError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
INPUTS = sorted(p for p in FIXTURES.iterdir() if p.suffix not in {".md", ".tsv"})


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return report_dict(audit_paths(INPUTS))


def _device(document: dict[str, Any], key: str) -> dict[str, Any]:
    return next(d for d in document["devices"] if d["id"] == key)


@pytest.mark.parametrize(
    ("key", "vendor", "covered", "basis"),
    [
        ("44:19:b6:00:00:11", "Hikvision", True, "direct"),  # inventory + conn/ssl traffic
        ("44:19:b6:00:00:31", "Hikvision", True, "direct"),  # nmap banners
        ("44:19:b6:00:00:41", "Hikvision", True, "direct"),  # WS-Discovery scopes
        ("e0:50:8b:00:00:12", "Dahua", True, "direct"),
        ("02:00:00:00:00:32", "Dahua", True, "direct"),  # randomised MAC, RTSP banner only
        ("10.0.0.21", "Dahua", True, "oem"),  # Amcrest NVR
        ("00:12:34:56:78:9a", "Huawei", True, "chipset"),  # HiSilicon SoC in a generic DVR BOM
        ("10.0.0.51", "Hikvision", True, "direct"),  # TLS server: ssl.log chain + x509.log subject
        ("02:14:37:c0:ff:ee", "Hikvision", True, "oem"),  # ISAPI answer under another brand's label
        ("10.0.0.22", None, False, None),  # Shanghai Dahua Scale Factory
        ("10.0.0.23", "H3C", False, "direct"),
        ("10.0.0.24", None, False, None),  # Aztech, not ZTE
        ("00:40:8c:00:00:13", None, False, None),  # Axis
        ("00:00:0c:00:00:15", None, False, None),  # Cisco
    ],
)
def test_device_verdicts(
    document: dict[str, Any], key: str, vendor: str | None, covered: bool, basis: str | None
) -> None:
    device = _device(document, key)
    assert (device["vendor"], device["covered"], device["basis"]) == (vendor, covered, basis)
    assert bool(device["findings"]) == covered or any(t["adversary_country"] for t in device["traffic"])


@pytest.mark.parametrize(
    ("name", "vendor", "basis", "note"),
    [
        ("magicbox_amcrest.txt", "Dahua", "direct", "magicBox updateSerial=IPC-AW46WN-S2"),
        ("magicbox_nvr.txt", "Dahua", "direct", "magicBox processor=Hi3536"),  # HiSilicon inside, maker Dahua
    ],
)
def test_magicbox_devices(document: dict[str, Any], name: str, vendor: str, basis: str, note: str) -> None:
    device = next(d for d in document["devices"] if any(name in s for s in d["sources"]))
    assert (device["vendor"], device["covered"], device["basis"]) == (vendor, True, basis)
    assert note in device["notes"]
    assert "conflicting" not in " ".join(device["evidence"])


def test_sightings_with_the_same_mac_merge(document: dict[str, Any]) -> None:
    cam = _device(document, "44:19:b6:00:00:11")
    assert cam["ips"] == ["10.0.0.11"]
    assert any("inventory_runzero.csv" in s for s in cam["sources"])


def test_traffic_to_china_through_vendor_clouds(document: dict[str, Any]) -> None:
    [hik] = _device(document, "44:19:b6:00:00:11")["traffic"]
    assert (hik["country"], hik["cloud"], hik["bytes_out"], hik["bytes_in"], hik["flows"]) == (
        "CN",
        "Hik-Connect",
        200000,
        6000,
        2,
    )
    assert hik["first_seen"] == "2024-11-22T10:06:40+00:00"
    assert hik["last_seen"] == "2024-11-22T11:06:50+00:00"
    [dahua] = _device(document, "e0:50:8b:00:00:12")["traffic"]
    assert (dahua["country"], dahua["cloud"], dahua["names"]) == ("CN", "Dahua P2P / easy4ip", ["www.easy4ipcloud.com"])
    assert dahua["services"] == ["Dahua P2P rendezvous (easy4ipcloud)"]
    assert _device(document, "00:40:8c:00:00:13")["traffic"] == []  # US destination, no vendor cloud


def test_findings_cite_rule_ids(document: dict[str, Any]) -> None:
    hik = _device(document, "44:19:b6:00:00:11")
    rules = {r for f in hik["findings"] for r in f["rules"]}
    assert {"R-889B", "R-FCC-COVLIST", "R-ONVIF", "R-ICTS-FA-LIST"} <= rules
    assert "R-FCC-RR" not in rules  # rip-and-replace is for Huawei/ZTE equipment
    assert {f["regime"] for f in hik["findings"]} == {"NDAA889", "FCC", "ONVIF", "ICTS"}


def test_summary_and_rejected_rows(document: dict[str, Any]) -> None:
    summary = document["summary"]
    assert summary["covered_devices"] == 13
    assert summary["devices_with_adversary_traffic"] == 3
    assert summary["rejected_rows"] == 3
    assert {(r["file"].rsplit("/", 1)[-1], r["line"]) for r in document["rejected"]} == {
        ("conn.log", 13),
        ("inventory_runzero.csv", 5),
        ("eve.json", 4),
    }


def test_unidentified_host_using_a_vendor_cloud_is_reported(document: dict[str, Any]) -> None:
    host = _device(document, "10.0.0.61")  # seen only in Suricata EVE traffic
    assert (host["vendor"], host["covered"]) == (None, False)
    [dest] = host["traffic"]
    assert (dest["country"], dest["cloud"], dest["bytes_out"]) == ("CN", "EZVIZ", 52000)
    assert [f["regime"] for f in host["findings"]] == ["ICTS"]


def test_dhcp_lease_ties_flows_to_the_mac() -> None:
    obs = Observations(
        sightings=[Sighting(source="inv", mac="44:19:b6:00:00:99")],
        leases=[Lease("192.168.5.5", "44:19:b6:00:00:99")],
        flows=[Flow("192.168.5.5", "120.55.10.20", 1, 443, "tcp", 10, 20, 1.0, 2.0)],
        names=[NameSeen("192.168.5.5", "litedev.hik-connect.com", "dns", ("120.55.10.20",))],
    )
    [device] = audit_observations(obs).devices
    assert device.key == "44:19:b6:00:00:99"
    assert [(d.country, d.cloud, d.bytes_out) for d in device.destinations] == [("CN", "Hik-Connect", 10)]


def test_unknown_local_host_talking_to_china_is_reported() -> None:
    obs = Observations(flows=[Flow("10.9.9.9", "114.114.114.114", 5, 53, "udp", 100, 0, None, None)])
    report = audit_observations(obs)
    [device] = report.devices
    assert device.key == "10.9.9.9" and device.destinations[0].adversary
    assert report.failed


def test_clean_estate_does_not_fail() -> None:
    obs = Observations(
        sightings=[Sighting(source="inv", manufacturer="Axis Communications AB", model="P3245")],
        flows=[Flow("10.0.0.5", "151.101.1.1", 5, 443, "tcp", 100, 0, None, None)],
    )
    assert not audit_observations(obs).failed


def test_uncovered_maker_with_hisilicon_soc_is_covered_by_chipset() -> None:
    sighting = Sighting(source="inv", manufacturer="Hangzhou Xiongmai Technology Co., Ltd", model="NBD8004T-PL")
    sighting.signals.append(("model", "Hi3520DV400"))
    [device] = audit_observations(Observations(sightings=[sighting])).devices
    assert device.verdict is not None
    assert (device.verdict.vendor, device.verdict.covered, device.verdict.basis) == ("Xiongmai", True, "chipset")
    assert device.verdict.covered_company == "Huawei"
    assert any("R-889B" in f.rules for f in device.findings)


def test_uncovered_maker_alone_is_not_covered() -> None:
    sighting = Sighting(source="inv", manufacturer="Hangzhou Xiongmai Technology Co., Ltd", model="NBD8004T-PL")
    [device] = audit_observations(Observations(sightings=[sighting])).devices
    assert device.verdict is not None and (device.verdict.vendor, device.verdict.covered) == ("Xiongmai", False)
    assert device.findings == []


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>\n'
    "<nmaprun><host>&lol2;</host></nmaprun>\n"
)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("garbage.bin", bytes(range(256)) * 20, "unrecognised input format"),
        ("bomb.xml", BILLION_LAUGHS.encode(), "EntitiesForbidden"),  # defusedxml refuses entity declarations
        ("conn.log", b"#separator \\x09\n#path\tconn\n#fields\tts\tuid\n#types\ttime\tstring\n", "id.orig_h"),
    ],
)
def test_unreadable_file_is_reported_and_the_rest_is_audited(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = FIXTURES / "inventory_runzero.csv"
    document = report_dict(audit_paths([bad, good]))
    alone = report_dict(audit_paths([good]))
    assert [d["id"] for d in document["devices"]] == [d["id"] for d in alone["devices"]]
    [unread] = document["unread_inputs"]
    assert unread["file"] == str(bad) and reason in unread["reason"]
    assert document["summary"]["unread_inputs"] == 1 and alone["summary"]["unread_inputs"] == 0


def test_no_readable_input_raises_the_first_error(tmp_path: Path) -> None:
    bad = tmp_path / "garbage.bin"
    bad.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(DeviceInputError, match="unrecognised input format") as caught:
        audit_paths([bad, bad])
    assert caught.value.file == str(bad)


class _Boom:
    """read_input that fails with ``error`` on one file, as a parser bug would, and reads the others."""

    def __init__(self, bad: Path, error: BaseException) -> None:
        self.bad, self.error = bad, error

    def __call__(self, path: Path) -> Observations:
        if path == self.bad:
            raise self.error
        return real_read_input(path)


@pytest.mark.parametrize(
    "error",
    [
        TypeError("'NoneType' object is not subscriptable"),
        RecursionError("maximum recursion depth exceeded"),
        ValueError("invalid literal for int()"),
        OverflowError("int too large"),
        KeyError("DeviceSN"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_unexpected_parser_error_makes_that_file_unread(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, error: Exception
) -> None:
    bad = tmp_path / "scan.xml"
    bad.write_text("<nmaprun/>", encoding="utf-8")
    good = FIXTURES / "inventory_runzero.csv"
    monkeypatch.setattr("ictguard.devices.streamed.read_input", _Boom(bad, error))
    document = report_dict(audit_paths([bad, good]))
    assert [d["id"] for d in document["devices"]] == [d["id"] for d in report_dict(audit_paths([good]))["devices"]]
    [unread] = document["unread_inputs"]
    assert unread["file"] == str(bad) and type(error).__name__ in unread["reason"]
    assert "Traceback" not in unread["reason"] and "\n" not in unread["reason"]


def test_unexpected_error_in_the_conn_log_reader_makes_that_file_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> Observations:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("ictguard.devices.parsers.zeek_conn.read_conn_log", broken)
    conn, good = FIXTURES / "conn.log", FIXTURES / "inventory_runzero.csv"
    document = report_dict(audit_paths([conn, good]))
    assert [(u["file"], "RecursionError" in u["reason"]) for u in document["unread_inputs"]] == [(str(conn), True)]
    assert document["devices"]


def test_only_unexpected_errors_raise_a_device_input_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bad = tmp_path / "scan.xml"
    bad.write_text("<nmaprun/>", encoding="utf-8")
    monkeypatch.setattr("ictguard.devices.streamed.read_input", _Boom(bad, TypeError("boom")))
    with pytest.raises(DeviceInputError, match="TypeError") as caught:
        audit_paths([bad])
    assert caught.value.file == str(bad)


def test_cli_exits_2_and_writes_the_report_when_a_parser_crashes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ictguard.cli import main

    bad, report = tmp_path / "scan.xml", tmp_path / "report.json"
    bad.write_text("<nmaprun/>", encoding="utf-8")
    monkeypatch.setattr("ictguard.devices.streamed.read_input", _Boom(bad, OverflowError("int too large")))
    with pytest.raises(SystemExit) as exited:
        main(["audit", str(bad), str(FIXTURES / "inventory_runzero.csv"), "-o", str(report)])
    assert exited.value.code == 2
    document = json.loads(report.read_text(encoding="utf-8"))
    assert document["summary"]["unread_inputs"] == 1 and document["summary"]["covered_devices"] > 0
    err = capsys.readouterr().err
    assert "OverflowError" in err and str(bad) in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("ts", "expected"),
    [
        (1732270000.0, "2024-11-22T10:06:40+00:00"),
        (None, None),
        (99999999999999.0, None),
        (float("nan"), None),
        (-1e20, None),
        (float("inf"), None),
    ],
)
def test_flow_timestamps_out_of_range_do_not_crash_the_report(ts: float | None, expected: str | None) -> None:
    obs = Observations(flows=[Flow("10.9.9.9", "114.114.114.114", 5, 53, "udp", 100, 0, ts, ts)])
    [traffic] = report_dict(audit_observations(obs))["devices"][0]["traffic"]
    assert (traffic["first_seen"], traffic["last_seen"]) == (expected, expected)


def test_hikvision_value_line_model_is_not_reported_as_dahua() -> None:
    # IPC-T240H (HiLook) shares Dahua's IPC- prefix (device_audit.md §2.8, §6).
    [device] = audit_observations(Observations(sightings=[Sighting(source="inv", model="IPC-T240H")])).devices
    assert device.verdict is not None
    assert (device.verdict.vendor, device.verdict.covered) == ("Hikvision", True)
    assert "conflicting" not in " ".join(device.verdict.evidence)


def test_site_is_carried_through_merging_to_the_device() -> None:
    obs = Observations(
        sightings=[
            Sighting(source="netbox.csv", line=2, mac="44:19:b6:00:00:71", ip="10.3.0.5", site="Boston"),
            Sighting(source="scan.xml", mac="44:19:b6:00:00:71", ip="10.3.0.5"),  # the same camera
            Sighting(source="netbox.csv", line=3, mac="00:40:8c:00:00:72", ip="10.4.0.6", site="Denver"),
            Sighting(source="scan.xml", mac="00:40:8c:00:00:73", ip="10.4.0.9"),
        ],  # on no inventory
    )
    devices = {d["id"]: d for d in report_dict(audit_observations(obs))["devices"]}
    assert {key: d["site"] for key, d in devices.items()} == {
        "44:19:b6:00:00:71": "Boston",
        "00:40:8c:00:00:72": "Denver",
        "00:40:8c:00:00:73": None,
    }


def test_inventories_that_disagree_on_the_site_are_noted() -> None:
    obs = Observations(
        sightings=[
            Sighting(source="a.csv", mac="44:19:b6:00:00:71", site="Boston"),
            Sighting(source="b.csv", mac="44:19:b6:00:00:71", site="Denver"),
        ]
    )
    [device] = report_dict(audit_observations(obs))["devices"]
    assert device["site"] == "Boston"
    assert "inputs disagree on the site: Boston, Denver (reported under Boston)" in device["notes"]


NETBOX = (
    "Device Name,Role,Status,Site,Location,Rack,Platform,Vendor,Model,Serial Number,Asset Tag,IPv4,IPv6,Tags\n"
    "cam-bos-1,Camera,Active,Boston,Floor 2,,,Hikvision,DS-2CD2143G2-I,,,10.3.0.5,,\n"
    "cam-den-1,Camera,Active,Denver,Lobby,,,Axis,P3245,,,10.4.0.6,,\n"
)


def test_netbox_sites_group_the_report(tmp_path: Path) -> None:
    from ictguard.reports.device_audit import audit_context

    inventory = tmp_path / "netbox.csv"
    inventory.write_text(NETBOX, encoding="utf-8")
    context = audit_context(report_dict(audit_paths([inventory])))
    assert context["by_site"] == [("Boston", 1), ("Denver", 1)]


CAMERA, LAPTOP, REUSED = "54:8c:81:00:00:01", "00:1e:c2:00:00:02", "10.6.0.50"  # Hikvision OUI, Apple OUI


def _reuse(leases: list[Lease], flows: list[Flow], sightings: list[Sighting] | None = None) -> dict[str, Any]:
    return report_dict(audit_observations(Observations(leases=leases, flows=flows, sightings=sightings or [])))


def test_two_leases_of_one_address_to_different_macs_are_two_devices() -> None:
    document = _reuse([Lease(REUSED, CAMERA), Lease(REUSED, LAPTOP)], [])
    devices = {d["id"]: d for d in document["devices"]}
    assert set(devices) == {CAMERA, LAPTOP}
    assert (devices[CAMERA]["macs"], devices[CAMERA]["vendor"], devices[CAMERA]["covered"]) == (
        [CAMERA],
        "Hikvision",
        True,
    )
    assert (devices[LAPTOP]["macs"], devices[LAPTOP]["covered"]) == ([LAPTOP], False)
    assert devices[CAMERA]["ips"] == devices[LAPTOP]["ips"] == [REUSED]


def _to_china(dst: str, first: float, last: float, mac: str | None = None) -> Flow:
    return Flow(REUSED, dst, 40000, 443, "tcp", 1000, 10, first, last, src_mac=mac)


@pytest.mark.parametrize(
    ("flow", "charged_to"),
    [
        (_to_china("114.114.114.114", 2000.0, 2100.0), CAMERA),  # inside the camera's lease
        (_to_china("114.114.114.114", 11000.0, 11500.0), LAPTOP),  # inside the laptop's lease
        (_to_china("114.114.114.114", 2000.0, 6000.0), CAMERA),  # the camera's lease and its renewal, joined
        (_to_china("114.114.114.114", 8000.0, 8100.0), None),  # between the leases
        (_to_china("114.114.114.114", 2000.0, 11000.0), None),  # one conversation across both leases
        (_to_china("114.114.114.114", 8000.0, 8100.0, mac=LAPTOP), LAPTOP),  # the flow's MAC says who
    ],
)
def test_flows_go_to_the_device_holding_the_address_at_the_flows_time(flow: Flow, charged_to: str | None) -> None:
    leases = [
        Lease(REUSED, CAMERA, ts=1000.0, lease_time=3600.0),
        Lease(REUSED, CAMERA, ts=4000.0, lease_time=3600.0),
        Lease(REUSED, LAPTOP, ts=10000.0, lease_time=3600.0),
    ]
    document = _reuse(leases, [flow])
    charged = [d["id"] for d in document["devices"] if d["traffic"]]
    assert charged == ([charged_to] if charged_to else [])
    if charged_to is None:
        [entry] = document["ambiguous_traffic"]
        assert (entry["address"], entry["candidates"]) == (REUSED, [CAMERA, LAPTOP])
        assert [t["country"] for t in entry["traffic"]] == ["CN"] and "no single DHCP lease" in entry["reasons"][0]
    else:
        assert document["ambiguous_traffic"] == []


def test_without_lease_times_the_traffic_is_reported_ambiguous_not_charged_to_the_camera() -> None:
    report = audit_observations(
        Observations(
            leases=[Lease(REUSED, CAMERA), Lease(REUSED, LAPTOP)], flows=[_to_china("223.5.5.5", 2000.0, 2100.0)]
        )
    )
    document = report_dict(report)
    assert all(d["traffic"] == [] for d in document["devices"])
    [entry] = document["ambiguous_traffic"]
    assert entry["candidates"] == [CAMERA, LAPTOP] and entry["traffic"][0]["bytes_out"] == 1000
    assert document["summary"]["ambiguous_traffic_addresses"] == 1
    assert report.failed  # adversary-country traffic from the estate, whoever sent it


def test_one_holder_keeps_all_its_traffic_whatever_the_time() -> None:
    document = _reuse([Lease(REUSED, CAMERA, ts=1000.0, lease_time=60.0)], [_to_china("223.5.5.5", 9000.0, 9100.0)])
    [device] = document["devices"]
    assert device["id"] == CAMERA and [t["country"] for t in device["traffic"]] == ["CN"]


def test_a_record_without_a_mac_on_a_reused_address_is_not_merged() -> None:
    scan = Sighting(source="scan.xml", ip=REUSED, model="DS-2CD2143G2-I")
    document = _reuse([Lease(REUSED, CAMERA), Lease(REUSED, LAPTOP)], [], [scan])
    devices = {d["id"]: d for d in document["devices"]}
    assert set(devices) == {CAMERA, LAPTOP, f"{REUSED} (several devices)"}
    assert devices[LAPTOP]["covered"] is False and devices[LAPTOP]["model"] is None
    assert any("held by several devices" in n for n in devices[f"{REUSED} (several devices)"]["notes"])


def test_a_record_without_a_mac_joins_the_one_device_that_held_its_address() -> None:
    scan = Sighting(source="scan.xml", ip=REUSED, model="DS-2CD2143G2-I")
    [device] = _reuse([Lease(REUSED, CAMERA)], [], [scan])["devices"]
    assert (device["id"], device["model"], device["sources"]) == (CAMERA, "DS-2CD2143G2-I", ["DHCP lease", "scan.xml"])


DHCP = (
    "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdhcp\n"
    "#fields\tts\tuids\tclient_addr\tserver_addr\tmac\thost_name\tclient_fqdn\tdomain\trequested_addr\t"
    "assigned_addr\tlease_time\tclient_message\tserver_message\tmsg_types\tduration\n"
    "#types\ttime\tset[string]\taddr\taddr\tstring\tstring\tstring\tstring\taddr\taddr\tinterval\tstring\tstring\t"
    "vector[string]\tinterval\n"
    f"1000.0\tC1\t-\t10.6.0.1\t{CAMERA}\tcam\t-\t-\t-\t{REUSED}\t3600.000000\t-\t-\tREQUEST,ACK\t0.1\n"
    f"10000.0\tC2\t-\t10.6.0.1\t{LAPTOP}\tlaptop\t-\t-\t-\t{REUSED}\t3600.000000\t-\t-\tREQUEST,ACK\t0.1\n"
)


def test_zeek_dhcp_leases_carry_their_time(tmp_path: Path) -> None:
    log = tmp_path / "dhcp.log"
    log.write_text(DHCP, encoding="utf-8")
    leases = real_read_input(log).leases
    assert [(lease.mac, lease.ts, lease.lease_time) for lease in leases] == [
        (CAMERA, 1000.0, 3600.0),
        (LAPTOP, 10000.0, 3600.0),
    ]
