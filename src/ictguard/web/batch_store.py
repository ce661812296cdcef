"""Browser batch jobs kept in the store's ``screen_jobs``, the table the API's batch jobs use.

So a job started in the browser is audited (``job.create`` by the person's key), its result is readable
through ``GET /api/v1/jobs/{id}/result`` in the API's row shape, and it outlives the server process. The
table holds no owner, file name or uploaded columns: those stay in the web process (``web.batch``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from ictguard.store import jobs_repo
from ictguard.web.batch import BatchJob, Table

# The API's job row decisions; a row without a name was not screened and says so.
TO_API = {"potential_match": "review", "no_match": "clear", "no_name": "no_name"}
FROM_API = {"review": "potential_match", "clear": "no_match", "no_name": "no_name"}
# screen_jobs statuses as the web page names them (the page polls while a job is "running").
STATUS = {"done": "finished", "failed": "failed", "queued": "running", "running": "running"}


class StoreSink:
    """A :class:`ictguard.web.batch.JobSink` writing through ``store.jobs_repo``."""

    def __init__(self, engine: Engine, *, actor: str, list_version: str) -> None:
        self.engine, self.actor, self.list_version = engine, actor, list_version

    def create(self, total: int) -> str:
        return jobs_repo.create(self.engine, total=total, actor=self.actor)

    def progress(self, job_id: str, done: int) -> None:
        jobs_repo.progress(self.engine, job_id, done)

    def finish(self, job: BatchJob) -> None:
        rows = [self.api_row(job, row) for row in job.results] if job.status == "finished" else None
        jobs_repo.finish(self.engine, job.id, result=rows, error=job.error)

    def api_row(self, job: BatchJob, row: dict[str, str]) -> dict[str, Any]:
        country = row.get(job.table.country_column or "", "").strip()
        return {
            "name": row.get(job.table.name_column, "").strip(), "country": country or None,
            "list_version": self.list_version, "best_entity_id": row["best_hit_entity_id"] or None,
            "best_name": row["best_hit"] or None, "score": float(row["score"]) if row["score"] else None,
            "decision": TO_API[row["decision"]],
        }


def stored_job(engine: Engine, job_id: str) -> BatchJob:
    """A job this process does not hold (started before a restart, or by another worker), from the store.

    Raises NotFoundError when the store has no such job.
    """
    stored = jobs_repo.get(engine, job_id, with_result=True)
    api_rows: list[dict[str, Any]] = stored.get("result") or []
    table = Table(columns=["name", "country"], name_column="name", country_column="country",
                  rows=[{"name": str(r.get("name") or ""), "country": str(r.get("country") or "")} for r in api_rows])
    job = BatchJob(id=job_id, owner="", filename=f"job {job_id[:8]} (stored result)", table=table,
                   done=int(stored["done"]), status=STATUS.get(str(stored["status"]), str(stored["status"])),
                   error=stored.get("error"))
    for index, (row, api) in enumerate(zip(table.rows, api_rows, strict=True)):
        decision = FROM_API.get(str(api.get("decision")), "no_match")
        score = api.get("score")
        job.results.append({**row, "best_hit": api.get("best_name") or "", "best_hit_list": "",
                            "best_hit_entity_id": api.get("best_entity_id") or "",
                            "score": f"{score:.3f}" if isinstance(score, int | float) else "", "hits": "",
                            "decision": decision})
        if decision == "potential_match":
            job.hits[index] = []
    if not api_rows:  # still running or failed: the table is not stored, only the count
        job.table.rows = [{"name": "", "country": ""}] * int(stored["total"])
        job.results = []
    return job
