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
    routes_representation,
    routes_screen,
)
from ictguard.api.guard import LoginThrottle, RequestGuard, ServingHealth
from ictguard.errors import IctguardError
from ictguard.screening import screener_for
from ictguard.service.active import ActiveScreening, ScreenerFactory, SnapshotSource
from ictguard.service.keys import KeyCache
from ictguard.settings import Settings, get_settings
from ictguard.store import sessions_repo
from ictguard.store.db import open_engine
from ictguard.web import mount as mount_web
from ictguard.web.session import signed_in_cookie

ROUTERS = (
    routes_health,
    routes_screen,
    routes_decide,
    routes_representation,
    routes_lists,
    routes_counterparties,
    routes_licences,
    routes_admin,
    routes_evidence,
)


def _guard(app: FastAPI, settings: Settings) -> None:
    """The one request guard (api/guard.py) around every route, API and pages alike."""
    key_cache: KeyCache = app.state.key_cache

    def key_valid(key: str) -> bool:
        return bool(key) and key_cache.caller(key) is not None

    def session_valid(cookie: str) -> bool:
        config = getattr(app.state, "web_config", None)
        if config is None:
            return False
        session = signed_in_cookie(cookie, config.secret)
        return session is not None and bool(session.sid) and not sessions_repo.is_ended(app.state.engine, session.sid)

    app.state.serving_health = ServingHealth()
    app.add_middleware(
        RequestGuard,
        key_valid=key_valid,
        session_valid=session_valid,
        upload_bytes=settings.max_upload_mb * 1024 * 1024,
        health=app.state.serving_health,
        throttle=LoginThrottle(settings.login_failures, settings.login_window),
    )


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
    screening = ActiveScreening(
        engine,
        snapshots,
        screener_factory() if screener_factory else screener_for,
        poll_seconds=settings.list_poll_seconds,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            screening.refresh()  # warm up: build the screener before the first request
        except IctguardError:
            pass  # engine incomplete: requests will say so
        # Another node or a `lists update` run may activate a newer version: the poller builds and swaps it in.
        screening.start_polling()
        try:
            yield
        finally:
            screening.stop_polling()

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
    _guard(app, settings)
    home = "/ui/" if settings.web_ui else "/docs"

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        """The server's address opens the UI (or the API docs when the UI is off), never a 404."""
        return RedirectResponse(home, status_code=307)

    return app
