"""API keys: created once (the clear key is shown only then), stored as SHA-256 hashes, revocable."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine

from ictguard.cases.roles import role_names
from ictguard.errors import InputError, NotFoundError
from ictguard.store import audit_repo
from ictguard.store.records import KeyRow
from ictguard.store.service_common import RecordPage, fetch_records, record, utcnow, write_tx
from ictguard.store.service_tables import api_keys

KEY_PREFIX = "igk_"


@dataclass(frozen=True)
class KeyInfo:
    id: int
    name: str
    role: str


def hash_key(key: str) -> str:
    # Keys are 256-bit random tokens, so a fast hash is enough (no password stretching needed).
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(engine: Engine, *, name: str, role: str, actor: str) -> tuple[str, KeyInfo]:
    if role not in role_names():
        raise InputError(f"unknown role {role!r} (one of {', '.join(role_names())})", field="role")
    if not name.strip():
        raise InputError("key name must not be empty", field="name")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with write_tx(engine) as conn:
        key_id = conn.execute(
            api_keys.insert()
            .values(name=name, role=role, key_hash=hash_key(key), prefix=key[:10], created_at=utcnow())
            .returning(api_keys.c.id)
        ).scalar_one()
        audit_repo.append(
            conn,
            actor=actor,
            action="key.create",
            entity_type="api_key",
            entity_id=key_id,
            before=None,
            after={"name": name, "role": role, "prefix": key[:10]},
        )
    return key, KeyInfo(key_id, name, role)


def lookup(engine: Engine, key: str) -> KeyInfo | None:
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(api_keys.c.id, api_keys.c.name, api_keys.c.role).where(
                api_keys.c.key_hash == hash_key(key), api_keys.c.revoked_at.is_(None)
            )
        ).first()
    return KeyInfo(row.id, row.name, row.role) if row else None


def is_active(engine: Engine, key_id: int) -> bool:
    """True while the key exists and is not revoked."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(api_keys.c.revoked_at).where(api_keys.c.id == key_id)).first()
    return row is not None and row.revoked_at is None


def list_keys(engine: Engine, *, offset: int = 0, limit: int = 50) -> RecordPage[KeyRow]:
    query = sa.select(
        api_keys.c.id,
        api_keys.c.name,
        api_keys.c.role,
        api_keys.c.prefix,
        api_keys.c.created_at,
        api_keys.c.revoked_at,
    )
    with engine.connect() as conn:
        return fetch_records(conn, query, _key_row, order_by=api_keys.c.id, offset=offset, limit=limit)


def _key_row(row: sa.Row[Any]) -> KeyRow:
    return record(KeyRow, row)


def revoke_key(engine: Engine, key_id: int, *, actor: str) -> None:
    with write_tx(engine) as conn:
        row = conn.execute(sa.select(api_keys).where(api_keys.c.id == key_id)).first()
        if row is None:
            raise NotFoundError(f"API key {key_id} does not exist")
        if row.revoked_at is not None:
            return
        conn.execute(api_keys.update().where(api_keys.c.id == key_id).values(revoked_at=utcnow()))
        audit_repo.append(
            conn,
            actor=actor,
            action="key.revoke",
            entity_type="api_key",
            entity_id=key_id,
            before={"revoked": False},
            after={"revoked": True},
        )
