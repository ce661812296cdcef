"""Batch screening jobs for the browser: read an uploaded CSV/XLSX, screen each row in a background thread,
report progress, and export the results as spreadsheet-safe CSV.

A job's progress and result rows are also kept through a :class:`JobSink` (the store's ``screen_jobs``, see
``web.batch_store``), which audits who started it and lets the result outlive the process. The uploaded
file's other columns, its name and the job's owner live in memory only: ``screen_jobs`` has no column for
them, so after a restart a job shows the stored result (name, country, best hit) under its link.
"""

from __future__ import annotations

import csv
import io
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from ictguard.errors import IctguardError, InputError
from ictguard.reports.csv_safe import write_safe_csv

# Screens one party: (name, country or None) -> the hits of the screening document, best first.
ScreenOne = Callable[[str, str | None], list[dict[str, Any]]]
RESULT_COLUMNS = ("best_hit", "best_hit_list", "best_hit_entity_id", "score", "hits", "decision")
NAME_COLUMNS = ("name", "party", "party_name", "company", "entity")
COUNTRY_COLUMNS = ("country", "country_code", "cc")
PROGRESS_EVERY = 25  # rows between progress writes to the sink: enough to show movement, few writes
log = logging.getLogger(__name__)


@dataclass
class Table:
    columns: list[str]
    rows: list[dict[str, str]]
    name_column: str
    country_column: str | None


def read_table(filename: str, data: bytes, name_column: str = "", country_column: str = "") -> Table:
    """Rows of an uploaded CSV or XLSX file, with the party-name and country columns resolved."""
    lower = filename.lower()
    if lower.endswith(".csv"):
        columns, rows = _read_csv(filename, data)
    elif lower.endswith(".xlsx"):
        columns, rows = _read_xlsx(filename, data)
    else:
        raise InputError("upload a .csv or .xlsx file", file=filename)
    name = _pick(columns, name_column, NAME_COLUMNS)
    if name is None:
        raise InputError(f"no party-name column (tried {name_column or ', '.join(NAME_COLUMNS)}; "
                         f"columns are {', '.join(columns)})", file=filename, line=1, field=name_column or "name")
    country = _pick(columns, country_column, COUNTRY_COLUMNS)
    if country_column and country is None:
        raise InputError("country column not found", file=filename, line=1, field=country_column)
    return Table(columns=columns, rows=rows, name_column=name, country_column=country)


def _pick(columns: list[str], wanted: str, defaults: tuple[str, ...]) -> str | None:
    by_lower = {c.strip().lower(): c for c in columns}
    for candidate in ((wanted,) if wanted else defaults):
        if candidate.strip().lower() in by_lower:
            return by_lower[candidate.strip().lower()]
    return None


def _read_csv(filename: str, data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", file=filename) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise InputError("empty file: a header row is needed", file=filename, line=1)
    rows = []
    for line_no, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            raise InputError(f"{len(values)} cells but the header has {len(header)}", file=filename, line=line_no)
        rows.append(dict(zip(header, values + [""] * (len(header) - len(values)), strict=True)))
    return header, rows


def _read_xlsx(filename: str, data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise InputError(f"not a readable XLSX workbook: {exc}", file=filename) from exc
    sheet = book.worksheets[0]
    values: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
    header_row = next(values, None)
    if not header_row:
        raise InputError("empty sheet: a header row is needed", file=filename, line=1)
    header = ["" if v is None else str(v) for v in header_row]
    rows = []
    for row in values:
        cells = ["" if v is None else str(v) for v in row]
        if any(c.strip() for c in cells):
            rows.append(dict(zip(header, (cells + [""] * len(header))[: len(header)], strict=True)))
    book.close()
    return header, rows


@dataclass
class BatchJob:
    id: str
    owner: str
    filename: str
    table: Table
    done: int = 0
    status: str = "running"  # running | finished | failed
    error: str | None = None
    results: list[dict[str, str]] = field(default_factory=list)
    hits: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    sink: JobSink | None = None

    @property
    def total(self) -> int:
        return len(self.table.rows)

    @property
    def columns(self) -> list[str]:
        return [*self.table.columns, *RESULT_COLUMNS]

    def flagged(self) -> list[tuple[int, dict[str, str]]]:
        return [(i, self.results[i]) for i in sorted(self.hits)]

    def to_csv(self) -> str:
        out = io.StringIO()
        write_safe_csv(out, self.columns, self.results)
        return out.getvalue()


class JobSink(Protocol):
    """Where a job is recorded beyond this process (``web.batch_store.StoreSink`` writes ``screen_jobs``)."""

    def create(self, total: int) -> str: ...

    def progress(self, job_id: str, done: int) -> None: ...

    def finish(self, job: BatchJob) -> None: ...


def run_job(job: BatchJob, screen_one: ScreenOne) -> None:
    """Screen every row in order; a failure stops the job and is shown, rows done so far are kept."""
    try:
        _screen_rows(job, screen_one)
        job.status = "finished"
    except IctguardError as exc:
        job.status, job.error = "failed", str(exc)
    except Exception as exc:  # a background thread must record every failure, never die silently
        job.status, job.error = "failed", f"internal error: {exc!r}"
    if job.sink is not None:
        try:
            job.sink.finish(job)
        except Exception:  # the page still has the result; the log says the store missed it
            log.exception("batch job %s: result not stored", job.id)


def _screen_rows(job: BatchJob, screen_one: ScreenOne) -> None:
    for index, row in enumerate(job.table.rows):
        name = row.get(job.table.name_column, "").strip()
        country = row.get(job.table.country_column or "", "").strip() or None
        hits = screen_one(name, country) if name else []
        best = hits[0] if hits else None
        job.results.append({
            **row,
            "best_hit": best["name"] if best else "",
            "best_hit_list": best["source"] if best else "",
            "best_hit_entity_id": best["entity_id"] if best else "",
            "score": f"{best['score']:.3f}" if best else "",
            "hits": str(len(hits)),
            "decision": "potential_match" if hits else ("no_name" if not name else "no_match"),
        })
        if hits:
            job.hits[index] = hits
        job.done = index + 1
        if job.sink is not None and job.done % PROGRESS_EVERY == 0:
            job.sink.progress(job.id, job.done)


class JobRegistry:
    """The batch jobs of one app."""

    def __init__(self) -> None:
        self._jobs: dict[str, BatchJob] = {}
        self._lock = threading.Lock()

    def start(self, owner: str, filename: str, table: Table, screen_one: ScreenOne,
              sink: JobSink | None = None) -> BatchJob:
        job_id = sink.create(len(table.rows)) if sink is not None else uuid.uuid4().hex[:12]
        job = BatchJob(id=job_id, owner=owner, filename=filename, table=table, sink=sink)
        with self._lock:
            self._jobs[job.id] = job
        threading.Thread(target=run_job, args=(job, screen_one), daemon=True, name=f"batch-{job.id}").start()
        return job

    def get(self, job_id: str) -> BatchJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def of(self, owner: str) -> list[BatchJob]:
        with self._lock:
            return [j for j in self._jobs.values() if j.owner == owner]
