"""The streamed nfdump CSV reader rejects what the whole-file parser rejects, and the audit report is the same."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from bench.gen_site import generate

from ictguard.devices.audit import audit_observations, audit_paths
from ictguard.devices.detect import read_input
from ictguard.devices.flowgroups import (
    Reducer,
    Relevance,
    group_flows,
    merge_groups,
    merge_hosts,
    named_ports,
    reduce_groups,
)
from ictguard.devices.lawdata import default_law_data
from ictguard.devices.parsers import nfdump
from ictguard.devices.records import Observations
from ictguard.devices.report import report_dict
from ictguard.errors import DeviceInputError

NAMED = named_ports(default_law_data())
RELEVANT = Relevance(default_law_data(), [])
HEADER = "ts,te,td,sa,da,sp,dp,pr,flg,ibyt,obyt"
GOOD = "2013-03-07 21:42:06,2013-03-07 21:42:07,0.211,10.0.0.5,120.55.10.20,59856,80,TCP,...AP.SF,512,5379"
SUMMARY = "Summary\nflows,bytes,packets\n1,5891,9"


def _both(tmp_path: Path, text: str) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """(streamed, whole-file) observations of ``text``, the whole-file flows reduced as the audit does."""
    path = tmp_path / "flows.csv"
    path.write_bytes(text.encode())
    fast = nfdump.read_nfdump_csv(path, NAMED, RELEVANT)
    slow = nfdump.parse_nfdump_csv(path.read_bytes(), str(path))
    kept, hosts, other = reduce_groups(merge_groups(group_flows(slow.flows, NAMED)), RELEVANT)
    return (
        (merge_groups(fast.flow_groups), fast.local_hosts, fast.other_flows, fast.rejected, fast.inputs),
        (merge_groups(kept), merge_hosts(hosts), other, slow.rejected, slow.inputs),
    )


@pytest.mark.parametrize(
    ("text", "rejected"),
    [
        (f"{HEADER}\n{GOOD}\n{GOOD}\n", 0),
        (f"{HEADER}\n{GOOD}\n{GOOD.rsplit(',', 2)[0]}\n{GOOD},extra\n\n{GOOD}\n", 2),  # short, long, blank
        (f"{HEADER}\n{GOOD.replace('10.0.0.5', '10.0.0')}\n{GOOD.replace('59856', 'x')}\n", 2),
        (f"{HEADER}\n{GOOD.replace('2013-03-07 21:42:07,', '9999-12-31 23:59:59,')}\n", 1),
        (f"{HEADER}\n{GOOD}\n{GOOD[:-2]}", 1),  # the last line cut off (no line end)
        (f"{HEADER}\n{GOOD}\n   ", 0),  # a last line of blanks only: not a cut row
        (f"{HEADER}\n{GOOD}\n{SUMMARY}", 0),  # the trailer without a final line end is not a cut
        (f"{HEADER}\n{GOOD}\n{SUMMARY}\n{GOOD.replace('10.0.0.5', 'x')}\n", 0),  # nothing after the trailer is read
        (f"{HEADER}\r\n{GOOD}\r\n{GOOD}\r\n", 0),
        (f"{HEADER}\n{GOOD}\r", 0),  # ends with a bare CR: not cut
        (f"{HEADER}\n{GOOD}\n\xff\xfe{GOOD}\n".encode("latin-1").decode("utf-8", "replace"), 1),
        (f"{HEADER}", 0),  # header only, no line end
    ],
)
def test_streamed_rows_and_rejects_equal_the_whole_file_parsers(tmp_path: Path, text: str, rejected: int) -> None:
    fast, slow = _both(tmp_path, text)
    assert fast == slow
    assert len(fast[3]) == rejected


def test_a_header_without_the_required_columns_is_the_same_error(tmp_path: Path) -> None:
    path = tmp_path / "flows.csv"
    path.write_text("ts,te,td,sa,da,sp\n" + GOOD + "\n", encoding="utf-8")
    with pytest.raises(DeviceInputError) as streamed:
        nfdump.read_nfdump_csv(path, NAMED, RELEVANT)
    with pytest.raises(DeviceInputError) as whole:
        nfdump.parse_nfdump_csv(path.read_bytes(), str(path))
    assert (streamed.value.line, streamed.value.field, streamed.value.reason) == (
        whole.value.line,
        whole.value.field,
        whole.value.reason,
    )


def _to_nfdump(conn: Path, out: Path) -> None:
    """A Zeek TSV conn.log as nfdump -o csv writes the same flows (times as UTC text, protocol in capitals)."""

    def stamp(seconds: float) -> str:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]

    rows = [HEADER]
    for line in conn.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        cells = line.split("\t")
        ts, duration = float(cells[0]), float(cells[8])
        rows.append(
            f"{stamp(ts)},{stamp(ts + duration)},{duration:.3f},{cells[2]},{cells[4]},{cells[3]},"
            f"{cells[5]},{cells[6].upper()},.AP.SF,{cells[9]},{cells[10]}"
        )
    out.write_text("\n".join([*rows, SUMMARY, ""]), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("site")
    generate(directory, devices=120, rows=5_000, seed=5)
    _to_nfdump(directory / "conn.log", directory / "flows.csv")
    lines = (directory / "flows.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[30] = lines[30].replace(",10.", ",10.999.", 1)  # not an IP address
    lines[40] = lines[40][:30] + "\n"  # cut short
    (directory / "flows.csv").write_text("".join(lines), encoding="utf-8")
    return directory


def test_streamed_nfdump_report_equals_the_row_readers(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [site / name for name in ("inventory.csv", "scan.xml", "dhcp.log", "dns.log", "ssl.log", "flows.csv")]

    def report(streamed: bool) -> dict[str, Any]:
        if streamed:
            found = audit_paths(paths)
            assert not found.observations.flows  # streamed: no Flow list, only groups, hosts and a count
        else:
            obs = Observations()
            for path in paths:
                obs.extend(read_input(path))
            found = audit_observations(obs)
        document = report_dict(found)
        document.pop("generated_at")
        return document

    monkeypatch.setattr(nfdump, "BATCH", 100)  # many batches, and hosts merged often
    monkeypatch.setattr(Reducer, "compact_at", 50)
    fast, slow = report(True), report(False)
    assert fast == slow
    assert [(r["line"], r["field"]) for r in fast["rejected"] if r["file"].endswith("flows.csv")] == [
        (31, "sa"),
        (41, "td"),
    ]
    assert fast["summary"]["flows"] == 5_000 - 2 and fast["summary"]["devices_with_adversary_traffic"] > 0


def _flow_json(src: str, dst: str, port: object = 443) -> dict[str, object]:
    return {
        "type": "FLOW",
        "first": "2024-11-22T10:00:00.000",
        "last": "2024-11-22T10:00:05.500",
        "proto": 6,
        "src4_addr": src,
        "dst4_addr": dst,
        "src_port": 50000,
        "dst_port": port,
        "in_bytes": 1200,
        "out_bytes": 800,
    }


def _json_doc(records: list[object]) -> str:
    """nfdump -o json's layout: one key a line, records separated by ',' lines."""
    import json

    return "[\n" + ",\n".join(json.dumps(r, indent=2) for r in records) + "\n]\n"


GOOD_JSON = [_flow_json(f"10.0.0.{i % 9 + 1}", ["120.55.10.20", "8.8.8.8"][i % 2]) for i in range(40)]


@pytest.mark.parametrize(
    "text",
    [
        _json_doc(GOOD_JSON),
        _json_doc(
            [
                *GOOD_JSON[:5],
                _flow_json("10.0.0.1", "nowhere"),
                _flow_json("10.0.0.2", "8.8.8.8", "https"),
                {"type": "EXPORTER"},
                12345678,
                *GOOD_JSON[5:],
            ]
        ),
        "\ufeff" + _json_doc(GOOD_JSON[:3]),
        "[]",
        " [ ] \n\n",
    ],
)
@pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
def test_streamed_nfdump_json_equals_the_whole_file_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, chunk: int
) -> None:
    from ictguard.devices.parsers import json_stream

    monkeypatch.setattr(json_stream, "CHUNK", chunk)
    monkeypatch.setattr(nfdump, "BATCH", 7)
    path = tmp_path / "flows.json"
    path.write_text(text, encoding="utf-8")
    fast = nfdump.read_nfdump_json(path, NAMED, RELEVANT)
    slow = nfdump.parse_nfdump_json(path.read_bytes(), str(path))
    kept, hosts, other = reduce_groups(merge_groups(group_flows(slow.flows, NAMED)), RELEVANT)
    assert (merge_groups(fast.flow_groups), fast.local_hosts, fast.other_flows, fast.rejected, fast.inputs) == (
        merge_groups(kept),
        merge_hosts(hosts),
        other,
        slow.rejected,
        slow.inputs,
    )


@pytest.mark.parametrize(
    "text",
    [
        _json_doc(GOOD_JSON[:3]) + "{}",  # text after the array
        _json_doc(GOOD_JSON[:3])[:-30],  # cut off inside a record
        _json_doc(GOOD_JSON[:3]).replace('"proto": 6,', '"proto": 6', 1),  # a missing comma
        _json_doc(GOOD_JSON[:2]).replace("},\n{", "}\n{", 1),  # no comma between records
    ],
)
@pytest.mark.parametrize("chunk", [5, 1 << 20])
def test_streamed_nfdump_json_errors_are_the_whole_file_parsers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, chunk: int
) -> None:
    from ictguard.devices.parsers import json_stream

    monkeypatch.setattr(json_stream, "CHUNK", chunk)
    path = tmp_path / "flows.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeviceInputError) as slow:
        nfdump.parse_nfdump_json(path.read_bytes(), str(path))
    with pytest.raises(DeviceInputError) as fast:
        nfdump.read_nfdump_json(path, NAMED, RELEVANT)
    assert str(fast.value) == str(slow.value)
