"""Browser batch jobs this process does not hold, read back from the store's ``screen_jobs`` (the table the
API's batch jobs use, with the same row columns)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from ictguard.cases.roles import key_id_of
from ictguard.service.batch import COUNTRY_COLUMNS, NAME_COLUMNS, OUT_COLUMNS
from ictguard.store import jobs_repo
from ictguard.web.batch import FAILED, FINISHED, RUNNING, BatchJob

# screen_jobs statuses as the web page names them (the page polls while a job is "running").
STATUS = {"done": FINISHED, "failed": FAILED, "queued": RUNNING, "running": RUNNING}


def stored_job(engine: Engine, job_id: str) -> BatchJob:
    """A job this process does not hold (started before a restart, or by another worker), from the store.

    Raises NotFoundError when the store has no such job.
    """
    stored = jobs_repo.get_with_result(engine, job_id)
    rows: list[dict[str, Any]] = stored.result or []
    inputs = [c for c in (rows[0] if rows else {}) if c not in OUT_COLUMNS]
    name = next((c for c in inputs if c.lower() in NAME_COLUMNS), inputs[0] if inputs else "name")
    country = next((c for c in inputs if c.lower() in COUNTRY_COLUMNS), None)
    status = STATUS.get(stored.status, stored.status)
    owner = key_id_of(jobs_repo.creator(engine, job_id) or "") or ""
    job = BatchJob(
        id=job_id,
        owner=owner,
        filename=f"job {job_id[:8]} (stored result)",
        columns=[*inputs, *OUT_COLUMNS],
        name_column=name,
        country_column=country,
        total=stored.total,
        done=stored.done,
        status=status,
        error=stored.error,
    )
    for number, row in enumerate(rows, start=2):
        cells = {key: "" if value is None else str(value) for key, value in row.items()}
        if cells.get("decision") == "match":
            job.flagged_rows.append(len(job.results))
        job.results.append(cells)
        job.lines.append(number)
    return job
