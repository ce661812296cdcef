"""Alerts and their review: a reviewer marks an open alert a true match or a false positive, with a reason."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from ictguard.cases.four_eyes import check_second_person
from ictguard.errors import ConflictError, InputError, NotFoundError
from ictguard.settings import get_settings
from ictguard.store import audit_repo
from ictguard.store.records import Alert
from ictguard.store.screening_repo import FALSE_POSITIVE, OPEN, TRUE_MATCH
from ictguard.store.service_common import RecordPage, fetch_records, record, utcnow, write_tx
from ictguard.store.service_tables import alerts

DECISIONS = (TRUE_MATCH, FALSE_POSITIVE)
STATUSES = (OPEN, *DECISIONS)
REVIEW_FIELDS = ("status", "reason", "reviewer", "expires_on")


def _get_in(conn: Connection, alert_id: int) -> Alert:
    row = conn.execute(sa.select(alerts).where(alerts.c.id == alert_id)).first()
    if row is None:
        raise NotFoundError(f"alert {alert_id} does not exist")
    return _alert(row)


def _alert(row: sa.Row[Any]) -> Alert:
    return record(Alert, row)


def get(engine: Engine, alert_id: int) -> Alert:
    with engine.connect() as conn:
        return _get_in(conn, alert_id)


def list_page(
    engine: Engine, *, status: str | None = None, counterparty_id: int | None = None, offset: int = 0, limit: int = 50
) -> RecordPage[Alert]:
    query = sa.select(alerts)
    if status:
        if status not in STATUSES:
            raise InputError(f"unknown status {status!r} (one of {', '.join(STATUSES)})", field="status")
        query = query.where(alerts.c.status == status)
    if counterparty_id is not None:
        query = query.where(alerts.c.counterparty_id == counterparty_id)
    with engine.connect() as conn:
        return fetch_records(conn, query, _alert, order_by=alerts.c.id.desc(), offset=offset, limit=limit)


def review(
    engine: Engine, alert_id: int, *, decision: str, reason: str, actor: str, expires_on: date | None = None
) -> Alert:
    if decision not in DECISIONS:
        raise InputError(f"decision must be one of {', '.join(DECISIONS)}", field="decision")
    if not reason.strip():
        raise InputError("a review needs a reason", field="reason")
    if expires_on is not None and decision != FALSE_POSITIVE:
        raise InputError("only a false positive clearance can expire", field="expires_on")
    with write_tx(engine) as conn:
        before = _get_in(conn, alert_id)
        if before.status != OPEN:
            raise ConflictError(f"alert {alert_id} was already reviewed ({before.status})")
        # The alert's author is whoever ran the screening that raised it.
        authors = audit_repo.actors_of(conn, "screening_run", before.run_id, ("screening.run",))
        waiver = check_second_person(
            actor, authors, what=f"the screening that raised alert {alert_id}", enforced=get_settings().four_eyes
        )
        conn.execute(
            alerts.update()
            .where(alerts.c.id == alert_id)
            .values(status=decision, reason=reason, reviewer=actor, reviewed_at=utcnow(), expires_on=expires_on)
        )
        after = _get_in(conn, alert_id)
        audit_repo.append(
            conn,
            actor=actor,
            action="alert.review",
            entity_type="alert",
            entity_id=alert_id,
            before={k: asdict(before)[k] for k in REVIEW_FIELDS},
            after={**{k: asdict(after)[k] for k in REVIEW_FIELDS}, **({"four_eyes": waiver} if waiver else {})},
        )
    return after


def open_alerts_for_entities(engine: Engine, entity_ids: set[str]) -> list[Alert]:
    if not entity_ids:
        return []
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(alerts).where(alerts.c.status.in_((OPEN, TRUE_MATCH)), alerts.c.entity_id.in_(entity_ids))
        ).all()
    return [_alert(r) for r in rows]
