"""Spark fixtures: one local[2] session for the module that compares engines; the standalone cluster is
started by its own test (cluster.py)."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

WANTED = ("Hikvision", "Huawei Technologies", "Dahua", "Kaspersky", "ZTE")


def need_pyspark() -> None:
    """CI installs the spark extra (scripts/setup-dev.sh) and must run these tests, never skip them."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("pyspark is not installed (pip install -e '.[dev,spark]')")


@pytest.fixture(scope="session")
def small_list(lists_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few real CSL rows (written to a temp dir, never into the repo)."""
    source = lists_dir / "consolidated.csv"
    out = tmp_path_factory.mktemp("lists") / "consolidated.csv"
    with source.open(encoding="utf-8-sig", newline="") as handle, out.open("w", encoding="utf-8", newline="") as dst:
        reader = csv.reader(handle)
        writer = csv.writer(dst)
        header = next(reader)
        writer.writerow(header)
        name = header.index("name")
        for row in reader:
            if any(w.lower() in row[name].lower() for w in WANTED):
                writer.writerow(row)
    return out


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A local[2] session, stopped after the module; the engines use it instead of starting their own."""
    need_pyspark()
    from ictguard.spark.session import spark_session

    with spark_session("local[2]", "ictguard tests") as session:
        yield session
