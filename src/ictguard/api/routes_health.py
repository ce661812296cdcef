"""Liveness: answers without authentication."""

from __future__ import annotations

from fastapi import APIRouter

from ictguard.api.responses import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness probe (no authentication)")
async def healthz() -> Health:
    return Health(status="ok")
