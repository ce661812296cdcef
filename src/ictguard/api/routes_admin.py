"""Administration: the audit log (read and verify) and API keys."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from ictguard.api.deps import NO_NUL, EngineDep, IdPath, PagingDep, permission
from ictguard.api.openapi_docs import COMMON, errors
from ictguard.api.responses import AuditProblem, AuditVerify, NewKey
from ictguard.service.keys import Caller
from ictguard.service.schemas import KeyIn
from ictguard.store import audit_repo, keys_repo
from ictguard.store.records import KeyRow
from ictguard.store.service_common import RecordPage

router = APIRouter(prefix="/api/v1", tags=["admin"], responses=COMMON)
Auditor = Annotated[Caller, Depends(permission("audit:read"))]
KeyAdmin = Annotated[Caller, Depends(permission("keys:manage"))]


@router.get("/audit-log", summary="Audit log entries, newest first")
def audit_log(
    engine: EngineDep,
    page: PagingDep,
    _caller: Auditor,
    entity_type: Annotated[str | None, Query(max_length=60, pattern=NO_NUL)] = None,
    entity_id: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
) -> RecordPage[dict[str, Any]]:  # entries as audit_repo returns them (still mappings)
    return audit_repo.list_entries(
        engine, offset=page.offset, limit=page.limit, entity_type=entity_type, entity_id=entity_id
    )


@router.get("/audit-log/verify", summary="Check the hash chain; names the first edited or deleted row")
def verify_audit_log(engine: EngineDep, _caller: Auditor) -> AuditVerify:
    checked, problem = audit_repo.verify(engine)
    return AuditVerify(
        intact=problem is None,
        rows=checked,
        problem=None if problem is None else AuditProblem(row=problem.seq, reason=problem.reason),
    )


@router.get("/keys", summary="API keys (never the key itself)")
def list_keys(engine: EngineDep, page: PagingDep, _caller: KeyAdmin) -> RecordPage[KeyRow]:
    return keys_repo.list_keys(engine, offset=page.offset, limit=page.limit)


@router.post("/keys", status_code=201, summary="Create an API key; the key is shown only in this response")
def create_key(body: KeyIn, engine: EngineDep, caller: KeyAdmin) -> NewKey:
    key, info = keys_repo.create_key(engine, name=body.name, role=body.role, actor=caller.actor)
    return NewKey(id=info.id, name=info.name, role=info.role, key=key)


@router.delete("/keys/{key_id}", status_code=204, summary="Revoke an API key", responses=errors(404))
def revoke_key(key_id: IdPath, request: Request, engine: EngineDep, caller: KeyAdmin) -> None:
    keys_repo.revoke_key(engine, key_id, actor=caller.actor)
    request.app.state.key_cache.forget()  # this process stops accepting it now; others within the cache window
