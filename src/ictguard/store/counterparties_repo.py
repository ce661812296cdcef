"""The counterparty master (customers, vendors, ...): every write audited."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from ictguard.errors import NotFoundError
from ictguard.store import audit_repo
from ictguard.store.records import Counterparty
from ictguard.store.service_common import RecordPage, fetch_records, record, utcnow, write_tx
from ictguard.store.service_tables import counterparties

FIELDS = ("name", "country", "kind", "external_ref")


def get_in(conn: Connection, counterparty_id: int) -> Counterparty:
    row = conn.execute(sa.select(counterparties).where(counterparties.c.id == counterparty_id)).first()
    if row is None:
        raise NotFoundError(f"counterparty {counterparty_id} does not exist")
    return _counterparty(row)


def _counterparty(row: sa.Row[Any]) -> Counterparty:
    return record(Counterparty, row)


def get(engine: Engine, counterparty_id: int) -> Counterparty:
    with engine.connect() as conn:
        return get_in(conn, counterparty_id)


def create(engine: Engine, values: dict[str, Any], *, actor: str) -> Counterparty:
    now = utcnow()
    with write_tx(engine) as conn:
        new_id = conn.execute(
            counterparties.insert()
            .values(**{k: values.get(k) for k in FIELDS}, created_at=now, updated_at=now)
            .returning(counterparties.c.id)
        ).scalar_one()
        after = get_in(conn, new_id)
        audit_repo.append(
            conn,
            actor=actor,
            action="counterparty.create",
            entity_type="counterparty",
            entity_id=new_id,
            before=None,
            after=asdict(after),
        )
    return after


def update(engine: Engine, counterparty_id: int, changes: dict[str, Any], *, actor: str) -> Counterparty:
    with write_tx(engine) as conn:
        before = get_in(conn, counterparty_id)
        values = {k: v for k, v in changes.items() if k in FIELDS}
        conn.execute(
            counterparties.update().where(counterparties.c.id == counterparty_id).values(**values, updated_at=utcnow())
        )
        after = get_in(conn, counterparty_id)
        audit_repo.append(
            conn,
            actor=actor,
            action="counterparty.update",
            entity_type="counterparty",
            entity_id=counterparty_id,
            before=asdict(before),
            after=asdict(after),
        )
    return after


def list_page(engine: Engine, *, offset: int = 0, limit: int = 50, q: str | None = None) -> RecordPage[Counterparty]:
    query = sa.select(counterparties)
    if q:
        query = query.where(counterparties.c.name.ilike(f"%{q}%"))
    with engine.connect() as conn:
        return fetch_records(conn, query, _counterparty, order_by=counterparties.c.id, offset=offset, limit=limit)


def all_ids(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return [int(r) for r in conn.execute(sa.select(counterparties.c.id).order_by(counterparties.c.id)).scalars()]
