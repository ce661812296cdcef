"""The web UI's doors into the rest of ictguard: the application layer's key cache, active screening and
decide-and-save (``ictguard.service``, the same objects the API uses), the stores' repositories and the core.

Everything the pages need from other areas goes through here, so a page never holds its own copy of
business logic and an interface change touches one file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from fastapi import Request
from sqlalchemy import Engine

from ictguard.cases.list_diff import diff_entities
from ictguard.cases.ports import ScreeningContext
from ictguard.errors import AuthenticationError, IctguardError, NotFoundError
from ictguard.model import Entity
from ictguard.screening.tabular import Table
from ictguard.service.active import ActiveScreening
from ictguard.service.batch import BatchOptions, BatchRow, operating_threshold
from ictguard.service.decisions import decide_and_save
from ictguard.service.jobs import result_columns, run_job
from ictguard.service.keys import Caller, KeyCache
from ictguard.store import alerts_repo, audit_repo, determinations_repo, jobs_repo, lists_repo, sessions_repo
from ictguard.store.records import DeterminationRow, SavedDetermination
from ictguard.web.auth import Principal
from ictguard.web.batch import BatchJob, JobRegistry


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
    caller = key_cache(request).caller(api_key)
    if caller is None:
        raise AuthenticationError("invalid or revoked API key")
    return Principal(key_id=str(caller.key_id), name=caller.name, role=caller.role)


def key_cache(request: Request) -> KeyCache:
    cache = request.app.state.key_cache
    assert isinstance(cache, KeyCache)
    return cache


def key_still_valid(request: Request, key_id: str) -> bool:
    """False once the key behind a browser session is revoked (the API's cache: within KEY_CACHE_SECONDS)."""
    return key_id.isdigit() and key_cache(request).still_valid(int(key_id))


def session_ended(request: Request, sid: str) -> bool:
    """Whether the browser session ``sid`` was signed out (server-side: the cookie itself would still verify)."""
    return bool(sid) and sessions_repo.is_ended(engine_of(request), sid)


def end_session(request: Request, sid: str, expires: int) -> None:
    if sid:
        sessions_repo.end(engine_of(request), sid, expires)


def context(request: Request) -> ScreeningContext:
    return screening_of(request).context()


def screen(
    request: Request, name: str, *, country: str | None = None, as_of: date | None = None, limit: int = 10
) -> dict[str, Any]:
    """The contract's screening document (same as ``ictguard screen --json``) for one name."""
    document = context(request).screen_document(name, country=country, as_of=as_of, threshold=None, limit=limit)
    document["as_of"] = document["as_of"] or date.today().isoformat()
    return document


def entity(request: Request, entity_id: str) -> Entity:
    found = context(request).entities.get(entity_id)
    if found is None:
        raise NotFoundError(f"no entry {entity_id!r} in the active list version")
    return found


def start_batch(
    request: Request,
    principal: Principal,
    filename: str,
    table: Table,
    name_column: str,
    country_column: str | None,
    as_of: date | None = None,
) -> BatchJob:
    """Start screening an uploaded table in the background against the list version active now, recorded in the
    store as ``principal``'s job; the job is returned at once and fills in as rows are screened."""
    bound = context(request)
    screener = bound.screener
    engine = engine_of(request)
    options = BatchOptions(name_column, country_column, as_of or date.today(), operating_threshold())
    job_id = jobs_repo.create(
        engine, total=len(table.rows), actor=actor(principal), facts=options.facts(bound.version_id, filename)
    )
    job = BatchJob(
        id=job_id,
        owner=principal.key_id,
        filename=filename,
        columns=result_columns(table),
        name_column=name_column,
        country_column=country_column,
        total=len(table.rows),
    )

    def runner(each: Callable[[BatchRow, dict[str, str]], None]) -> tuple[list[dict[str, str]] | None, str | None]:
        return run_job(engine, job_id, screener, table, options, each=each)

    return jobs(request).start(job, runner)


def jobs(request: Request) -> JobRegistry:
    registry = getattr(request.app.state, "web_jobs", None)
    if registry is None:
        registry = request.app.state.web_jobs = JobRegistry()
    assert isinstance(registry, JobRegistry)
    return registry


def decide(request: Request, transaction: dict[str, Any], principal: Principal) -> SavedDetermination:
    """Decide and save, as ``POST /api/v1/decide`` does; returns the saved row (input, output, id)."""
    return decide_and_save(engine_of(request), screening_of(request), transaction, actor=actor(principal))[1]


@dataclass
class Dashboard:
    list_version: str | None = None
    loaded_at: datetime | None = None
    age: str = ""
    counts: list[tuple[str, int]] = field(default_factory=list)
    previous_version: str | None = None
    open_alerts: int = 0
    recent_determinations: list[DeterminationRow] = field(default_factory=list)
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
        diff = diff_entities(
            lists_repo.load_snapshot(engine, old).entities, lists_repo.load_snapshot(engine, new).entities
        )
        _diffs[key] = {
            "old": old,
            "new": new,
            "added": len(diff.added),
            "changed": len(diff.changed),
            "removed": len(diff.removed),
            "sample_added": list(diff.added[:10]),
        }
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
        rows.append(
            {
                "version": info.version_id,
                "loaded_at": info.loaded_at.strftime("%Y-%m-%d %H:%M"),
                "change": change,
                "active": info.active,
            }
        )
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
