"""Helpers shared by the service repositories: clock, row -> JSON dict, pagination, the audited write transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from ictguard.store.audit_anchor import PENDING_RECEIPTS, append_receipts
from ictguard.store.service_tables import audit_head


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we write is UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).isoformat()  # type: ignore[union-attr]
    if isinstance(value, date):
        return value.isoformat()
    return value


def row_dict(row: sa.Row[Any]) -> dict[str, Any]:
    return {key: jsonable(value) for key, value in row._mapping.items()}


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    total: int
    offset: int
    limit: int

    def to_dict(self) -> dict[str, Any]:
        return {"items": self.items, "total": self.total, "offset": self.offset, "limit": self.limit}


def fetch_page(conn: Connection, query: sa.Select[Any], *, order_by: Any, offset: int, limit: int) -> Page:
    total = conn.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
    rows = conn.execute(query.order_by(order_by).offset(offset).limit(limit)).all()
    return Page([row_dict(r) for r in rows], int(total), offset, limit)


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """A transaction for one audited write. Touching the audit head first takes the write lock up front
    (SQLite RESERVED lock / PostgreSQL row lock), so concurrent writers queue instead of forking the chain."""
    committed: list[tuple[int, str]] = []
    with engine.begin() as conn:
        conn.info.pop(PENDING_RECEIPTS, None)  # conn.info lives with the pooled connection: start clean
        try:
            conn.execute(sa.update(audit_head).where(audit_head.c.id == 1).values(seq=audit_head.c.seq))
            yield conn
        finally:
            committed = conn.info.pop(PENDING_RECEIPTS, [])
    # Only now is the transaction committed (an exception above skips this): receipt what it wrote.
    append_receipts(engine, committed)
