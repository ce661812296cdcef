"""audit over several inputs in worker processes (--workers N) writes the one-process report, and a directory
stands for its files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from bench.gen_site import conn_to_json, generate

from ictguard.devices.audit import audit_paths
from ictguard.devices.report import report_dict

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("site")
    generate(directory, devices=50, rows=4_000, seed=21)
    conn_to_json(directory / "conn.log", directory / "conn.json")
    (directory / "garbage.bin").write_bytes(b"\x00\x01binary garbage\xff" * 10)  # unread, the rest still audited
    return directory


def _report(paths: list[Path], workers: int) -> dict[str, Any]:
    document = report_dict(audit_paths(paths, workers=workers))
    document.pop("generated_at")
    return document


def test_two_workers_write_the_one_process_report(site: Path, device_dir: Path) -> None:
    inputs = [
        *sorted(p for p in site.iterdir() if p.name != "truth.json"),
        device_dir / "nfdump",
        device_dir / "zeek" / "http-get.pcap",
        FIXTURES / "conn.log",
    ]
    one = _report(inputs, 1)
    assert _report(inputs, 2) == one
    assert one["unread_inputs"] and one["rejected"] and one["summary"]["devices_with_adversary_traffic"] > 0
    formats = {i["format"] for i in one["inputs"]}
    assert {"zeek-conn", "nfdump-csv", "nfdump-json", "pcap"} <= formats


def test_a_directory_is_its_files(site: Path, tmp_path: Path) -> None:
    nested = tmp_path / "logs" / "day1"
    nested.mkdir(parents=True)
    for name in ("dns.log", "ssl.log", "conn.log"):
        shutil.copy(site / name, nested / name)
    (tmp_path / "logs" / ".hidden").write_text("not read", encoding="utf-8")
    by_dir = _report([site / "inventory.csv", tmp_path / "logs"], 2)
    by_files = _report([site / "inventory.csv", *(nested / n for n in ("conn.log", "dns.log", "ssl.log"))], 1)
    assert by_dir == by_files
