"""Batch screening jobs: progress and result, kept in the database so any worker can answer for them."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine

from ictguard.errors import NotFoundError
from ictguard.store import audit_repo
from ictguard.store.records import Job, JobWithResult
from ictguard.store.service_common import record, utcnow, write_tx
from ictguard.store.service_tables import screen_jobs


def create(engine: Engine, *, total: int, actor: str, facts: dict[str, Any] | None = None) -> str:
    """A queued job; ``facts`` (list version, threshold, as-of …) go into its ``job.create`` audit entry, where
    the job's summary document reads them back."""
    job_id = str(uuid.uuid4())
    with write_tx(engine) as conn:
        conn.execute(screen_jobs.insert().values(id=job_id, status="queued", total=total, done=0, created_at=utcnow()))
        audit_repo.append(
            conn,
            actor=actor,
            action="job.create",
            entity_type="screen_job",
            entity_id=job_id,
            before=None,
            after={"total": total, **(facts or {})},
        )
    return job_id


def progress(engine: Engine, job_id: str, done: int) -> None:
    # Progress is bookkeeping, not a business write: not audited (the finished result is).
    with engine.begin() as conn:
        conn.execute(screen_jobs.update().where(screen_jobs.c.id == job_id).values(status="running", done=done))


def finish(engine: Engine, job_id: str, *, result: list[dict[str, Any]] | None, error: str | None) -> None:
    with write_tx(engine) as conn:
        status = "failed" if error else "done"
        values: dict[str, Any] = {"status": status, "result": result, "error": error, "finished_at": utcnow()}
        if result is not None:
            values["done"] = len(result)
        conn.execute(screen_jobs.update().where(screen_jobs.c.id == job_id).values(**values))
        audit_repo.append(
            conn,
            actor="system",
            action="job.finish",
            entity_type="screen_job",
            entity_id=job_id,
            before=None,
            after={"status": status, "error": error, "rows": len(result) if result is not None else 0},
        )


def _row(engine: Engine, job_id: str, columns: list[sa.Column[Any]]) -> sa.Row[Any]:
    with engine.connect() as conn:
        row = conn.execute(sa.select(*columns).where(screen_jobs.c.id == job_id)).first()
    if row is None:
        raise NotFoundError(f"job {job_id} does not exist")
    return row


def get(engine: Engine, job_id: str) -> Job:
    """A job's progress (without its result rows, which can be large)."""
    return record(Job, _row(engine, job_id, [c for c in screen_jobs.c if c.name != "result"]))


def get_with_result(engine: Engine, job_id: str) -> JobWithResult:
    return record(JobWithResult, _row(engine, job_id, list(screen_jobs.c)))


def creator(engine: Engine, job_id: str) -> str | None:
    """The actor who started the job (from the audit log), None if the log has no such job."""
    with engine.connect() as conn:
        actors = audit_repo.actors_of(conn, "screen_job", job_id, ("job.create",))
    return next(iter(sorted(actors)), None)
