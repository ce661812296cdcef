"""Counterparties (customer/vendor master), their screening runs, alerts and reviews."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ictguard.api.deps import MAX_ID, NO_NUL, EngineDep, IdPath, PagingDep, ScreeningDep, permission
from ictguard.api.openapi_docs import COMMON, errors
from ictguard.service.keys import Caller
from ictguard.service.schemas import CounterpartyIn, CounterpartyPatch, CounterpartyScreen, ReviewIn
from ictguard.store import alerts_repo, counterparties_repo, screening_repo
from ictguard.store.records import Alert, Counterparty, ScreeningRun
from ictguard.store.service_common import RecordPage

router = APIRouter(prefix="/api/v1", tags=["counterparties", "alerts"], responses=COMMON)


@router.get("/counterparties", summary="Counterparties, paginated; q filters by name")
def list_counterparties(
    engine: EngineDep,
    page: PagingDep,
    _caller: Annotated[Caller, Depends(permission("counterparties:read"))],
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
) -> RecordPage[Counterparty]:
    return counterparties_repo.list_page(engine, offset=page.offset, limit=page.limit, q=q)


@router.post("/counterparties", status_code=201, summary="Add a counterparty")
def create_counterparty(
    body: CounterpartyIn, engine: EngineDep, caller: Annotated[Caller, Depends(permission("counterparties:write"))]
) -> Counterparty:
    values = body.model_dump()
    values["country"] = values["country"].upper() if values["country"] else None
    return counterparties_repo.create(engine, values, actor=caller.actor)


@router.get("/counterparties/{counterparty_id}", summary="One counterparty", responses=errors(404))
def get_counterparty(
    counterparty_id: IdPath, engine: EngineDep, _caller: Annotated[Caller, Depends(permission("counterparties:read"))]
) -> Counterparty:
    return counterparties_repo.get(engine, counterparty_id)


@router.patch("/counterparties/{counterparty_id}", summary="Change a counterparty", responses=errors(404))
def update_counterparty(
    counterparty_id: IdPath,
    body: CounterpartyPatch,
    engine: EngineDep,
    caller: Annotated[Caller, Depends(permission("counterparties:write"))],
) -> Counterparty:
    changes = body.model_dump(exclude_unset=True)
    if not changes:  # nothing to change: no UPDATE and no audit entry
        return counterparties_repo.get(engine, counterparty_id)
    if changes.get("country"):
        changes["country"] = changes["country"].upper()
    return counterparties_repo.update(engine, counterparty_id, changes, actor=caller.actor)


@router.post(
    "/counterparties/{counterparty_id}/screen",
    status_code=201,
    summary="Screen a counterparty",
    responses=errors(404, 409),
)
def screen_counterparty(
    counterparty_id: IdPath,
    body: CounterpartyScreen,
    engine: EngineDep,
    screening: ScreeningDep,
    caller: Annotated[Caller, Depends(permission("screen:run"))],
) -> ScreeningRun:
    counterparties_repo.get(engine, counterparty_id)  # 404 before 409 (no lists)
    return screening_repo.screen_counterparty(
        engine,
        screening.context(),
        counterparty_id,
        actor=caller.actor,
        as_of=body.as_of,
        threshold=body.threshold,
        limit=body.limit,
    )


@router.get(
    "/counterparties/{counterparty_id}/runs",
    summary="Screening runs of a counterparty, newest first",
    responses=errors(404),
)
def list_runs(
    counterparty_id: IdPath,
    engine: EngineDep,
    page: PagingDep,
    _caller: Annotated[Caller, Depends(permission("counterparties:read"))],
) -> RecordPage[ScreeningRun]:
    counterparties_repo.get(engine, counterparty_id)
    return screening_repo.list_runs(engine, counterparty_id=counterparty_id, offset=page.offset, limit=page.limit)


@router.get(
    "/runs/{run_id}", summary="One screening run with its hits, list version and threshold", responses=errors(404)
)
def get_run(
    run_id: IdPath, engine: EngineDep, _caller: Annotated[Caller, Depends(permission("counterparties:read"))]
) -> ScreeningRun:
    return screening_repo.get_run(engine, run_id)


@router.get("/alerts", summary="Alerts, newest first; filter by status or counterparty")
def list_alerts(
    engine: EngineDep,
    page: PagingDep,
    _caller: Annotated[Caller, Depends(permission("alerts:read"))],
    status: Annotated[str | None, Query(pattern="^(open|true_match|false_positive)$")] = None,
    counterparty_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> RecordPage[Alert]:
    return alerts_repo.list_page(
        engine, status=status, counterparty_id=counterparty_id, offset=page.offset, limit=page.limit
    )


@router.get("/alerts/{alert_id}", summary="One alert", responses=errors(404))
def get_alert(
    alert_id: IdPath, engine: EngineDep, _caller: Annotated[Caller, Depends(permission("alerts:read"))]
) -> Alert:
    return alerts_repo.get(engine, alert_id)


@router.post(
    "/alerts/{alert_id}/review",
    summary="Mark an open alert a true match or a false positive",
    responses=errors(404, 409),
)
def review_alert(
    alert_id: IdPath, body: ReviewIn, engine: EngineDep, caller: Annotated[Caller, Depends(permission("alerts:review"))]
) -> Alert:
    return alerts_repo.review(
        engine, alert_id, decision=body.decision, reason=body.reason, actor=caller.actor, expires_on=body.expires_on
    )
