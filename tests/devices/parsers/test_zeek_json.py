"""Zeek JSON logs: a bad line is a rejected row like a bad TSV row; a file of no JSON objects is an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ictguard.devices.detect import read_input
from ictguard.devices.parsers.zeek import parse_zeek
from ictguard.errors import DeviceInputError


def _conn(i: int) -> str:
    return json.dumps(
        {
            "_path": "conn",
            "ts": 1_700_000_000.0 + i,
            "uid": f"C{i}",
            "id.orig_h": "10.0.0.5",
            "id.orig_p": 40000 + i,
            "id.resp_h": "120.55.10.20",
            "id.resp_p": 443,
            "proto": "tcp",
            "orig_bytes": 100,
            "resp_bytes": 200,
        }
    )


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (_conn(9)[:-15], "malformed JSON line"),  # the last line cut off
        ("[1, 2]", "expected a JSON object per line"),
        ("{not json", "malformed JSON line"),
    ],
)
def test_bad_line_is_rejected_and_the_others_kept(bad: str, reason: str) -> None:
    obs = parse_zeek("\n".join([_conn(1), bad, _conn(2)]).encode(), "conn.json")
    assert [f.sport for f in obs.flows] == [40001, 40002]
    [rejected] = obs.rejected
    assert (rejected.file, rejected.line) == ("conn.json", 2) and reason in rejected.reason


def test_no_json_object_at_all_is_an_error() -> None:
    with pytest.raises(DeviceInputError, match="malformed JSON line") as caught:
        parse_zeek(b"{oops\n{still not\n", "conn.json")
    assert caught.value.line == 1


def _edited(**values: object) -> str:
    row = json.loads(_conn(5))
    row.update(values)
    return json.dumps(row)


@pytest.mark.parametrize(
    ("values", "field", "reason"),
    [
        ({"_path": ["conn"]}, "_path", "expected a text, got a JSON array"),
        ({"id.orig_h": ["10.0.0.5"]}, "id.orig_h", "got a JSON array"),
        ({"id.resp_h": 12345}, "id.resp_h", "not an IP address: '12345'"),
        ({"orig_bytes": "1e400"}, "orig_bytes", "not a whole number"),
        ({"orig_bytes": 1e30}, "orig_bytes", "not a whole number"),
        ({"resp_bytes": -5}, "resp_bytes", "not a whole number"),
        ({"resp_bytes": "abc"}, "resp_bytes", "not a number: 'abc'"),
        ({"resp_bytes": True}, "resp_bytes", "expected a number, got a JSON boolean"),
        ({"id.orig_p": {"port": 1}}, "id.orig_p", "expected a number, got a JSON object"),
        ({"ts": 99999999999999}, "ts", "not a time"),
        ({"ts": -1e20}, "ts", "not a time"),
        ({"ts": "nan"}, "ts", "not a time"),
        ({"duration": "inf"}, "duration", "not a duration"),
        ({"proto": ["tcp"]}, "proto", "got a JSON array"),
    ],
)
def test_a_value_of_the_wrong_type_or_range_is_a_rejected_row(
    values: dict[str, object], field: str, reason: str
) -> None:
    obs = parse_zeek("\n".join([_conn(1), _edited(**values), _conn(2)]).encode(), "conn.json")
    assert [f.sport for f in obs.flows] == [40001, 40002]
    [rejected] = obs.rejected
    assert (rejected.line, rejected.field) == (2, field) and reason in rejected.reason


def test_unset_counts_are_zero() -> None:
    obs = parse_zeek(_edited(orig_bytes="-", resp_bytes=None).encode(), "conn.json")
    assert [(f.bytes_out, f.bytes_in) for f in obs.flows] == [(0, 0)] and not obs.rejected


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"_path": "dns", "ts": 1.0e9, "id.orig_h": "10.0.0.5", "query": ["a.example"]}, "query"),
        ({"_path": "dns", "ts": "nan", "id.orig_h": "10.0.0.5", "query": "a.example"}, "ts"),
        (
            {"_path": "dns", "ts": 1.0e9, "id.orig_h": "10.0.0.5", "query": "a.example", "answers": [{"a": 1}]},
            "answers",
        ),
        (
            {"_path": "ssl", "ts": 1.0e9, "id.orig_h": "10.0.0.5", "id.resp_h": "1.2.3.4", "server_name": {"x": 1}},
            "server_name",
        ),
        ({"_path": "ssl", "ts": 1.0e9, "id.resp_h": "1.2.3.4", "cert_chain_fps": [["f"]]}, "cert_chain_fps"),
        ({"_path": "x509", "certificate.subject": "CN=x", "fingerprint": ["f"]}, "fingerprint"),
        ({"_path": "dhcp", "mac": ["00:11:22:33:44:55"], "assigned_addr": "10.0.0.5"}, "mac"),
    ],
)
def test_other_logs_reject_a_row_with_a_wrongly_typed_value(row: dict[str, object], field: str) -> None:
    good = json.dumps({"_path": "dns", "ts": 1.0e9, "id.orig_h": "10.0.0.5", "query": "b.example"})
    obs = parse_zeek("\n".join([good, json.dumps(row)]).encode(), "zeek.json")
    assert [n.name for n in obs.names] == ["b.example"] and not obs.leases and not obs.cert_subjects
    [rejected] = obs.rejected
    assert (rejected.line, rejected.field) == (2, field)


DHCP = {
    "ts": 1732270000.1,
    "uids": ["C1"],
    "client_addr": "10.0.0.61",
    "server_addr": "10.0.0.1",
    "mac": "44:19:b6:00:00:61",
    "host_name": "cam-61",
    "assigned_addr": "10.0.0.61",
    "lease_time": 86400.0,
    "msg_types": ["REQUEST", "ACK"],
    "duration": 0.01,
}
X509 = {
    "ts": 1732270000.2,
    "fingerprint": "f1",
    "certificate.version": 3,
    "certificate.serial": "01",
    "certificate.subject": "CN=www.hikvision.com,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN",
    "certificate.issuer": "CN=www.hikvision.com,O=HIKVISION",
}


@pytest.mark.parametrize(
    "rows",
    [
        [DHCP, {**DHCP, "mac": "44:19:b6:00:00:62", "assigned_addr": "10.0.0.62"}],
        [
            {k: v for k, v in DHCP.items() if k not in {"assigned_addr", "client_addr"}} | {"msg_types": ["DISCOVER"]},
            DHCP,
        ],  # a first line with no address at all: still a dhcp.log by its keys
    ],
)
def test_default_zeek_json_dhcp_log_is_recognised(tmp_path: Path, rows: list[dict[str, object]]) -> None:
    path = tmp_path / "dhcp.json"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    obs = read_input(path)
    assert ("10.0.0.61", "44:19:b6:00:00:61", "cam-61") in [
        (lease.ip, lease.mac, lease.hostname) for lease in obs.leases
    ]
    assert obs.inputs == [(str(path), "zeek-dhcp")]


@pytest.mark.parametrize("ident", ["fingerprint", "id"])
def test_default_zeek_json_x509_log_is_recognised(tmp_path: Path, ident: str) -> None:
    path = tmp_path / "x509.json"
    row = {("id" if k == "fingerprint" else k): v for k, v in X509.items()} if ident == "id" else X509
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    obs = read_input(path)
    assert obs.cert_subjects == {"f1": X509["certificate.subject"]}


@pytest.mark.parametrize(
    "row", [{"client_addr": "10.0.0.1"}, {"certificate.subject": "CN=x", "name": "y"}, {"ts": 1, "uid": "C1"}]
)
def test_one_zeek_like_key_is_not_enough(tmp_path: Path, row: dict[str, object]) -> None:
    path = tmp_path / "other.json"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(DeviceInputError, match="unrecognised"):
        read_input(path)


def test_a_file_of_only_unusable_lines_is_an_error_naming_line_and_field() -> None:
    with pytest.raises(DeviceInputError, match="expected a text") as caught:
        parse_zeek(b"\n" + _edited(_path=["conn"]).encode() + b"\n" + _edited(_path={"a": 1}).encode(), "conn.json")
    assert (caught.value.file, caught.value.line, caught.value.field) == ("conn.json", 2, "_path")


def test_a_line_nested_too_deeply_is_a_rejected_row() -> None:
    obs = parse_zeek("\n".join([_conn(1), '{"a": ' + "[" * 100_000, _conn(2)]).encode(), "conn.json")
    assert [f.sport for f in obs.flows] == [40001, 40002]
    [rejected] = obs.rejected
    assert (rejected.line, rejected.reason) == (2, "JSON line nested too deeply")
