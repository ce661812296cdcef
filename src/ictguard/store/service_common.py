"""Helpers shared by the service repositories: clock, row -> JSON dict, pagination, the audited write transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from ictguard.store.audit_anchor import PENDING_RECEIPTS, append_receipts
from ictguard.store.records import Record
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


R = TypeVar("R")


def record(cls: Callable[..., R], row: sa.Row[Any]) -> R:
    """One row as its repository's record dataclass (timestamps as ISO 8601 strings, as the API shows them)."""
    return cls(**row_dict(row))


@dataclass(frozen=True)
class RecordPage(Record, Generic[R]):
    """One page of a listing: its records, and where it sits in the whole."""

    items: list[R]
    total: int
    offset: int
    limit: int


Page = RecordPage[dict[str, Any]]  # the one listing still untyped: the audit log (audit_repo.list_entries)


def fetch_page(conn: Connection, query: sa.Select[Any], *, order_by: Any, offset: int, limit: int) -> Page:
    return fetch_records(conn, query, row_dict, order_by=order_by, offset=offset, limit=limit)


def fetch_records(
    conn: Connection,
    query: sa.Select[Any],
    make: Callable[[sa.Row[Any]], R],
    *,
    order_by: Any,
    offset: int,
    limit: int,
) -> RecordPage[R]:
    total = conn.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
    rows = conn.execute(query.order_by(order_by).offset(offset).limit(limit)).all()
    return RecordPage([make(r) for r in rows], int(total), offset, limit)


@contextmanager
def snapshot_read(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction whose statements all see one snapshot, while other processes keep writing.

    PostgreSQL: REPEATABLE READ (its default, READ COMMITTED, takes a new snapshot per statement). SQLite (WAL):
    an explicit BEGIN, since the driver starts no transaction for a SELECT; the snapshot is taken at the first
    read and kept until the rollback that closing the connection issues."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            yield conn
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("BEGIN")
        try:
            yield conn
        finally:
            conn.rollback()


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
