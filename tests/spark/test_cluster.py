"""A real cluster: a Spark standalone master and two workers on 127.0.0.1; `ictguard screen-file` and
`ictguard audit` submitted to it with `--engine spark --master spark://…` write what the local engine writes.
The executors have no PYTHONPATH of their own: they run the ictguard package the driver ships."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bench.gen_site import conn_to_json, generate

from tests._cli import run_cli
from tests.spark.conftest import need_pyspark
from tests.spark.test_screen_rows import malformed_csv, warnings

pytestmark = pytest.mark.spark
SITE_FILES = ("inventory.csv", "scan.xml", "dhcp.log", "dns.log", "ssl.log", "conn.log", "conn.json")


def _report(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    document.pop("generated_at")
    return document


def test_standalone_cluster_gives_the_local_results(small_list: Path, tmp_path: Path) -> None:
    need_pyspark()
    from tests.spark.cluster import standalone_cluster

    data = {"ICTGUARD_DATA_DIR": str(tmp_path / "data")}
    parties, _, _ = malformed_csv(tmp_path / "parties.csv", small_list, 300, seed=12)  # malformed rows too
    site = tmp_path / "site"
    generate(site, devices=40, rows=4_000, seed=12)
    conn_to_json(site / "conn.log", site / "conn.json")
    inputs = [str(site / name) for name in SITE_FILES]
    screen = ("screen-file", str(parties), "--list-file", str(small_list), "--as-of", "2026-01-01")

    local = run_cli(*screen, "-o", str(tmp_path / "local.csv"), env=data)
    assert local.returncode == 0, local.stderr
    local_audit = run_cli("audit", *inputs, "-o", str(tmp_path / "local.json"), "--workers", "1", env=data)
    assert local_audit.returncode == 1, local_audit.stderr  # 1: covered equipment found

    with standalone_cluster(tmp_path / "cluster") as (master, env):
        on_cluster = {**env, **data}
        proc = run_cli(
            *screen, "-o", str(tmp_path / "cluster.csv"), "--engine", "spark", "--master", master, env=on_cluster
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert warnings(proc.stderr) == warnings(local.stderr) and len(warnings(local.stderr)) >= 5
        proc = run_cli(
            "audit",
            *inputs,
            "-o",
            str(tmp_path / "cluster.json"),
            "--engine",
            "spark",
            "--master",
            master,
            env=on_cluster,
        )
        assert proc.returncode == 1, proc.stderr[-3000:]
        shipped = sorted((tmp_path / "cluster").glob("worker*/app-*/*/ictguard_code/ictguard/__init__.py"))

    assert (tmp_path / "cluster.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    assert _report(tmp_path / "cluster.json") == _report(tmp_path / "local.json")
    # Both applications ran executors on both workers, each with the package the driver shipped.
    assert len({p.parts[-5] for p in shipped}) == 2 and len({p.parts[-4] for p in shipped}) == 2, shipped
