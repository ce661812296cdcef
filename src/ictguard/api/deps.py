"""Request dependencies: the engine, the caller (API key -> role) and permission checks, pagination."""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from ictguard.api.screening_cache import ActiveScreening
from ictguard.cases.roles import allows, require
from ictguard.errors import AuthenticationError
from ictguard.store import keys_repo
from ictguard.store.keys_repo import KeyInfo

KEY_CACHE_SECONDS = 5.0  # a revoked key stops working within this many seconds


@dataclass(frozen=True)
class Caller:
    key_id: int
    name: str
    role: str

    @property
    def actor(self) -> str:
        return f"key:{self.key_id}:{self.name}"


class KeyCache:
    """Keeps recent key lookups in memory: screening at thousands of requests/s must not query keys each time."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, KeyInfo | None]] = {}

    def lookup(self, key: str) -> KeyInfo | None:
        now = time.monotonic()
        hit = self._entries.get(key)
        if hit is not None and now - hit[0] < KEY_CACHE_SECONDS:
            return hit[1]
        info = keys_repo.lookup(self.engine, key)
        with self._lock:
            if len(self._entries) > 10_000:  # bound memory against floods of random keys
                self._entries.clear()
            self._entries[key] = (now, info)
        return info


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
    info = cache.lookup(token)
    if info is None:
        raise AuthenticationError("invalid or revoked API key")
    return Caller(info.id, info.name, info.role)


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
    info = cache.lookup(token)
    if info is None or not allows(info.role, name):
        return None
    return Caller(info.id, info.name, info.role)


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
