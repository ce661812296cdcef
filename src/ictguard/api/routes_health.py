"""Health without authentication: ``/healthz`` says whether the service can serve (readiness: the database
answers, and most recent requests did not fail with a server error), ``/livez`` only that the process runs."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from ictguard.api.responses import Health

router = APIRouter(tags=["health"])


def _database_problem(request: Request) -> str | None:
    try:
        with request.app.state.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:  # any driver error: the database cannot be used
        return f"database unavailable: {type(exc).__name__}"
    return None


@router.get(
    "/healthz",
    summary="Readiness probe (no authentication): 503 while the service cannot serve",
    responses={503: {"model": Health, "description": "The service cannot serve; `problems` says why"}},
)
async def healthz(request: Request) -> JSONResponse:
    problems = [p for p in (await run_in_threadpool(_database_problem, request),) if p]
    health = getattr(request.app.state, "serving_health", None)
    serving = health.problem() if health is not None else None
    if serving:
        problems.append(serving)
    body = Health(status="unavailable" if problems else "ok", problems=problems)
    return JSONResponse(body.model_dump(exclude_defaults=True), status_code=503 if problems else 200)


@router.get(
    "/livez",
    summary="Liveness probe (no authentication): the process answers",
    response_model=Health,
    response_model_exclude_defaults=True,
)
async def livez() -> Health:
    return Health(status="ok")
