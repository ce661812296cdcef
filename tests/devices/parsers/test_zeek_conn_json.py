"""The streamed JSON conn.log reader gives the row reader's rejects and the TSV log's report, block by block."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bench.gen_site import conn_to_json, generate

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
from ictguard.devices.parsers import zeek_blocks, zeek_conn_json
from ictguard.devices.parsers.zeek import parse_zeek
from ictguard.devices.records import Observations
from ictguard.devices.report import report_dict
from ictguard.errors import DeviceInputError

NAMED = named_ports(default_law_data())
RELEVANT = Relevance(default_law_data(), [])
OTHER_FILES = ("inventory.csv", "scan.xml", "dhcp.log", "dns.log", "ssl.log")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("site")
    generate(directory, devices=120, rows=20_000, seed=5)
    conn_to_json(directory / "conn.log", directory / "conn.json")
    return directory


def _report(paths: list[Path]) -> dict[str, Any]:
    document = report_dict(audit_paths(paths))
    document.pop("generated_at")
    return document


def _row_reader_report(paths: list[Path]) -> dict[str, Any]:
    """The report as before streaming: every file, the JSON conn.log included, through read_input."""
    obs = Observations()
    for path in paths:
        obs.extend(read_input(path))
    document = report_dict(audit_observations(obs))
    document.pop("generated_at")
    return document


def _bad(row: dict[str, Any], **values: Any) -> str:
    return json.dumps({**row, **values})


def _with_bad_lines(site: Path, tmp_path: Path) -> Path:
    """The site's JSON conn.log with one line of each kind the row reader rejects, and a blank line."""
    conn = tmp_path / "conn.json"
    lines = (site / "conn.json").read_text(encoding="utf-8").splitlines(keepends=True)
    row = json.loads(lines[0])
    lines[100] = lines[100][:40] + "\n"  # cut off
    lines[200] = _bad(row, **{"id.orig_p": "x"}) + "\n"
    lines[300] = _bad(row, **{"id.resp_h": "not-an-ip"}) + "\n"
    lines[400] = _bad(row, ts=1e20) + "\n"
    lines[500] = _bad(row, _path=7) + "\n"
    lines[600] = "[1, 2]\n"
    lines[700] = _bad(row, orig_bytes=[1]) + "\n"
    lines.insert(800, "\n")
    conn.write_text("".join(lines), encoding="utf-8")
    return conn


def test_json_and_tsv_forms_of_one_conn_log_give_the_same_report(site: Path) -> None:
    others = [site / name for name in OTHER_FILES]
    from_json, from_tsv = _report([*others, site / "conn.json"]), _report([*others, site / "conn.log"])
    for document in (from_json, from_tsv):
        document["inputs"] = [i for i in document["inputs"] if "conn" not in i["file"]]
    assert from_json == from_tsv
    assert from_json["summary"]["flows"] == 20_000 and from_json["summary"]["devices_with_adversary_traffic"] > 0


def test_streamed_report_with_bad_lines_equals_the_row_readers(site: Path, tmp_path: Path) -> None:
    paths = [site / name for name in OTHER_FILES] + [_with_bad_lines(site, tmp_path)]
    streamed = _report(paths)
    assert streamed == _row_reader_report(paths)
    assert [(r["line"], r["field"]) for r in streamed["rejected"] if r["file"].endswith("conn.json")] == [
        (101, None),
        (201, "id.orig_p"),
        (301, "id.resp_h"),
        (401, "ts"),
        (501, "_path"),
        (601, None),
        (701, "orig_bytes"),
    ]
    assert streamed["summary"]["flows"] == 20_000 - 7


def test_block_size_changes_nothing(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = _with_bad_lines(site, tmp_path)

    def read() -> tuple[object, ...]:
        obs = zeek_conn_json.read_conn_json(conn, NAMED, RELEVANT)
        return merge_groups(obs.flow_groups), obs.local_hosts, obs.other_flows, obs.rejected, obs.inputs

    whole = read()
    slow = parse_zeek(conn.read_bytes(), str(conn))
    kept, hosts, other = reduce_groups(merge_groups(group_flows(slow.flows, NAMED)), RELEVANT)
    assert whole == (merge_groups(kept), merge_hosts(hosts), other, slow.rejected, slow.inputs)
    monkeypatch.setattr(zeek_blocks, "BLOCK_SIZE", 1 << 14)  # about 40 lines a block
    monkeypatch.setattr(Reducer, "compact_at", 50)
    assert read() == whole


def test_a_file_of_no_usable_line_is_the_row_readers_error(tmp_path: Path) -> None:
    conn = tmp_path / "conn.json"
    conn.write_text('{"_path": "conn", "id.orig_h": "10.0.0.1"\n{"_path": 3}\n', encoding="utf-8")
    assert not zeek_conn_json.is_conn_json(conn)  # no JSON object to stream: the row reader names the problem
    with pytest.raises(DeviceInputError) as streamed:
        audit_paths([conn])
    with pytest.raises(DeviceInputError) as whole:
        read_input(conn)
    assert (
        (streamed.value.line, streamed.value.field, streamed.value.reason)
        == (whole.value.line, whole.value.field, whole.value.reason)
        == (1, None, whole.value.reason)
    )


@pytest.mark.parametrize(
    ("text", "streams"),
    [
        ('{"_path": "conn", "id.orig_h": "10.0.0.1", "id.resp_h": "1.1.1.1"}\n', True),
        ('{"ts": 1.0, "id.orig_h": "10.0.0.1", "id.resp_h": "1.1.1.1", "conn_state": "SF"}\n', True),  # no _path
        ('\n{"broken\n{"_path": "conn", "id.orig_h": "10.0.0.1"}\n', True),  # the first *object* decides
        ('{"_path": "dns", "id.orig_h": "10.0.0.1", "query": "a.example"}\n', False),
        ('{"_path": "ssl", "id.orig_h": "10.0.0.1", "server_name": "a.example"}\n', False),
        ('{"client_addr": "10.0.0.1", "assigned_addr": "10.0.0.1", "mac": "aa:bb:cc:00:00:01"}\n', False),  # dhcp
        ('{"bomFormat": "CycloneDX"}\n', False),
        ("#separator \\x09\n#fields\tts\tid.orig_h\n", False),
        ("\ufeff" + '{"_path": "conn"}\n', False),  # a BOM: the row reader does not take it as Zeek JSON either
    ],
)
def test_which_files_stream(tmp_path: Path, text: str, streams: bool) -> None:
    path = tmp_path / "log"
    path.write_text(text, encoding="utf-8")
    assert zeek_conn_json.is_conn_json(path) is streams


def test_json_conn_log_is_streamed_not_read_whole(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def whole(path: Path) -> Observations:
        raise AssertionError(f"read whole: {path}")

    monkeypatch.setattr(
        "ictguard.devices.streamed.read_input", lambda path: whole(path) if path.suffix == ".json" else read_input(path)
    )
    report = audit_paths([site / "dns.log", site / "conn.json"])
    assert report.observations.inputs[-1] == (str(site / "conn.json"), "zeek-conn")
