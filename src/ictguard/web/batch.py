"""Batch screening jobs for the browser: an uploaded CSV/XLSX/Parquet file screened in a background thread by
the application layer (``service.jobs``: the reader, columns and decisions of ``ictguard screen-file``), with
progress for the page and a spreadsheet-safe CSV export.

The job's progress and result rows are kept in the store's ``screen_jobs`` (audited as the person's key, readable
through ``GET /api/v1/jobs/{id}/result``, outliving the process). The file name and the job's owner live in this
process only: ``screen_jobs`` has no column for them.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from ictguard.reports.csv_safe import write_safe_csv
from ictguard.service.batch import BatchRow

RUNNING, FINISHED, FAILED = "running", "finished", "failed"


@dataclass
class BatchJob:
    id: str
    owner: str
    filename: str
    columns: list[str]  # the result's: the input's, then service.batch.OUT_COLUMNS
    name_column: str
    country_column: str | None
    total: int
    done: int = 0
    status: str = RUNNING  # running | finished | failed
    error: str | None = None
    results: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # each result's line in the uploaded file
    flagged_rows: list[int] = field(default_factory=list)  # indexes of the rows decided "match"

    @property
    def hits(self) -> list[int]:
        """The rows to review (the page counts them)."""
        return self.flagged_rows

    def flagged(self) -> list[tuple[int, dict[str, str]]]:
        """(line in the file, result row) of every row decided ``match``."""
        return [(self.lines[i], self.results[i]) for i in self.flagged_rows]

    def add(self, row: BatchRow, out: dict[str, str]) -> None:
        if row.decision == "match":
            self.flagged_rows.append(len(self.results))
        self.results.append(out)
        self.lines.append(row.line)
        self.done = len(self.results)

    def to_csv(self) -> str:
        out = io.StringIO()
        write_safe_csv(out, self.columns, self.results)
        return out.getvalue()


# Runs one job to its end: screens the rows (``BatchJob.add`` each) and returns the rows, or None on failure
# with the message (``service.jobs.run_job`` bound to the job's table, screener and options).
JobRunner = Callable[[Callable[[BatchRow, dict[str, str]], None]], tuple[list[dict[str, str]] | None, str | None]]


def run_job(job: BatchJob, runner: JobRunner) -> None:
    """Screen every row in order; a failure stops the job and is shown, rows done so far are kept."""
    try:
        rows, error = runner(job.add)
        job.status, job.error = (FINISHED, None) if rows is not None else (FAILED, error)
    except Exception as exc:  # a background thread must record every failure, never die silently
        job.status, job.error = FAILED, f"internal error: {exc!r}"


class JobRegistry:
    """The batch jobs of one app."""

    def __init__(self) -> None:
        self._jobs: dict[str, BatchJob] = {}
        self._lock = threading.Lock()

    def start(self, job: BatchJob, runner: JobRunner) -> BatchJob:
        with self._lock:
            self._jobs[job.id] = job
        threading.Thread(target=run_job, args=(job, runner), daemon=True, name=f"batch-{job.id}").start()
        return job

    def get(self, job_id: str) -> BatchJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def of(self, owner: str) -> list[BatchJob]:
        with self._lock:
            return [j for j in self._jobs.values() if j.owner == owner]
