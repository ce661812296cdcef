"""nfdump CSV rows that cannot be used are rejected with their line and field, never half-read."""

from __future__ import annotations

import json

import pytest

from ictguard.devices.parsers.nfdump import parse_nfdump_csv, parse_nfdump_json
from ictguard.errors import DeviceInputError

HEADER = "ts,te,td,sa,da,sp,dp,pr,flg,ibyt,obyt"
GOOD = "2013-03-07 21:42:06,2013-03-07 21:42:07,0.211,141.142.228.5,192.150.187.43,59856,80,TCP,...AP.SF,512,5379"


def _parse(*rows: str) -> tuple[list[tuple[int, int]], list[tuple[int | None, str | None, str]]]:
    obs = parse_nfdump_csv("\n".join([HEADER, *rows, ""]).encode(), "flows.csv")
    return ([(f.bytes_out, f.bytes_in) for f in obs.flows], [(r.line, r.field, r.reason) for r in obs.rejected])


def test_good_row() -> None:
    assert _parse(GOOD) == ([(512, 5379)], [])


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        (GOOD.rsplit(",", 2)[0], "ibyt", "row has 9 fields, the header 11 (truncated?)"),
        (GOOD + ",extra", None, "row has 12 fields, the header 11"),
        (GOOD.replace("141.142.228.5", "141.142.228"), "sa", "not an IP address"),
        (GOOD.replace("192.150.187.43", "host"), "da", "not an IP address"),
        (GOOD.replace("59856", "x"), "sp", "invalid literal"),
        (GOOD.replace(",512,", ",5.1e2,"), "ibyt", "invalid literal"),
        (GOOD.replace("2013-03-07 21:42:06,", "yesterday,"), "ts", "Invalid isoformat"),
        (GOOD.replace("2013-03-07 21:42:06,", "0001-01-01 00:00:00,"), "ts", "not a time"),
        (GOOD.replace("2013-03-07 21:42:07,", "9999-12-31 23:59:59,"), "te", "not a time"),
    ],
)
def test_unusable_rows_are_rejected_with_line_and_field(row: str, field: str | None, reason: str) -> None:
    flows, rejected = _parse(GOOD, row, GOOD)
    assert flows == [(512, 5379), (512, 5379)]
    [(line, got_field, got_reason)] = rejected
    assert (line, got_field) == (3, field) and reason in got_reason


def test_a_file_cut_inside_its_last_number_rejects_that_row() -> None:
    data = "\n".join([HEADER, GOOD, GOOD[:-2]]).encode()  # no line end: a copy stopped inside obyt (5379 -> 53)
    obs = parse_nfdump_csv(data, "flows.csv")
    assert [(f.bytes_out, f.bytes_in) for f in obs.flows] == [(512, 5379)]
    [rejected] = obs.rejected
    assert rejected.line == 3 and "cut off" in rejected.reason


def test_summary_trailer_without_a_final_line_end_is_not_a_cut() -> None:
    data = "\n".join([HEADER, GOOD, "Summary", "flows,bytes,packets", "1,5891,9"]).encode()
    obs = parse_nfdump_csv(data, "flows.csv")
    assert len(obs.flows) == 1 and not obs.rejected


def _json(**values: object) -> bytes:
    good = {
        "type": "FLOW",
        "src4_addr": "10.0.0.1",
        "dst4_addr": "114.114.114.114",
        "src_port": 5000,
        "dst_port": 53,
        "proto": 17,
        "in_bytes": 60,
        "out_bytes": 120,
        "first": "2024-01-01T00:00:00.000",
        "last": "2024-01-01T00:00:01.000",
    }
    bad = {**good, **values}
    return json.dumps([good, bad, good], indent=2).encode()


@pytest.mark.parametrize(
    ("values", "field", "reason"),
    [
        ({"src_port": [1]}, "src_port", "expected a number, got a JSON array"),
        ({"dst_port": 70000}, "dst_port", "not a whole number from 0 to 65535"),
        ({"in_bytes": "1e400"}, "in_bytes", "not a whole number"),
        ({"out_bytes": -1}, "out_bytes", "not a whole number"),
        ({"first": 1700000000}, "first", "expected a time text, got a JSON number"),
        ({"last": "yesterday"}, "last", "Invalid isoformat"),
        ({"src4_addr": 12345}, "src4_addr", "not an IP address: '12345'"),
        ({"dst4_addr": ["1.2.3.4"]}, "dst4_addr", "got a JSON array"),
        ({"dst4_addr": None}, "dst6_addr", "no address"),
        ({"proto": {"p": 6}}, "proto", "got a JSON object"),
    ],
)
def test_json_records_of_the_wrong_type_are_rejected_with_line_and_field(
    values: dict[str, object], field: str, reason: str
) -> None:
    obs = parse_nfdump_json(_json(**values), "flows.json")
    assert [(f.sport, f.bytes_out) for f in obs.flows] == [(5000, 60), (5000, 60)]
    [rejected] = obs.rejected
    # json.dumps(indent=2): '[' on line 1, each record 11 lines + its braces, the second starts on line 14
    assert (rejected.line, rejected.field) == (14, field) and reason in rejected.reason


@pytest.mark.parametrize("data", [b"[" * 100_000, b'{"a": 1}', b"[1, 2", b"[{}] trailing"])
def test_json_that_is_no_array_of_records_is_a_device_input_error(data: bytes) -> None:
    with pytest.raises(DeviceInputError) as caught:
        parse_nfdump_json(data, "flows.json")
    assert caught.value.file == "flows.json" and caught.value.line is not None
