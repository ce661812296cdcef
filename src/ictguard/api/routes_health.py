"""Health without authentication: ``/healthz`` says whether the service can serve (readiness: the database
answers, and most recent requests did not fail with a server error) and which list version this node serves
(several nodes on one database each report their own), ``/livez`` only that the process runs."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from ictguard.api.responses import Health

router = APIRouter(tags=["health"])


class NodeHealth(Health):
    """Readiness of this node, with the list version it screens against (null before one is loaded)."""

    list_version: str | None = None


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
    response_model=NodeHealth,
    responses={503: {"model": NodeHealth, "description": "The service cannot serve; `problems` says why"}},
)
async def healthz(request: Request) -> JSONResponse:
    problems = [p for p in (await run_in_threadpool(_database_problem, request),) if p]
    health = getattr(request.app.state, "serving_health", None)
    serving = health.problem() if health is not None else None
    if serving:
        problems.append(serving)
    screening = getattr(request.app.state, "screening", None)
    body = NodeHealth(
        status="unavailable" if problems else "ok",
        problems=problems,
        list_version=screening.served_version() if screening is not None else None,
    )
    return JSONResponse(
        body.model_dump(exclude_defaults=True) | {"list_version": body.list_version},
        status_code=503 if problems else 200,
    )


@router.get(
    "/livez",
    summary="Liveness probe (no authentication): the process answers",
    response_model=Health,
    response_model_exclude_defaults=True,
)
async def livez() -> Health:
    return Health(status="ok")
