"""Sign in with an API key (session cookie), sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from ictguard.errors import AuthenticationError
from ictguard.web import session as sessions
from ictguard.web.auth import current_session
from ictguard.web.config import web_config
from ictguard.web.routing import WebRoute
from ictguard.web.templating import templates

router = APIRouter(route_class=WebRoute)


def _safe_next(target: str) -> str:
    # Only paths on this site: an absolute URL here would be an open redirect.
    return target if target.startswith("/ui") and not target.startswith("//") else "/ui/"


@router.get("/ui/login")
def login_form(request: Request, next: str = "/ui/") -> Response:
    return templates.TemplateResponse(request, "login.html", {"next": _safe_next(next), "message": None})


@router.post("/ui/login")
def login(request: Request, api_key: Annotated[str, Form()], next: Annotated[str, Form()] = "/ui/") -> Response:
    config = web_config(request.app)
    try:
        principal = config.verify_key(request, api_key.strip())
    except AuthenticationError as exc:
        return templates.TemplateResponse(
            request, "login.html", {"next": _safe_next(next), "message": str(exc)}, status_code=401
        )
    request.state.web_session = sessions.new_session(
        config.max_age, key_id=principal.key_id, name=principal.name, role=principal.role
    )
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/ui/logout")
def logout(request: Request) -> Response:
    ending = current_session(request)
    config = web_config(request.app)
    config.end(request, ending.sid, ending.expires)  # server-side: the old cookie stops working now
    request.state.web_session = sessions.new_session(config.max_age)
    return RedirectResponse("/ui/login", status_code=303)
