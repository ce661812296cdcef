"""The route class of every web page: session cookie, CSRF check, and errors shown as pages.

API routes keep their JSON errors; only routes of the web router use this class.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute

from ictguard.errors import AuthenticationError, IctguardError, InputError, http_status_for
from ictguard.web import session as sessions
from ictguard.web.config import web_config
from ictguard.web.templating import templates

log = logging.getLogger(__name__)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class CsrfError(IctguardError):
    code = "csrf"


class WebRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def web_handler(request: Request) -> Response:
            config = web_config(request.app)
            loaded = sessions.decode(request.cookies.get(sessions.COOKIE_NAME), config.secret)
            session = loaded or sessions.new_session(config.max_age)
            if session.signed_in and (
                not config.key_valid(request, str(session.key_id))
                or not session.sid
                or config.ended(request, session.sid)
            ):
                # the key was revoked, or this session was signed out (a cookie from before sign-out, or one
                # without a session id): sign the browser out
                session = sessions.new_session(config.max_age)
            request.state.web_session = session
            try:
                if request.method not in SAFE_METHODS:
                    await _check_csrf(request, session)
                response = await handler(request)
            except AuthenticationError as exc:
                response = _to_login(request, str(exc))
            except IctguardError as exc:
                response = error_page(request, exc)
            except RequestValidationError as exc:
                response = error_page(request, InputError(_validation_message(exc)))
            final = request.state.web_session
            if final is not loaded:
                _set_cookie(response, request, sessions.encode(final, config.secret), config.max_age)
            return response

        return web_handler


async def _check_csrf(request: Request, session: sessions.Session) -> None:
    submitted = request.headers.get(sessions.CSRF_HEADER)
    if submitted is None:
        form = await request.form()
        value = form.get(sessions.CSRF_FIELD)
        submitted = value if isinstance(value, str) else None
    if not sessions.csrf_valid(session, submitted):
        raise CsrfError("the form expired or did not come from this site: reload the page and try again")


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for problem in error.errors()[:5]:
        where = ".".join(str(p) for p in problem.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(f"{where}: {problem.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid form"


def _to_login(request: Request, reason: str) -> Response:
    target = "/ui/login?next=" + quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    if request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": target})
    if request.method in SAFE_METHODS:
        return RedirectResponse(target, status_code=303)
    return error_page(request, AuthenticationError(reason))


def error_page(request: Request, error: IctguardError) -> HTMLResponse:
    status = 403 if isinstance(error, CsrfError) else http_status_for(error)
    if status >= 500:
        log.error("web request failed: %s", error)
    name = "_error_fragment.html" if request.headers.get("hx-request") else "error.html"
    return templates.TemplateResponse(request, name, {"error": error, "status": status}, status_code=status)


def _set_cookie(response: Response, request: Request, value: str, max_age: int) -> None:
    response.set_cookie(
        sessions.COOKIE_NAME,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
