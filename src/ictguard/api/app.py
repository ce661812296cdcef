"""The FastAPI application factory: the API routes and the web UI (``ictguard.web.mount``) on one app.

The web pages never import the API: both call the application layer (``ictguard.service``), whose objects the
app holds in ``app.state`` (engine, active screening, key cache)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from sqlalchemy import Engine

from ictguard import __version__
from ictguard.api import (
    error_handlers,
    routes_admin,
    routes_counterparties,
    routes_decide,
    routes_evidence,
    routes_health,
    routes_licences,
    routes_lists,
    routes_screen,
)
from ictguard.errors import IctguardError
from ictguard.screening import screener_for
from ictguard.service.active import ActiveScreening, ScreenerFactory, SnapshotSource
from ictguard.service.keys import KeyCache
from ictguard.settings import Settings, get_settings
from ictguard.store.db import open_engine
from ictguard.web import mount as mount_web

ROUTERS = (routes_health, routes_screen, routes_decide, routes_lists, routes_counterparties, routes_licences,
           routes_admin, routes_evidence)


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    snapshots: SnapshotSource | None = None,
    screener_factory: Callable[[], ScreenerFactory] | None = None,
) -> FastAPI:
    """Build the app. Tests may pass their own engine, snapshot source and screener factory."""
    settings = settings or get_settings()
    engine = engine or open_engine(settings)
    screening = ActiveScreening(engine, snapshots, screener_factory() if screener_factory else screener_for)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            screening.context()  # warm up: build the screener before the first request
        except IctguardError:
            pass  # no lists yet / engine incomplete: requests will say so
        yield

    app = FastAPI(
        title="ictguard",
        version=__version__,
        description="Screening, determinations, alerts, licences and audit for US foreign-adversary ICT rules.",
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.screening = screening
    app.state.key_cache = KeyCache(engine)
    app.state.settings = settings
    error_handlers.install(app)
    for module in ROUTERS:
        app.include_router(module.router)
    if settings.web_ui:
        mount_web(app)
    home = "/ui/" if settings.web_ui else "/docs"

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        """The server's address opens the UI (or the API docs when the UI is off), never a 404."""
        return RedirectResponse(home, status_code=307)

    return app
