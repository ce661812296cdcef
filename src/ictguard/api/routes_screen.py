"""Screening: one name (same document as `ictguard screen --json`) and batch jobs with progress and download."""

from __future__ import annotations

import io
from collections.abc import Callable, Coroutine
from datetime import date
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, BackgroundTasks, Depends, Path, Query, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import ValidationError
from sqlalchemy import Engine

from ictguard.api.deps import EngineDep, ScreeningDep, allowed_caller, permission
from ictguard.api.json_response import JsonBytes
from ictguard.api.openapi_docs import COMMON, ScreenDocument, errors
from ictguard.api.responses import JobResult
from ictguard.cases.roles import key_id_of, require_owner
from ictguard.errors import ConflictError
from ictguard.reports.csv_safe import write_safe_csv
from ictguard.reports.filenames import attachment
from ictguard.service.active import ActiveScreening
from ictguard.service.batch import OUT_COLUMNS, BatchOptions, operating_threshold
from ictguard.service.jobs import parties_table, run_job
from ictguard.service.keys import Caller
from ictguard.service.schemas import BatchScreenRequest, ScreenRequest
from ictguard.store import jobs_repo
from ictguard.store.records import Job

router = APIRouter(prefix="/api/v1", tags=["screening"], responses=COMMON)
# Job ids are UUIDs (jobs_repo.create): anything else is malformed input, not an unknown job.
JobId = Annotated[str, Path(pattern="^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]


def _screen_document(screening: ActiveScreening, body: ScreenRequest) -> JsonBytes:
    return JsonBytes(
        screening.context().screen_document(
            body.name,
            country=body.country.upper() if body.country else None,
            as_of=body.as_of,
            threshold=body.threshold,
            limit=body.limit,
        )
    )


async def screen(
    body: ScreenRequest, screening: ScreeningDep, _caller: Annotated[Caller, Depends(permission("screen:run"))]
) -> JsonBytes:
    return _screen_document(screening, body)


async def _plainly_valid(request: Request) -> ScreenRequest | None:
    """The body of a request the regular path would accept (JSON, a valid key that may screen), else None."""
    if request.headers.get("content-type") != "application/json" or allowed_caller(request, "screen:run") is None:
        return None
    try:
        return ScreenRequest.model_validate(orjson.loads(await request.body()))
    except (orjson.JSONDecodeError, ValidationError):
        return None


class ScreenRoute(APIRoute):
    """``POST /screen`` without FastAPI's per-request dependency solving when the request is plainly valid.

    The screen is the hot path (thousands a second from a KYC front end): solving the body, key and role
    dependencies costs about as much CPU as screening a clean name. A request that is not plainly valid goes to
    the regular handler (the same endpoint, its dependencies and error handlers), so every error response,
    and the OpenAPI document, stay exactly as declared.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        regular = super().get_route_handler()

        async def handler(request: Request) -> Response:
            body = await _plainly_valid(request)
            if body is None:
                return await regular(request)  # the body stays cached on the request for it to read again
            return _screen_document(request.app.state.screening, body)

        return handler


router.add_api_route(
    "/screen",
    screen,
    methods=["POST"],
    summary="Screen one name against the active lists",
    response_model=None,
    responses={200: {"model": ScreenDocument, "description": "Hits, best first"}, **errors(409)},
    route_class_override=ScreenRoute,
)


@router.post("/screen/batch", status_code=202, summary="Start a batch screening job", responses=errors(409))
def screen_batch(
    body: BatchScreenRequest,
    tasks: BackgroundTasks,
    engine: EngineDep,
    screening: ScreeningDep,
    caller: Annotated[Caller, Depends(permission("jobs:write"))],
) -> Job:
    """Rows are screened as ``ictguard screen-file`` screens a file (``service.batch``): the result has the
    columns name, country and then the contract's best_hit_id … decision (match / no_match / error), status."""
    context = screening.context()  # fail now (409 no active lists) rather than inside the job
    table = parties_table([(row.name, row.country) for row in body.rows])
    options = BatchOptions("name", "country", body.as_of or date.today(), operating_threshold(body.threshold))
    job_id = jobs_repo.create(
        engine, total=len(body.rows), actor=caller.actor, facts=options.facts(context.version_id, "request")
    )
    tasks.add_task(run_job, engine, job_id, context.screener, table, options)
    return jobs_repo.get(engine, job_id)


@router.get("/jobs/{job_id}", summary="Progress of a batch screening job", responses=errors(404))
def job_status(job_id: JobId, engine: EngineDep, caller: Annotated[Caller, Depends(permission("jobs:read"))]) -> Job:
    _own(engine, job_id, caller)
    return jobs_repo.get(engine, job_id)


def _own(engine: Engine, job_id: str, caller: Caller) -> None:
    """A job's progress and result are its creator's (an administrator may read all): others get 404."""
    require_owner(key_id_of(jobs_repo.creator(engine, job_id) or ""), caller.key_id, caller.role, f"job {job_id}")


@router.get(
    "/jobs/{job_id}/result",
    summary="Download a finished job's result (JSON or CSV)",
    responses={200: {"model": JobResult, "content": {"text/csv": {}}}, **errors(404, 409)},
)
def job_result(
    job_id: JobId,
    engine: EngineDep,
    caller: Annotated[Caller, Depends(permission("jobs:read"))],
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Response:
    _own(engine, job_id, caller)
    job = jobs_repo.get_with_result(engine, job_id)
    if job.status != "done":
        raise ConflictError(f"job {job_id} is {job.status}" + (f": {job.error}" if job.error else ""))
    rows: list[dict[str, Any]] = job.result or []
    if format == "json":
        return JsonBytes({"job": job_id, "rows": rows})
    out = io.StringIO()
    columns = [*(c for c in (rows[0] if rows else {"name": "", "country": ""}) if c not in OUT_COLUMNS), *OUT_COLUMNS]
    write_safe_csv(out, columns, rows)  # names from an uploaded vendor file may be spreadsheet formulas
    return Response(
        out.getvalue(), media_type="text/csv", headers={"Content-Disposition": attachment(f"screen-{job_id}.csv")}
    )
