"""A minimal app factory for the web tests until the service's ``create_app`` lands on main.

It is NOT the product's app: no API routes, keys held in memory.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI, Request

from ictguard.errors import AuthenticationError
from ictguard.settings import Settings
from ictguard.web import mount
from ictguard.web.auth import Principal


def create_dev_app(settings: Settings, keys: Mapping[str, Principal]) -> FastAPI:
    app = FastAPI(title="ictguard (web dev app)")

    def verify(_request: Request, api_key: str) -> Principal:
        principal = keys.get(api_key)
        if principal is None:
            raise AuthenticationError("unknown API key")
        return principal

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    mount(app, settings=settings, verify_key=verify)
    return app
