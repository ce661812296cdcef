"""``screen-file --engine spark``: CSV/Parquet files or directories screened on Spark, resumable.

The screener is built once on the driver and broadcast. The input is cut into pieces (``spark.pieces``: CSV
byte ranges read by the local engine's own parser, so a malformed row is kept and reported by file and line;
Parquet row slices); each task screens its pieces with the local engine's per-row function and commits each
piece's rows as a part file in the staging directory next to OUT (``spark.parts``). A run that crashed is
resumed by running the same command: only the pieces without a part file run. The driver then writes OUT from
the part files in input order — OUT.csv one CSV by the local engine's formula-safe writer (the same bytes as
``--engine local``), any other OUT a Parquet directory — and prints each unscreenable row's file:line warning as
the local engine does. Storage URIs go through Spark's own Parquet reader and writer (``spark.frame``).
"""

from __future__ import annotations

import functools
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ictguard.errors import InputError
from ictguard.screening.screener import Screener
from ictguard.screening.tabular import Table, pick_column
from ictguard.service.batch import COUNTRY_COLUMNS, NAME_COLUMNS, OUT_COLUMNS, BatchOptions, output_names, screen_row
from ictguard.spark import parts
from ictguard.spark.output import write_out
from ictguard.spark.pieces import (
    CsvLayout,
    Piece,
    PieceRead,
    csv_layout,
    csv_piece_rows,
    csv_ranges,
    parquet_columns,
    parquet_piece_rows,
    parquet_ranges,
)

TABLE_SUFFIXES = (".csv", ".parquet")
MAX_PIECE_BYTES = 8 << 20  # about 100,000 names: a minute of one core, the most a crash loses
MIN_PIECE_BYTES = 4 << 10
MAX_PIECE_ROWS = 100_000
MIN_PIECE_ROWS = 200


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
class Job:
    """What every task needs: the files, how to read them, the output names and the batch options."""

    files: tuple[str, ...]
    layouts: tuple[CsvLayout, ...] | None  # CSV; None for Parquet
    columns: tuple[str, ...]
    out_names: tuple[str, ...]
    options: BatchOptions
    staging: str


def run_pieces(items: Iterator[tuple[Piece, int]], shipped: Any, job: Job) -> Iterator[int]:
    """A task: each (piece, skip) read, screened and committed as a part file; yields the piece numbers."""
    screener = shipped.value.screener
    for piece, skip in items:
        path = Path(job.files[piece.file])
        read = PieceRead(piece.end - piece.begin, piece.end - piece.begin + 1)
        if job.layouts is not None:
            rows = csv_piece_rows(path, job.layouts[piece.file], piece, skip, read)
        else:
            rows = parquet_piece_rows(path, job.columns, piece)
        part = parts.PartWriter(Path(job.staging), job.out_names, piece.number)
        count = errors = 0
        for line, values, problem in rows:
            result = screen_row(screener, job.options, 0, line, values, problem)
            count, errors = count + 1, errors + (result.decision == "error")
            cells = result.cells()
            part.add(line, [*values.values(), *(cells[c] for c in OUT_COLUMNS)])
        part.commit(parts.PartMeta(piece.number, skip, read.lines, read.exit, count, errors))
        yield piece.number


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
    in .parquet) and their kind."""
    uri = uri_of(path)
    if uri is not None:
        if Path(uri).suffix.lower() != ".parquet":
            raise InputError(
                "a URI input must name .parquet files (a glob such as …/*.parquet for a directory); CSV from a "
                "path every executor shares (Spark's CSV reader cannot report a malformed row by line)",
                file=uri,
            )
        return [uri], ".parquet"
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


def _columns(paths: list[Path], kind: str) -> tuple[tuple[CsvLayout, ...] | None, tuple[str, ...]]:
    """Every file's layout (CSV) and the columns they all have: one output table needs one header."""
    layouts = tuple(csv_layout(p) for p in paths) if kind == ".csv" else None
    found = [layout.columns for layout in layouts] if layouts is not None else [parquet_columns(p) for p in paths]
    for path, columns in zip(paths, found, strict=True):
        if columns != found[0]:
            raise InputError(
                f"columns {', '.join(columns)} differ from {paths[0]}'s ({', '.join(found[0])}): one run, one header",
                file=path,
                line=1,
            )
    return layouts, found[0]


def _plan(paths: list[Path], layouts: tuple[CsvLayout, ...] | None, cores: int) -> list[Piece]:
    """About four pieces per core (screening costs CPU per row: even a small file is worth spreading)."""
    ranges: list[tuple[int, int, int]] = []
    if layouts is not None:
        total = sum(p.stat().st_size for p in paths)
        size = min(max(total // (4 * cores), MIN_PIECE_BYTES), MAX_PIECE_BYTES)
        ranges = [(i, *r) for i, p in enumerate(paths) for r in csv_ranges(p, layouts[i], size)]
    else:
        import pyarrow.parquet as pq

        total = sum(pq.read_metadata(p).num_rows for p in paths)
        rows = min(max(total // (4 * cores), MIN_PIECE_ROWS), MAX_PIECE_ROWS)
        ranges = [(i, *r) for i, p in enumerate(paths) for r in parquet_ranges(p, rows)]
    return [Piece(number, *r) for number, r in enumerate(ranges)]


def screen_on_spark(
    input_path: Path,
    out: Path,
    *,
    name_column: str | None,
    country_column: str | None,
    as_of: date,
    threshold: float,
    load: Callable[[], tuple[str, Screener]],
    master: str | None = None,
) -> int:
    """Screen ``input_path`` into ``out``; returns the number of rows that could not be screened.

    ``load`` gives the list version and its screener."""
    from ictguard.screening.journal import check_writable, file_digest
    from ictguard.spark.session import spark_session

    files, kind = input_files(input_path)
    target = uri_of(out)
    if out.suffix.lower() == ".csv":
        if target is not None:
            raise InputError(
                "one CSV is written on this machine: give a local OUT.csv, or a Parquet URI", file=target, field="-o"
            )
        check_writable(out)  # before Spark starts or the screener is built
    local = target is None and uri_of(Path(files[0])) is None
    paths = [Path(f) for f in files]
    layouts, columns = _columns(paths, kind) if local else (None, ())
    with spark_session(master, "ictguard screen-file") as spark:
        if not local:
            from ictguard.spark.frame import frame_columns

            columns = tuple(frame_columns(spark, files))
        name_col = pick_column(Table(input_path, list(columns), []), name_column, NAME_COLUMNS, "name")
        if name_col is None:
            raise InputError("no name column found; pass --name-column", file=input_path, line=1, field="name")
        country_col = pick_column(Table(input_path, list(columns), []), country_column, COUNTRY_COLUMNS, "country")
        out_names = (*output_names(list(columns), OUT_COLUMNS).values(), *OUT_COLUMNS)
        options = BatchOptions(name_col, country_col, as_of, threshold)
        version, screener = load()
        shipped = spark.sparkContext.broadcast(ShippedScreener(screener))
        if not local:
            from ictguard.spark.frame import RowSpec, screen_frame

            return screen_frame(spark, files, RowSpec(columns, out_names, options), shipped, out, target)
        key = {
            "inputs": [[str(p.resolve()), file_digest(p)] for p in paths],
            "list_version": version,
            **options.facts(version, ""),
        }
        staging = parts.staging_dir(out)
        pieces = parts.open_staging(staging, key)
        if pieces is None:
            pieces = _plan(paths, layouts, spark.sparkContext.defaultParallelism)
            parts.write_manifest(staging, key, pieces)
        job = Job(tuple(files), layouts, columns, out_names, options, str(staging))
        metas = _run(spark, pieces, job, shipped, staging)
    first_lines = [layout.header_lines + 1 for layout in layouts] if layouts is not None else [1] * len(paths)
    bad = write_out(out, out_names, parts.assembled_rows(staging, pieces, metas, first_lines), files)
    shutil.rmtree(staging)
    return bad


def _run(spark: Any, pieces: list[Piece], job: Job, shipped: Any, staging: Path) -> dict[int, parts.PartMeta]:
    """Run the pieces without a (right) part file until every piece has one; the part files' metadata."""
    metas = parts.read_metas(staging, pieces)
    if metas:
        print(f"ictguard: resuming: {len(metas)} of {len(pieces)} piece(s) already screened", file=sys.stderr)
    for _ in range(len(pieces) + 1):  # each round settles at least the first unsettled piece of each file
        todo = parts.pending(pieces, metas)
        if not todo:
            return metas
        task = functools.partial(run_pieces, shipped=shipped, job=job)
        spark.sparkContext.parallelize(todo, len(todo)).mapPartitions(task).collect()
        metas = parts.read_metas(staging, pieces)
        if any(piece.number not in metas for piece, _ in todo):
            raise InputError(
                "the executors' part files are not here: OUT must be on a path every executor shares",
                file=staging,
                field="-o",
            )
    raise RuntimeError("pieces did not settle")  # unreachable: see the loop's comment
