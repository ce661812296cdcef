"""Conn-log lines that do not parse (Zeek TSV and JSON, nfdump CSV) are rejected rows of the audit report,
named by file and line (the first MAX_REJECTED of a Zeek log, then a count), the same on --engine spark as on
--engine local, wherever Spark's ranges cut the files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bench.gen_site import conn_to_json, generate

from ictguard.devices.audit import audit_paths
from ictguard.devices.parsers._common import MAX_REJECTED
from ictguard.devices.report import report_dict

pytestmark = pytest.mark.spark
SHARED_NFDUMP_CSV = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "device" / "nfdump"


def damaged(source: Path, out: Path, bad: list[str], every: int, header: int) -> tuple[Path, list[int]]:
    """``source`` with each of ``bad`` inserted after every ``every`` data lines (cycling); the lines they got."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    head, data = lines[:header], lines[header:]
    result, numbers = list(head), []
    for at, line in enumerate(data):
        if at and at % every == 0:
            numbers.append(len(result) + 1)
            result.append(bad[(at // every - 1) % len(bad)])
        result.append(line)
    out.write_text("".join(result), encoding="utf-8")
    return out, numbers


def tsv_fields(line: str, **changes: str) -> str:
    names = "ts uid id_orig_h id_orig_p id_resp_h id_resp_p proto".split()
    cells = line.rstrip("\n").split("\t")
    for name, value in changes.items():
        cells[names.index(name)] = value
    return "\t".join(cells) + "\n"


@pytest.fixture(scope="module")
def damaged_logs(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> dict[str, tuple[Path, list[int]]]:
    directory = tmp_path_factory.mktemp("damaged")
    generate(directory, devices=40, rows=3_000, seed=31)
    conn_to_json(directory / "conn.log", directory / "conn.json")
    tsv = (directory / "conn.log").read_text(encoding="utf-8").splitlines(keepends=True)
    header = sum(1 for line in tsv if line.startswith("#") and not line.startswith("#close"))
    row = tsv[header]
    bad_tsv = [
        "garbage\n",
        tsv_fields(row, id_orig_p="abc"),
        tsv_fields(row, id_resp_h="999.1.1.1"),
        tsv_fields(row, proto="tcp\tx"),  # one cell too many
    ]
    conn = '{"_path":"conn","ts":1.0,"id.orig_h":"10.0.0.1","id.orig_p":%s,"id.resp_h":"%s","id.resp_p":80}\n'
    bad_json = ["{not json\n", conn % ('"abc"', "1.2.3.4"), "[1, 2]\n", conn % ("1", "1.2.3"), conn % ("1e99", "::1")]
    nfdump = sorted(SHARED_NFDUMP_CSV.glob("*.csv"))[0]
    nf_lines = nfdump.read_text(encoding="utf-8").splitlines(keepends=True)
    nf_lines = nf_lines[: next(i for i, line in enumerate(nf_lines) if line.startswith("Summary"))]
    (directory / "big.nfdump.csv").write_text(
        nf_lines[0] + "".join(nf_lines[1:] * (2_000 // max(len(nf_lines) - 1, 1) + 1)), encoding="utf-8"
    )
    nf_row = nf_lines[1].rstrip("\n").split(",")
    bad_nf = [
        "2013-03-07 21:42:06,garbage\n",
        ",".join([*nf_row[:3], "999.0.0.1", *nf_row[4:]]) + "\n",
        ",".join([*nf_row[:6], "http", *nf_row[7:]]) + "\n",
        ",".join(["notatime", *nf_row[1:]]) + "\n",
        ",".join([*nf_row, "extra"]) + "\n",
    ]
    return {
        "tsv": damaged(directory / "conn.log", directory / "damaged.conn.log", bad_tsv, 97, header),
        "tsv-many": damaged(directory / "conn.log", directory / "many.conn.log", bad_tsv, 2, header),
        "json": damaged(directory / "conn.json", directory / "damaged.conn.json", bad_json, 89, 0),
        "nfdump": damaged(directory / "big.nfdump.csv", directory / "damaged.nfdump.csv", bad_nf, 71, 1),
    }


def test_unparsable_conn_lines_are_rejected_by_line_alike(
    spark: Any, damaged_logs: dict[str, tuple[Path, list[int]]]
) -> None:
    from ictguard.spark.flows import spark_engine

    inputs = [path for path, _ in damaged_logs.values()]
    local = report_dict(audit_paths(inputs))
    got = report_dict(audit_paths(inputs, stream=spark_engine(range_bytes=30_000)))
    assert all(path.stat().st_size > 3 * 30_000 for path in inputs)  # several ranges per file
    local.pop("generated_at"), got.pop("generated_at")
    assert got == local

    rejected = {(r["file"], r["line"]) for r in local["rejected"]}
    for name in ("tsv", "json", "nfdump"):
        path, lines = damaged_logs[name]
        assert lines and all((str(path), line) in rejected for line in lines), name
    many, lines = damaged_logs["tsv-many"]
    listed = [r for r in local["rejected"] if r["file"] == str(many)]
    assert len(lines) > MAX_REJECTED + 100 and len(listed) == MAX_REJECTED + 1
    assert listed[-1]["reason"] == f"{len(lines) - MAX_REJECTED} more rejected rows not listed"
