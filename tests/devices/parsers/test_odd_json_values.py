"""Every JSON input, every field it reads, every odd JSON value: a rejected record or a DeviceInputError, never
another exception; the good record beside it is kept, and the report builds (no time it cannot print)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from ictguard.devices.audit import audit_observations
from ictguard.devices.detect import choose_parser
from ictguard.devices.records import Observations
from ictguard.devices.report import report_dict
from ictguard.errors import DeviceInputError

ODD: list[Any] = [
    None,
    [],
    [1],
    {},
    {"a": 1},
    True,
    1e400,
    -1e400,
    float("nan"),
    -5,
    1e30,
    "1e400",
    "nan",
    "",
    "-",
    "abc",
    "[fe80::1",
    12345,
    "http://[fe80::1/x",
    "2024-13-45T00:00:00",
    99999999999999,
    "1" * 400,
    # times that parse but lie outside what a report can print (before 1970 in UTC, or ~year 9999)
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00.000000+1400",
    "9999-12-31T23:59:59.000000-1400",
]
T = "2024-01-01T00:00:00.000000+0000"
# (record, how a file holds it, the paths of the fields to spoil; a path's parts are keys or list indices)
FORMATS: dict[str, tuple[dict[str, Any], str, list[tuple[str | int, ...]]]] = {
    "zeek-conn": (
        {
            "_path": "conn",
            "ts": 1.7e9,
            "uid": "C",
            "id.orig_h": "10.0.0.5",
            "id.orig_p": 1,
            "id.resp_h": "120.55.10.20",
            "id.resp_p": 443,
            "proto": "tcp",
            "duration": 1.0,
            "orig_bytes": 1,
            "resp_bytes": 2,
            "orig_l2_addr": "44:19:b6:00:00:01",
            "resp_l2_addr": "00:00:0c:00:00:01",
        },
        "lines",
        [],
    ),
    "zeek-dns": (
        {
            "_path": "dns",
            "ts": 1.7e9,
            "id.orig_h": "10.0.0.5",
            "id.resp_h": "10.0.0.1",
            "query": "a.hik-connect.com",
            "answers": ["1.2.3.4"],
        },
        "lines",
        [("answers", 0)],
    ),
    "zeek-ssl": (
        {
            "_path": "ssl",
            "ts": 1.7e9,
            "id.orig_h": "10.0.0.5",
            "id.resp_h": "10.0.0.6",
            "server_name": "x",
            "cert_chain_fps": ["f"],
        },
        "lines",
        [("cert_chain_fps", 0)],
    ),
    "zeek-dhcp": (
        {
            "ts": 1.7e9,
            "client_addr": "10.0.0.5",
            "mac": "44:19:b6:00:00:01",
            "assigned_addr": "10.0.0.5",
            "msg_types": ["ACK"],
            "host_name": "h",
            "lease_time": 1,
        },
        "lines",
        [],
    ),
    "zeek-x509": (
        {"ts": 1.7e9, "fingerprint": "f", "certificate.subject": "CN=www.hikvision.com", "certificate.issuer": "CN=x"},
        "lines",
        [],
    ),
    "nfdump-json": (
        {
            "type": "FLOW",
            "src4_addr": "10.0.0.1",
            "dst4_addr": "114.114.114.114",
            "src_port": 1,
            "dst_port": 2,
            "proto": 6,
            "in_bytes": 1,
            "out_bytes": 2,
            "first": "2024-01-01T00:00:00",
            "last": "2024-01-01T00:00:01",
        },
        "array",
        [],
    ),
    "eve-flow": (
        {
            "event_type": "flow",
            "timestamp": T,
            "src_ip": "10.0.0.5",
            "dest_ip": "1.2.3.4",
            "src_port": 1,
            "dest_port": 2,
            "proto": "TCP",
            "flow": {"bytes_toserver": 1, "bytes_toclient": 2, "start": T, "end": T},
        },
        "lines",
        [("flow", "bytes_toserver"), ("flow", "bytes_toclient"), ("flow", "start")],
    ),
    "eve-dns": (
        {
            "event_type": "dns",
            "src_ip": "1.1.1.1",
            "dest_ip": "10.0.0.5",
            "timestamp": T,
            "dns": {"type": "answer", "rrname": "x.com", "rdata": "1.2.3.4", "answers": [{"rdata": "1.2.3.5"}]},
        },
        "lines",
        [("dns", "type"), ("dns", "rrname"), ("dns", "rdata"), ("dns", "answers"), ("dns", "answers", 0, "rdata")],
    ),
    "eve-tls": (
        {"event_type": "tls", "src_ip": "10.0.0.5", "dest_ip": "1.2.3.4", "tls": {"sni": "x.com"}},
        "lines",
        [("tls", "sni")],
    ),
    "cyclonedx": (
        {
            "type": "device",
            "name": "n",
            "version": "1",
            "manufacturer": {"name": "Hik"},
            "supplier": {"name": "S"},
            "publisher": "p",
            "cpe": "c",
            "bom-ref": "r",
            "properties": [{"name": "cdx:device:macAddress", "value": "44:19:b6:00:00:01"}],
            "components": [{"type": "firmware", "name": "fw", "version": "2"}],
        },
        "cdx",
        [
            ("manufacturer", "name"),
            ("properties", 0),
            ("properties", 0, "name"),
            ("properties", 0, "value"),
            ("components", 0),
            ("components", 0, "name"),
            ("components", 0, "type"),
        ],
    ),
    "spdx": (
        {
            "SPDXID": "S",
            "name": "n",
            "versionInfo": "1",
            "supplier": "Organization: Hik",
            "originator": "o",
            "primaryPackagePurpose": "DEVICE",
        },
        "spdx",
        [],
    ),
}


def _file(holder: str, *records: dict[str, Any]) -> bytes:
    if holder == "lines":
        return "".join(json.dumps(record) + "\n" for record in records).encode()
    if holder == "array":
        return json.dumps(list(records)).encode()
    if holder == "cdx":
        return json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": list(records)}).encode()
    return json.dumps({"spdxVersion": "SPDX-2.3", "packages": list(records)}).encode()


def _read(data: bytes) -> Observations:
    return choose_parser(data, "in.json")(data, "in.json")


def _kept(obs: Observations) -> int:
    return len(obs.flows) + len(obs.names) + len(obs.leases) + len(obs.cert_subjects) + len(obs.sightings)


@pytest.mark.parametrize("name", FORMATS)
def test_odd_values_are_rejected_records_never_a_crash(name: str) -> None:
    record, holder, nested = FORMATS[name]
    alone = _kept(_read(_file(holder, record)))  # what the good record gives on its own
    assert alone, f"{name}: the good record gives nothing to keep, so the test could not fail"
    for path in [(key,) for key in record] + nested:
        for odd in ODD:
            bad = copy.deepcopy(record)
            target: Any = bad
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = odd
            try:
                obs = _read(_file(holder, record, bad))
            except DeviceInputError:
                continue
            assert _kept(obs) >= alone, f"{name} {path}={odd!r}: the good record was lost"
            report_dict(audit_observations(obs))
