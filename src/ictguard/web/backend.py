"""The web UI's doors into the rest of ictguard: the service's key store and database, the core's functions.

Everything the pages need from other areas goes through here, so a page never holds its own copy of
business logic and an interface change touches one file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from fastapi import Request
from sqlalchemy import Engine

from ictguard.errors import AuthenticationError, NoActiveListsError, NotFoundError
from ictguard.lists.snapshot import ListSnapshot
from ictguard.model import Entity
from ictguard.web.auth import Principal


def service_key_verifier(request: Request, api_key: str) -> Principal:
    """Check a key against the service's hashed key store (the same one the API uses)."""
    raise AuthenticationError("the API key store is not available in this build")


def engine_of(request: Request) -> Engine:
    """The service's engine when it shares one on app.state, else one opened (and migrated) once per app."""
    state = request.app.state
    engine = getattr(state, "engine", None) or getattr(state, "web_engine", None)
    if engine is None:
        from ictguard.store.db import open_engine

        engine = open_engine(getattr(state, "web_settings", None))
        state.web_engine = engine
    assert isinstance(engine, Engine)
    return engine


def active_snapshot(request: Request) -> ListSnapshot:
    try:
        from ictguard.store.lists_repo import load_active_snapshot  # type: ignore[import-not-found]
    except ImportError as exc:
        raise NoActiveListsError("the list store is not available in this build") from exc
    snapshot = load_active_snapshot(engine_of(request))
    assert isinstance(snapshot, ListSnapshot)
    return snapshot


@dataclass
class Dashboard:
    list_version: str | None = None
    loaded_at: datetime | None = None
    age: str = ""
    counts: list[tuple[str, int]] = field(default_factory=list)
    last_change: dict[str, Any] | None = None
    open_alerts: int | None = None
    recent_determinations: list[dict[str, Any]] = field(default_factory=list)
    audit_log: str | None = None
    notes: list[str] = field(default_factory=list)


def dashboard(request: Request) -> Dashboard:
    board = Dashboard()
    try:
        snapshot = active_snapshot(request)
    except NoActiveListsError as exc:
        board.notes.append(str(exc))
    else:
        board.list_version = snapshot.version_id
        board.loaded_at = snapshot.loaded_at
        board.age = describe_age(snapshot.loaded_at)
        board.counts = sorted(Counter(e.source for e in snapshot.entities).items())
    return board


def describe_age(moment: datetime, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"


def screen(
    request: Request, name: str, *, country: str | None = None, as_of: date | None = None, limit: int = 10
) -> dict[str, Any]:
    """The contract's screening document (same as ``ictguard screen --json``) for one name."""
    from ictguard.screening import screener_for  # type: ignore[attr-defined]

    snapshot = active_snapshot(request)
    on = as_of or date.today()
    hits = screener_for(snapshot).screen(name, country=country, as_of=on, limit=limit)
    return {"query": name, "as_of": on.isoformat(), "list_version": snapshot.version_id,
            "hits": [hit.to_dict() for hit in hits]}


def entity(request: Request, entity_id: str) -> Entity:
    for candidate in active_snapshot(request).entities:
        if candidate.id == entity_id:
            return candidate
    raise NotFoundError(f"no entity {entity_id!r} in the active list version")


def entity_history(request: Request, found: Entity) -> list[dict[str, Any]]:
    """Versions of the lists in which this entity appeared or changed (newest first)."""
    return []


def batch_screener(request: Request, as_of: date | None = None) -> Callable[[str, str | None], list[dict[str, Any]]]:
    """A screening function bound to the list version active now, for a background batch job."""
    from ictguard.screening import screener_for  # type: ignore[attr-defined]

    snapshot = active_snapshot(request)
    screener = screener_for(snapshot)
    on = as_of or date.today()

    def screen_one(name: str, country: str | None) -> list[dict[str, Any]]:
        return [hit.to_dict() for hit in screener.screen(name, country=country, as_of=on, limit=5)]

    return screen_one
