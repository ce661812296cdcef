"""Web UI and browser sessions on the service's port: server-rendered pages under ``/ui``.

The service's ``create_app`` calls :func:`mount`; pages reuse the service's key cache, stores and the core's
functions (see ``ictguard.web.backend``), never copies of them.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ictguard.settings import Settings


def mount(app: FastAPI, *, settings: Settings | None = None) -> None:
    """Add the web pages and their static files to ``app`` (built by ``ictguard.api.app.create_app``)."""
    from ictguard.web.backend import end_session, key_still_valid, service_key_verifier, session_ended
    from ictguard.web.config import make_config
    from ictguard.web.routes import router
    from ictguard.web.templating import STATIC_DIR

    settings = settings or getattr(app.state, "settings", None) or Settings()
    app.state.web_config = make_config(
        settings.session_secret,
        settings.session_max_age,
        service_key_verifier,
        key_still_valid,
        session_ended,
        end_session,
    )
    app.mount("/ui/static", StaticFiles(directory=STATIC_DIR), name="ui-static")
    app.include_router(router)


__all__ = ["mount"]
