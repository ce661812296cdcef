"""Lists: status of the active version, diff of two versions, as-of entity lookup, re-screen on change."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ictguard.api.deps import NO_NUL, EngineDep, ScreeningDep, permission
from ictguard.api.openapi_docs import COMMON, errors
from ictguard.api.responses import EntityAt, ListDiff, ListStatus
from ictguard.cases.list_diff import diff_entities
from ictguard.errors import NotFoundError
from ictguard.service.keys import Caller
from ictguard.service.schemas import IsoDate, RescreenIn
from ictguard.store import rescreen_repo
from ictguard.store.records import RescreenReport

router = APIRouter(prefix="/api/v1/lists", tags=["lists"], responses={**COMMON, **errors(409)})
Reader = Annotated[Caller, Depends(permission("lists:read"))]
VersionQuery = Annotated[str, Query(min_length=1, max_length=200, pattern=NO_NUL)]


@router.get("/status", summary="Active list version, per-source counts, load time")
def status(screening: ScreeningDep, _caller: Reader) -> ListStatus:
    snapshot = screening.snapshot()
    return ListStatus(
        active_version=snapshot.version_id,
        loaded_at=snapshot.loaded_at.isoformat(),
        entities=len(snapshot.entities),
        sources=dict(sorted(Counter(e.source for e in snapshot.entities).items())),
    )


@router.get("/diff", summary="Entries added, removed and changed between two versions", responses=errors(404))
def diff(
    engine: EngineDep,
    screening: ScreeningDep,
    _caller: Reader,
    old: VersionQuery,
    new: VersionQuery,
) -> ListDiff:
    before, after = screening.source.load(engine, old), screening.source.load(engine, new)
    result = diff_entities(before.entities, after.entities)
    return ListDiff(
        old=old, new=new, added=list(result.added), changed=list(result.changed), removed=list(result.removed)
    )


@router.get(
    "/entities/{entity_id}",
    summary="One entry of the active version, with whether it was in force",
    responses=errors(404),
)
def entity(
    entity_id: str, screening: ScreeningDep, _caller: Reader, as_of: Annotated[IsoDate | None, Query()] = None
) -> EntityAt:
    snapshot = screening.snapshot()
    found = screening.context().entities.get(entity_id)
    if found is None:
        raise NotFoundError(f"entity {entity_id!r} is not in list version {snapshot.version_id}")
    return EntityAt(
        list_version=snapshot.version_id,
        as_of=as_of.isoformat() if as_of else None,
        in_force=found.in_force(as_of) if as_of else None,
        entity=found.to_dict(),
    )


@router.post(
    "/rescreen",
    summary="Re-screen stored counterparties against what changed in the active version",
    responses=errors(404),
)
def rescreen(
    body: RescreenIn,
    engine: EngineDep,
    screening: ScreeningDep,
    caller: Annotated[Caller, Depends(permission("lists:rescreen"))],
) -> RescreenReport:
    new = screening.snapshot()
    old = rescreen_repo.previous_snapshot(engine, new, body.old_version, screening.source.load)
    return rescreen_repo.rescreen(
        engine, old, new, screening.screener_for, actor=caller.actor, threshold=body.threshold
    )
