"""Determinations saved with their input, list version and output."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine

from ictguard.errors import NotFoundError
from ictguard.store import audit_repo
from ictguard.store.records import DeterminationRow, SavedDetermination
from ictguard.store.service_common import RecordPage, fetch_records, record, utcnow, write_tx
from ictguard.store.service_tables import determinations


def _as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def save(engine: Engine, transaction: dict[str, Any], output: dict[str, Any], *, actor: str) -> SavedDetermination:
    with write_tx(engine) as conn:
        det_id = conn.execute(
            determinations.insert()
            .values(
                transaction_id=str(transaction.get("id")) if transaction.get("id") is not None else None,
                as_of=_as_date(output.get("as_of")),
                list_version=output.get("list_version"),
                outcome=output.get("outcome"),
                input=transaction,
                output=output,
                created_at=utcnow(),
            )
            .returning(determinations.c.id)
        ).scalar_one()
        row = conn.execute(sa.select(determinations).where(determinations.c.id == det_id)).one()
        saved = record(SavedDetermination, row)
        audit_repo.append(
            conn,
            actor=actor,
            action="determination.save",
            entity_type="determination",
            entity_id=det_id,
            before=None,
            after={k: asdict(saved)[k] for k in ("transaction_id", "as_of", "list_version", "outcome")},
        )
    return saved


def get(engine: Engine, determination_id: int) -> SavedDetermination:
    with engine.connect() as conn:
        row = conn.execute(sa.select(determinations).where(determinations.c.id == determination_id)).first()
    if row is None:
        raise NotFoundError(f"determination {determination_id} does not exist")
    return record(SavedDetermination, row)


def _listed(row: sa.Row[Any]) -> DeterminationRow:
    return record(DeterminationRow, row)


def list_page(engine: Engine, *, offset: int = 0, limit: int = 50) -> RecordPage[DeterminationRow]:
    query = sa.select(
        determinations.c.id,
        determinations.c.transaction_id,
        determinations.c.as_of,
        determinations.c.list_version,
        determinations.c.outcome,
        determinations.c.created_at,
    )
    with engine.connect() as conn:
        return fetch_records(conn, query, _listed, order_by=determinations.c.id.desc(), offset=offset, limit=limit)
