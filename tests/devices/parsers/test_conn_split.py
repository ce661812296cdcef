"""A conn log read in byte ranges (conn_split) and put back together gives what its whole-file streamed reader
gives: the same kept conversations, local hosts, counts, rejected rows (line numbers, the cap) and errors,
wherever the ranges are cut."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from bench.gen_site import conn_to_json, generate

from ictguard.devices.flowgroups import Relevance, named_ports
from ictguard.devices.lawdata import default_law_data
from ictguard.devices.parsers._common import MAX_REJECTED
from ictguard.devices.parsers.conn_split import Kind, combine, conn_file, read_part
from ictguard.devices.records import Observations
from ictguard.devices.streamed import read_streamed, streamed_kind
from ictguard.errors import DeviceInputError

LAW = default_law_data()
NAMED = named_ports(LAW)
RELEVANT = Relevance(LAW, [])
SIZES = (13, 97, 4096, 1 << 30)  # ranges of a few bytes, odd cuts, a few ranges, one range
FIELDS = ("observations", "flow_groups", "local_hosts", "other_flows", "rejected", "inputs")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("site")
    generate(directory, devices=40, rows=3_000, seed=3)
    conn_to_json(directory / "conn.log", directory / "conn.json")
    return directory


def split(path: Path, kind: Kind, size: int) -> Observations | None:
    file = conn_file(path, kind)
    return combine(file, [read_part(file, begin, end, NAMED, RELEVANT) for begin, end in file.ranges(size)])


def assert_same(path: Path, sizes: tuple[int, ...] = SIZES) -> Observations:
    kind = streamed_kind(path)
    assert kind is not None
    whole = read_streamed(path, kind, NAMED, RELEVANT)
    for size in sizes:
        got = split(path, kind, size)
        assert got is not None, size
        for name in FIELDS[1:]:
            assert getattr(got, name) == getattr(whole, name), (size, name)
    return whole


def spoil(lines: list[str], rng: random.Random, bad: list[str], every: int) -> list[str]:
    """Every ``every``-th data line replaced by one of ``bad`` (blank lines included)."""
    return [rng.choice(bad) if i % every == every - 1 else line for i, line in enumerate(lines)]


def test_generated_site_logs_split_anywhere(site: Path) -> None:
    whole = assert_same(site / "conn.log", (97, 65536))
    assert whole.other_flows > 1000 and whole.local_hosts
    assert_same(site / "conn.json", (97, 65536))


def test_tsv_rejects_and_odd_blocks(site: Path, tmp_path: Path) -> None:
    text = (site / "conn.log").read_text(encoding="utf-8").splitlines(keepends=True)
    head = [line for line in text if line.startswith("#")][:8]
    body = [line for line in text if not line.startswith("#")][:600]
    rng = random.Random(1)
    first = body[0].split("\t")
    bad = [
        "\n",
        "\t".join(["1.0", "x", "not-an-ip", *first[3:]]),
        "\t".join(["-", *first[1:]]),
        "\t".join(first[:3] + ["99999999"] + first[4:]),
        "short\trow\n",
    ]
    path = tmp_path / "conn.log"
    path.write_text("".join(head + spoil(body, rng, bad, 7)), encoding="utf-8")
    whole = assert_same(path)
    assert len(whole.rejected) > 50


def test_tsv_reject_cap_counts_across_ranges(site: Path, tmp_path: Path) -> None:
    text = (site / "conn.log").read_text(encoding="utf-8").splitlines(keepends=True)
    head = [line for line in text if line.startswith("#")][:8]
    row = next(line for line in text if not line.startswith("#")).split("\t")
    path = tmp_path / "conn.log"
    path.write_text(
        "".join(head) + "\t".join(row[:2] + ["bad-address"] + row[3:]) * (MAX_REJECTED + 250), encoding="utf-8"
    )
    whole = assert_same(path, (5000, 1 << 30))
    assert whole.rejected[-1].reason == "250 more rejected rows not listed"


def test_tsv_without_a_fitting_row_is_the_same_error(site: Path, tmp_path: Path) -> None:
    text = (site / "conn.log").read_text(encoding="utf-8").splitlines(keepends=True)
    head = [line for line in text if line.startswith("#")][:8]
    path = tmp_path / "conn.log"
    path.write_text("".join(head) + "a\tb\tc\n" * 40, encoding="utf-8")
    with pytest.raises(DeviceInputError) as expected:
        read_streamed(path, "zeek-tsv", NAMED, RELEVANT)
    for size in (10, 1 << 30):
        with pytest.raises(DeviceInputError) as got:
            split(path, "zeek-tsv", size)
        assert str(got.value) == str(expected.value)


def test_a_second_header_asks_for_the_whole_file(site: Path, tmp_path: Path) -> None:
    text = (site / "conn.log").read_text(encoding="utf-8")
    path = tmp_path / "conn.log"
    path.write_text(text + text, encoding="utf-8")
    assert split(path, "zeek-tsv", 4096) is None


def test_json_rejects_split_anywhere(site: Path, tmp_path: Path) -> None:
    body = (site / "conn.json").read_text(encoding="utf-8").splitlines(keepends=True)[:500]
    row = json.loads(body[0])
    bad = [
        "\n",
        "{not json\n",
        "[1, 2]\n",
        json.dumps({**row, "id.orig_h": "nowhere"}) + "\n",
        json.dumps({**row, "id.resp_p": "eighty"}) + "\n",
        json.dumps({**row, "ts": True}) + "\n",
    ]
    path = tmp_path / "conn.json"
    path.write_text("".join(spoil(body, random.Random(2), bad, 5)), encoding="utf-8")
    whole = assert_same(path)
    assert len(whole.rejected) > 50


def test_json_with_another_log_asks_for_the_whole_file(site: Path, tmp_path: Path) -> None:
    body = (site / "conn.json").read_text(encoding="utf-8").splitlines(keepends=True)[:50]
    dns = json.dumps({"_path": "dns", "ts": 1.0, "query": "example.com", "answers": ["1.2.3.4"]}) + "\n"
    path = tmp_path / "conn.json"
    path.write_text("".join(body[:40] + [dns] + body[40:]), encoding="utf-8")
    assert split(path, "zeek-json", 1 << 30) is None


NFDUMP_HEADER = "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt\n"


def _nfdump_row(rng: random.Random) -> str:
    dst = rng.choice(["36.110.1.2", "8.8.8.8", "5.255.255.5", "93.184.216.34"])
    return (
        f"2024-11-22 10:{rng.randrange(60):02d}:00.000,2024-11-22 11:00:00.000,60.0,10.0.0.{rng.randrange(1, 40)},"
        f"{dst},{rng.randrange(1024, 65535)},443,TCP,......,0,0,3,{rng.randrange(10**6)},2,900\n"
    )


@pytest.mark.parametrize("ending", ["summary", "cut", "plain"])
def test_nfdump_rejects_trailer_and_cut_line(tmp_path: Path, ending: str) -> None:
    rng = random.Random(4)
    rows = [_nfdump_row(rng) for _ in range(400)]
    rows = spoil(rows, rng, ["1,2\n", "2024-11-22 10:00:00,x,1,not-ip,8.8.8.8,1,2,TCP,.,0,0,1,1,1,1\n", "\n"], 9)
    tail = {"summary": "Summary\nflows,bytes,packets\n400,1,1\n", "cut": "2024-11-22 10:00:00.000,2024-11", "plain": ""}
    path = tmp_path / "flows.csv"
    path.write_text(NFDUMP_HEADER + "".join(rows) + tail[ending], encoding="utf-8")
    whole = assert_same(path)
    assert whole.local_hosts and len(whole.rejected) > 20
    assert ("cut off" in whole.rejected[-1].reason) == (ending == "cut")
