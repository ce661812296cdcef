"""Determinations: decide a transaction, save it with its input and list version, read saved ones."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query

from ictguard.api.deps import EngineDep, IdPath, PagingDep, ScreeningDep, permission
from ictguard.api.openapi_docs import COMMON, errors
from ictguard.api.responses import Decided
from ictguard.service.decisions import decide_and_save, transaction_schema
from ictguard.service.keys import Caller
from ictguard.service.schemas import IsoDate
from ictguard.store import determinations_repo
from ictguard.store.records import DeterminationRow, SavedDetermination
from ictguard.store.service_common import RecordPage

router = APIRouter(prefix="/api/v1", tags=["determinations"], responses=COMMON)


@router.post(
    "/decide",
    summary="Decide one transaction (schema in decisions.md) and save the determination",
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": transaction_schema()}}}
    },
)
def decide(
    transaction: Annotated[dict[str, Any], Body(description="One transaction document")],
    engine: EngineDep,
    screening: ScreeningDep,
    caller: Annotated[Caller, Depends(permission("decide:run"))],
    as_of: Annotated[IsoDate | None, Query()] = None,
) -> Decided:
    determination, saved = decide_and_save(engine, screening, transaction, actor=caller.actor, as_of=as_of)
    return Decided.model_validate({**determination, "determination_id": saved.id})


@router.get("/determinations", summary="Saved determinations, newest first")
def list_determinations(
    engine: EngineDep, page: PagingDep, _caller: Annotated[Caller, Depends(permission("determinations:read"))]
) -> RecordPage[DeterminationRow]:
    return determinations_repo.list_page(engine, offset=page.offset, limit=page.limit)


@router.get(
    "/determinations/{determination_id}", summary="One saved determination with input and output", responses=errors(404)
)
def get_determination(
    determination_id: IdPath,
    engine: EngineDep,
    _caller: Annotated[Caller, Depends(permission("determinations:read"))],
) -> SavedDetermination:
    return determinations_repo.get(engine, determination_id)
