"""Licences: register, application workflow, shipments against a licence, statistics with a chart.

Forms are checked with the API's own request models, so the browser and the API accept the same input.
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ValidationError

from ictguard.errors import InputError
from ictguard.service.schemas import ApplicationIn, ApproveIn, DecisionIn, LicenceIn, PartyIn, ShipmentIn
from ictguard.store import licences_repo
from ictguard.store.records import LicenceWithDrawn
from ictguard.web import backend
from ictguard.web.auth import Principal, require
from ictguard.web.routing import WebRoute
from ictguard.web.templating import templates

router = APIRouter(route_class=WebRoute)
Reader = Annotated[Principal, Depends(require("licences:read"))]
Writer = Annotated[Principal, Depends(require("licences:write"))]
Decider = Annotated[Principal, Depends(require("licences:decide"))]
Shipper = Annotated[Principal, Depends(require("shipments:write"))]
Model = TypeVar("Model", bound=BaseModel)


def validated(model: type[Model], data: dict[str, Any]) -> Model:
    """``data`` checked by the API's model; the first problem becomes an InputError naming the field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first.get("loc", ()))
        raise InputError(first.get("msg", "invalid"), field=field or None) from exc


async def _form(request: Request) -> dict[str, str]:
    return {k: v.strip() for k, v in (await request.form()).items() if isinstance(v, str)}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _back(message: str, path: str = "/ui/licences") -> RedirectResponse:
    return RedirectResponse(f"{path}?" + urlencode({"message": message}), status_code=303)


@router.get("/ui/licences")
def licences_page(request: Request, user: Reader, message: str = "") -> Response:
    engine = backend.engine_of(request)
    stats = licences_repo.stats(engine)
    context = {
        "active": "licences",
        "message": message,
        "applications": licences_repo.list_applications(engine, limit=200).items,
        "licences": licences_repo.list_licences(engine, limit=200).items,
        "stats": {
            "approval_rate": stats.approval_rate,
            "median_days_to_decision": stats.days_to_decision.median,
        },
        "by_state": [(state.replace("_", " "), count) for state, count in asdict(stats.by_state).items()],
        "party_roles": PartyIn.model_fields["role"].annotation.__args__,  # type: ignore[union-attr]
        "can_write": user.can("licences:write"),
        "can_decide": user.can("licences:decide"),
    }
    return templates.TemplateResponse(request, "licences.html", context)


@router.post("/ui/licences/applications")
async def create_application(request: Request, user: Writer) -> Response:
    form = await _form(request)
    body = validated(
        ApplicationIn,
        {
            "reference": form.get("reference") or None,
            "end_use": form.get("end_use", ""),
            "parties": [
                {
                    "role": form.get("party_role", ""),
                    "name": form.get("party_name", ""),
                    "country": form.get("party_country") or None,
                }
            ],
            "items": [
                {
                    "eccn": form.get("eccn", ""),
                    "description": form.get("description", ""),
                    "quantity": form.get("quantity", ""),
                    "value": form.get("value", ""),
                }
            ],
        },
    )
    created = licences_repo.create_application(
        backend.engine_of(request), body.model_dump(mode="json"), actor=backend.actor(user)
    )
    return _back(f"Draft application {created.id} saved.")


@router.post("/ui/licences/applications/{app_id}/submit")
def submit_application(request: Request, app_id: int, user: Writer) -> Response:
    licences_repo.transition(backend.engine_of(request), app_id, "submitted", actor=backend.actor(user))
    return _back(f"Application {app_id} submitted.")


@router.post("/ui/licences/applications/{app_id}/decide")
async def decide_application(request: Request, app_id: int, user: Decider) -> Response:
    form = await _form(request)
    engine, who = backend.engine_of(request), backend.actor(user)
    decision = form.get("decision")
    if decision == "approve":
        body = validated(
            ApproveIn,
            {
                "reason": form.get("reason") or None,
                "licence": {
                    "number": form.get("number", ""),
                    "valid_from": form.get("valid_from", ""),
                    "valid_until": form.get("valid_until", ""),
                },
            },
        )
        licences_repo.approve(engine, app_id, body.licence.model_dump(), actor=who, reason=body.reason)
    elif decision in ("deny", "return"):
        reason = validated(DecisionIn, {"reason": form.get("reason", "")}).reason
        target = "denied" if decision == "deny" else "returned_without_action"
        licences_repo.transition(engine, app_id, target, actor=who, reason=reason)
    else:
        raise InputError("approve, deny or return", field="decision")
    return _back(f"Application {app_id}: decision recorded.")


@router.post("/ui/licences")
async def register_licence(request: Request, user: Decider) -> Response:
    form = await _form(request)
    body = validated(
        LicenceIn,
        {
            "number": form.get("number", ""),
            "valid_from": form.get("valid_from", ""),
            "valid_until": form.get("valid_until", ""),
            "conditions": _lines(form.get("conditions", "")),
            "parties": _lines(form.get("parties", "")),
            "items": [
                {
                    "eccn": form.get("eccn", ""),
                    "quantity": form.get("quantity") or None,
                    "value": form.get("value") or None,
                }
            ],
        },
    )
    values = body.model_dump()
    values["items"] = body.model_dump(mode="json")["items"]  # amounts as exact decimal strings, as the API does
    created = licences_repo.create_licence(backend.engine_of(request), values, actor=backend.actor(user))
    return _back(f"Licence {created.number} registered.")


def usage(licence: LicenceWithDrawn) -> list[tuple[str, float]]:
    """Per limit of the licence, the share already shipped, in per cent."""
    bars: list[tuple[str, float]] = []
    for item in licence.items:
        eccn = item.eccn.upper()
        drawn = licence.drawn.get(eccn)
        for measure, limit, used in (
            ("quantity", item.quantity, drawn.quantity if drawn else "0"),
            ("value", item.value, drawn.value if drawn else "0"),
        ):
            if limit in (None, ""):
                continue
            try:
                share = Decimal(used) / Decimal(str(limit)) * 100
            except (InvalidOperation, ZeroDivisionError):
                continue
            bars.append((f"{eccn} {measure}", round(float(share), 1)))
    return bars


@router.get("/ui/licences/{licence_id}")
def licence_page(request: Request, licence_id: int, user: Reader, message: str = "") -> Response:
    engine = backend.engine_of(request)
    licence = licences_repo.get_licence(engine, licence_id)
    context = {
        "active": "licences",
        "licence": licence,
        "message": message,
        "usage": usage(licence),
        "shipments": licences_repo.list_shipments(engine, licence_id, limit=500).items,
        "can_ship": user.can("shipments:write"),
    }
    return templates.TemplateResponse(request, "licence.html", context)


@router.post("/ui/licences/{licence_id}/shipments")
async def add_shipment(request: Request, licence_id: int, user: Shipper) -> Response:
    form = await _form(request)
    body = validated(
        ShipmentIn,
        {
            "ship_date": form.get("ship_date", ""),
            "consignee": form.get("consignee", ""),
            "lines": [
                {"eccn": form.get("eccn", ""), "quantity": form.get("quantity", ""), "value": form.get("value", "")}
            ],
        },
    )
    values = body.model_dump()
    values["lines"] = body.model_dump(mode="json")["lines"]  # as the API passes them
    licences_repo.add_shipment(backend.engine_of(request), licence_id, values, actor=backend.actor(user))
    return _back("Shipment recorded.", f"/ui/licences/{licence_id}")
