"""Batch jobs of the long-running service (the API's ``POST /screen/batch`` and the web's upload page): a table
screened by ``service.batch`` with its progress and result in the store's ``screen_jobs``, so any process can
answer for a job and the result outlives the one that ran it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path, PurePath

from sqlalchemy import Engine

from ictguard.errors import InputError
from ictguard.screening.screener import Screener
from ictguard.screening.tabular import Table, pick_column, read_table
from ictguard.service.batch import (
    COUNTRY_COLUMNS,
    NAME_COLUMNS,
    OUT_COLUMNS,
    BatchOptions,
    BatchRow,
    output_names,
    output_row,
    screen_table,
)
from ictguard.store import jobs_repo

PROGRESS_EVERY = 100  # rows between progress writes: enough to show movement, few writes
UPLOAD_TYPES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".parquet")


def read_upload(filename: str, data: bytes) -> Table:
    """An uploaded file read exactly as ``screen-file`` reads a file on disk; errors name the upload."""
    name = PurePath(filename).name or "upload"
    if PurePath(name).suffix.lower() not in UPLOAD_TYPES:
        raise InputError("upload a .csv, .xlsx or .parquet file", file=filename)
    with tempfile.TemporaryDirectory(prefix="ictguard-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            table = read_table(path)
        except InputError as exc:
            raise InputError(exc.reason, file=filename, line=exc.line, field=exc.field) from None
    return replace(table, path=Path(filename))


def pick_columns(table: Table, name_column: str | None, country_column: str | None) -> tuple[str, str | None]:
    """The name and country columns: the ones asked for (any case), else the usual headers."""
    lowered = {c.lower(): c for c in table.columns}
    name_column = lowered.get((name_column or "").strip().lower(), name_column) if name_column else None
    country_column = lowered.get((country_column or "").strip().lower(), country_column) if country_column else None
    try:
        name = pick_column(table, name_column, NAME_COLUMNS, "name")
        country = pick_column(table, country_column, COUNTRY_COLUMNS, "country")
    except InputError as exc:
        raise InputError(exc.reason, file=exc.file, line=exc.line, field=exc.field) from None
    if name is None:
        raise InputError(
            f"no party-name column (tried {', '.join(NAME_COLUMNS)}; columns are {', '.join(table.columns)})",
            file=table.path,
            line=1,
            field="name",
        )
    return name, country


def parties_table(parties: Sequence[tuple[str, str | None]]) -> Table:
    """The API's JSON rows (name, country) as a table with the columns ``name`` and ``country``."""
    rows = [
        (number, {"name": name, "country": country or ""}) for number, (name, country) in enumerate(parties, start=1)
    ]
    return Table(Path("request"), ["name", "country"], rows)


def result_columns(table: Table) -> list[str]:
    """The columns of a job's result: the input's (renamed on a clash), then ``OUT_COLUMNS``."""
    return [*output_names(table.columns, OUT_COLUMNS).values(), *OUT_COLUMNS]


def run_job(
    engine: Engine,
    job_id: str,
    screener: Screener,
    table: Table,
    options: BatchOptions,
    *,
    workers: int | None = None,
    each: Callable[[BatchRow, dict[str, str]], None] = lambda row, out: None,
) -> tuple[list[dict[str, str]] | None, str | None]:
    """Screen ``table`` for job ``job_id`` with ``screener`` (the version active when the job was started); the
    rows in order (``result_columns``) and None, or None and the message when it failed.

    A failure is recorded on the job (its message), never raised: the job runs in the background.
    """
    renamed = output_names(table.columns, OUT_COLUMNS)
    rows: list[dict[str, str]] = []
    try:
        for row in screen_table(screener, table, options, workers=workers):
            out = output_row(row, renamed)
            rows.append(out)
            each(row, out)
            if len(rows) % PROGRESS_EVERY == 0:
                jobs_repo.progress(engine, job_id, len(rows))
    except Exception as exc:  # the job records the failure; the client reads it from the job
        message = str(exc) or type(exc).__name__
        jobs_repo.finish(engine, job_id, result=None, error=message)
        return None, message
    jobs_repo.finish(engine, job_id, result=list(rows), error=None)
    return rows, None
