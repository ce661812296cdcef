"""The FastAPI application factory. The web UI (ictguard.web) mounts into the same app when it is present."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine

from ictguard import __version__
from ictguard.api import (
    error_handlers,
    routes_admin,
    routes_counterparties,
    routes_decide,
    routes_health,
    routes_licences,
    routes_lists,
    routes_screen,
)
from ictguard.api.deps import KeyCache
from ictguard.api.engine_ports import SnapshotSource, StoreSnapshotSource, default_screener_factory
from ictguard.api.screening_cache import ActiveScreening
from ictguard.cases.ports import ScreenerLike
from ictguard.errors import IctguardError
from ictguard.lists.snapshot import ListSnapshot
from ictguard.settings import Settings, get_settings
from ictguard.store.db import open_engine

ROUTERS = (routes_health, routes_screen, routes_decide, routes_lists, routes_counterparties, routes_licences,
           routes_admin)


def _mount_web(app: FastAPI) -> None:
    """Hook for the web area: ``ictguard.web.mount(app)`` if that function exists."""
    try:
        web = importlib.import_module("ictguard.web")
    except ImportError:
        return
    mount = getattr(web, "mount", None)
    if callable(mount):
        mount(app)


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    snapshots: SnapshotSource | None = None,
    screener_factory: Callable[[], Callable[[ListSnapshot], ScreenerLike]] | None = None,
) -> FastAPI:
    """Build the app. Tests may pass their own engine, snapshot source and screener factory."""
    settings = settings or get_settings()
    engine = engine or open_engine(settings)
    screening = ActiveScreening(
        engine, snapshots or StoreSnapshotSource(), screener_factory or default_screener_factory
    )

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
    _mount_web(app)
    return app
