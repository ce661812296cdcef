"""Append-only, hash-chained audit log. ``append`` runs inside the caller's write transaction (``write_tx``),
which writes the rows' receipts outside the database once it has committed (``audit_anchor``).

One chain for every process on the database (CLI runs, several service nodes): ``append`` reads the head under
its row lock, which a concurrent writer holds until it commits, so each row links to the row committed before
it. ``verify`` reads the head and the rows from one snapshot, so rows committed while it reads are not
mistaken for rows appended behind the head's back."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from ictguard.cases.audit_chain import (
    AuditRecord,
    ChainProblem,
    canonical,
    check_receipts,
    record_hash,
    verify_chain,
)
from ictguard.settings import get_settings
from ictguard.store import audit_anchor
from ictguard.store.service_common import Page, fetch_page, snapshot_read, utcnow
from ictguard.store.service_tables import audit_head, audit_log


def append(
    conn: Connection, *, actor: str, action: str, entity_type: str, entity_id: str | int, before: Any, after: Any
) -> int:
    # FOR UPDATE (PostgreSQL; SQLite's transaction already holds the database's write lock): the head as the last
    # committed writer left it, locked until this transaction ends. write_tx locked it already; this keeps an
    # append outside write_tx from forking the chain too.
    head = conn.execute(
        sa.select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1).with_for_update()
    ).one()
    seq = int(head.seq) + 1
    at = utcnow().isoformat()
    fields = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "entity_type": entity_type,
        "entity_id": str(entity_id),
        "before": before,
        "after": after,
        "prev_hash": head.hash,
    }
    digest = record_hash(**fields, key=audit_anchor.audit_key())
    conn.execute(
        audit_log.insert().values(
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            entity_type=entity_type,
            entity_id=str(entity_id),
            before_json=canonical(before),
            after_json=canonical(after),
            prev_hash=head.hash,
            hash=digest,
        )
    )
    conn.execute(audit_head.update().where(audit_head.c.id == 1).values(seq=seq, hash=digest))
    conn.info.setdefault(audit_anchor.PENDING_RECEIPTS, []).append((seq, digest))
    return seq


def _record(row: sa.Row[Any]) -> AuditRecord:
    return AuditRecord(
        seq=row.seq,
        at=row.at,
        actor=row.actor,
        action=row.action,
        entity_type=row.entity_type,
        entity_id=row.entity_id,
        before=json.loads(row.before_json),
        after=json.loads(row.after_json),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def verify(engine: Engine) -> tuple[int, ChainProblem | None]:
    """(rows checked, first problem or None): the chain under the audit key, then the receipts kept outside."""
    # Receipts first: each one is written after its row committed, so the snapshot read next holds its row.
    path, receipts = audit_anchor.read_receipts(engine)
    with snapshot_read(engine) as conn:
        head = conn.execute(sa.select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)).one()
        rows = conn.execute(sa.select(audit_log).order_by(audit_log.c.seq)).all()
    records = [_record(r) for r in rows]
    key, legacy = audit_anchor.audit_key(), get_settings().audit_legacy_rows
    problem = verify_chain(records, head_seq=int(head.seq), head_hash=head.hash, key=key, legacy_rows=legacy)
    if problem is None:
        # A file that appears now was created by a writer's first receipt since it was read: it vouched nothing.
        if receipts is None and max(int(head.seq), len(records)) > legacy and not _appears(path):
            problem = ChainProblem(
                legacy + 1,
                f"no receipts file at {path}: the rows cannot be checked against "
                "what was committed (was it moved or deleted?)",
            )
        elif receipts is not None:
            problem = check_receipts({r.seq: r.hash for r in records}, receipts, key)
    return len(records), problem


def _appears(path: Path, within: float = 1.0) -> bool:
    """Whether ``path`` exists now or within ``within`` seconds: a writer appends its receipt right after its
    commit, so the first rows of a new database may be in the snapshot a moment before the file is."""
    deadline = time.monotonic() + within
    while not path.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def actors_of(conn: Connection, entity_type: str, entity_id: str | int, actions: Iterable[str]) -> set[str]:
    """Who did ``actions`` to one entity, read from the (tamper-evident) log itself (four eyes)."""
    query = (
        sa.select(audit_log.c.actor)
        .where(
            audit_log.c.entity_type == entity_type,
            audit_log.c.entity_id == str(entity_id),
            audit_log.c.action.in_(list(actions)),
        )
        .distinct()
    )
    return {str(actor) for actor in conn.execute(query).scalars()}


def list_entries(
    engine: Engine, *, offset: int = 0, limit: int = 50, entity_type: str | None = None, entity_id: str | None = None
) -> Page:
    query = sa.select(audit_log)
    if entity_type:
        query = query.where(audit_log.c.entity_type == entity_type)
    if entity_id:
        query = query.where(audit_log.c.entity_id == entity_id)
    with engine.connect() as conn:
        page = fetch_page(conn, query, order_by=audit_log.c.seq.desc(), offset=offset, limit=limit)
    for item in page.items:
        item["before"] = json.loads(item.pop("before_json"))
        item["after"] = json.loads(item.pop("after_json"))
    return page
