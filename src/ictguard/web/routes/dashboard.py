"""Dashboard: active list version and age, counts per source, last changes, alerts, determinations, audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from ictguard.web import backend
from ictguard.web.auth import Principal, require
from ictguard.web.routing import WebRoute
from ictguard.web.templating import templates

router = APIRouter(route_class=WebRoute)
Reader = Annotated[Principal, Depends(require("lists:read"))]


@router.get("/ui/")
def dashboard(request: Request, _user: Reader) -> Response:
    context = {"active": "dashboard", "board": backend.dashboard(request)}
    return templates.TemplateResponse(request, "dashboard.html", context)


@router.get("/ui/dashboard/changes")
def last_change(request: Request, _user: Reader, old: str, new: str) -> Response:
    """Loaded after the page: comparing two versions takes longer than a page may."""
    change = backend.last_change(request, old, new)
    return templates.TemplateResponse(request, "_last_change.html", {"change": change})
