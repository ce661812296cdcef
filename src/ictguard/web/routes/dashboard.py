"""Dashboard: active list version and age, counts per source, last changes, alerts, determinations, audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from ictguard.web import backend
from ictguard.web.auth import Principal, require
from ictguard.web.routing import WebRoute
from ictguard.web.templating import templates

router = APIRouter(route_class=WebRoute)


@router.get("/ui/")
def dashboard(request: Request, principal: Annotated[Principal, Depends(require("viewer"))]) -> Response:
    context = {"active": "dashboard", "board": backend.dashboard(request)}
    return templates.TemplateResponse(request, "dashboard.html", context)
