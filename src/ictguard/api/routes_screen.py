"""Screening: one name (same document as `ictguard screen --json`) and batch jobs with progress and download."""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Query
from fastapi.responses import Response
from sqlalchemy import Engine

from ictguard.api.deps import Caller, EngineDep, ScreeningDep, permission
from ictguard.api.json_response import JsonBytes
from ictguard.api.openapi_docs import COMMON, ScreenDocument, errors
from ictguard.api.schemas import BatchScreenRequest, ScreenRequest
from ictguard.api.screening_cache import ActiveScreening
from ictguard.errors import ConflictError
from ictguard.reports.csv_safe import write_safe_csv
from ictguard.store import jobs_repo

router = APIRouter(prefix="/api/v1", tags=["screening"], responses=COMMON)
PROGRESS_EVERY = 100
# Job ids are UUIDs (jobs_repo.create): anything else is malformed input, not an unknown job.
JobId = Annotated[str, Path(pattern="^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]


@router.post("/screen", summary="Screen one name against the active lists", response_model=None,
             responses={200: {"model": ScreenDocument, "description": "Hits, best first"}, **errors(409)})
async def screen(
    body: ScreenRequest, screening: ScreeningDep, _caller: Annotated[Caller, Depends(permission("screen:run"))]
) -> JsonBytes:
    context = screening.context()
    return JsonBytes(context.screen_document(
        body.name, country=body.country.upper() if body.country else None, as_of=body.as_of,
        threshold=body.threshold, limit=body.limit,
    ))


def _run_batch(engine: Engine, screening: ActiveScreening, job_id: str, body: BatchScreenRequest) -> None:
    results: list[dict[str, Any]] = []
    try:
        context = screening.context()
        for number, row in enumerate(body.rows, start=1):
            doc = context.screen_document(
                row.name, country=row.country.upper() if row.country else None, as_of=body.as_of,
                threshold=body.threshold, limit=1,
            )
            best = doc["hits"][0] if doc["hits"] else None
            results.append({
                "name": row.name, "country": row.country, "list_version": doc["list_version"],
                "best_entity_id": best["entity_id"] if best else None,
                "best_name": best["name"] if best else None,
                "score": best["score"] if best else None, "decision": "review" if best else "clear",
            })
            if number % PROGRESS_EVERY == 0:
                jobs_repo.progress(engine, job_id, number)
    except Exception as exc:  # the job records the failure; the client reads it from the job
        jobs_repo.finish(engine, job_id, result=None, error=str(exc) or type(exc).__name__)
        return
    jobs_repo.finish(engine, job_id, result=results, error=None)


@router.post("/screen/batch", status_code=202, summary="Start a batch screening job", responses=errors(409))
def screen_batch(
    body: BatchScreenRequest, tasks: BackgroundTasks, engine: EngineDep, screening: ScreeningDep,
    caller: Annotated[Caller, Depends(permission("jobs:write"))],
) -> dict[str, Any]:
    screening.context()  # fail now (409 no active lists) rather than inside the job
    job_id = jobs_repo.create(engine, total=len(body.rows), actor=caller.actor)
    tasks.add_task(_run_batch, engine, screening, job_id, body)
    return jobs_repo.get(engine, job_id)


@router.get("/jobs/{job_id}", summary="Progress of a batch screening job", responses=errors(404))
def job_status(
    job_id: JobId, engine: EngineDep, _caller: Annotated[Caller, Depends(permission("jobs:read"))]
) -> dict[str, Any]:
    return jobs_repo.get(engine, job_id)


@router.get("/jobs/{job_id}/result", summary="Download a finished job's result (JSON or CSV)",
            responses={200: {"content": {"application/json": {}, "text/csv": {}}}, **errors(404, 409)})
def job_result(
    job_id: JobId, engine: EngineDep, _caller: Annotated[Caller, Depends(permission("jobs:read"))],
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Response:
    job = jobs_repo.get(engine, job_id, with_result=True)
    if job["status"] != "done":
        raise ConflictError(f"job {job_id} is {job['status']}" + (f": {job['error']}" if job.get("error") else ""))
    rows: list[dict[str, Any]] = job["result"] or []
    if format == "json":
        return JsonBytes({"job": job_id, "rows": rows})
    out = io.StringIO()
    columns = ["name", "country", "list_version", "best_entity_id", "best_name", "score", "decision"]
    write_safe_csv(out, columns, rows)  # names from an uploaded vendor file may be spreadsheet formulas
    return Response(out.getvalue(), media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="screen-{job_id}.csv"'})
