"""The web UI's doors into the rest of ictguard: the service's key cache, engine and active screening, the
stores' repositories and the core's functions.

Everything the pages need from other areas goes through here, so a page never holds its own copy of
business logic and an interface change touches one file.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from fastapi import Request
from sqlalchemy import Engine

from ictguard.api import engine_ports
from ictguard.api.deps import Caller, KeyCache
from ictguard.api.screening_cache import ActiveScreening
from ictguard.cases.list_diff import diff_entities
from ictguard.cases.ports import ScreeningContext
from ictguard.errors import AuthenticationError, IctguardError, NotFoundError
from ictguard.model import Entity
from ictguard.store import alerts_repo, audit_repo, determinations_repo, lists_repo
from ictguard.store.service_tables import api_keys
from ictguard.web.auth import Principal
from ictguard.web.batch_store import StoreSink

KEY_RECHECK_SECONDS = 5.0  # a revoked key's browser session ends within this time


def engine_of(request: Request) -> Engine:
    engine = request.app.state.engine
    assert isinstance(engine, Engine)
    return engine


def screening_of(request: Request) -> ActiveScreening:
    screening = request.app.state.screening
    assert isinstance(screening, ActiveScreening)
    return screening


def actor(principal: Principal) -> str:
    """The audit-log actor, written exactly as the API writes it for the same key."""
    return Caller(int(principal.key_id), principal.name, principal.role).actor


def service_key_verifier(request: Request, api_key: str) -> Principal:
    """Check a key against the service's hashed key store (the same cache the API uses)."""
    cache = request.app.state.key_cache
    assert isinstance(cache, KeyCache)
    info = cache.lookup(api_key) if api_key else None
    if info is None:
        raise AuthenticationError("invalid or revoked API key")
    return Principal(key_id=str(info.id), name=info.name, role=info.role)


_checked: dict[tuple[int, str], tuple[float, bool]] = {}
_checked_lock = threading.Lock()


def key_still_valid(request: Request, key_id: str) -> bool:
    """False once the key behind a browser session is revoked (checked at most every few seconds)."""
    if not key_id.isdigit():
        return False
    engine = engine_of(request)
    cache_key = (id(engine), key_id)
    now = time.monotonic()
    hit = _checked.get(cache_key)
    if hit is not None and now - hit[0] < KEY_RECHECK_SECONDS:
        return hit[1]
    with engine.connect() as conn:
        revoked = conn.execute(sa.select(api_keys.c.revoked_at).where(api_keys.c.id == int(key_id))).first()
    valid = revoked is not None and revoked.revoked_at is None
    with _checked_lock:
        if len(_checked) > 10_000:
            _checked.clear()
        _checked[cache_key] = (now, valid)
    return valid


def context(request: Request) -> ScreeningContext:
    return screening_of(request).context()


def screen(request: Request, name: str, *, country: str | None = None, as_of: date | None = None,
           limit: int = 10) -> dict[str, Any]:
    """The contract's screening document (same as ``ictguard screen --json``) for one name."""
    document = context(request).screen_document(name, country=country, as_of=as_of, threshold=None, limit=limit)
    document["as_of"] = document["as_of"] or date.today().isoformat()
    return document


def entity(request: Request, entity_id: str) -> Entity:
    found = context(request).entities.get(entity_id)
    if found is None:
        raise NotFoundError(f"no entry {entity_id!r} in the active list version")
    return found


def batch_screener(request: Request, principal: Principal,
                   as_of: date | None = None) -> tuple[Callable[[str, str | None], list[dict[str, Any]]], StoreSink]:
    """A screening function bound to the list version active now, for a background batch job, and the
    store-backed record of the job (audited as ``principal``, rows tagged with that list version)."""
    bound = context(request)

    def screen_one(name: str, country: str | None) -> list[dict[str, Any]]:
        return list(bound.screen_document(name, country=country, as_of=as_of, threshold=None, limit=5)["hits"])

    return screen_one, StoreSink(engine_of(request), actor=actor(principal), list_version=bound.version_id)


def decide(request: Request, transaction: dict[str, Any], principal: Principal) -> dict[str, Any]:
    """Decide and save, as ``POST /api/v1/decide`` does; returns the saved row (input, output, id)."""
    resolver, notes = screening_of(request).decision_resolver()
    determination = engine_ports.decide(transaction, resolver=resolver, as_of=None, notes=notes)
    determination.setdefault("list_version", resolver.version_id)
    return determinations_repo.save(engine_of(request), transaction, determination, actor=actor(principal))


@dataclass
class Dashboard:
    list_version: str | None = None
    loaded_at: datetime | None = None
    age: str = ""
    counts: list[tuple[str, int]] = field(default_factory=list)
    previous_version: str | None = None
    open_alerts: int = 0
    recent_determinations: list[dict[str, Any]] = field(default_factory=list)
    audit_entries: int = 0
    audit_problem: str | None = None
    notes: list[str] = field(default_factory=list)


def dashboard(request: Request) -> Dashboard:
    engine = engine_of(request)
    board = Dashboard()
    versions = lists_repo.list_versions(engine)
    active = next((v for v in versions if v.active), None)
    if active is None:
        board.notes.append("No list version is active yet: run `ictguard lists update`.")
    else:
        board.list_version, board.loaded_at = active.version_id, active.loaded_at
        board.age = describe_age(active.loaded_at)
        board.counts = sorted(active.counts.items(), key=lambda item: -item[1])
        older = [v for v in versions if v.loaded_at < active.loaded_at]
        board.previous_version = older[-1].version_id if older else None
    board.open_alerts = alerts_repo.list_page(engine, status="open", limit=1).total
    board.recent_determinations = determinations_repo.list_page(engine, limit=5).items
    count, problem = audit_repo.verify(engine)
    board.audit_entries = count
    board.audit_problem = str(problem) if problem else None
    return board


_diffs: dict[tuple[int, str, str], dict[str, Any]] = {}


def last_change(request: Request, old: str, new: str) -> dict[str, Any]:
    """Entries added, changed and removed between two versions (computed once per pair, then kept)."""
    engine = engine_of(request)
    key = (id(engine), old, new)
    if key not in _diffs:
        diff = diff_entities(lists_repo.load_snapshot(engine, old).entities,
                             lists_repo.load_snapshot(engine, new).entities)
        _diffs[key] = {"old": old, "new": new, "added": len(diff.added), "changed": len(diff.changed),
                       "removed": len(diff.removed), "sample_added": list(diff.added[:10])}
    return _diffs[key]


def entity_history(request: Request, entity_id: str, *, newest: int = 6) -> list[dict[str, Any]]:
    """The entry in the newest stored list versions: present or not, and whether it changed."""
    engine = engine_of(request)
    rows: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for info in lists_repo.list_versions(engine)[-newest:]:
        try:
            snapshot = lists_repo.load_snapshot(engine, info.version_id)
        except IctguardError:
            continue
        current = next((e.to_dict() for e in snapshot.entities if e.id == entity_id), None)
        if current is None:
            change = "not listed" if previous is None else "removed"
        elif previous is None:
            change = "listed"
        else:
            change = "unchanged" if current == previous else "changed"
        rows.append({"version": info.version_id, "loaded_at": info.loaded_at.strftime("%Y-%m-%d %H:%M"),
                     "change": change, "active": info.active})
        previous = current
    return list(reversed(rows))


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
