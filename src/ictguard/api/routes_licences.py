"""Licence applications (draft -> submitted -> approved/denied/returned), issued licences and shipments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ictguard.api.deps import EngineDep, IdPath, PagingDep, permission
from ictguard.api.openapi_docs import COMMON, errors
from ictguard.cases.licences import ApplicationStats
from ictguard.service.keys import Caller
from ictguard.service.schemas import ApplicationIn, ApplicationPatch, ApproveIn, DecisionIn, LicenceIn, ShipmentIn
from ictguard.store import licences_repo
from ictguard.store.records import ApprovedApplication, Licence, LicenceApplication, LicenceWithDrawn, Shipment
from ictguard.store.service_common import RecordPage

router = APIRouter(prefix="/api/v1", tags=["licences"], responses=COMMON)
Reader = Annotated[Caller, Depends(permission("licences:read"))]
Writer = Annotated[Caller, Depends(permission("licences:write"))]
Decider = Annotated[Caller, Depends(permission("licences:decide"))]
STATES = "^(draft|submitted|approved|denied|returned_without_action)$"


@router.get("/licence-applications", summary="Applications, paginated; filter by state")
def list_applications(
    engine: EngineDep, page: PagingDep, _caller: Reader, state: Annotated[str | None, Query(pattern=STATES)] = None
) -> RecordPage[LicenceApplication]:
    return licences_repo.list_applications(engine, state=state, offset=page.offset, limit=page.limit)


@router.get("/licence-applications/stats", summary="Applications by state, approval rate, time to decision")
def application_stats(engine: EngineDep, _caller: Reader) -> ApplicationStats:
    return licences_repo.stats(engine)


@router.post("/licence-applications", status_code=201, summary="Create a draft application")
def create_application(body: ApplicationIn, engine: EngineDep, caller: Writer) -> LicenceApplication:
    return licences_repo.create_application(engine, body.model_dump(mode="json"), actor=caller.actor)


@router.get("/licence-applications/{app_id}", summary="One application", responses=errors(404))
def get_application(app_id: IdPath, engine: EngineDep, _caller: Reader) -> LicenceApplication:
    return licences_repo.get_application(engine, app_id)


@router.patch("/licence-applications/{app_id}", summary="Edit a draft application", responses=errors(404, 409))
def update_application(app_id: IdPath, body: ApplicationPatch, engine: EngineDep, caller: Writer) -> LicenceApplication:
    changes = body.model_dump(mode="json", exclude_unset=True)
    if not changes:  # nothing to change: no UPDATE (it would have no SET clause) and no audit entry
        return licences_repo.get_application(engine, app_id)
    return licences_repo.update_application(engine, app_id, changes, actor=caller.actor)


@router.post("/licence-applications/{app_id}/submit", summary="Submit a draft", responses=errors(404, 409))
def submit_application(app_id: IdPath, engine: EngineDep, caller: Writer) -> LicenceApplication:
    return licences_repo.transition(engine, app_id, "submitted", actor=caller.actor)


@router.post(
    "/licence-applications/{app_id}/approve", summary="Approve and issue the licence", responses=errors(404, 409)
)
def approve_application(app_id: IdPath, body: ApproveIn, engine: EngineDep, caller: Decider) -> ApprovedApplication:
    return licences_repo.approve(engine, app_id, body.licence.model_dump(), actor=caller.actor, reason=body.reason)


@router.post("/licence-applications/{app_id}/deny", summary="Deny an application", responses=errors(404, 409))
def deny_application(app_id: IdPath, body: DecisionIn, engine: EngineDep, caller: Decider) -> LicenceApplication:
    return licences_repo.transition(engine, app_id, "denied", actor=caller.actor, reason=body.reason)


@router.post(
    "/licence-applications/{app_id}/return", summary="Return an application without action", responses=errors(404, 409)
)
def return_application(app_id: IdPath, body: DecisionIn, engine: EngineDep, caller: Decider) -> LicenceApplication:
    return licences_repo.transition(engine, app_id, "returned_without_action", actor=caller.actor, reason=body.reason)


@router.get("/licences", summary="Issued licences, paginated")
def list_licences(engine: EngineDep, page: PagingDep, _caller: Reader) -> RecordPage[Licence]:
    return licences_repo.list_licences(engine, offset=page.offset, limit=page.limit)


@router.post(
    "/licences", status_code=201, summary="Register a licence issued outside this system", responses=errors(409)
)
def create_licence(body: LicenceIn, engine: EngineDep, caller: Decider) -> Licence:
    values = body.model_dump()
    values["items"] = body.model_dump(mode="json")["items"]  # amounts as exact decimal strings
    return licences_repo.create_licence(engine, values, actor=caller.actor)


@router.get("/licences/{licence_id}", summary="One licence with what has been drawn against it", responses=errors(404))
def get_licence(licence_id: IdPath, engine: EngineDep, _caller: Reader) -> LicenceWithDrawn:
    return licences_repo.get_licence(engine, licence_id)


@router.get("/licences/{licence_id}/shipments", summary="Shipments drawn against a licence", responses=errors(404))
def list_shipments(licence_id: IdPath, engine: EngineDep, page: PagingDep, _caller: Reader) -> RecordPage[Shipment]:
    return licences_repo.list_shipments(engine, licence_id, offset=page.offset, limit=page.limit)


@router.post(
    "/licences/{licence_id}/shipments",
    status_code=201,
    summary="Draw a shipment; 409 with every reason when it exceeds quantity, value, validity or scope",
    responses=errors(404, 409),
)
def add_shipment(
    licence_id: IdPath,
    body: ShipmentIn,
    engine: EngineDep,
    caller: Annotated[Caller, Depends(permission("shipments:write"))],
) -> Shipment:
    values = body.model_dump()
    values["lines"] = body.model_dump(mode="json")["lines"]
    return licences_repo.add_shipment(engine, licence_id, values, actor=caller.actor)
