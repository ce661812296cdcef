"""Web UI and browser sessions on the service's port: server-rendered pages under ``/ui``.

The service's ``create_app`` calls :func:`mount`; pages reuse the service's stores and the core's
functions, never copies of them.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ictguard.settings import Settings, get_settings
from ictguard.web.auth import KeyVerifier
from ictguard.web.config import make_config
from ictguard.web.templating import STATIC_DIR


def mount(app: FastAPI, *, settings: Settings | None = None, verify_key: KeyVerifier | None = None) -> None:
    """Add the web pages and their static files to ``app``."""
    from ictguard.web.backend import service_key_verifier
    from ictguard.web.routes import router

    settings = settings or get_settings()
    app.state.web_config = make_config(
        settings.session_secret, settings.session_max_age, verify_key or service_key_verifier
    )
    app.mount("/ui/static", StaticFiles(directory=STATIC_DIR), name="ui-static")
    app.include_router(router)


__all__ = ["mount"]
