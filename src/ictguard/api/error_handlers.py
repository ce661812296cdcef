"""One JSON error shape everywhere: ictguard errors, request validation, unknown routes and wrong methods."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ictguard.errors import IctguardError, InputError, NotFoundError, error_body, http_status_for

log = logging.getLogger(__name__)

_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 401: "unauthenticated", 403: "forbidden"}


def error_response(error: BaseException) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if http_status_for(error) == 401 else None
    return JSONResponse(error_body(error), status_code=http_status_for(error), headers=headers)


async def _ictguard_error(_request: Request, exc: Exception) -> JSONResponse:
    return error_response(exc)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path")]
    message = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in errors[:5])
    return error_response(InputError(message or "invalid request", field=".".join(location) or None))


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return error_response(NotFoundError(str(exc.detail)))
    if exc.status_code == 400:  # a body FastAPI could not decode (e.g. not UTF-8): bad input like any other
        return error_response(InputError(str(exc.detail)))
    body = {
        "error": {
            "code": _HTTP_CODES.get(exc.status_code, "http_error"),
            "message": str(exc.detail),
            "status": exc.status_code,
        }
    }
    return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    # Never echo an unexpected exception's text: it may carry internals (SQL, paths).
    body = {"error": {"code": "internal_error", "message": "internal server error", "status": 500}}
    return JSONResponse(body, status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(IctguardError, _ictguard_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
