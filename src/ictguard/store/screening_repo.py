"""Screening a stored counterparty: records the run (hits, list version, threshold) and opens alerts for new hits,
leaving out hits a reviewer cleared as false positives while that clearance still holds."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from ictguard.cases.ports import ScreeningContext
from ictguard.cases.suppression import Suppression, entity_fingerprint, lapse_reason, party_fingerprint
from ictguard.errors import NotFoundError
from ictguard.store import audit_repo, counterparties_repo
from ictguard.store.records import ScreeningRun
from ictguard.store.service_common import RecordPage, fetch_records, record, utcnow, write_tx
from ictguard.store.service_tables import alerts, screening_runs

OPEN = "open"
FALSE_POSITIVE = "false_positive"
TRUE_MATCH = "true_match"


def _suppressions(conn: Connection, counterparty_id: int) -> dict[str, Suppression]:
    """The newest false-positive clearance per list entry for this counterparty."""
    rows = conn.execute(
        sa.select(alerts)
        .where(alerts.c.counterparty_id == counterparty_id, alerts.c.status == FALSE_POSITIVE)
        .order_by(alerts.c.reviewed_at)
    ).all()
    return {
        r.entity_id: Suppression(counterparty_id, r.entity_id, r.entity_fingerprint, r.party_fingerprint, r.expires_on)
        for r in rows
    }


def _open_alert_entities(conn: Connection, counterparty_id: int) -> dict[str, int]:
    rows = conn.execute(
        sa.select(alerts.c.id, alerts.c.entity_id).where(
            alerts.c.counterparty_id == counterparty_id, alerts.c.status == OPEN
        )
    ).all()
    return {r.entity_id: r.id for r in rows}


def screen_counterparty(
    engine: Engine,
    context: ScreeningContext,
    counterparty_id: int,
    *,
    actor: str,
    trigger: str = "manual",
    as_of: date | None = None,
    threshold: float | None = None,
    limit: int = 10,
    only_entities: Collection[str] | None = None,
) -> ScreeningRun:
    """Screen one counterparty; returns the stored run with each hit marked alert / suppressed / already open."""
    today = as_of or utcnow().date()
    with write_tx(engine) as conn:
        party = counterparties_repo.get_in(conn, counterparty_id)
        party_fp = party_fingerprint(party.name, party.country)
        suppressions = _suppressions(conn, counterparty_id)
        open_alerts = _open_alert_entities(conn, counterparty_id)
        # Ask for extra candidates so cleared hits never crowd out real ones (yente #769).
        raw_hits = context.screener.screen(
            party.name, country=party.country, as_of=as_of, threshold=threshold, limit=limit + len(suppressions)
        )
        run_id = conn.execute(
            screening_runs.insert()
            .values(
                counterparty_id=counterparty_id,
                query_name=party.name,
                country=party.country,
                as_of=as_of,
                list_version=context.version_id,
                threshold=threshold,
                trigger=trigger,
                at=utcnow(),
                hits=[],
            )
            .returning(screening_runs.c.id)
        ).scalar_one()
        recorded: list[dict[str, Any]] = []
        shown = 0
        for hit in raw_hits:
            doc = hit.to_dict()
            entity_id = str(doc["entity_id"])
            if only_entities is not None and entity_id not in only_entities:
                continue
            entity = context.entities.get(entity_id)
            entity_fp = entity_fingerprint(entity.to_dict() if entity else doc)
            suppression = suppressions.get(entity_id)
            lapse = (
                lapse_reason(suppression, entity_fingerprint=entity_fp, party_fingerprint=party_fp, on=today)
                if suppression
                else "never cleared"
            )
            if lapse is None:
                recorded.append({**doc, "status": "suppressed"})
                continue
            if shown >= limit:
                continue
            shown += 1
            if entity_id in open_alerts:
                recorded.append({**doc, "status": "already_open", "alert_id": open_alerts[entity_id]})
                continue
            alert_id = conn.execute(
                alerts.insert()
                .values(
                    run_id=run_id,
                    counterparty_id=counterparty_id,
                    entity_id=entity_id,
                    entity_name=str(doc.get("name", "")),
                    source=doc.get("source"),
                    score=float(doc["score"]),
                    list_version=context.version_id,
                    entity_fingerprint=entity_fp,
                    party_fingerprint=party_fp,
                    hit=doc,
                    status=OPEN,
                    created_at=utcnow(),
                )
                .returning(alerts.c.id)
            ).scalar_one()
            recorded.append({**doc, "status": "alert", "alert_id": alert_id, "previous_clearance_lapsed": lapse})
        conn.execute(screening_runs.update().where(screening_runs.c.id == run_id).values(hits=recorded))
        run = _run(conn.execute(sa.select(screening_runs).where(screening_runs.c.id == run_id)).one())
        audit_repo.append(
            conn,
            actor=actor,
            action="screening.run",
            entity_type="screening_run",
            entity_id=run_id,
            before=None,
            after={k: asdict(run)[k] for k in ("counterparty_id", "list_version", "threshold", "trigger", "hits")},
        )
    return run


def _run(row: sa.Row[Any]) -> ScreeningRun:
    return record(ScreeningRun, row)


def get_run(engine: Engine, run_id: int) -> ScreeningRun:
    with engine.connect() as conn:
        row = conn.execute(sa.select(screening_runs).where(screening_runs.c.id == run_id)).first()
    if row is None:
        raise NotFoundError(f"screening run {run_id} does not exist")
    return _run(row)


def list_runs(
    engine: Engine, *, counterparty_id: int | None = None, offset: int = 0, limit: int = 50
) -> RecordPage[ScreeningRun]:
    query = sa.select(screening_runs)
    if counterparty_id is not None:
        query = query.where(screening_runs.c.counterparty_id == counterparty_id)
    with engine.connect() as conn:
        return fetch_records(conn, query, _run, order_by=screening_runs.c.id.desc(), offset=offset, limit=limit)
