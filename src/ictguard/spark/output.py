"""OUT of a Spark screening run, written on the driver from the part files' rows in input order: one CSV by
the local engine's formula-safe writer, or a Parquet directory; either replaces OUT whole when written. Each row
that could not be screened is warned of by file and line, as the local engine warns."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from ictguard.errors import InputError
from ictguard.service.batch import OUT_COLUMNS


def write_out(out: Path, names: tuple[str, ...], rows: Iterator[tuple[int, int, list[str]]], files: list[str]) -> int:
    """OUT from the assembled rows (replaced whole when written); warns of each row not screened, by line."""
    decision, status = names.index("decision", len(names) - len(OUT_COLUMNS)), len(names) - 1
    bad = 0

    def warned() -> Iterator[list[str]]:
        nonlocal bad
        for file, line, cells in rows:
            if cells[decision] == "error":
                bad += 1
                reason = cells[status].removeprefix("error: ")
                print(f"ictguard: warning: {files[file]}:{line}: {reason}; row not screened", file=sys.stderr)
            yield cells

    try:
        if out.suffix.lower() == ".csv":
            from ictguard.reports.csv_safe import write_safe_csv

            tmp = out.with_name(out.name + ".tmp")
            with tmp.open("w", encoding="utf-8", newline="") as handle:
                write_safe_csv(handle, names, (dict(zip(names, cells, strict=True)) for cells in warned()))
            tmp.replace(out)
        else:
            _parquet_dir(out, names, warned())
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", file=out, field="-o") from None
    return bad


def _parquet_dir(out: Path, names: tuple[str, ...], rows: Iterator[list[str]], batch: int = 50_000) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.string()) for name in names])
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()

    def table(chunk: list[list[str]]) -> pa.Table:
        arrays = [pa.array(column, pa.string()) for column in zip(*chunk, strict=True)]
        return pa.Table.from_arrays(arrays, schema=schema)

    with pq.ParquetWriter(tmp / "part-00000.parquet", schema) as writer:
        chunk: list[list[str]] = []
        for cells in rows:
            chunk.append(cells)
            if len(chunk) == batch:
                writer.write_table(table(chunk))
                chunk = []
        if chunk:
            writer.write_table(table(chunk))
    if out.is_dir():
        shutil.rmtree(out)
    elif out.exists():
        out.unlink()
    tmp.rename(out)
