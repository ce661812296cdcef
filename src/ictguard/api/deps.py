"""Request dependencies: the engine, the caller (API key -> role) and permission checks, pagination."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from ictguard.cases.roles import allows, require
from ictguard.errors import AuthenticationError
from ictguard.service.active import ActiveScreening
from ictguard.service.keys import Caller, KeyCache


async def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


async def get_screening(request: Request) -> ActiveScreening:
    screening: ActiveScreening = request.app.state.screening
    return screening


# Declares the scheme in the OpenAPI document (and the docs' Authorize button); errors stay ours (auto_error off).
_bearer = HTTPBearer(auto_error=False, description="An API key from `ictguard keys create`")


async def get_caller(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Caller:
    token = credentials.credentials.strip() if credentials is not None else ""
    if not token:
        raise AuthenticationError("missing API key: send 'Authorization: Bearer KEY'")
    cache: KeyCache = request.app.state.key_cache
    caller = cache.caller(token)
    if caller is None:
        raise AuthenticationError("invalid or revoked API key")
    return caller


def allowed_caller(request: Request, name: str) -> Caller | None:
    """The caller when the request carries a valid bearer key whose role holds ``name``; None otherwise.

    For fast paths that fall back to the regular dependency chain (which raises the 401/403) on None. The header
    is read as HTTPBearer reads it.
    """
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    cache: KeyCache = request.app.state.key_cache
    caller = cache.caller(token)
    if caller is None or not allows(caller.role, name):
        return None
    return caller


def permission(name: str) -> Callable[[Caller], Awaitable[Caller]]:
    """Dependency: the caller, after checking its role holds ``name`` (403 otherwise)."""

    async def check(caller: Annotated[Caller, Depends(get_caller)]) -> Caller:
        require(caller.role, name)
        return caller

    check.__name__ = f"permission_{name.replace(':', '_')}"
    return check


@dataclass(frozen=True)
class Paging:
    offset: int
    limit: int


async def paging(
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Paging:
    return Paging(offset, limit)


# Row ids are 32-bit INTEGER columns on PostgreSQL: a larger number is malformed input (422), not a driver
# overflow (500).
MAX_ID = 2**31 - 1
# Free-text query parameters reach SQL; PostgreSQL text cannot hold U+0000.
NO_NUL = r"^[^\x00]*$"
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
EngineDep = Annotated[Engine, Depends(get_engine)]
ScreeningDep = Annotated[ActiveScreening, Depends(get_screening)]
PagingDep = Annotated[Paging, Depends(paging)]
