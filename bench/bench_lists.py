"""List loading benchmark: parse the whole mirror, `lists update` into SQLite and PostgreSQL, and
`load_active_snapshot`; a raw pyarrow CSV read of consolidated.csv is the floor, in the same run.

    .venv/bin/python bench/bench_lists.py [--repeat 3] [--lists ../shared/data/lists]

Prints a Markdown table (best and median of the repeats, seconds).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ictguard.lists.csl_csv import load_csl_csv
from ictguard.lists.ofac import load_ofac_dir
from ictguard.lists.update import prepare_load
from ictguard.settings import Settings
from ictguard.store import lists_repo
from ictguard.store.db import make_engine, migrate

PG_URL = os.environ.get("ICTGUARD_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DEFAULT_LISTS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "lists"


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    runs, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t0)
    return min(runs), statistics.median(runs), result


def pg_schema() -> tuple[str, Callable[[], None]] | None:
    try:
        admin = sa.create_engine(PG_URL)
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # report and skip the PostgreSQL rows
        print(f"(PostgreSQL not reachable: {exc})")
        return None

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return f"{PG_URL}?options=-csearch_path%3D{schema}", drop


def bench_store(label: str, url: str, lists: Path, repeat: int, rows: list[tuple[str, float, float, str]]) -> None:
    engine = make_engine(url)
    migrate(engine)
    settings = Settings(lists="")
    best, med, info = timed(lambda: lists_repo.update_lists(engine, str(lists), settings), repeat)
    rows.append(
        (
            f"`lists update` (fetch+parse+validate+store+activate) into {label}",
            best,
            med,
            f"{info.entity_count} entities",
        )
    )

    def cold_snapshot() -> int:
        lists_repo._CACHE.clear()
        return len(lists_repo.load_active_snapshot(engine).entities)

    best, med, n = timed(cold_snapshot, repeat)
    rows.append((f"`load_active_snapshot` from {label} (uncached)", best, med, f"{n} entities"))
    best, med, n = timed(lambda: len(lists_repo.load_active_snapshot(engine).entities), repeat)
    rows.append((f"`load_active_snapshot` from {label} (in-process cache hit)", best, med, f"{n} entities"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lists", type=Path, default=DEFAULT_LISTS)
    args = parser.parse_args()
    lists: Path = args.lists
    rows: list[tuple[str, float, float, str]] = []

    import pyarrow.csv as pacsv

    best, med, table = timed(lambda: pacsv.read_csv(lists / "consolidated.csv"), args.repeat)
    rows.append(("floor: pyarrow.csv.read_csv(consolidated.csv), no validation", best, med, f"{table.num_rows} rows"))
    best, med, ents = timed(lambda: load_csl_csv(lists / "consolidated.csv"), args.repeat)
    rows.append(("parse consolidated.csv to entities (`load_csl_csv`)", best, med, f"{len(ents)} entities"))
    best, med, ents = timed(lambda: load_ofac_dir(lists / "ofac"), args.repeat)
    rows.append(("parse OFAC legacy files (`load_ofac_dir`)", best, med, f"{len(ents)} entities"))
    best, med, load = timed(lambda: prepare_load(str(lists), Settings(lists="")), args.repeat)
    rows.append(
        (
            "whole mirror: read+parse+merge+effective dates+relations (`prepare_load`)",
            best,
            med,
            f"{len(load.entities)} entities",
        )
    )

    with tempfile.TemporaryDirectory() as tmp:
        bench_store("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite'}", lists, args.repeat, rows)
    pg = pg_schema()
    if pg is not None:
        url, drop = pg
        try:
            bench_store("PostgreSQL", url, lists, args.repeat, rows)
        finally:
            drop()

    print(f"repeats: {args.repeat}; cores: {os.cpu_count()}\n")
    print("| step | best s | median s | size |")
    print("|---|---:|---:|---|")
    for name, b, m, size in rows:
        print(f"| {name} | {b:.2f} | {m:.2f} | {size} |")


if __name__ == "__main__":
    main()
