"""All web pages, under ``/ui``. ``router`` is included into the service's app by ``ictguard.web.mount``."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from ictguard.web.routes import (
    alerts,
    audit,
    batch,
    dashboard,
    decide,
    evidence,
    licences,
    login,
    representation,
    screen,
)
from ictguard.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
for module in (login, dashboard, screen, batch, alerts, decide, licences, audit, evidence, representation):
    router.include_router(module.router)


@router.get("/ui")
def ui_root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=307)
