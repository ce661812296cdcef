"""Liveness: answers without authentication."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness probe (no authentication)")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}
