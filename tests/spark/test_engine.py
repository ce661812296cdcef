"""--engine spark gives what --engine local gives: screen-file row for row, audit report for report."""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from bench.gen_site import conn_to_json, generate

from ictguard.devices.audit import audit_paths
from ictguard.devices.report import report_dict
from ictguard.spark.parts import staging_dir
from ictguard.spark.screen import _columns, _plan
from tests._cli import run_cli

pytestmark = pytest.mark.spark
SHARED_NFDUMP = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "device" / "nfdump"
FIXTURES = Path(__file__).resolve().parents[1] / "devices" / "fixtures"


def party_names(small_list: Path, count: int, seed: int) -> list[dict[str, str]]:
    """Listed names, their misspellings and unrelated names, a few bad rows, formula-looking cells."""
    rng = random.Random(seed)
    with small_list.open(encoding="utf-8", newline="") as handle:
        listed = [row["name"] for row in csv.DictReader(handle)]
    other = ["Acme Widgets Inc", "Northwind Traders", "Contoso Ltd", "大华", "海康威视", "Fabrikam GmbH"]
    rows = []
    for number in range(count):
        name = rng.choice(listed) if rng.random() < 0.5 else rng.choice(other)
        if rng.random() < 0.3 and len(name) > 4:
            at = rng.randrange(len(name))
            name = name[:at] + name[at + 1 :]
        country = rng.choice(["CN", "US", "", "RU", "ZZ" if rng.random() < 0.05 else "DE"])
        if rng.random() < 0.03:
            name = rng.choice(["", "   ", "###"])
        rows.append(
            {"vendor_id": f"V{number}", "name": name, "country": country, "score": rng.choice(["", "=1+2", "7"])}
        )
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def screen_locally(src: Path, out: Path, small_list: Path, data: Path) -> str:
    """The local engine's run (a child process, as a user runs it); its stderr."""
    proc = run_cli(
        "screen-file",
        str(src),
        "-o",
        str(out),
        "--list-file",
        str(small_list),
        "--as-of",
        "2026-01-01",
        env={"ICTGUARD_DATA_DIR": str(data)},
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stderr


def screen_on_spark(src: Path, out: Path, small_list: Path) -> int:
    from ictguard.screening import DEFAULT_THRESHOLD
    from ictguard.spark.screen import screen_on_spark as run

    return run(
        src,
        out,
        name_column=None,
        country_column=None,
        as_of=date(2026, 1, 1),
        threshold=DEFAULT_THRESHOLD,
        load=lambda: _loaded(small_list),
    )


def _loaded(small_list: Path) -> tuple[str, Any]:
    from ictguard.cli.screen import load_screening

    context, screener = load_screening(small_list)
    return context.version_id, screener


def test_screen_file_csv_is_the_local_engines_byte_for_byte(
    spark: Any, small_list: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ICTGUARD_DATA_DIR", str(tmp_path / "data"))
    src = write_csv(tmp_path / "parties.csv", party_names(small_list, 400, seed=7))
    screen_locally(src, tmp_path / "local.csv", small_list, tmp_path / "data")
    bad = screen_on_spark(src, tmp_path / "spark.csv", small_list)
    layouts, _ = _columns([src], ".csv")
    assert len(_plan([src], layouts, spark.sparkContext.defaultParallelism)) > 1  # several pieces, order kept
    assert not staging_dir(tmp_path / "spark.csv").exists()  # removed once OUT is written
    local = (tmp_path / "local.csv").read_bytes()
    assert (tmp_path / "spark.csv").read_bytes() == local
    rows = list(csv.DictReader((tmp_path / "local.csv").open(encoding="utf-8")))
    assert bad == sum(r["decision"] == "error" for r in rows) > 0
    assert {r["decision"] for r in rows} == {"match", "no_match", "error"} and "input_score" in rows[0]


def test_screen_file_parquet_directory_in_and_out(
    spark: Any, small_list: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ICTGUARD_DATA_DIR", str(tmp_path / "data"))
    rows = party_names(small_list, 240, seed=8)
    table = pa.table(
        {
            "vendor_id": [r["vendor_id"] for r in rows],
            "name": [r["name"] or None for r in rows],
            "country": [r["country"] for r in rows],
            "spend": [float(i) for i in range(len(rows))],
        }
    )
    (tmp_path / "in").mkdir()
    pq.write_table(table.slice(0, 100), tmp_path / "in" / "a.parquet")
    pq.write_table(table.slice(100), tmp_path / "in" / "b.parquet")
    pq.write_table(table, tmp_path / "all.parquet")
    screen_locally(tmp_path / "all.parquet", tmp_path / "local.csv", small_list, tmp_path / "data")
    screen_on_spark(tmp_path / "in", tmp_path / "out", small_list)
    written = pq.read_table(tmp_path / "out")
    local = list(csv.DictReader((tmp_path / "local.csv").open(encoding="utf-8")))
    assert written.column_names == list(local[0])
    got = sorted(written.to_pylist(), key=lambda r: r["vendor_id"])
    assert got == sorted(local, key=lambda r: r["vendor_id"])
    assert next(r for r in got if r["vendor_id"] == "V5")["spend"] == "5"  # a whole float, as the local reader has it


def test_cli_rejects_an_unknown_engine(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "p.csv", [{"name": "x"}])
    proc = run_cli("screen-file", str(src), "-o", str(tmp_path / "o.csv"), "--engine", "dask")
    assert proc.returncode == 2 and "unknown engine 'dask'" in proc.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("site")
    generate(directory, devices=60, rows=6_000, seed=9)
    conn_to_json(directory / "conn.log", directory / "conn.json")
    return directory


def test_audit_is_the_local_engines_report(spark: Any, site: Path, shared_dir: Path) -> None:
    from ictguard.spark.flows import spark_engine

    inputs = [
        *(
            site / name
            for name in ("inventory.csv", "scan.xml", "dhcp.log", "dns.log", "ssl.log", "conn.log", "conn.json")
        ),
        SHARED_NFDUMP,
        FIXTURES / "conn.log",
    ]
    local = report_dict(audit_paths(inputs))
    got = report_dict(audit_paths(inputs, stream=spark_engine(range_bytes=40_000)))
    assert (site / "conn.json").stat().st_size > 10 * 40_000  # several ranges per file
    local.pop("generated_at"), got.pop("generated_at")
    assert got == local
    assert local["summary"]["devices_with_adversary_traffic"] > 0 and local["rejected"]
    assert {kind for _, kind in [(i["file"], i["format"]) for i in local["inputs"]]} >= {"zeek-conn", "nfdump-csv"}
