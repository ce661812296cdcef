"""``screen-file --engine spark``: a CSV/Parquet file or directory screened on Spark.

The screener is built once on the driver and broadcast; each executor screens its partitions Arrow batch by
Arrow batch (``mapInArrow``) with the local engine's own per-row function, so every row gets the same columns
and values as ``--engine local``. OUT.csv is one CSV written on the driver by the same formula-safe writer as
the local engine (rows stream in, a partition at a time, in input order for one CSV input file); any other OUT
is a Parquet directory written by the executors.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ictguard.errors import InputError
from ictguard.screening.screener import Screener
from ictguard.screening.tabular import Table, _cell, pick_column
from ictguard.service.batch import (
    COUNTRY_COLUMNS,
    NAME_COLUMNS,
    OUT_COLUMNS,
    BatchOptions,
    output_names,
    screen_row,
)

TABLE_SUFFIXES = (".csv", ".parquet")


class ShippedScreener:
    """The screener with its entities, for a broadcast: a Screener pickles without them (``attach``)."""

    def __init__(self, screener: Screener) -> None:
        self.screener = screener

    def __getstate__(self) -> dict[str, Any]:
        return {"screener": self.screener, "entities": self.screener.entities}

    def __setstate__(self, state: dict[str, Any]) -> None:
        screener: Screener = state["screener"]
        if screener.entities != state["entities"] and not screener.attach(state["entities"]):
            raise RuntimeError("broadcast screener does not match its entities")
        self.screener = screener


@dataclass(frozen=True)
class RowSpec:
    """What every task needs to screen a row: input columns, their output names, the batch options."""

    columns: tuple[str, ...]
    out_names: tuple[str, ...]  # renamed input columns, then OUT_COLUMNS
    options: BatchOptions
    skip_blank: bool  # CSV: a row of empty cells is no row (as the local reader skips it)


def screen_batches(batches: Iterator[Any], shipped: Any, spec: RowSpec) -> Iterator[Any]:
    """mapInArrow's function: each Arrow batch of input rows -> a batch of output rows (all text), each row
    screened by the local engine's own function (service.batch.screen_row)."""
    import pyarrow as pa

    screener = shipped.value.screener
    width = len(spec.columns)
    for batch in batches:
        cells = [[_cell(v) for v in batch.column(i).to_pylist()] for i in range(width)]
        out: list[list[str]] = [[] for _ in spec.out_names]
        for values in zip(*cells, strict=True):
            if spec.skip_blank and not any(v.strip() for v in values):
                continue
            # index and line are the local engine's bookkeeping (journal, warnings): not known here, not written
            result = screen_row(screener, spec.options, 0, 0, dict(zip(spec.columns, values, strict=True))).cells()
            for i, value in enumerate(values):
                out[i].append(value)
            for j, column in enumerate(OUT_COLUMNS, start=width):
                out[j].append(result[column])
        yield pa.RecordBatch.from_arrays([pa.array(c, pa.string()) for c in out], names=list(spec.out_names))


def uri_of(path: Path) -> str | None:
    """``path`` as a storage URI (s3a://…, gs://…, hdfs://…, dbfs:/…) the executors read or write themselves,
    None for a local path. The command line hands a Path over, which folds '//' to '/': put back here."""
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]+):/+(.*)$", str(path))
    if match is None:
        return None
    scheme, rest = match.groups()
    return f"{scheme}:/{rest}" if scheme.lower() in ("dbfs", "file") else f"{scheme}://{rest}"


def input_files(path: Path) -> tuple[list[str], str]:
    """The table files of ``path`` (a file, a directory's files at any depth, or a URI whose name or glob ends
    in .csv or .parquet) and their kind."""
    uri = uri_of(path)
    if uri is not None:
        kind = Path(uri).suffix.lower()
        if kind not in TABLE_SUFFIXES:
            raise InputError(
                "a URI input must name .csv or .parquet files (a glob such as …/*.parquet for a directory)", file=uri
            )
        return [uri], kind
    if path.is_file():
        files = [path]
    elif path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith((".", "_")))
    else:
        raise InputError("no such file or directory", file=path)
    kinds = {p.suffix.lower() for p in files}
    if not files or len(kinds) != 1 or not kinds <= set(TABLE_SUFFIXES):
        raise InputError(
            f"--engine spark reads .csv or .parquet files (one kind per run); found "
            f"{', '.join(sorted(kinds)) or 'no files'}",
            file=path,
        )
    return [str(p) for p in files], kinds.pop()


def read_frame(spark: Any, paths: list[str], kind: str) -> Any:
    """The input as a DataFrame: CSV cells as text (RFC 4180 quoting, UTF-8), Parquet as typed."""
    if kind == ".parquet":
        return spark.read.parquet(*paths)
    frame = spark.read.options(header=True, escape='"', encoding="UTF-8", mode="PERMISSIVE").csv(paths)
    # A UTF-8 byte-order mark is part of the first header cell for Spark; the local reader drops it.
    return frame.toDF(*[c.lstrip("\ufeff").strip() for c in frame.columns])


def screen_on_spark(
    input_path: Path,
    out: Path,
    *,
    name_column: str | None,
    country_column: str | None,
    as_of: date,
    threshold: float,
    load: Callable[[], Screener],
    master: str | None = None,
) -> int:
    """Screen ``input_path`` into ``out``; returns the number of rows that could not be screened."""
    from ictguard.screening.journal import check_writable
    from ictguard.spark.session import spark_session

    files, kind = input_files(input_path)
    target = uri_of(out)
    if out.suffix.lower() == ".csv":
        if target is not None:
            raise InputError(
                "one CSV is written on this machine: give a local OUT.csv, or a Parquet URI", file=target, field="-o"
            )
        check_writable(out)  # before Spark starts or the screener is built
    with spark_session(master, "ictguard screen-file") as spark, _split_size(spark, files, kind):
        frame = read_frame(spark, files, kind)
        if kind == ".parquet" and frame.rdd.getNumPartitions() < spark.sparkContext.defaultParallelism:
            frame = frame.repartition(2 * spark.sparkContext.defaultParallelism)  # a few large row groups
        columns = list(frame.columns)
        table = Table(input_path, columns, [])
        name_col = pick_column(table, name_column, NAME_COLUMNS, "name")
        if name_col is None:
            raise InputError("no name column found; pass --name-column", file=input_path, line=1, field="name")
        country_col = pick_column(table, country_column, COUNTRY_COLUMNS, "country")
        renamed = output_names(columns, OUT_COLUMNS)
        spec = RowSpec(
            tuple(columns),
            (*renamed.values(), *OUT_COLUMNS),
            BatchOptions(name_col, country_col, as_of, threshold),
            kind == ".csv",
        )
        shipped = spark.sparkContext.broadcast(ShippedScreener(load()))
        schema = ", ".join(f"`{c.replace('`', '``')}` string" for c in spec.out_names)
        screened = frame.mapInArrow(functools.partial(screen_batches, shipped=shipped, spec=spec), schema)
        if out.suffix.lower() == ".csv":
            return _write_csv(screened, out, spec.out_names)
        screened.write.mode("overwrite").parquet(target or str(out))
        return int(spark.read.parquet(target or str(out)).where("decision = 'error'").count())


@contextmanager
def _split_size(spark: Any, files: list[str], kind: str) -> Iterator[None]:
    """Local CSV input cut into about four partitions per core (a partition is a contiguous byte range, so the
    order stays the file's): screening costs CPU per row, so even a small file is worth spreading. The session's
    own setting is put back afterwards (it may be the caller's session)."""
    key = "spark.sql.files.maxPartitionBytes"
    local = [Path(f) for f in files if uri_of(Path(f)) is None]
    if kind != ".csv" or not local:
        yield
        return
    previous = spark.conf.get(key)
    size = sum(p.stat().st_size for p in local)
    spark.conf.set(key, str(max(size // (4 * spark.sparkContext.defaultParallelism), 4 << 10)))
    try:
        yield
    finally:
        spark.conf.set(key, previous)


def _write_csv(frame: Any, out: Path, names: tuple[str, ...]) -> int:
    """One CSV, written here through the local engine's writer. Every partition is screened first, all at once
    (kept by the executors, spilled to their disks when large); toLocalIterator then only fetches them in order:
    it runs one job per partition, which would screen them one at a time."""
    from pyspark import StorageLevel

    frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        frame.count()
        return _fetch_csv(frame, out, names)
    finally:
        frame.unpersist()


def _fetch_csv(frame: Any, out: Path, names: tuple[str, ...]) -> int:
    from ictguard.reports.csv_safe import write_safe_csv

    bad = 0

    def rows() -> Iterator[dict[str, Any]]:
        nonlocal bad
        for number, row in enumerate(frame.toLocalIterator(prefetchPartitions=True), start=1):
            values = row.asDict()
            if values["decision"] == "error":
                bad += 1
                print(
                    f"ictguard: warning: row {number}: {values['status'].removeprefix('error: ')}; row not screened",
                    file=sys.stderr,
                )
            yield values

    tmp = out.with_name(out.name + ".tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            write_safe_csv(handle, names, rows())
        tmp.replace(out)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", file=out, field="-o") from None
    return bad
