"""Screening through Spark's own Parquet reader and writer, for storage URIs (s3a://, gs://, hdfs://, dbfs:/…)
that the executors read or write themselves and the driver cannot list: the screener broadcast, each partition
screened Arrow batch by Arrow batch (``mapInArrow``) with the local engine's per-row function. Parquet only: a
Parquet row cannot be malformed, while Spark's CSV reader drops or nulls a malformed row without its line
(local and shared-mount CSV go through ``spark.pieces`` instead). No staging directory: not resumable.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ictguard.errors import InputError
from ictguard.screening.tabular import _cell
from ictguard.service.batch import OUT_COLUMNS, BatchOptions, screen_row


@dataclass(frozen=True)
class RowSpec:
    """What every task needs to screen a row: input columns, their output names, the batch options."""

    columns: tuple[str, ...]
    out_names: tuple[str, ...]  # renamed input columns, then OUT_COLUMNS
    options: BatchOptions


def screen_batches(batches: Iterator[Any], shipped: Any, spec: RowSpec) -> Iterator[Any]:
    """mapInArrow's function: each Arrow batch of input rows -> a batch of output rows (all text)."""
    import pyarrow as pa

    screener = shipped.value.screener
    width = len(spec.columns)
    for batch in batches:
        cells = [[_cell(v) for v in batch.column(i).to_pylist()] for i in range(width)]
        out: list[list[str]] = [[] for _ in spec.out_names]
        for values in zip(*cells, strict=True):
            result = screen_row(screener, spec.options, 0, 0, dict(zip(spec.columns, values, strict=True))).cells()
            for i, value in enumerate(values):
                out[i].append(value)
            for j, column in enumerate(OUT_COLUMNS, start=width):
                out[j].append(result[column])
        yield pa.RecordBatch.from_arrays([pa.array(c, pa.string()) for c in out], names=list(spec.out_names))


def screen_frame(spark: Any, paths: list[str], spec: RowSpec, shipped: Any, out: Path, target: str | None) -> int:
    """Screen the Parquet ``paths`` into ``target`` (a Parquet URI) or the local ``out`` CSV; the error rows."""
    frame = spark.read.parquet(*paths)
    if frame.rdd.getNumPartitions() < spark.sparkContext.defaultParallelism:
        frame = frame.repartition(2 * spark.sparkContext.defaultParallelism)  # a few large row groups
    schema = ", ".join(f"`{c.replace('`', '``')}` string" for c in spec.out_names)
    screened = frame.mapInArrow(functools.partial(screen_batches, shipped=shipped, spec=spec), schema)
    if target is None:
        return _write_csv(screened, out, spec.out_names)
    screened.write.mode("overwrite").parquet(target)
    return int(spark.read.parquet(target).where("decision = 'error'").count())


def frame_columns(spark: Any, paths: list[str]) -> list[str]:
    return list(spark.read.parquet(*paths).columns)


def _write_csv(frame: Any, out: Path, names: tuple[str, ...]) -> int:
    """One CSV, written here through the local engine's writer. Every partition is screened first, all at once
    (kept by the executors, spilled to their disks when large); toLocalIterator then only fetches them in order:
    it runs one job per partition, which would screen them one at a time."""
    from pyspark import StorageLevel

    from ictguard.reports.csv_safe import write_safe_csv

    frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
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
        frame.count()
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            write_safe_csv(handle, names, rows())
        tmp.replace(out)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", file=out, field="-o") from None
    finally:
        frame.unpersist()
    return bad
