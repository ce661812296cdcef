"""The columnar conn.log reader agrees with the row reader, and bad input gets typed errors naming file/line."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from bench.gen_site import generate

from ictguard.devices.audit import audit_observations, audit_paths
from ictguard.devices.detect import read_input
from ictguard.devices.flowgroups import Relevance, group_flows, merge_groups, merge_hosts, named_ports, reduce_groups
from ictguard.devices.lawdata import default_law_data
from ictguard.devices.parsers import _common, zeek_blocks, zeek_conn, zeek_conn_agg
from ictguard.devices.parsers.zeek import parse_zeek
from ictguard.devices.records import FlowGroup, LocalHost, Observations, Rejected
from ictguard.devices.report import report_dict
from ictguard.errors import DeviceInputError
from tests._cli import run_cli

NAMED = named_ports(default_law_data())
# Without DNS or TLS names only adversary-country addresses make a conversation worth keeping whole.
RELEVANT = Relevance(default_law_data(), [])
SITE_FILES = ("inventory.csv", "scan.xml", "dhcp.log", "dns.log", "ssl.log", "conn.log")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("site")
    generate(directory, devices=120, rows=20_000, seed=5)
    return directory


def columnar(path: Path) -> Observations:
    header = zeek_conn.read_header(path)
    assert header is not None and zeek_conn.is_conn(header)
    return zeek_conn.read_conn_log(path, header, NAMED, RELEVANT)


def rows(path: Path) -> Observations:
    return parse_zeek(path.read_bytes(), str(path))


def assert_agree(path: Path) -> tuple[int, list[FlowGroup], list[Rejected]]:
    """Same kept conversations, local hosts, flow count and rejects; returns (flows, kept groups, rejects)."""
    fast, slow = columnar(path), rows(path)
    kept, hosts, other = reduce_groups(merge_groups(group_flows(slow.flows, NAMED)), RELEVANT)
    groups = merge_groups(fast.flow_groups)
    assert groups == merge_groups(kept)
    assert merge_hosts(fast.local_hosts) == merge_hosts(hosts)
    assert fast.other_flows == other and fast.flow_count == slow.flow_count
    assert fast.rejected == slow.rejected
    assert fast.inputs == slow.inputs
    return fast.flow_count, groups, fast.rejected


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_both_paths_give_the_same_report_on_a_generated_site(site: Path, tmp_path: Path) -> None:
    site = Path(shutil.copytree(site, tmp_path / "site"))
    conn = site / "conn.log"
    text = lines(conn)
    # A truncated row, a row with extra columns and a blank line among 20,000 good ones.
    text[100] = text[100][:40] + "\n"
    text[200] = text[200].rstrip("\n") + "\textra\n"
    text.insert(300, "\n")
    conn.write_text("".join(text), encoding="utf-8")
    flows, groups, rejected = assert_agree(conn)
    assert flows == 20_000 - 2 and groups and sum(g.flows for g in groups) < flows / 2
    assert [(r.line, r.reason) for r in rejected] == [
        (101, "3 columns, header has 23"),
        (201, "24 columns, header has 23"),
    ]

    fast = report_dict(audit_paths([site / name for name in SITE_FILES]))
    obs = Observations()
    for name in SITE_FILES:
        obs.extend(read_input(site / name))  # the row-by-row parsers for every file, conn.log included
    slow = report_dict(audit_observations(obs))
    for document in (fast, slow):
        document.pop("generated_at")
    assert fast == slow
    assert fast["summary"]["covered_devices"] > 0 and fast["summary"]["devices_with_adversary_traffic"] > 0


def test_small_batches_and_compaction_change_nothing(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read() -> tuple[list[FlowGroup], list[LocalHost], int]:
        obs = columnar(site / "conn.log")
        return merge_groups(obs.flow_groups), merge_hosts(obs.local_hosts), obs.other_flows

    whole = read()
    monkeypatch.setattr(zeek_blocks, "BLOCK_SIZE", 1 << 16)  # about 400 rows per block
    monkeypatch.setattr(zeek_conn_agg, "COMPACT_AT", 500)
    assert read() == whole


def test_masked_timestamps_fall_back_to_the_row_reader(device_dir: Path) -> None:
    flows, _, _ = assert_agree(device_dir / "zeek/conn.mac-logging.log")
    assert flows == 2 and {h.first for h in columnar(device_dir / "zeek/conn.mac-logging.log").local_hosts} == {None}


@pytest.mark.parametrize("name", ["conn.root-sample.log", "conn.mac-logging.log"])
def test_real_conn_logs_agree(device_dir: Path, name: str) -> None:
    flows, _, rejected = assert_agree(device_dir / "zeek" / name)
    assert flows and not rejected


def _edit(site: Path, tmp_path: Path, edit: Any) -> Path:
    text = lines(site / "conn.log")
    edit(text)
    out = tmp_path / "conn.log"
    out.write_text("".join(text), encoding="utf-8")
    return out


def test_a_bad_address_is_a_rejected_row_naming_the_field(site: Path, tmp_path: Path) -> None:
    def edit(text: list[str]) -> None:
        cells = text[50].split("\t")
        cells[2] = "10.0.0.999"
        text[50] = "\t".join(cells)

    flows, _, rejected = assert_agree(_edit(site, tmp_path, edit))
    assert rejected == [Rejected(str(tmp_path / "conn.log"), 51, "id.orig_h", "not an IP address: '10.0.0.999'")]
    assert flows == 20_000 - 1


# Column numbers of the generated conn.log: 0 ts, 5 id.resp_p, 8 duration, 9 orig_bytes, 10 resp_bytes.
@pytest.mark.parametrize(
    ("column", "value", "field", "reason"),
    [
        (9, "lots", "orig_bytes", "not a number: 'lots'"),
        (9, "-5", "orig_bytes", "not a whole number from 0 to 9007199254740992: '-5'"),
        (10, "1e30", "resp_bytes", "not a whole number from 0 to 9007199254740992: '1e30'"),
        (10, "12.5", "resp_bytes", "not a whole number from 0 to 9007199254740992: '12.5'"),
        (5, "70000", "id.resp_p", "not a whole number from 0 to 65535: '70000'"),
        (0, "99999999999999", "ts", "not a time (seconds since 1970, up to the year 3000): 99999999999999.0"),
        (0, "nan", "ts", "not a time (seconds since 1970, up to the year 3000): nan"),
        (0, "-1e20", "ts", "not a time (seconds since 1970, up to the year 3000): -1e+20"),
        (8, "inf", "duration", "not a duration in seconds: inf"),
    ],
)
def test_a_value_no_zeek_writes_is_a_rejected_row_naming_line_and_field(
    site: Path, tmp_path: Path, column: int, value: str, field: str, reason: str
) -> None:
    flows, _, rejected = assert_agree(_edit(site, tmp_path, lambda text: _set_cell(text, 60, column, value)))
    assert rejected == [Rejected(str(tmp_path / "conn.log"), 61, field, reason)]
    assert flows == 20_000 - 1


def test_the_unset_marker_in_a_count_is_zero_not_a_reject(site: Path, tmp_path: Path) -> None:
    def edit(text: list[str]) -> None:
        for column in (9, 10):
            _set_cell(text, 60, column, "-")

    flows, _, rejected = assert_agree(_edit(site, tmp_path, edit))
    assert not rejected and flows == 20_000


def test_no_rejected_time_reaches_the_report(site: Path, tmp_path: Path) -> None:
    """Rows with a time no clock gives are rejected on both paths, so the report can print every time."""

    def edit(text: list[str]) -> None:
        kept = [i for i, line in enumerate(text) if not line.startswith("#") and RELEVANT(line.split("\t")[4])]
        for index, value in zip(kept[:3], ("99999999999999", "nan", "-1e20"), strict=True):
            _set_cell(text, index, 0, value)

    conn = _edit(site, tmp_path, edit)
    assert_agree(conn)
    document = report_dict(audit_paths([conn]))
    assert [r["field"] for r in document["rejected"]] == ["ts", "ts", "ts"]


def test_binary_garbage_in_the_middle_is_rejected_and_the_rest_kept(site: Path, tmp_path: Path) -> None:
    conn = tmp_path / "conn.log"
    data = (site / "conn.log").read_bytes().split(b"\n")
    data.insert(1000, bytes(range(256)).replace(b"\n", b"").replace(b"\r", b"") * 2)
    conn.write_bytes(b"\n".join(data))
    flows, _, rejected = assert_agree(conn)
    assert [(r.line, r.field) for r in rejected] == [(1001, None)]
    assert flows == 20_000
    document = report_dict(audit_paths([conn]))
    assert document["summary"]["flows"] == 20_000 and document["summary"]["rejected_rows"] == 1


def test_a_truncated_log_keeps_every_complete_row(site: Path, tmp_path: Path) -> None:
    conn = tmp_path / "conn.log"
    data = (site / "conn.log").read_bytes()
    conn.write_bytes(data[: len(data) // 2])
    cut_line = conn.read_bytes().count(b"\n") + 1
    flows, _, rejected = assert_agree(conn)
    assert [r.line for r in rejected] == [cut_line]
    assert flows == cut_line - 9  # 8 header lines before the first row


def test_a_header_without_an_address_field_is_an_error_naming_its_line(site: Path, tmp_path: Path) -> None:
    conn = _edit(site, tmp_path, lambda text: text.__setitem__(6, text[6].replace("id.resp_h", "id_resp_h")))
    for read in (columnar, rows):
        with pytest.raises(DeviceInputError) as caught:
            read(conn)
        assert (caught.value.file, caught.value.line, caught.value.field) == (str(conn), 7, "#fields")
        assert "id.resp_h" in str(caught.value)


def test_a_header_that_fits_no_row_is_an_error_not_a_list_of_rejects(site: Path, tmp_path: Path) -> None:
    conn = _edit(site, tmp_path, lambda text: text.__setitem__(6, "#fields\tts\tuid\tid.orig_h\tid.resp_h\n"))
    for read in (columnar, rows):
        with pytest.raises(DeviceInputError, match="no row matches the #fields header") as caught:
            read(conn)
        assert caught.value.line == 9


def test_a_second_header_with_other_columns_is_followed(site: Path, tmp_path: Path) -> None:
    """Concatenated logs: the second part lists its columns in another order (the row reader follows it)."""
    text = lines(site / "conn.log")
    fields = text[6].rstrip("\n").split("\t")[1:]
    order = [fields.index(name) for name in reversed(fields)]
    tail = ["#fields\t" + "\t".join(reversed(fields)) + "\n"] + [
        "\t".join(line.rstrip("\n").split("\t")[i] for i in order) + "\n" for line in text[8:1008]
    ]
    conn = tmp_path / "conn.log"
    conn.write_text("".join(text[:-1] + tail), encoding="utf-8")
    flows, _, rejected = assert_agree(conn)
    assert flows == 21_000 and not rejected


def test_rejects_are_capped_and_counted(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_common, "MAX_REJECTED", 5)
    conn = _edit(site, tmp_path, lambda text: text.__setitem__(slice(100, 120), ["x\ty\n"] * 20))
    _, _, rejected = assert_agree(conn)
    assert len(rejected) == 6 and rejected[-1] == Rejected(str(conn), None, None, "15 more rejected rows not listed")


def test_cli_names_the_file_and_line_of_a_wrong_header(site: Path, tmp_path: Path) -> None:
    conn = _edit(site, tmp_path, lambda text: text.__setitem__(6, text[6].replace("id.orig_h", "orig")))
    result = run_cli("audit", str(conn))
    assert result.returncode == 2
    assert f"{conn}:7" in result.stderr and "id.orig_h" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_cli_rejects_a_file_of_binary_garbage(tmp_path: Path) -> None:
    garbage = tmp_path / "conn.log"
    garbage.write_bytes(bytes(range(256)) * 64)
    result = run_cli("audit", str(garbage))
    assert result.returncode == 2 and str(garbage) in result.stderr and "Traceback" not in result.stderr


class _RowReaderSpy:
    """Counts the lines the row reader was handed, block by block."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.blocks: list[tuple[int, int]] = []  # (first line, lines)
        real = zeek_conn.conn_block_flows

        def spy(data: bytes, first_line: int, *args: Any) -> Any:
            flows, count = real(data, first_line, *args)
            self.blocks.append((first_line, count))
            return flows, count

        monkeypatch.setattr(zeek_conn, "conn_block_flows", spy)


def _small_blocks(monkeypatch: pytest.MonkeyPatch) -> _RowReaderSpy:
    monkeypatch.setattr(zeek_blocks, "BLOCK_SIZE", 1 << 16)  # about 400 rows per block, 20,000 rows in all
    return _RowReaderSpy(monkeypatch)


def _set_cell(text: list[str], index: int, column: int, value: str) -> None:
    cells = text[index].rstrip("\n").split("\t")
    cells[column] = value
    text[index] = "\t".join(cells) + "\n"


def test_a_masked_timestamp_sends_only_its_block_to_the_row_reader(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _small_blocks(monkeypatch)
    conn = _edit(site, tmp_path, lambda text: _set_cell(text, 5_000, 0, "XXXXXXXXXX.XXXXXX"))
    flows, _, rejected = assert_agree(conn)
    assert flows == 20_000 and not rejected
    assert len(spy.blocks) == 1
    first, count = spy.blocks[0]
    assert first <= 5_001 < first + count and count < 1_000


def test_a_count_of_a_kept_row_is_typed_as_the_row_reader_types_it(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counts and ports are kept as bytes: one pyarrow's cast does not take ('lots', '12.0', '1e3') is judged
    by the row reader's own rule, value by value ('lots' rejected, the whole numbers kept), and its block stays
    columnar; a negative duration moves first-seen before ts on both paths."""
    spy = _RowReaderSpy(monkeypatch)
    text = lines(site / "conn.log")
    kept = [
        i for i, line in enumerate(text) if not line.startswith("#") and RELEVANT(line.split("\t")[4])
    ]  # responder in an adversary country
    assert len(kept) > 3
    _set_cell(text, kept[0], 9, "lots")
    _set_cell(text, kept[1], 10, "12.0")
    _set_cell(text, kept[2], 5, "1e3")  # a port
    _set_cell(text, kept[3], 8, "-5000.5")  # a negative duration: first seen is ts + duration, not ts
    _set_cell(text, 500, 8, "-7200.0")  # and for a row that only records its local host
    conn = tmp_path / "conn.log"
    conn.write_text("".join(text), encoding="utf-8")
    flows, groups, rejected = assert_agree(conn)
    assert flows == 20_000 - 1 and groups
    assert rejected == [Rejected(str(conn), kept[0] + 1, "orig_bytes", "not a number: 'lots'")]
    assert not spy.blocks  # no block went to the row reader (assert_agree calls parse_zeek, not the spy)


def test_a_word_in_a_count_of_an_unkept_row_is_rejected_and_its_block_stays_columnar(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _small_blocks(monkeypatch)
    text = lines(site / "conn.log")
    unkept = [
        i
        for i, line in enumerate(text)
        if not line.startswith("#") and not RELEVANT(line.split("\t")[4]) and not RELEVANT(line.split("\t")[2])
    ]
    fields = ("id.orig_p", "id.resp_p", "orig_bytes", "resp_bytes")
    for index, column in zip(unkept[:4], (3, 5, 9, 10), strict=True):
        _set_cell(text, index, column, "lots")
    conn = tmp_path / "conn.log"
    conn.write_text("".join(text), encoding="utf-8")
    flows, _, rejected = assert_agree(conn)
    assert flows == 20_000 - 4 and not spy.blocks
    assert rejected == [
        Rejected(str(conn), index + 1, field, "not a number: 'lots'")
        for index, field in zip(unkept[:4], fields, strict=True)
    ]


def test_local_hosts_keep_every_mac_and_both_directions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One address behind two MACs (one in two spellings), a host only ever seen answering a public address,
    a row without MACs, and a local-to-local row (no host): the same hosts as the row reader, in tiny blocks."""
    monkeypatch.setattr(zeek_blocks, "BLOCK_SIZE", 1 << 10)
    fields = [
        "ts",
        "uid",
        "id.orig_h",
        "id.orig_p",
        "id.resp_h",
        "id.resp_p",
        "proto",
        "duration",
        "orig_bytes",
        "resp_bytes",
        "conn_state",
        "orig_l2_addr",
        "resp_l2_addr",
    ]
    rows = []
    for n in range(60):
        src, smac = [
            ("10.0.0.5", "00:11:22:33:44:55"),
            ("10.0.0.5", "00:11:22:33:44:66"),
            ("10.0.0.5", "00:11:22:33:44:AA"),
            ("10.0.0.6", "-"),
        ][n % 4]
        rows.append(
            [
                f"{1700000000 + 60 - n}.5",
                f"C{n}",
                src,
                "5000",
                "8.8.8.8",
                "53",
                "udp",
                "0.1",
                "10",
                "20",
                "SF",
                smac,
                "e8:0a:b9:00:00:01",
            ]
        )
    rows.append(
        [
            "1700000100.0",
            "Cin",
            "1.1.1.1",
            "443",
            "10.0.0.7",
            "5001",
            "tcp",
            "1.0",
            "1",
            "2",
            "SF",
            "e8:0a:b9:00:00:01",
            "00:11:22:33:44:aa",
        ]
    )
    rows.append(["1700000101.0", "Cloc", "10.0.0.8", "1", "10.0.0.9", "2", "tcp", "1.0", "1", "2", "SF", "-", "-"])
    head = "#separator \\x09\n#path\tconn\n#fields\t" + "\t".join(fields) + "\n"
    conn = tmp_path / "conn.log"
    conn.write_text(head + "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    flows, _, _ = assert_agree(conn)
    hosts = merge_hosts(columnar(conn).local_hosts)
    assert flows == 62
    assert {(h.ip, h.mac) for h in hosts} == {
        ("10.0.0.5", "00:11:22:33:44:55"),
        ("10.0.0.5", "00:11:22:33:44:66"),
        ("10.0.0.5", "00:11:22:33:44:aa"),
        ("10.0.0.6", None),
        ("10.0.0.7", "00:11:22:33:44:aa"),
    }
    assert min(h.first or 0 for h in hosts if h.ip == "10.0.0.6") == 1700000001.5


def test_line_numbers_stay_exact_after_blank_lines_and_short_rows(site: Path, tmp_path: Path) -> None:
    def edit(text: list[str]) -> None:
        _set_cell(text, 60, 2, "10.0.0.999")  # a bad address after the lines below, in the same block
        text[40] = "\n"
        text[30] = text[30][:20] + "\n"
        text.insert(20, "\r\n")

    flows, _, rejected = assert_agree(_edit(site, tmp_path, edit))
    assert [(r.line, r.field) for r in rejected] == [(32, None), (62, "id.orig_h")]
    assert flows == 20_000 - 3


def test_bad_utf8_in_a_short_row_sends_only_its_block_to_the_row_reader(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _small_blocks(monkeypatch)
    conn = tmp_path / "conn.log"
    data = (site / "conn.log").read_bytes().split(b"\n")
    data[12_000] = b"\xff\xfe\tgarbage"
    conn.write_bytes(b"\n".join(data))
    flows, _, rejected = assert_agree(conn)
    assert [(r.line, r.field) for r in rejected] == [(12_001, None)]
    assert flows == 20_000 - 1 and len(spy.blocks) == 1 and spy.blocks[0][1] < 1_000


def test_after_a_second_header_the_blocks_are_columnar_again(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _small_blocks(monkeypatch)
    text = lines(site / "conn.log")
    fields = text[6].rstrip("\n").split("\t")[1:]
    order = [fields.index(name) for name in reversed(fields)]
    tail = ["#fields\t" + "\t".join(reversed(fields)) + "\n"] + [
        "\t".join(line.rstrip("\n").split("\t")[i] for i in order) + "\n" for line in text[8:10_008]
    ]
    conn = tmp_path / "conn.log"
    conn.write_text("".join(text[:-1] + tail), encoding="utf-8")
    flows, _, rejected = assert_agree(conn)
    assert flows == 30_000 and not rejected
    assert len(spy.blocks) == 1 and spy.blocks[0][1] < 1_000  # only the block holding the header


def test_lines_longer_than_a_block_and_other_line_ends(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zeek_blocks, "BLOCK_SIZE", 64)  # every row is longer than a block
    head = lines(site / "conn.log")[:300]
    conn = tmp_path / "conn.log"
    for ending in ("\n", "\r\n"):
        conn.write_text("".join(head[:8]) + "".join(line.replace("\n", ending) for line in head[8:]), encoding="utf-8")
        flows, _, rejected = assert_agree(conn)
        assert flows == 292 and not rejected
